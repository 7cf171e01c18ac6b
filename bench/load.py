"""A mixed load on the platform as production serves it: gunicorn on PostgreSQL (issue 10).

    .venv/bin/python bench/load.py [--clients 50] [--duration 120] [--workers 4]
                                   [--database-url postgres://postgres@127.0.0.1:5432/smart_load]

Loopback only, bounded in time. The script drops and recreates the database named in
`--database-url` (it refuses a name that does not end in `_load`), migrates it, loads the
reference data and the demo content, collects the static files, then starts gunicorn
(`--workers` processes, DEBUG=0, production settings) and one task worker, and lets
`--clients` client threads send requests for `--duration` seconds, each waiting a random
think time (`--think`, mean 1 s, as a person reading a page) between its requests; with
`--think 0` every client sends its next request at once, which measures saturation rather
than what 50 people at once see. Each request is drawn from a weighted mix:

- anonymous browsing: home page, strategy list (with filters and pages), a strategy,
  intention list, an intention, funding calls, the API strategy list;
- search: the search page and the search API with queries officials type;
- editors saving fiches: `PATCH /api/v1/intentions/{id}` with the version read before
  (each client edits intentions of its own, so a 409 here would be a real defect);
- an export: the strategy list as CSV;
- an upload: a three-page PDF uploaded to a strategy through the page (a logged-in session,
  CSRF token included), which queues mining for the worker.

The three editors log in once before the clock starts, as at the start of a working day,
and their clients share the session (a person with several tabs): logging in hashes the
password (PBKDF2, deliberately slow, about 0.2 s of CPU), is rate-limited per address, and
is not part of the mix. One client in five browses logged in (an editor at
work: such pages never come from the anonymous page cache); the others browse as anonymous
visitors, whose pages may (`core.pagecache`, `PAGE_CACHE_SECONDS`). Every client saves
fiches with its editor's API token and uploads through its logged-in session.
The report gives, per request type, the share answered from that cache, and the CPU
seconds the web processes, the task worker and the load generator used.

The baseline is `GET /healthz` (one `SELECT 1` through the whole stack) drawn in the same
mix under the same load; every type's p95 is also printed as a ratio to the baseline's.
An error is a connection failure or any answer other than the one the request expects.
Target of issue 10: p95 under 300 ms for every type and 0 errors.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUERIES = ["doprava", "dopravy", "veřejné osvětlení", "verejne osvetleni", "cyklostezky",
           "chytré parkování", "energetika", "voda", "sucho", "digitalizace",
           "\"sdílená kola\"", "odpady", "bydlení", "bydleni", "dotace", "senzory",
           "otevřená data", "mobilita", "vzdělávání", "klimatická adaptace"]
PASSWORD = "smart-demo-2026"  # noqa: S105 - the demo accounts' published password (README)
EDITORS = ["editor.cb@smart.example.cz", "editor.pisek@smart.example.cz",
           "editor.jihlava@smart.example.cz"]

# name: (weight, expected status)
MIX = {
    "baseline /healthz": (6, 200),
    "home": (8, 200),
    "strategy list": (10, 200),
    "strategy detail": (10, 200),
    "intention list": (8, 200),
    "intention detail": (8, 200),
    "funding calls": (5, 200),
    "api strategy list": (6, 200),
    "search page": (10, 200),
    "search api": (8, 200),
    "save fiche (api)": (6, 200),
    "export csv": (2, 200),
    "upload document": (1, 302),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, media: str, static: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DEBUG="0", SECRET_KEY="bench-" + "x" * 50,
               ALLOWED_HOSTS="127.0.0.1,localhost", MEDIA_ROOT=media, STATIC_ROOT=static,
               DJANGO_SETTINGS_MODULE="smartplatform.settings", PYTHONUNBUFFERED="1",
               # Loopback has no TLS proxy in front: no redirect to https, cookies over http.
               SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+_load", name):
        sys.exit(f"refusing to drop database {name!r}: its name must end in _load")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


SETUP_SCRIPT = """
import json, django
django.setup()
from accounts.models import User
from accounts import services as accounts
from intentions import services as intentions
from intentions.models import Intention
from strategies import services as strategies
from strategies.models import Strategy
clients = %(clients)d
out = {"tokens": {}, "intentions": {}, "editable_strategies": {}}
# Every client edits intentions of its own and uploads to a draft of its editor's unit:
# made here through the services, as an editor would.
for index, email in enumerate(%(editors)r):
    user = User.objects.get(email=email)
    unit = user.memberships.filter(role="editor").select_related("unit").first().unit
    out["tokens"][email] = accounts.create_api_token(user, "zátěžový test")[1]
    mine = list(Intention.objects.filter(title__startswith="Zátěžový test", lead_unit=unit)
                .values_list("pk", flat=True))
    while len(mine) < clients:
        mine.append(intentions.create_intention(
            user, title=f"Zátěžový test – záměr {len(mine) + 1}", lead_unit=unit).pk)
    out["intentions"][email] = sorted(mine)
    draft = Strategy.objects.filter(title="Zátěžový test – strategie", owners=unit).first()
    if draft is None:
        draft = strategies.create_strategy(user, strategies.StrategyData(
            title="Zátěžový test – strategie", level="municipal", strategy_type="smart_city",
            owners=[unit], summary="Strategie pro zátěžový test.", valid_from=2025,
            valid_to=2030))
    out["editable_strategies"][email] = [draft.pk]
