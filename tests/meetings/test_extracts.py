"""Extracts (protokollsutdrag) of approved paragraphs are registered in the case:
outgoing with their recipients when sent, drawn up otherwise."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Document, DocumentParty, Event
from kansli.meetings import actions
from kansli.meetings.models import Paragraph
from tests.conftest import open_case
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(ks, klass, kf, kf_board, rita):
    case = open_case(rita, ks, klass)
    meeting, paragraphs = drawn_up(kf, kf_board, rita, at(2013, 12, 16, 18), ["Upprop"],
                                   cases=[case])
    decide(paragraphs, rita)
    return meeting, paragraphs, case


def test_an_extract_sent_is_registered_in_the_case_as_outgoing_with_its_recipients(
        minutes, kf_board, ksl, rita):
    meeting, (_first, paragraph), case = minutes
    approve(meeting, kf_board, on=datetime.date(2013, 12, 18))
    document = actions.do_issue_extract(paragraph, acting_user=rita, recipients=[ksl],
                                        sent_on=datetime.date(2013, 12, 18))
    assert document.case == case
    assert (document.direction, document.doc_type) == (Document.Direction.OUTGOING,
                                                       Document.Type.EXTRACT)
    assert document.description == "Protokollsutdrag Kommunfullmäktige 2013-12-16 § 2"
    assert (document.document_date, document.received_date) == (
        datetime.date(2013, 12, 16), datetime.date(2013, 12, 18))
    assert [(link.party, link.role) for link in document.party_links.all()] == [
        (ksl, DocumentParty.Role.RECIPIENT)]
    event = Event.objects.get(action="issue_extract")
    assert (event.object_id, event.case_id, event.data) == (
        paragraph.pk, case.pk, {"document": document.pk})
    assert Event.objects.filter(action="register", object_id=document.pk).exists()


def test_an_extract_not_sent_is_drawn_up(minutes, kf_board, rita):
    meeting, (_first, paragraph), _case = minutes
    approve(meeting, kf_board, on=datetime.date(2013, 12, 18))
    document = actions.do_issue_extract(paragraph, acting_user=rita)
    assert document.direction == Document.Direction.DRAWN_UP
    assert not document.party_links.exists()


def test_an_extract_is_made_only_of_an_approved_paragraph(minutes, kf_board, ksl, rita):
    meeting, (_first, paragraph), case = minutes
    with pytest.raises(ValidationError, match="approved paragraph"):
        actions.do_issue_extract(paragraph, acting_user=rita, recipients=[ksl])
    # Approved at once, it can be sent at once.
    for person in (kf_board.chair, *kf_board.approvers):
        actions.do_approve_paragraph_at_once(paragraph, acting_user=person.user,
                                             on=datetime.date(2013, 12, 16))
    actions.do_issue_extract(paragraph, acting_user=rita, recipients=[ksl])
    assert case.documents.filter(doc_type=Document.Type.EXTRACT).count() == 1


def test_an_extract_needs_a_case_to_be_registered_in(minutes, kf_board, rita):
    meeting, (first, _paragraph), _case = minutes
    approve(meeting, kf_board, on=datetime.date(2013, 12, 18))
    first = Paragraph.objects.get(pk=first.pk)
    with pytest.raises(ValidationError, match="no case"):
        actions.do_issue_extract(first, acting_user=rita)
