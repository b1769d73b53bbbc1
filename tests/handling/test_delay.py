"""docs/deadlines.md, FL 11–12 §§: the notice of serious delay and the demand for a
decision, in cases a private party opened."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import files
from kansli.diary.actions import do_close_case, do_create_party
from kansli.diary.models import Document, Event
from kansli.handling import actions
from kansli.handling.models import Deadline
from tests.conftest import register

D = datetime.date


@pytest.fixture
def petra(rita):
    return do_create_party(acting_user=rita, kind="person", name="Petra Person",
                           email="petra@example.se")


@pytest.fixture
def application(case, rita, petra):
    return register(case, rita, description="Ansökan om bygglov", doc_type="application",
                    senders=[petra], received_date=case.opened_at.date())


def test_the_notice_is_an_outgoing_letter_to_the_party_with_the_reason(
        case, application, olle, petra):
    letter = actions.do_notify_delay(case, acting_user=olle, reason="Remissvar dröjer",
                                     expected_by=D(2099, 3, 1), on=D(2026, 11, 27))
    assert letter.direction == Document.Direction.OUTGOING
    assert list(letter.parties.all()) == [petra]
    [file] = letter.files.all()
    text = files.read_verified(file.blob).decode()
    assert "väsentligt försenat" in text and "Remissvar dröjer" in text
    assert "2099-03-01" in text and case.diary_number in text
    event = Event.objects.get(action="delay_notice")
    assert event.case == case and event.data["reason"] == "Remissvar dröjer"


def test_the_notice_needs_a_reason_and_a_later_expected_day(case, application, olle):
    with pytest.raises(ValidationError, match="reason"):
        actions.do_notify_delay(case, acting_user=olle, reason=" ")
    with pytest.raises(ValidationError, match="later than today"):
        actions.do_notify_delay(case, acting_user=olle, reason="x", on=D(2026, 11, 27),
                                expected_by=D(2026, 11, 27))
    assert not case.documents.filter(direction="outgoing").exists()


def test_no_notice_in_a_case_an_organisation_opened_or_a_closed_case(
        case, rita, olle, ksl):
    register(case, rita, senders=[ksl])
    with pytest.raises(ValidationError, match="private party"):
        actions.do_notify_delay(case, acting_user=olle, reason="x")
    do_close_case(case, acting_user=rita)
    with pytest.raises(ValidationError, match="closed"):
        actions.do_notify_delay(case, acting_user=olle, reason="x")
    assert not Event.objects.filter(action="delay_notice").exists()


def test_a_demand_after_six_months_sets_a_four_week_legal_deadline(
        case, application, rita, petra):
    six = actions.add_months(case.opened_at.date(), 6)
    demand = register(case, rita, description="Begäran om avgörande", doc_type="letter",
                      senders=[petra], received_date=six)
    deadline = actions.do_record_demand_for_decision(case, acting_user=rita,
                                                     document=demand)
    assert deadline.kind == Deadline.Kind.LEGAL and deadline.document == demand
    assert deadline.due == six + datetime.timedelta(weeks=4)
    assert deadline.responsible == case.officer
    with pytest.raises(ValidationError, match="already recorded"):
        actions.do_record_demand_for_decision(case, acting_user=rita, document=demand)


def test_a_demand_before_six_months_or_from_someone_else_is_refused(
        case, application, rita, petra, ksl):
    six = actions.add_months(case.opened_at.date(), 6)
    early = register(case, rita, description="Begäran", doc_type="letter", senders=[petra],
                     received_date=six - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match=six.isoformat()):
        actions.do_record_demand_for_decision(case, acting_user=rita, document=early)
    other = register(case, rita, description="Skrivelse", doc_type="letter", senders=[ksl],
                     received_date=six)
    with pytest.raises(ValidationError, match="not from them"):
        actions.do_record_demand_for_decision(case, acting_user=rita, document=other)
    assert not Deadline.objects.filter(rule__endswith="fl12demand").exists()


def test_the_case_page_offers_both_to_who_may_change_the_case(
        client, case, application, olle, karin):
    client.force_login(olle)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert f"/arenden/{case.pk}/forsening/" in html
    assert f"/arenden/{case.pk}/begaran-om-avgorande/" in html
    response = client.post(f"/arenden/{case.pk}/forsening/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/arenden/{case.pk}/forsening/",
                           {"reason": "Underlag saknas", "expected_by": ""})
    assert response.status_code == 302
    assert case.documents.filter(direction="outgoing").count() == 1
    client.force_login(karin)
    assert "/forsening/" not in client.get(f"/arenden/{case.pk}/").content.decode()
    assert client.get(f"/arenden/{case.pk}/forsening/").status_code == 403
