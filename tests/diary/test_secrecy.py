"""Secrecy markings: legal ground, date and who marked, kept with the record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kansli.diary import access, actions, search
from kansli.diary.models import Document, Event


@pytest.fixture
def case(ks, klass, rita, olle):
    return actions.do_open_case(ks, acting_user=rita, title="Orosanmälan",
                                classification=klass, officer=olle)


@pytest.fixture
def document(case, rita):
    return actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="letter",
        description="Anmälan om missförhållanden hos familjen Lindqvist",
        received_date=datetime.date(2024, 5, 2), secrecy_ground="OSL 26 kap. 1 §")


def test_a_document_is_registered_secret_with_its_ground_date_and_marker(document, rita):
    assert document.is_secret
    assert document.secrecy_ground == "OSL 26 kap. 1 §"
    assert document.secrecy_marked_by == rita and document.secrecy_marked_at is not None
    assert Event.objects.get(action="register").data["secrecy_ground"] == "OSL 26 kap. 1 §"


def test_marking_secret_needs_a_ground(case, rita):
    with pytest.raises(ValidationError):
        actions.do_mark_secret(case, acting_user=rita, ground=" ", public_title="Ärende")


def test_a_secret_case_title_needs_a_public_title(case, rita):
    with pytest.raises(ValidationError):
        actions.do_mark_secret(case, acting_user=rita, ground="OSL 26 kap. 1 §")
    case = actions.do_mark_secret(case, acting_user=rita, ground="OSL 26 kap. 1 §",
                                  public_title="Anmälan enligt SoL")
    assert case.shown_title == "Anmälan enligt SoL"
    assert case.title == "Orosanmälan"


def test_marking_and_lifting_are_journalled(case, rita):
    actions.do_mark_secret(case, acting_user=rita, ground="OSL 26 kap. 1 §",
                           public_title="Anmälan enligt SoL")
    with pytest.raises(ValidationError):
        actions.do_lift_secrecy(case, acting_user=rita, reason="")
    actions.do_lift_secrecy(case, acting_user=rita, reason="Prövning: uppgifterna är offentliga")
    actions_logged = list(Event.objects.filter(case=case).values_list("action", flat=True))
    assert actions_logged == ["open", "mark_secret", "lift_secrecy"]


def test_a_party_can_be_secret_and_its_corrections_do_not_log_values(rita):
    party = actions.do_create_party(acting_user=rita, kind="person", name="Skyddad Person",
                                    secrecy_ground="OSL 21 kap. 3 §")
    actions.do_correct_party(party, acting_user=rita, reason="Ny adress",
                             address="Hemlig gata 1")
    event = Event.objects.get(action="correct")
    assert event.data["after"] == ["address"]
    assert "Hemlig gata" not in str(event.data)


def test_secret_words_are_not_searchable(document):
    found = search.search(search.Criteria(words="Lindqvist"), documents=True)
    assert found.ids == []
    with translation.override("sv"):
        label = str(Document.Type.LETTER.label)
    found = search.search(search.Criteria(words=label), documents=True)
    assert found.ids == [document.pk]


def test_a_secret_case_title_is_found_only_by_its_public_title(case, rita):
    actions.do_mark_secret(case, acting_user=rita, ground="OSL 26 kap. 1 §",
                           public_title="Anmälan enligt SoL")
    assert search.search(search.Criteria(words="orosanmälan"), documents=False).ids == []
    assert search.search(search.Criteria(words="anmälan"), documents=False).ids == [case.pk]


def test_who_may_read_secret_documents(case, rita, olle, karin, ada):
    assert access.can_read_secret(rita, case)
    assert access.can_read_secret(ada, case)
    assert access.can_read_secret(olle, case)
    assert not access.can_read_secret(karin, case)
    actions.do_grant_access(case, acting_user=rita, user=karin)
    karin = type(karin).objects.get(pk=karin.pk)
    assert access.can_read_secret(karin, case)
    assert Event.objects.filter(action="grant_access", case=case).count() == 1


def test_reading_a_secret_document_is_journalled(document, olle):
    actions.record_secret_read(document, acting_user=olle, what="file")
    event = Event.objects.get(action="read_secret")
    assert event.actor == olle and event.object_id == document.pk
    assert event.data == {"what": "file"}


def test_a_cancelled_document_cannot_be_marked_secret(case, rita):
    document = actions.do_register_document(
        case, acting_user=rita, direction="incoming", doc_type="letter", description="Brev",
        received_date=datetime.date(2024, 5, 2))
    actions.do_cancel_document(document, acting_user=rita, reason="Fel ärende")
    with pytest.raises(ValidationError):
        actions.do_mark_secret(document, acting_user=rita, ground="OSL 26 kap. 1 §")


def test_access_is_granted_only_to_case_officers(case, rita, karin):
    from tests.conftest import make_user

    outsider = make_user("charlie")
    with pytest.raises(ValidationError):
        actions.do_grant_access(case, acting_user=rita, user=outsider)
    actions.do_grant_access(case, acting_user=rita, user=karin)
    with pytest.raises(ValidationError):
        actions.do_grant_access(case, acting_user=rita, user=karin)
