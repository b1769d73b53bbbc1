"""Two processes recording answers to the same recipients at once: each recipient is
answered once; the other process is refused ("already answered") and leaves nothing.

Two real OS processes share a freshly migrated database (a SQLite file, or a PostgreSQL
database of their own); the recipient row is locked while its answer is recorded."""

import json

import pytest

from tests.processes import WAIT_FOR_GO, python, together

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

WORKER = PRELUDE + WAIT_FOR_GO + """
ids, barrier, name = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
rita = User.objects.get(pk=ids["user"])
recipients = [Recipient.objects.get(pk=pk) for pk in ids["recipients"]]
wait_for_go(barrier, name)
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




def test_two_processes_answering_at_once_record_each_answer_once(fresh_database, tmp_path):
    env = fresh_database
    ids = python(SETUP, N, env=env)
    barrier = tmp_path / "barrier"
    results = together(WORKER, lambda name: [json.dumps(ids), barrier, name], "ab", env,
                       barrier)
    a, b = results
    # Every recipient answered by exactly one of the two, refused to the other.
    assert sorted(a["answered"] + b["answered"]) == sorted(ids["recipients"])
    assert sorted(a["refused"] + b["refused"]) == sorted(ids["recipients"])
    assert not set(a["answered"]) & set(b["answered"])
    state = python(CHECK, json.dumps(ids), env=env)
    assert state == {"answers": N, "answered": N, "distinct_documents": N,
                     "answer_events": N, "verify": ""}
