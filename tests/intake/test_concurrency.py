"""Two processes at once: two fetchers queue each message once; of two registrars
registering the same message, one succeeds (docs/intake.md).

Real OS processes share a freshly migrated database (a SQLite file, or a PostgreSQL
database of their own) and start together after a barrier."""

import json

import pytest

from tests.intake.conftest import letter, message_id
from tests.processes import python, together

pytestmark = pytest.mark.slow

PRELUDE = """
import json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansli.settings")
django.setup()
from django.contrib.auth.models import User
from kansli.intake.models import IncomingMessage

def wait_for_go(barrier, name):
    IncomingMessage.objects.exists()  # connect before the start
    open(os.path.join(barrier, "ready-" + name), "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(os.path.join(barrier, "go")):
        if time.monotonic() > deadline:
            sys.exit("no start signal")
        time.sleep(0.001)
"""

FETCHER = PRELUDE + """
from kansli.intake import imap
url, barrier, name = sys.argv[1:4]
wait_for_go(barrier, name)
print(json.dumps({"queued": imap.fetch(url)}))
"""

SETUP = PRELUDE + """
from kansli.diary.models import Classification, Series
from kansli.intake import actions
from kansli.org.models import Organisation
org = Organisation.objects.create(name="Ekerö kommun",
                                  diary_number_format="{series} {yyyy}/{serial:4}")
ks = Series.objects.create(organisation=org, code="KS", name="Kommunstyrelsen")
rita = User.objects.create_user("rita")
User.objects.create_user("rolf")
from kansli.diary.actions import do_open_case
case = do_open_case(ks, acting_user=rita, title="Samverkan")
message, _ = actions.do_receive(sys.stdin.buffer.read(), source="eml")
print(json.dumps({"message": message.pk, "case": case.pk}))
"""

REGISTRAR = PRELUDE + """
from django.core.exceptions import ValidationError
from kansli.diary.models import Case
from kansli.intake import actions
ids, barrier, name = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
user = User.objects.get(username=name)
message = IncomingMessage.objects.get(pk=ids["message"])
case = Case.objects.get(pk=ids["case"])
wait_for_go(barrier, name)
try:
    document = actions.do_register(message, acting_user=user, case=case,
                                   description="Brev " + name)
except ValidationError as error:
    print(json.dumps({"refused": error.messages}))
else:
    print(json.dumps({"registered": document.reference}))
"""

CHECK = PRELUDE + """
from kansli.diary import journal
from kansli.diary.models import Case, Document
print(json.dumps({
    "documents": Document.objects.count(),
    "uids": sorted(IncomingMessage.objects.values_list("uid", flat=True)),
    "statuses": sorted(IncomingMessage.objects.values_list("status", flat=True)),
    "cases": Case.objects.count(),
    "verify": str(journal.verify()[1] or ""),
}))
"""






N = 15


def test_two_fetchers_at_once_queue_each_message_once(fresh_database, dovecot, tmp_path):
    dovecot.deliver(*[letter(f"Brev {n}", message_id=message_id(n)) for n in range(N)])
    results = together(FETCHER, lambda name: [dovecot.url, str(tmp_path / "b"), name],
                       ["a", "b"], fresh_database, tmp_path / "b")
    assert sum(r["queued"] for r in results) == N
    state = python(CHECK, env=fresh_database)
    assert state["uids"] == list(range(1, N + 1))
    assert state["verify"] == ""
    assert dovecot.unseen() == []


def test_of_two_registrars_at_once_one_registers_and_one_is_refused(fresh_database,
                                                                     tmp_path):
    ids = python(SETUP, env=fresh_database, stdin=letter())
    results = together(REGISTRAR, lambda name: [json.dumps(ids), str(tmp_path / "b"), name],
                       ["rita", "rolf"], fresh_database, tmp_path / "b")
    registered = [r for r in results if "registered" in r]
    refused = [r for r in results if "refused" in r]
    assert len(registered) == 1 and len(refused) == 1
    assert refused[0]["refused"] == ["Meddelandet är redan registrerat."]
    state = python(CHECK, env=fresh_database)
    assert state["statuses"] == ["registered"] and state["documents"] == 1
    assert state["verify"] == ""