# A run starts with an empty cache: no pages from an earlier run, no login rate counters.
from django.core.cache import caches
caches["default"].clear()
caches["pages"].clear()
out["strategies"] = list(Strategy.objects.filter(state="published").values_list("pk", flat=True))
out["public_intentions"] = [i.pk for i in Intention.objects.order_by("pk") if i.is_public]
print(json.dumps(out))
"""


def prepare(env: dict[str, str], clients: int) -> dict:
    import json

    print("migrating, loading reference data and demo content …", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput")
    done = subprocess.run([PYTHON, "-c", SETUP_SCRIPT % {"editors": EDITORS, "clients": clients}], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def small_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {page + 1}. The town plans smart public lighting, "
                             "shared bicycles and an open data portal by 2030. "
                             "Budget 12 000 000 CZK.")
    return bytes(pdf.output())


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    cache_hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, problem: str | None, hit: bool) -> None:
        with self.lock:
            self.latencies[name].append(seconds * 1000)
            self.cache_hits[name] += hit
            if problem:
                self.errors[name].append(problem)


class Client(threading.Thread):
    def __init__(self, index: int, base: str, data: dict, deadline: float, results: Results,
                 think: float):
        super().__init__(daemon=True)
        import requests

        self.rng = random.Random(index)
        self.base, self.data, self.deadline, self.results = base, data, deadline, results
        self.think = think
        self.http = requests.Session()  # anonymous browsing and the API token
        self.editor_session = requests.Session()  # the logged-in editor (uploads)
        self.browser = self.editor_session if index % 5 == 0 else self.http
        self.editor = EDITORS[index % len(EDITORS)]
        # Each client edits an intention no other client edits.
        self.own_intention = data["intentions"][self.editor][index // len(EDITORS)]
        self.pdf = data["pdf"]
        names = list(MIX)
        self.names, self.weights = names, [MIX[n][0] for n in names]

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            name = self.rng.choices(self.names, self.weights)[0]
            started = time.perf_counter()
            self.hit = False
            try:
                status = getattr(self, "do_" + re.sub(r"\W+", "_", name).strip("_"))()
                problem = None if status == MIX[name][1] else f"HTTP {status}"
            except Exception as error:  # noqa: BLE001 - every failure counts as an error
                problem = f"{error.__class__.__name__}: {error}"[:200]
            self.results.add(name, time.perf_counter() - started, problem, self.hit)
            if self.think:  # a person reads the page before the next click
                time.sleep(min(self.rng.expovariate(1 / self.think), 10 * self.think))

    def get(self, path: str, **params) -> int:
        answer = self.browser.get(self.base + path, params=params, timeout=30,
                               allow_redirects=False)
        # Served from the anonymous page cache (core.pagecache) rather than by the view.
        self.hit = answer.headers.get("X-Page-Cache") == "hit"
        return answer.status_code

    def do_baseline_healthz(self) -> int:
        return self.get("/healthz")

    def do_home(self) -> int:
        return self.get("/cs/")

    def do_strategy_list(self) -> int:
        return self.get("/cs/strategie/", page=self.rng.randint(1, 3),
                        **self.rng.choice([{}, {"level": "municipal"}, {"q": "doprava"}]))

    def do_strategy_detail(self) -> int:
        return self.get(f"/cs/strategie/{self.rng.choice(self.data['strategies'])}/")

    def do_intention_list(self) -> int:
        return self.get("/cs/zamery/", page=self.rng.randint(1, 3))

    def do_intention_detail(self) -> int:
        return self.get(f"/cs/zamery/{self.rng.choice(self.data['public_intentions'])}/")

    def do_funding_calls(self) -> int:
        return self.get("/cs/financovani/")

    def do_api_strategy_list(self) -> int:
        return self.get("/api/v1/strategies", page=self.rng.randint(1, 3), page_size=50)

    def do_search_page(self) -> int:
        return self.get("/cs/hledat/", q=self.rng.choice(QUERIES))

    def do_search_api(self) -> int:
        return self.get("/api/v1/search", q=self.rng.choice(QUERIES))

    def do_save_fiche_api(self) -> int:
        pk = self.own_intention
        headers = {"Authorization": f"Bearer {self.data['tokens'][self.editor]}"}
        current = self.http.get(f"{self.base}/api/v1/intentions/{pk}", headers=headers,
                                timeout=30)
        if current.status_code != 200:
            return current.status_code
        body = {"version": current.json()["version"],
                "goals": f"Cíl upravený při zátěžovém testu {self.rng.randint(1, 10**6)}."}
        return self.http.patch(f"{self.base}/api/v1/intentions/{pk}", json=body,
                               headers=headers, timeout=30).status_code

    def do_export_csv(self) -> int:
        return self.get("/api/v1/strategies", format="csv")

    def do_upload_document(self) -> int:
        strategies = self.data["editable_strategies"][self.editor]
        path = f"/en/strategies/{self.rng.choice(strategies)}/documents/upload/"
        form = self.editor_session.get(self.base + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        body = self.pdf + f"\n% {self.rng.random()}\n".encode()  # a new file each time
        answer = self.editor_session.post(self.base + path, timeout=60, allow_redirects=False,
                                headers={"Referer": self.base + path},
                                data={"csrfmiddlewaretoken": token.group(1) if token else "",
                                      "part": "full", "title": "Zátěžový test"},
                                files={"file": ("plan.pdf", io.BytesIO(body),
                                                "application/pdf")})
        return answer.status_code

    def login(self) -> None:
        page = self.editor_session.get(self.base + "/en/account/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        answer = self.editor_session.post(
            self.base + "/en/account/login/", timeout=30, allow_redirects=False,
            headers={"Referer": self.base + "/en/account/login/"},
            data={"csrfmiddlewaretoken": token.group(1) if token else "",
                  "login": self.editor, "password": PASSWORD})
        if answer.status_code != 302:
            sys.exit(f"{self.editor} could not log in: HTTP {answer.status_code}")


def process_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(used.get(pid, 0.0) for pid in tree)


def machine_cpu_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores, not idle or waiting)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(results: Results, duration: float) -> int:
    baseline = percentile(results.latencies["baseline /healthz"], 0.95)
    total = sum(len(v) for v in results.latencies.values())
    errors = sum(len(v) for v in results.errors.values())
    print(f"\n{total} requests in {duration:.0f} s ({total / duration:.1f}/s), {errors} errors")
    print(f"{'request':<22}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'p95/base':>10}{'errors':>8}{'cached':>8}")
    for name in MIX:
        values = results.latencies.get(name, [])
        if not values:
            print(f"{name:<22}{0:>7}")
            continue
        p95 = percentile(values, 0.95)
        print(f"{name:<22}{len(values):>7}{statistics.median(values):>9.1f}{p95:>9.1f}"
              f"{percentile(values, 0.99):>9.1f}{p95 / baseline:>10.1f}"
              f"{len(results.errors.get(name, [])):>8}"
              f"{results.cache_hits[name] / len(values):>8.0%}")
    for name, problems in results.errors.items():
        print(f"  {name}: " + "; ".join(sorted(set(problems))[:5]))
    worst = max(percentile(v, 0.95) for v in results.latencies.values())
    print(f"worst p95: {worst:.1f} ms (target < 300 ms); errors: {errors} (target 0)")
    return 0 if worst < 300 and errors == 0 else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a client waits between requests, drawn from an "
                             "exponential distribution (0: send the next request at once)")
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/smart_load")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database from a previous run (skip the set-up)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="smart-load-"))
    env = environment(args.database_url, str(scratch / "media"), str(scratch / "static"))
    if not args.reuse:
        recreate_database(args.database_url)
    else:
        manage(env, "collectstatic", "--noinput")
    data = (prepare_reused if args.reuse else prepare)(env, args.clients)
    data["pdf"] = small_pdf()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [PYTHON, "-m", "gunicorn", "smartplatform.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env)
    worker = subprocess.Popen([PYTHON, "manage.py", "worker"], cwd=ROOT, env=env,  # noqa: S603
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import requests

        for _ in range(300):  # gunicorn's workers import the whole project first
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not answer /healthz within a minute")
        results = Results()
        clients = [Client(i, base, data, 0.0, results, args.think) for i in range(args.clients)]
        sessions = {}
        for client in clients:  # before the clock starts: see the docstring
            if client.editor not in sessions:
                client.login()
                sessions[client.editor] = client.editor_session.cookies
            client.editor_session.cookies.update(sessions[client.editor])
        deadline = time.monotonic() + args.duration
        print(f"{args.clients} clients (mean think time {args.think} s) for {args.duration} s "
              f"against gunicorn ({args.workers} workers) on "
              f"{urlsplit(args.database_url).path[1:]} …", flush=True)
        started = time.monotonic()
        before = {"web (gunicorn)": process_cpu_seconds(server.pid),
                  "task worker": process_cpu_seconds(worker.pid),
                  "load generator": time.process_time(), "machine": machine_cpu_seconds()}
        for client in clients:
            client.deadline = deadline
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        used = {"web (gunicorn)": process_cpu_seconds(server.pid),
                "task worker": process_cpu_seconds(worker.pid),
                "load generator": time.process_time(), "machine": machine_cpu_seconds()}
        status = report(results, elapsed)
        # Where the cores went: the rest of "machine" is PostgreSQL and anything else running.
        print(f"CPU seconds in {elapsed:.0f} s on {os.cpu_count()} cores: " + ", ".join(
            f"{name} {used[name] - before[name]:.0f}" for name in used))
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    sys.exit(status)


def prepare_reused(env: dict[str, str], clients: int) -> dict:
    import json

    done = subprocess.run([PYTHON, "-c", SETUP_SCRIPT % {"editors": EDITORS, "clients": clients}], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
