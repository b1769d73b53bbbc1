"""Two secretaries drawing up minutes of the same body at once never get the same §
number (docs/paragraph-numbering.md).

Two real OS processes share a freshly migrated database (a SQLite file, or a PostgreSQL
database of their own). Each plans its own meetings of the same body, puts N items on
each agenda and marks them held; after a start barrier both draw up their minutes, one
meeting after another. The body's counter for the year does not exist yet, so the first
drawing up of each process also races to create it. Afterwards the body's § numbers of
the year are exactly 1..total, each meeting's numbers consecutive and in agenda order,
and the journal verifies."""

import json

from tests.processes import WAIT_FOR_GO, python, together

PRELUDE = """
import datetime, json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansli.settings")
django.setup()
from django.contrib.auth.models import User
from django.utils import timezone
from kansli.diary import journal
from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Meeting, Paragraph, ParagraphCounter
from kansli.org.models import Body, Organisation
"""

SETUP = PRELUDE + """
org = Organisation.objects.create(name="Ekerö kommun")
body = Body.objects.create(organisation=org, code="SN", name="Socialnämnden",
                           kind=Body.Kind.COMMITTEE)
users = [User.objects.create_user(name) for name in ("sekreterare-a", "sekreterare-b")]
print(json.dumps({"body": body.pk, "users": [u.pk for u in users]}))
"""

WORKER = PRELUDE + WAIT_FOR_GO + """
ids, barrier, name = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
meetings, items = int(sys.argv[4]), int(sys.argv[5])
body = Body.objects.get(pk=ids["body"])
user = User.objects.get(pk=ids["users"][0 if name == "a" else 1])
planned = []
for m in range(meetings):
    # Meetings in the past of the same year, each process its own days.
    start = timezone.make_aware(datetime.datetime(2025, 3 if name == "a" else 4, m + 1, 18))
    meeting = actions.do_plan_meeting(body, acting_user=user, start=start,
                                      place="Ekerö kommunhus",
                                      minutes_kept_at="Kommunkansliet")
    for i in range(items):
        actions.do_add_agenda_item(meeting, acting_user=user, heading=f"{name} {m} {i}")
    planned.append(actions.do_mark_held(meeting, acting_user=user))
wait_for_go(barrier, name)
started = time.time()
got = []
for meeting in planned:
    paragraphs = actions.do_draw_up_minutes(meeting, acting_user=user)
    got.append([[p.number, p.heading] for p in paragraphs])
    # A moment between meetings, as a secretary leaves: without it one SQLite writer
    # can hold the write lock back to back and the other only waits.
    time.sleep(0.02)
print(json.dumps({"minutes": got, "started": started, "ended": time.time()}))
"""

CHECK = PRELUDE + """
ids = json.loads(sys.argv[1])
paragraphs = Paragraph.objects.filter(body_id=ids["body"], year=2025)
print(json.dumps({
    "numbers": sorted(paragraphs.values_list("number", flat=True)),
    "counter": ParagraphCounter.objects.get(body_id=ids["body"], year=2025).last_number,
    "counters": ParagraphCounter.objects.count(),
    "drawn_up": Event.objects.filter(action="draw_up_minutes").count(),
    "verify": [journal.verify()[0], str(journal.verify()[1] or "")],
    "events": Event.objects.count(),
}))
"""

MEETINGS, ITEMS = 10, 6  # per process




def test_two_secretaries_drawing_up_minutes_at_once_never_get_the_same_number(
        fresh_database, tmp_path):
    env = fresh_database
    ids = python(SETUP, env=env)
    barrier = tmp_path / "barrier"
    results = together(WORKER, lambda name: [json.dumps(ids), barrier, name, MEETINGS, ITEMS],
                       "ab", env, barrier)

    total = 2 * MEETINGS * ITEMS
    minutes_of = [result["minutes"] for result in results]
    got = {name: [n for minutes in result for n, _heading in minutes]
           for name, result in zip("ab", minutes_of, strict=True)}
    # No number given to both, and together every number from 1 to the total.
    assert not set(got["a"]) & set(got["b"])
    assert sorted(got["a"] + got["b"]) == list(range(1, total + 1))
    for name, result in zip("ab", minutes_of, strict=True):
        # Each process's meetings got increasing numbers, each meeting a consecutive
        # run in agenda order.
        assert got[name] == sorted(got[name])
        for m, minutes in enumerate(result):
            first = minutes[0][0]
            assert minutes == [[first + i, f"{name} {m} {i}"] for i in range(ITEMS)]
    # They really ran at the same time: their working periods overlap. (Not that each
    # got low numbers: SQLite's busy handler may let one writer take the lock again and
    # again while the other waits — fair or not, no number is given twice.)
    a, b = results
    assert max(a["started"], b["started"]) < min(a["ended"], b["ended"])

    state = python(CHECK, json.dumps(ids), env=env)
    assert state["numbers"] == list(range(1, total + 1))
    assert state["counter"] == total
    assert state["counters"] == 1
    assert state["drawn_up"] == 2 * MEETINGS
    assert state["verify"] == [state["events"], ""]
