"""The public side under load, over 1,000,000 documents: p50/p95 of the public search,
the notice board and an OParl page through Django's test client; then a mixed public
load on 127.0.0.1 for 60 s against gunicorn, driven by wrk.

    python bench/public.py [--documents N] [--repeat R] [--seconds S]
                           [--connections C] [--workers W]

Uses bench/search.py's database (var/bench/, generated once with `kansli generate`),
with the demo's committee work loaded on top once (meetings, postings, paragraphs), so
the notice board, meeting pages and OParl have content. Needs `wrk` for the load part
(`apt-get install wrk`); without it, the per-page figures are still printed.

Goals (issue 6): public search p95 ≤ 50 ms; under the mixed load p95 ≤ 500 ms with 0
errors, at ≥ 300 requests/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import DATA, configure, prepare, timed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEARCH_GOAL_MS, LOAD_GOAL_MS, LOAD_GOAL_RPS = 50, 500, 300


def with_committee_work() -> None:
    """The demo's meetings and postings on top of the generated diary, once."""
    from kansli.meetings.models import Meeting

    if Meeting.objects.exists():
        return
    from kansli.diary import demo as diary_demo
    from kansli.handling import demo as handling_demo
    from kansli.meetings import demo as meetings_demo

    print("Loading the demo's committee work on top (once)")
    diary_demo.load(0, then=lambda setup, users, case: (
        meetings_demo.load(setup, users, case), handling_demo.load(setup, users, case)))


def page_urls() -> list[tuple[str, str]]:
    """(label, path) of the pages timed one by one."""
    from kansli.diary.generate import COMMON_WORD, RARE_WORD
    from kansli.diary.models import Case

    case = Case.objects.filter(secrecy_ground="").order_by("-pk").first()
    return [
        ("public search, rare word", f"/insyn/diarium/?q={quote(RARE_WORD)}"),
        ("public search, common word", f"/insyn/diarium/?q={quote(COMMON_WORD)}"),
        ("public search, diary number", f"/insyn/diarium/?q={quote(case.diary_number)}"),
        ("public case page", f"/insyn/arenden/{case.pk}/"),
        ("notice board", "/insyn/anslagstavla/"),
        ("OParl papers, page 1", "/oparl/v1.1/body/1/paper/"),
        ("OParl meetings, page 1", "/oparl/v1.1/body/1/meeting/"),
    ]


SEARCH_LABELS = {"public search, rare word", "public search, common word",
                 "public search, diary number"}


def mixed_paths() -> list[str]:
    """What the public asks for under load: searches, cases, the notice board, feeds,
    OParl — in the proportions of a day of public traffic (searches and cases most)."""
    from kansli.diary.generate import COMMON_WORD, RARE_WORD
    from kansli.diary.models import Case

    cases = list(Case.objects.filter(secrecy_ground="").order_by("?")
                 .values_list("pk", "diary_number")[:40])
    paths = []
    for n, (pk, number) in enumerate(cases):
        paths.append(f"/insyn/arenden/{pk}/")
        paths.append(f"/insyn/diarium/?q={quote(RARE_WORD if n % 2 else COMMON_WORD)}")
        if n % 4 == 0:
            paths.append(f"/insyn/diarium/?q={quote(number)}")
        if n % 5 == 0:
            paths += ["/insyn/anslagstavla/", "/oparl/v1.1/body/1/paper/"]
        if n % 10 == 0:
            paths += ["/insyn/", "/insyn/sammantraden/"]
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests":%%d,"duration_us":%%d,"p50":%%d,"p95":%%d,"p99":%%d,' ..
    '"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
"""


def load(paths: list[str], *, seconds: int, connections: int, workers: int) -> dict:
    """Serve with gunicorn, load with wrk for ``seconds``; wrk's figures."""
    from tqdm import tqdm

    port = free_port()
    env = dict(os.environ, DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "kansli.wsgi", "--workers",
         str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/insyn/", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("gunicorn did not start")
                time.sleep(0.3)
        for path in paths[:20]:  # warm each worker's caches a little
            urllib.request.urlopen(base + path, timeout=30).read()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
        wrk = subprocess.Popen(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
             "-s", script.name, base], stdout=subprocess.PIPE, text=True)
        for _ in tqdm(range(seconds), desc="Mixed public load", unit="s"):
            time.sleep(1)
            if wrk.poll() is not None:
                break
        out, _err = wrk.communicate(timeout=seconds + 60)
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(timeout=30)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    configure()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from kansli.diary.models import Case, Document

    prepare(args.documents)
    with_committee_work()
    client = Client()
    print(f"Database: {connection.vendor} {DATA}")
    print(f"{Document.objects.count():,} documents in {Case.objects.count():,} cases; "
          f"{args.repeat} timed runs per page, after 3 warm-up runs\n")
    # (Query counts are checked by the tests: tests/public/test_queries.py and
    # tests/oparl/test_queries.py.)
    header = f"{'page':<30} {'built p50':>10} {'p95':>9}  {'cached p50':>10} {'p95':>8}"
    print(header + "\n" + "-" * len(header))
    worst_search = 0.0
    from django.core.cache import cache

    for label, path in page_urls():
        def page(path=path):
            # An exact diary number answers with the case page (a redirect to it).
            response = client.get(path, follow=True)
            assert response.status_code == 200, (path, response.status_code)

        def built(page=page):
            cache.clear()  # as after any change: the page is built anew
            page()

        p50, p95 = timed(built, args.repeat)
        c50, c95 = timed(page, args.repeat)
        if label in SEARCH_LABELS:
            worst_search = max(worst_search, p95)
        print(f"{label:<30} {p50:>7.1f} ms {p95:>6.1f} ms  {c50:>7.1f} ms {c95:>5.1f} ms")
    verdict = "met" if worst_search <= SEARCH_GOAL_MS else "NOT met"
    print(f"\nPublic search p95 ≤ {SEARCH_GOAL_MS} ms: {verdict} (worst {worst_search:.1f} ms)")

    if shutil.which("wrk") is None:
        print("\nwrk is not installed (apt-get install wrk): the load part is skipped.")
        return
    paths = mixed_paths()
    connection.close()
    print(f"\nMixed load: {len(paths)} paths in turn, {args.connections} connections, "
          f"gunicorn with {args.workers} workers, {args.seconds} s")
    result = load(paths, seconds=args.seconds, connections=args.connections,
                  workers=args.workers)
    rps = result["requests"] / (result["duration_us"] / 1e6)
    kinds = ("connect", "read", "write", "status", "timeout")
    errors = sum(result[k] for k in kinds)
    print(f"requests/s {rps:.0f}; latency p50 {result['p50'] / 1000:.1f} ms, "
          f"p95 {result['p95'] / 1000:.1f} ms, p99 {result['p99'] / 1000:.1f} ms; "
          f"errors {errors} ({', '.join(f'{k} {result[k]}' for k in kinds)})")
    held = result["p95"] / 1000 <= LOAD_GOAL_MS and errors == 0
    goal = "met" if held and rps >= LOAD_GOAL_RPS else "NOT met"
    print(f"Goal ≥ {LOAD_GOAL_RPS} req/s with p95 ≤ {LOAD_GOAL_MS} ms and 0 errors: {goal}")


if __name__ == "__main__":
    main()
