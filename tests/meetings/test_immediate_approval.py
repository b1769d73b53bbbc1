"""Immediate approval (omedelbar justering) of one paragraph at the meeting."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.meetings import actions
from kansli.meetings.models import Handling, Paragraph
from tests.conftest import open_case
from tests.meetings.conftest import approve, at, decide, hold

pytestmark = pytest.mark.django_db

DAY = datetime.date(2013, 11, 26)


@pytest.fixture
def minutes(ks, ks_body, ks_board, klass, rita):
    case = open_case(rita, ks, klass)
    actions.do_refer_case(case, acting_user=rita, body=ks_body,
                          role=Handling.Role.DECISION)
    meeting = hold(ks_body, ks_board, rita, at(2013, 11, 26), ["Upprop"], cases=[case])
    paragraphs = actions.do_draw_up_minutes(meeting, acting_user=rita)
    return meeting, paragraphs


def test_a_paragraph_is_approved_at_once_when_the_chair_and_all_approvers_have(
        minutes, ks_board, rita):
    meeting, (first, urgent) = minutes
    actions.do_write_paragraph(urgent, acting_user=rita, decision="att anta överenskommelsen",
                               outcome=Paragraph.Outcome.AS_PROPOSED)
    for person in (ks_board.chair, ks_board.approvers[0]):
        urgent = actions.do_approve_paragraph_at_once(urgent, acting_user=person.user, on=DAY)
        assert urgent.approved_on is None
    urgent = actions.do_approve_paragraph_at_once(urgent, acting_user=ks_board.approvers[1].user,
                                                  on=DAY)
    assert urgent.approved_on == DAY and urgent.immediately_approved
    # Its handling has its result now; the rest of the minutes wait.
    assert Handling.objects.get(paragraph=urgent).result == Paragraph.Outcome.AS_PROPOSED
    meeting.refresh_from_db()
    assert meeting.approved_on is None
    first.refresh_from_db()
    assert first.approved_on is None
    # The other paragraph can still be written; the urgent one cannot.
    actions.do_write_paragraph(first, acting_user=rita, outcome=Paragraph.Outcome.NOTED)
    with pytest.raises(ValidationError, match="approved; change it only by a correction"):
        actions.do_write_paragraph(urgent, acting_user=rita, decision="ändrat")


def test_the_minutes_approved_later_keep_the_day_of_the_immediate_approval(minutes, ks_board,
                                                                           rita):
    meeting, (first, urgent) = minutes
    decide([first, urgent], rita)
    for person in (ks_board.chair, *ks_board.approvers):
        actions.do_approve_paragraph_at_once(urgent, acting_user=person.user, on=DAY)
    meeting = approve(meeting, ks_board, on=datetime.date(2013, 12, 2))
    urgent.refresh_from_db()
    first.refresh_from_db()
    assert (urgent.approved_on, urgent.immediately_approved) == (DAY, True)
    assert (first.approved_on, first.immediately_approved) == (datetime.date(2013, 12, 2),
                                                               False)


def test_immediate_approval_only_by_approvers_of_a_decided_paragraph_once_each(
        minutes, ks_board, rita):
    _meeting, (_first, urgent) = minutes
    with pytest.raises(ValidationError, match="has no outcome"):
        actions.do_approve_paragraph_at_once(urgent, acting_user=ks_board.chair.user, on=DAY)
    decide([urgent], rita)
    with pytest.raises(ValidationError, match="Only the chair and the approvers"):
        actions.do_approve_paragraph_at_once(urgent, acting_user=rita, on=DAY)
    actions.do_approve_paragraph_at_once(urgent, acting_user=ks_board.chair.user, on=DAY)
    with pytest.raises(ValidationError, match="already approved this paragraph"):
        actions.do_approve_paragraph_at_once(urgent, acting_user=ks_board.chair.user, on=DAY)
