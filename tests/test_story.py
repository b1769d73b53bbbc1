"""DESIGN.md §1, the whole story: steps 1–6 at Ekerö, and step 7 — Ekerö's decision
leaves Ekerö's Kansli as an e-mail and becomes Ekerö's answer in KSL's overview, then
its adoption of the agreement.

Steps 1–6 are Ekerö's demo (``kansli.demo.load``), which
tests/meetings/test_seed_story.py checks step by step against the seed. The KF extract
is dispatched by e-mail to registrator@ksl.se; the message's bytes are all that crosses
to KSL. KSL runs an installation of its own (``kansli.demo.federation``, port 8001 in
the demo); here its records share the test database under KSL's own organisation and
series, since the two sides share nothing but the message.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core import mail
from pypdf import PdfReader

import kansli.demo
from kansli.agreements import actions as agreements
from kansli.demo import federation
from kansli.diary import files, journal
from kansli.diary.actions import do_open_case
from kansli.diary.models import Document, Party
from kansli.dispatch.actions import do_dispatch
from kansli.intake import actions as intake
from kansli.referrals import actions as referrals
from kansli.referrals import overview
from tests.conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date
TITLE = "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända"


def test_ekeros_decision_reaches_ksl_as_its_answer_and_adoption(
        settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Ekerö kommun <kommun@ekero.se>"

    # Steps 1–6 at Ekerö: the case, SN § 130, the extension, the report, KS and KF, the
    # approval, the posting, the extract registered as sent to KSL.
    case = kansli.demo.load(cases=0)
    assert case.diary_number == "KS13/250-133"
    extract = case.documents.get(doc_type=Document.Type.EXTRACT,
                                 description__contains="Kommunfullmäktige")
    pdf = files.read_verified(extract.files.get().blob)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "2013-12-16" in text and "§ 90" in text and "Rätt utdraget intygar" in text

    # Step 6's dispatch, by e-mail with the extract's PDF attached.
    ksl_at_ekero = Party.objects.get(email="registrator@ksl.se")
    with django_capture_on_commit_callbacks(execute=True):
        [sent] = do_dispatch(extract, acting_user=User.objects.get(username="registrator"),
                             recipients=[ksl_at_ekero], channel="email")
    sent.refresh_from_db()
    assert sent.status == "sent"
    [message] = mail.outbox
    raw = message.message().as_bytes()

    # Step 7 at KSL: the recommendation of 2013-06-05 to the 26 members, Ekerö's
    # extension of 2013-10-24 to 2013-12-19.
    fed = federation.build()
    officer = fed.users["kslhandlaggare"]
    ksl_case = do_open_case(fed.setup.series["KSL"], acting_user=fed.users["kslregistrator"],
                            title=f"Rekommendation – {TITLE}", officer=officer,
                            opened_at=at(2013, 6, 5))
    referral = referrals.do_send_referral(
        ksl_case, acting_user=officer, question=f"Anta {TITLE[0].lower()}{TITLE[1:]}",
        kind="decision", sent_on=federation.RECOMMENDATION_SENT,
        recipients=[(member, federation.ANSWER_DUE) for member in fed.members.values()])
    ekero = referral.recipients.get(party=fed.members["Ekerö kommun"])
    referrals.do_extend_referral(ekero, acting_user=officer, new_due=D(2013, 12, 19),
                                 granted_on=D(2013, 10, 24),
                                 reason="Kommunfullmäktige sammanträder i december")

    # The e-mail lands in KSL's intake and is registered in KSL's case, from Ekerö.
    queued, new = intake.do_receive(raw, source="eml")
    assert new and queued.from_address == "kommun@ekero.se"
    answer = intake.do_register(queued, acting_user=fed.users["kslregistrator"],
                                case=ksl_case, doc_type=Document.Type.EXTRACT)
    assert list(answer.parties.all()) == [fed.members["Ekerö kommun"]]
    attached = {f.filename: files.read_verified(f.blob) for f in answer.files.all()}
    assert pdf in attached.values() and "meddelande.eml" in attached

    # Its answer: adopted in KF 2013-12-16 § 90, received on 2013-12-18 in the story
    # (the e-mail of this test went out today), before the extended due date.
    referrals.do_record_answer(ekero, acting_user=officer, answered_on=D(2013, 12, 18),
                               document=answer, outcome="adopted",
                               decision_body="Kommunfullmäktige",
                               decision_date=D(2013, 12, 16), decision_paragraph="§ 90")
    seen = overview.build(referral, today=D(2013, 12, 20), can_read_secret=True)
    assert (seen.counts.total, seen.counts.adopted, seen.counts.extended) == (26, 1, 1)
    assert seen.counts.late == 25 and seen.counts.answered_late == 0
    [row] = [r for r in seen.rows if r.recipient.name == "Ekerö kommun"]
    assert row.status == "answered" and row.due == D(2013, 12, 19)

    # And the agreement itself: Ekerö's adoption of the 2013 revision, with its reference.
    agreement = agreements.do_create_agreement(acting_user=officer, title=TITLE,
                                               case=ksl_case)
    revision = agreements.do_add_version(agreement, acting_user=officer,
                                         label="Justerat förslag 2013-05-06",
                                         date=D(2013, 5, 6))
    agreements.do_add_party(agreement, acting_user=officer, party=fed.members["Ekerö kommun"])
    adoption = agreements.do_record_adoption(
        revision, fed.members["Ekerö kommun"], acting_user=officer, decision="adopted",
        body="Kommunfullmäktige", decided_on=D(2013, 12, 16), paragraph="§ 90",
        document=answer)
    assert adoption.document == answer

    events, problem = journal.verify()
    assert problem is None and events > 100
