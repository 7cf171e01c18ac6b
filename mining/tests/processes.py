"""Real worker processes for the crash and scale-out tests.

The test process and the workers it starts must share one database: on PostgreSQL the test
database itself (the tests commit for real, `transaction=True`); on SQLite the in-memory test
database cannot be opened by another process, so `shared_database` copies it into a file and
points this process's default connection at that file for the duration of the test.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess  # noqa: S404 - the tests start real worker processes on purpose
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections

# Short leases so a killed worker's task is taken over within seconds in the tests.
FAST_LEASE = ["--lease", "3", "--heartbeat", "1", "--interval", "0.2"]


@contextmanager
def shared_database(folder: Path) -> Iterator[str]:
    """Yield a DATABASE_URL that other processes can open, holding what this test sees."""
    current = connections["default"]
    if current.vendor != "sqlite":
        params = current.settings_dict
        auth = quote(params["USER"] or "", safe="")
        if params.get("PASSWORD"):
            auth += ":" + quote(params["PASSWORD"], safe="")
        host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        yield f"postgres://{auth}@{host}/{params['NAME']}"
        return
    path = folder / "shared.sqlite3"
    current.ensure_connection()
    target = sqlite3.connect(path)
    current.connection.backup(target)
    target.close()
    shared = current.__class__({**current.settings_dict, "NAME": str(path)}, "default")
    connections["default"] = shared  # the in-memory database stays open behind `current`
    try:
        yield f"sqlite:///{path}"
    finally:
        shared.close()
        connections["default"] = current


def worker_environment(database_url: str, media_root: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_URL", "STORAGE_", "AWS_", "MEDIA_ROOT"))}
    env.update(DEBUG="1", DATABASE_URL=database_url, MEDIA_ROOT=str(media_root),
               DJANGO_SETTINGS_MODULE="smartplatform.settings", PYTHONUNBUFFERED="1",
               CONN_MAX_AGE="0")
    env.update(extra)
    return env


def start_worker(env: dict[str, str], log: Path, *args: str,
                 slow_page_seconds: float = 0.0) -> subprocess.Popen:
    """`manage.py worker ARGS` in a new process (pausing after every extracted page when
    `slow_page_seconds` is given, so a test can stop it half-way)."""
    command = [sys.executable, "-m", "mining.tests.slow_worker", *args]
    env = {**env, "SLOW_PAGE_SECONDS": str(slow_page_seconds)}
    handle = log.open("ab")
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env,  # noqa: S603
                            stdout=handle, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen, *, kill: bool = False) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until(condition: Callable[[], object], *, timeout: float, what: str,
               logs: Sequence[Path] = (), workers: Sequence[subprocess.Popen] = ()) -> object:
    """Poll `condition` until it holds; fail with the workers' output after `timeout` or as
    soon as one of `workers` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if any(worker.poll() is not None for worker in workers):
            timeout = 0
            what += " (a worker exited)"
            break
        time.sleep(0.1)
    output = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                       for log in logs if log.exists())
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{output}")
