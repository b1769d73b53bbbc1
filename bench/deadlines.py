"""Deadlines at scale: 100,000 open deadlines; p50/p95 of the worker's due-work query and
of the overdue list page (through Django's test client, logged in). Goal: p95 ≤ 50 ms.

    python bench/deadlines.py [--deadlines N] [--repeat R]

Keeps its own database in var/bench-deadlines/ (see bench/_setup.py), wiped and migrated
fresh on every run. The deadlines are bulk-created (not through the actions: a benchmark
of reads), spread over 2,000 cases, 20 officers and 5 units, due from a year ago to a
year ahead.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

NAME = "deadlines"


def build(count: int) -> object:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from kansli.diary.models import Case, Series
    from kansli.handling.models import Deadline
    from kansli.org.models import Body, Organisation, Unit

    rng = random.Random(2013)
    org = Organisation.objects.create(name="Bench kommun",
                                      diary_number_format="{series}{yy}/{serial}")
    body = Body.objects.create(organisation=org, code="KS", name="Kommunstyrelsen",
                               kind=Body.Kind.EXECUTIVE)
    series = Series.objects.create(organisation=org, code="KS", name="KS", body=body)
    units = [Unit.objects.create(organisation=org, name=f"Enhet {n}") for n in range(5)]
    officers = [User.objects.create_user(f"officer{n}", f"o{n}@example.org")
                for n in range(20)]
    registrar = User.objects.create_user("registrar", "r@example.org")
    registrar.groups.add(Group.objects.get_or_create(name="registrar")[0])
    now = timezone.now()
    cases = Case.objects.bulk_create([
        Case(series=series, year=2024, serial=n + 1, diary_number=f"KS24/{n + 1}",
             number_key=f"KS24/{n + 1}", title=f"Ärende {n + 1}", opened_at=now,
             unit=units[n % 5], officer=officers[n % 20]) for n in range(2000)])
    today = timezone.localdate()
    batch = []
    for n in range(count):
        case = cases[n % len(cases)]
        batch.append(Deadline(
            kind=rng.choice(["external", "internal"]), case=case, body=body,
            unit_id=case.unit_id, responsible_id=case.officer_id,
            description=f"Bevakning {n}",
            due=today + datetime.timedelta(days=rng.randint(-365, 365))))
        if len(batch) == 5000:
            Deadline.objects.bulk_create(batch)
            batch = []
    Deadline.objects.bulk_create(batch)
    return registrar


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _setup

    directory = _setup.fresh(NAME)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from kansli.handling import actions

    started = time.perf_counter()
    registrar = build(args.deadlines)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{args.deadlines} open deadlines in {directory} "
          f"({time.perf_counter() - started:.1f} s, {connection.vendor})")
    today = timezone.localdate()

    def due_work():
        list(actions.due_work(today, 3)[:500])

    client = Client()
    client.force_login(registrar)

    def overdue_list():
        response = client.get("/bevakningar/")
        assert response.status_code == 200, response.status_code

    results = {"worker's due-work query": timed(due_work, args.repeat),
               "overdue list page": timed(overdue_list, args.repeat)}
    ok = True
    for name, (p50, p95) in results.items():
        verdict = "ok" if p95 <= 50 else "OVER GOAL"
        ok &= p95 <= 50
        print(f"{name:28} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
