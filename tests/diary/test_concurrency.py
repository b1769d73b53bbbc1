"""Two processes registering at once never get the same number (docs/numbering.md).

Two real OS processes share a freshly migrated database (a SQLite file, or a PostgreSQL
database of their own) and, after a start barrier, each opens cases in the same series
and year and registers documents in the same case. Afterwards every number must have
been given exactly once, without gaps, and the journal must verify."""

import json
import subprocess
import sys

from tests.processes import WAIT_FOR_GO, python, together

# Each script runs in a process of its own: `python -c SCRIPT ARGS...`.
PRELUDE = """
import datetime, json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansli.settings")
django.setup()
from django.contrib.auth.models import User
from django.utils import timezone
from kansli.diary import actions, journal
from kansli.diary.models import Case, Document, Event, Party, SerialCounter, Series
from kansli.org.models import Organisation
OPENED = timezone.make_aware(datetime.datetime(2025, 6, 2, 10))
"""

SETUP = PRELUDE + """
org = Organisation.objects.create(name="Ekerö kommun",
                                  diary_number_format="{series} {yyyy}/{serial:4}")
ks = Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen")
sn = Series.objects.create(organisation=org, code="SN", name="Socialnämnden")
rita = User.objects.create_user("rita")
# The shared case is in another series, so the KS 2025 counter does not exist yet and
# the two processes also race to create it.
shared = actions.do_open_case(sn, acting_user=rita, title="Gemensamt ärende", opened_at=OPENED)
ksl = actions.do_create_party(acting_user=rita, kind="organisation", name="KSL")
print(json.dumps({"series": ks.pk, "case": shared.pk, "party": ksl.pk, "user": rita.pk}))
"""

WORKER = PRELUDE + WAIT_FOR_GO + """
ids, barrier, name, n = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
series = Series.objects.get(pk=ids["series"])
shared = Case.objects.get(pk=ids["case"])
ksl = Party.objects.get(pk=ids["party"])
rita = User.objects.get(pk=ids["user"])
Event.objects.exists()  # connect before the start
wait_for_go(barrier, name)
got = {"serials": [], "documents": [], "started": time.time()}
for i in range(n):
    case = actions.do_open_case(series, acting_user=rita, title=f"Ärende {name} {i}",
                                opened_at=OPENED)
    got["serials"].append(case.serial)
    files = [actions.NewFile(f"{name}-{i}.txt", f"{name} {i}".encode())] if i % 3 == 0 else []
    document = actions.do_register_document(
        shared, acting_user=rita, direction="incoming", doc_type="letter",
        description=f"Skrivelse {name} {i}", received_date=OPENED.date(), senders=[ksl],
        files=files)
    got["documents"].append(document.number)
    # A moment between registrations, as a person at a desk leaves: without it one
    # SQLite writer can hold the write lock back to back and the other only waits.
    time.sleep(0.002)
got["ended"] = time.time()
print(json.dumps(got))
"""

CHECK = PRELUDE + """
ids = json.loads(sys.argv[1])
cases = Case.objects.filter(series_id=ids["series"], year=2025)
shared = Case.objects.get(pk=ids["case"])
print(json.dumps({
    "serials": sorted(cases.values_list("serial", flat=True)),
    "diary_numbers": sorted(cases.values_list("diary_number", flat=True)),
    "counter": SerialCounter.objects.get(series_id=ids["series"], year=2025).last_serial,
    "documents": sorted(shared.documents.values_list("number", flat=True)),
    "last_document_number": shared.last_document_number,
    "events": Event.objects.count(),
    "verify": [journal.verify()[0], str(journal.verify()[1] or "")],
}))
"""

N = 30  # cases and documents per process




def test_two_processes_never_get_the_same_number(fresh_database, tmp_path):
    env = fresh_database
    ids = python(SETUP, env=env)
    barrier = tmp_path / "barrier"
    results = together(WORKER, lambda name: [json.dumps(ids), barrier, name, N], "ab",
                       env, barrier)

    a, b = results
    # Each process got numbers in increasing order, none the other process got, and the
    # two together got every number from 1 to 2N.
    assert a["serials"] == sorted(a["serials"]) and b["serials"] == sorted(b["serials"])
    assert not set(a["serials"]) & set(b["serials"])
    assert sorted(a["serials"] + b["serials"]) == list(range(1, 2 * N + 1))
    assert not set(a["documents"]) & set(b["documents"])
    assert sorted(a["documents"] + b["documents"]) == list(range(1, 2 * N + 1))
    # They really ran at the same time: their working periods overlap. (Not that each
    # got low numbers: SQLite's busy handler may let one writer take the lock again and
    # again while the other waits — fair or not, no number is given twice.)
    assert max(a["started"], b["started"]) < min(a["ended"], b["ended"])

    state = python(CHECK, json.dumps(ids), env=env)
    assert state["serials"] == list(range(1, 2 * N + 1))
    assert state["diary_numbers"] == [f"KS 2025/{n:04d}" for n in range(1, 2 * N + 1)]
    assert state["counter"] == 2 * N
    assert state["documents"] == list(range(1, 2 * N + 1))
    assert state["last_document_number"] == 2 * N
    # Set-up: open the shared case, create the party; then an event per case and document.
    assert state["events"] == 2 + 4 * N
    assert state["verify"] == [2 + 4 * N, ""]

    # `kansli verify` says so too, with its exit status.
    done = subprocess.run([sys.executable, "-m", "kansli", "verify", "--no-progress"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"OK: {2 + 4 * N} events, head ")


def test_verify_exits_non_zero_on_a_broken_chain(fresh_database):
    env = fresh_database
    python(SETUP, env=env)
    break_it = PRELUDE + """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE diary_event DISABLE TRIGGER diary_event_append_only")
    else:
        cursor.execute("DROP TRIGGER diary_event_no_update")
    cursor.execute("UPDATE diary_event SET actor_name = 'mallory' WHERE seq = 2")
print("{}")
"""
    python(break_it, env=env)
    done = subprocess.run([sys.executable, "-m", "kansli", "verify", "--no-progress"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "event 2: its content does not match its hash" in done.stderr
