"""KSL's demo (kansli.demo.federation + load_federation): the recommendation to the 26
members and their answers as OUTCOMES has them."""

import datetime

import pytest
from django.contrib.auth.models import User

from kansli.demo import federation
from kansli.diary import journal
from kansli.diary.models import Document
from kansli.referrals import demo
from kansli.referrals.models import Recipient, Referral

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def case():
    return demo.load_federation(federation.setup())


def test_ksl_sends_one_decision_referral_to_its_26_members(case):
    assert case.title == demo.TITLE and case.diary_number.startswith("KSL 2013/")
    assert case.officer.username == "kslhandlaggare"
    referral = Referral.objects.get(case=case)
    assert referral.kind == "decision" and referral.recipients.count() == 26
    assert (referral.sent_on, referral.due) == (federation.RECOMMENDATION_SENT,
                                                federation.ANSWER_DUE)
    assert referral.letter.direction == "outgoing"
    assert referral.letter.party_links.count() == 26
    draft = case.documents.get(number=1)
    assert (draft.direction, draft.doc_type, draft.document_date) == (
        "drawn_up", "agreement", D(2013, 5, 6))


def test_ekero_had_an_extension_and_adopted_in_kf_before_its_due_date(case):
    ekero = Recipient.objects.select_related("deadline", "answer").get(
        referral__case=case, party__name="Ekerö kommun")
    (extension,) = ekero.deadline.extensions.all()
    assert (extension.previous_due, extension.new_due, extension.granted_on) == (
        D(2013, 11, 15), D(2013, 12, 19), D(2013, 10, 24))
    assert extension.reason == "Kommunfullmäktige sammanträder först i december"
    assert (ekero.status, ekero.outcome) == ("answered", "adopted")
    assert ekero.decision_reference == "Kommunfullmäktige 2013-12-16 § 90"
    assert ekero.answered_on == D(2013, 12, 18) < ekero.deadline.due
    assert ekero.answer.description == "Protokollsutdrag Kommunfullmäktige 2013-12-16 § 90"
    assert (ekero.answer.direction, ekero.answer.received_date) == ("incoming",
                                                                    D(2013, 12, 18))
    assert ekero.deadline.status == "met"


def test_the_counts_match_the_outcomes(case):
    outcomes = federation.OUTCOMES
    rows = Recipient.objects.filter(referral__case=case)
    assert rows.filter(outcome="adopted").count() == sum(
        o.outcome == federation.ADOPTED for o in outcomes)
    assert rows.filter(outcome="declined").count() == sum(
        o.outcome == federation.DECLINED for o in outcomes)
    open_ = rows.filter(status="sent")
    assert sorted(r.party.name for r in open_) == sorted(
        o.member for o in outcomes if o.outcome == federation.NO_ANSWER)
    assert all(r.deadline.status == "open" for r in open_)
    assert rows.filter(deadline__extensions__isnull=False).distinct().count() == sum(
        bool(o.extended_to) for o in outcomes)
    assert case.documents.filter(direction=Document.Direction.INCOMING).count() == sum(
        o.outcome != federation.NO_ANSWER for o in outcomes)
    assert journal.verify()[1] is None


def test_the_overview_renders_and_the_csv_has_a_line_per_member(case, client):
    referral = Referral.objects.get(case=case)
    client.force_login(User.objects.get(username="kslhandlaggare"))
    page = client.get(f"/remisser/{referral.pk}/")
    assert page.status_code == 200
    counts = page.context["counts"]
    assert (counts.total, counts.adopted, counts.not_adopted, counts.no_answer) == (
        26, 22, 1, 3)
    assert counts.late == 3 and counts.extended == 4
    text = page.content.decode()
    assert "Kommunfullmäktige 2013-12-16 § 90" in text and "<svg" in text
    csv = client.get(f"/remisser/{referral.pk}/svar.csv").content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert len(lines) == 27
    assert any(line.startswith("Ekerö kommun;extern;2013-11-15;2013-12-19;") for line in lines)
    assert client.get(f"/arenden/{case.pk}/").status_code == 200


def test_loading_again_changes_nothing(case):
    events = journal.verify()[0]
    assert demo.load_federation(federation.setup()) == case
    assert Referral.objects.count() == 1 and journal.verify()[0] == events


def test_the_recipients_follow_the_outcomes_in_order_with_their_data(case):
    rows = list(Recipient.objects.filter(referral__case=case).order_by("pk").values_list(
        "party__name", "status", "outcome", "answered_on", "decision_paragraph",
        "deadline__due"))
    assert rows[0] == ("Botkyrka kommun", "answered", "adopted", D(2013, 10, 18), "§ 141",
                       D(2013, 11, 15))
    assert [r[0] for r in rows] == [o.member for o in federation.OUTCOMES]
    for row, o in zip(rows, federation.OUTCOMES, strict=True):
        assert row[3] == o.answered_on and row[4] == o.paragraph
        assert row[5] == (o.extended_to or federation.ANSWER_DUE)
