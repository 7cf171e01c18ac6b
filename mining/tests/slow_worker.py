"""`manage.py worker` in a process of its own, optionally pausing after every extracted page.

Started by the tests (`python -m mining.tests.slow_worker WORKER-ARGS`) so that a worker is
reliably half-way through a document when the test kills it. `SLOW_PAGE_SECONDS` sets the
pause; without it this is the plain worker.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartplatform.settings")
    django.setup()
    from django.core.management import call_command

    from mining import services

    pause = float(os.environ.get("SLOW_PAGE_SECONDS") or 0)
    if pause:
        make_reporter = services._progress_reporter

        def slow_reporter(*args, **kwargs):
            report = make_reporter(*args, **kwargs)

            def slowly(stage: str, done: int, total: int) -> None:
                report(stage, done, total)
                if stage == "extract":
                    time.sleep(pause)

            return slowly

        services._progress_reporter = slow_reporter
    call_command("worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
