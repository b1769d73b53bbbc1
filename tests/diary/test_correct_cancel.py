"""Registered facts change only through corrections with a reason; wrong registrations
are cancelled and stay visible."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import actions
from kansli.diary.models import Case, Document, Event


@pytest.fixture
def case(ks, klass, rita):
    return actions.do_open_case(ks, acting_user=rita, title="Bygglov Stenhamra 1:2",
                                classification=klass)


@pytest.fixture
def document(case, rita):
    return actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="application",
        description="Ansökan om bygglov", received_date=datetime.date(2024, 3, 1))


def test_a_correction_needs_a_reason(document, rita):
    with pytest.raises(ValidationError):
        actions.do_correct_document(document, acting_user=rita, reason=" ",
                                    description="Ansökan om rivningslov")


def test_a_correction_keeps_before_and_after_in_the_journal(document, rita):
    actions.do_correct_document(document, acting_user=rita, reason="Felskrivet",
                                description="Ansökan om rivningslov")
    document.refresh_from_db()
    assert document.description == "Ansökan om rivningslov"
    event = Event.objects.get(action="correct")
    assert event.data == {
        "reason": "Felskrivet",
        "before": {"description": "Ansökan om bygglov"},
        "after": {"description": "Ansökan om rivningslov"},
    }


def test_a_correction_that_changes_nothing_is_refused(document, rita):
    with pytest.raises(ValidationError):
        actions.do_correct_document(document, acting_user=rita, reason="x",
                                    description="Ansökan om bygglov")


def test_the_document_number_cannot_be_corrected(document, rita):
    with pytest.raises(ValidationError):
        actions.do_correct_document(document, acting_user=rita, reason="x", number=7)


def test_correcting_the_parties_is_recorded(document, rita):
    party = actions.do_create_party(acting_user=rita, kind="person", name="Sökande Svensson")
    actions.do_correct_document(document, acting_user=rita, reason="Avsändare saknades",
                                senders=[party])
    assert list(document.parties.all()) == [party]
    event = Event.objects.get(action="correct")
    assert event.data["before"] == {"senders": []}
    assert event.data["after"] == {"senders": [party.pk]}


def test_a_case_title_is_corrected_with_a_reason(case, rita):
    actions.do_correct_case(case, acting_user=rita, reason="Stavfel",
                            title="Bygglov Stenhamra 1:3")
    assert Case.objects.get(pk=case.pk).title == "Bygglov Stenhamra 1:3"
    with pytest.raises(ValidationError):
        actions.do_correct_case(case, acting_user=rita, reason="x", status="closed")


def test_a_cancelled_document_stays_visible_as_cancelled(document, rita):
    actions.do_cancel_document(document, acting_user=rita, reason="Registrerad i fel ärende")
    document = Document.objects.get(pk=document.pk)
    assert document.is_cancelled and document.cancel_reason == "Registrerad i fel ärende"
    assert document.cancelled_by == rita
    with pytest.raises(ValidationError):
        actions.do_correct_document(document, acting_user=rita, reason="x", description="y")
    with pytest.raises(ValidationError):
        actions.do_cancel_document(document, acting_user=rita, reason="igen")


def test_a_cancelled_number_is_never_reused(case, document, rita):
    actions.do_cancel_document(document, acting_user=rita, reason="Fel")
    again = actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="letter", description="Brev",
        received_date=datetime.date(2024, 3, 2))
    assert again.number == 2


def test_a_case_is_cancelled_only_after_its_documents(case, document, rita):
    with pytest.raises(ValidationError):
        actions.do_cancel_case(case, acting_user=rita, reason="Dubblett")
    actions.do_cancel_document(document, acting_user=rita, reason="Dubblett")
    case = actions.do_cancel_case(case, acting_user=rita, reason="Dubblett")
    assert case.is_cancelled
    assert Case.objects.filter(pk=case.pk).exists()


def test_models_keep_no_delete_path_for_events(document):
    event = Event.objects.first()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        event.save()
