"""Opening cases and registering documents."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import actions
from kansli.diary.models import Document, DocumentParty, Event
from tests.conftest import at


@pytest.fixture
def case(ks, klass, rita, unit, olle):
    return actions.do_open_case(ks, acting_user=rita, title="Samverkan gällande nyanlända",
                                classification=klass, unit=unit, officer=olle,
                                opened_at=at(2013, 6, 10))


def register(case, user, **kw):
    values = dict(direction="incoming", doc_type="recommendation",
                  description="Rekommendation om samverkan",
                  received_date=datetime.date(2013, 6, 5))
    values.update(kw)
    return actions.do_register_document(case, acting_user=user, **values)


def test_a_case_gets_a_diary_number_in_the_organisations_format(case):
    assert case.diary_number == "KS13/1-133"
    assert (case.year, case.serial, case.status) == (2013, 1, "open")
    assert case.number_key == "KS13/1-133"


def test_opening_a_case_is_journalled_with_who_and_what(case, rita):
    event = Event.objects.get(action="open")
    assert event.actor == rita and event.case == case
    assert event.data["after"]["title"] == "Samverkan gällande nyanlända"
    assert event.data["after"]["diary_number"] == "KS13/1-133"


def test_a_case_needs_a_title(ks, klass, rita):
    with pytest.raises(ValidationError):
        actions.do_open_case(ks, acting_user=rita, title="   ", classification=klass)


def test_a_format_with_a_classification_code_needs_a_classification(ks, rita):
    with pytest.raises(ValidationError):
        actions.do_open_case(ks, acting_user=rita, title="Utan klass")


def test_documents_get_running_numbers_in_their_case(case, rita, ksl):
    first = register(case, rita, senders=[ksl])
    second = register(case, rita, direction="drawn_up", doc_type="officers_report",
                      description="Tjänsteutlåtande")
    assert (first.number, second.number) == (1, 2)
    assert first.reference == "KS13/1-133:1"


def test_a_document_holds_the_osl_fields(case, rita, ksl):
    document = register(case, rita, senders=[ksl], document_date=datetime.date(2013, 6, 4))
    document.refresh_from_db()
    assert document.received_date == datetime.date(2013, 6, 5)
    assert document.document_date == datetime.date(2013, 6, 4)
    assert document.case.diary_number == "KS13/1-133"
    assert list(document.parties.all()) == [ksl]
    assert document.party_links.get().role == DocumentParty.Role.SENDER
    assert document.description == "Rekommendation om samverkan"


def test_a_party_is_reused_across_documents(case, rita, ksl):
    register(case, rita, senders=[ksl])
    register(case, rita, direction="outgoing", doc_type="extract", description="Utdrag",
             recipients=[ksl])
    assert ksl.documents.count() == 2


def test_an_incoming_document_has_no_recipients(case, rita, ksl):
    with pytest.raises(ValidationError):
        register(case, rita, recipients=[ksl])
    assert not Document.objects.exists()


def test_an_unknown_direction_or_type_is_refused(case, rita):
    with pytest.raises(ValidationError):
        register(case, rita, direction="sideways")
    with pytest.raises(ValidationError):
        register(case, rita, doc_type="poem")


def test_registering_is_journalled_with_its_files(case, rita):
    register(case, rita, files=[actions.NewFile("rek.txt", b"Rekommendation")])
    event = Event.objects.get(action="register")
    assert event.case == case
    assert event.data["files"][0]["name"] == "rek.txt"
    assert event.data["files"][0]["size"] == 14


def test_a_cancelled_case_takes_no_documents(case, rita):
    actions.do_cancel_case(case, acting_user=rita, reason="Felregistrerat")
    with pytest.raises(ValidationError):
        register(case, rita)


def test_status_moves_forward_and_back_only_with_a_reason(case, olle):
    actions.do_change_status(case, acting_user=olle, status="in_progress")
    actions.do_change_status(case, acting_user=olle, status="decided")
    with pytest.raises(ValidationError):
        actions.do_change_status(case, acting_user=olle, status="open")
    case = actions.do_change_status(case, acting_user=olle, status="open", reason="Återremiss")
    assert case.status == "open"


def test_closing_sets_the_date_and_reopening_needs_a_reason(case, olle):
    case = actions.do_close_case(case, acting_user=olle)
    assert case.status == "closed" and case.closed_at is not None
    with pytest.raises(ValidationError):
        actions.do_close_case(case, acting_user=olle)
    with pytest.raises(ValidationError):
        actions.do_change_status(case, acting_user=olle, status="in_progress")
    case = actions.do_change_status(case, acting_user=olle, status="in_progress",
                                    reason="Nytt yttrande inkom")
    assert case.closed_at is None
    assert Event.objects.filter(action="reopen").count() == 1


def test_assigning_an_officer_is_journalled(case, rita, karin, olle):
    actions.do_assign_case(case, acting_user=rita, officer=karin)
    event = Event.objects.get(action="assign")
    assert event.data == {"before": {"officer_id": olle.pk}, "after": {"officer_id": karin.pk}}
    with pytest.raises(ValidationError):
        actions.do_assign_case(case, acting_user=rita, officer=karin)


def test_classifying_anew_needs_a_reason_and_keeps_the_number(case, rita):
    from kansli.diary.models import Classification

    other = Classification.objects.create(code="134", title="Annat")
    with pytest.raises(ValidationError):
        actions.do_classify_case(case, acting_user=rita, classification=other)
    case = actions.do_classify_case(case, acting_user=rita, classification=other,
                                    reason="Fel klass")
    assert case.classification == other
    assert case.diary_number == "KS13/1-133"
