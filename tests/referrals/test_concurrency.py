"""Two processes recording answers to the same recipients at once: each recipient is
answered once; the other process is refused ("already answered") and leaves nothing.

Two real OS processes share a freshly migrated database (a SQLite file, or a PostgreSQL
database of their own); the recipient row is locked while its answer is recorded."""

import json
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow

PRELUDE = """
import datetime, json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansli.settings")
django.setup()
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import translation
from kansli.diary import actions as diary, journal
from kansli.diary.models import Document, Event, Series
from kansli.org.models import Organisation
from kansli.referrals import actions
from kansli.referrals.models import Recipient, Referral
D = datetime.date
"""

SETUP = PRELUDE + """
org = Organisation.objects.create(name="KSL", diary_number_format="{series} {yyyy}/{serial:4}")
series = Series.objects.create(organisation=org, code="KSL", name="KSL")
rita = User.objects.create_user("rita")
case = diary.do_open_case(series, acting_user=rita, title="Rekommendation")
members = [diary.do_create_party(acting_user=rita, kind="organisation", name=f"Kommun {i:02}")
           for i in range(int(sys.argv[1]))]
referral = actions.do_send_referral(case, acting_user=rita, question="Anta", kind="decision",
                                    recipients=[(m, D(2013, 11, 15)) for m in members],
                                    sent_on=D(2013, 6, 5))
print(json.dumps({"user": rita.pk, "recipients": [r.pk for r in referral.recipients.all()],
                  "case": case.pk}))
"""

WORKER = PRELUDE + """
ids, barrier, name = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
rita = User.objects.get(pk=ids["user"])
recipients = [Recipient.objects.get(pk=pk) for pk in ids["recipients"]]
open(os.path.join(barrier, "ready-" + name), "w").close()
deadline = time.monotonic() + 60
while not os.path.exists(os.path.join(barrier, "go")):
    if time.monotonic() > deadline:
        sys.exit("no start signal")
    time.sleep(0.001)
got = {"answered": [], "refused": []}
with translation.override("en"):
    for r in recipients:
        try:
            actions.do_record_answer(r, acting_user=rita, answered_on=D(2013, 11, 1),
                                     description=f"Svar ({name})", outcome="adopted")
        except ValidationError as e:
            assert "already answered" in e.messages[0], e.messages
            got["refused"].append(r.pk)
        else:
            got["answered"].append(r.pk)
        time.sleep(0.001)
print(json.dumps(got))
"""

CHECK = PRELUDE + """
ids = json.loads(sys.argv[1])
answers = Document.objects.filter(case_id=ids["case"], direction="incoming")
print(json.dumps({
    "answers": answers.count(),
    "answered": Recipient.objects.filter(status="answered").count(),
    "distinct_documents": Recipient.objects.values("answer").distinct().count(),
    "answer_events": Event.objects.filter(action="referral.answer").count(),
    "verify": str(journal.verify()[1] or ""),
}))
"""

N = 20


def python(script, *args, env, timeout=120):
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_processes_answering_at_once_record_each_answer_once(fresh_database, tmp_path):
    env = fresh_database
    ids = python(SETUP, N, env=env)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(ids), str(barrier),
                                 name], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for name in ("a", "b")]
    try:
        deadline = time.monotonic() + 60
        while not all((barrier / f"ready-{name}").exists() for name in ("a", "b")):
            assert time.monotonic() < deadline, "the workers did not start"
            assert all(w.poll() is None for w in workers), workers[0].communicate()
            time.sleep(0.01)
        (barrier / "go").touch()
        results = []
        for worker in workers:
            out, err = worker.communicate(timeout=180)
            assert worker.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    a, b = results
    # Every recipient answered by exactly one of the two, refused to the other.
    assert sorted(a["answered"] + b["answered"]) == sorted(ids["recipients"])
    assert sorted(a["refused"] + b["refused"]) == sorted(ids["recipients"])
    assert not set(a["answered"]) & set(b["answered"])
    state = python(CHECK, json.dumps(ids), env=env)
    assert state == {"answers": N, "answered": N, "distinct_documents": N,
                     "answer_events": N, "verify": ""}
