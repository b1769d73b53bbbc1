"""Registrations per second through ``actions.do_register_document``, journal and search
index included, with concurrent writer processes on SQLite (the default installation).

    .venv/bin/python bench/registration.py [--processes 2] [--per-process 2000]
                                           [--cases 5] [--profile]

Each process registers its documents into the same few cases (so they contend for the
same document numbers), every fifth with a small file, all from one shared sender
party. Afterwards the numbers are checked for duplicates with a GROUP BY and the journal
is verified. Goal (issue 2): at least 200 registrations/s with 2 processes, 0 duplicates.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

NAME = "registration"


def prepare(cases: int) -> dict:
    import datetime

    from django.contrib.auth.models import User
    from django.utils import timezone

    from kansli.diary import actions
    from kansli.diary.models import Classification, Series
    from kansli.org.models import Organisation

    org = Organisation.objects.create(name="Ekerö kommun",
                                      diary_number_format="{series}{yy}/{serial}-{class}")
    ks = Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen")
    klass = Classification.objects.create(code="133", title="Samverkan")
    rita = User.objects.create_user("rita")
    ksl = actions.do_create_party(acting_user=rita, kind="organisation",
                                  name="Kommunförbundet Stockholms Län",
                                  email="registrator@ksl.se")
    opened = timezone.make_aware(datetime.datetime(2013, 3, 1, 9))
    ids = [actions.do_open_case(ks, acting_user=rita, title=f"Samverkan {i}",
                                classification=klass, opened_at=opened).pk
           for i in range(cases)]
    return {"user": rita.pk, "party": ksl.pk, "cases": ids}


def worker(name: str, count: int, ids: dict, profile: bool) -> None:
    """Register ``count`` documents once the parent says go; report the time taken."""
    _setup.attach(NAME)
    import datetime

    from django.contrib.auth.models import User

    from kansli.diary import actions
    from kansli.diary.models import Case, Party

    rita = User.objects.get(pk=ids["user"])
    ksl = Party.objects.get(pk=ids["party"])
    cases = list(Case.objects.filter(pk__in=ids["cases"]).order_by("pk"))
    received = datetime.date(2013, 5, 3)

    def run():
        for i in range(count):
            files = []
            if i % 5 == 0:
                content = f"Skrivelse {name}-{i}\n".encode() * 64  # about 1.5 KB, unique
                files = [actions.NewFile(f"skrivelse-{i}.txt", content, "text/plain")]
            actions.do_register_document(
                cases[i % len(cases)], acting_user=rita, direction="incoming",
                doc_type="letter", description=f"Skrivelse {i} från KSL om samverkan",
                received_date=received, senders=[ksl], files=files)

    print("ready", flush=True)
    sys.stdin.readline()  # the start barrier
    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(run)
        profiler.dump_stats(str(_setup.data_dir(NAME) / f"profile-{name}.pstats"))
    else:
        run()
    print(json.dumps({"seconds": time.perf_counter() - started,
                      "cpu": time.process_time() - cpu}), flush=True)


def check(ids: dict) -> dict:
    from django.db import connection

    from kansli.diary import journal
    from kansli.diary.models import Case, Document

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (SELECT case_id, number FROM diary_document "
                       "GROUP BY case_id, number HAVING COUNT(*) > 1) AS d")
        duplicate_documents = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM (SELECT series_id, year, serial FROM diary_case "
                       "GROUP BY series_id, year, serial HAVING COUNT(*) > 1) AS d")
        duplicate_cases = cursor.fetchone()[0]
    gaps = 0
    for case in Case.objects.filter(pk__in=ids["cases"]):
        numbers = list(case.documents.order_by("number").values_list("number", flat=True))
        gaps += numbers != list(range(1, len(numbers) + 1))
        gaps += case.last_document_number != len(numbers)
    started = time.perf_counter()
    count, problem = journal.verify()
    return {
        "documents": Document.objects.count(),
        "duplicates": duplicate_documents + duplicate_cases,
        "cases_with_gaps": gaps,
        "events": count,
        "journal": "verifies" if problem is None else f"BROKEN: {problem}",
        "verify_seconds": time.perf_counter() - started,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--per-process", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=5)
    parser.add_argument("--profile", action="store_true",
                        help="profile the workers with cProfile and print where time goes")
    parser.add_argument("--worker", nargs=3, metavar=("NAME", "COUNT", "IDS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        name, count, ids = args.worker
        worker(name, int(count), json.loads(ids), args.profile)
        return 0

    directory = _setup.fresh(NAME)
    from django.conf import settings

    ids = prepare(args.cases)
    backend = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"bench/registration: {args.processes} processes × {args.per_process} "
          f"registrations into {args.cases} cases, {backend}, data in {directory}")
    cmd = [sys.executable, __file__] + (["--profile"] if args.profile else [])
    procs = [
        subprocess.Popen(cmd + ["--worker", f"w{n}", str(args.per_process), json.dumps(ids)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                         env=os.environ)
        for n in range(args.processes)
    ]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            sys.exit("a worker failed to start")
    started = time.perf_counter()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reports = []
    for proc in procs:
        out, _err = proc.communicate()
        if proc.returncode:
            sys.exit(f"a worker failed (exit {proc.returncode})")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - started

    total = args.processes * args.per_process
    result = check(ids)
    print(f"registrations:   {total} ({result['documents']} documents in the database)")
    each = ", ".join(f"{r['seconds']:.2f} s" for r in reports)
    print(f"wall time:       {wall:.2f} s (workers: {each})")
    print(f"registrations/s: {total / wall:.0f}  (goal ≥ 200)")
    cpu = sum(r["cpu"] for r in reports)
    print(f"worker CPU:      {cpu:.2f} s, {cpu / total * 1000:.2f} ms per registration "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"duplicates:      {result['duplicates']}  (GROUP BY case and number; "
          f"{result['cases_with_gaps']} cases with gaps)")
    print(f"journal:         {result['events']} events, {result['journal']} "
          f"(verify took {result['verify_seconds']:.2f} s)")
    if args.profile:
        import pstats

        stats = pstats.Stats(*[str(directory / f"profile-w{n}.pstats")
                               for n in range(args.processes)])
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    ok = (result["duplicates"] == 0 and result["cases_with_gaps"] == 0
          and result["journal"] == "verifies" and result["documents"] == total)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
