"""Approval (justering) of the minutes: by the chair and the approvers named at the
meeting, complete only when all have approved; due within 14 days (KL 5 kap. 69 §)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.lib import calendar
from kansli.meetings import actions
from kansli.meetings.models import Approval, Meeting, Paragraph
from tests.conftest import make_user
from tests.meetings.conftest import approve, at, decide, drawn_up, hold

pytestmark = pytest.mark.django_db

DAY = datetime.date(2013, 11, 26)


@pytest.fixture
def minutes(ks_body, ks_board, rita):
    meeting, paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26),
                                   ["Upprop", "Nyanlända", "Budget"])
    decide(paragraphs, rita)
    return meeting


def test_the_chair_and_the_named_approvers_approve(minutes, ks_board):
    assert [(a.person, a.is_chair) for a in minutes.approvers.all()] == [
        (ks_board.chair, True), (ks_board.approvers[0], False), (ks_board.approvers[1], False)]
    meeting = approve(minutes, ks_board, on=DAY + datetime.timedelta(days=7))
    assert meeting.status == Meeting.Status.APPROVED
    assert meeting.approved_on == datetime.date(2013, 12, 3)
    assert set(meeting.paragraphs.values_list("approved_on", flat=True)) == {meeting.approved_on}


def test_approval_is_complete_only_when_all_have_approved(minutes, ks_board):
    chair, first, second = ks_board.chair, *ks_board.approvers
    on = datetime.date(2013, 12, 2)
    for person in (chair, first):
        meeting = actions.do_approve_minutes(minutes, acting_user=person.user, on=on)
        assert meeting.approved_on is None and meeting.status == Meeting.Status.HELD
        assert not Paragraph.objects.filter(approved_on__isnull=False).exists()
    meeting = actions.do_approve_minutes(minutes, acting_user=second.user, on=on)
    assert meeting.approved_on == on
    events = Event.objects.filter(action="approve_minutes").order_by("seq")
    assert [(e.data["approver"], e.data["complete"]) for e in events] == [
        (chair.pk, False), (first.pk, False), (second.pk, True)]


def test_no_one_else_approves(minutes, ks_board, sn_board, rita, org):
    member = ks_board.members[3]
    member.user = make_user("erik")
    member.save()
    for user in (rita, member.user, sn_board.chair.user, None):
        with pytest.raises(ValidationError, match="Only the chair and the approvers named"):
            actions.do_approve_minutes(minutes, acting_user=user, on=DAY)
    assert not Approval.objects.exists()


def test_an_approver_approves_once(minutes, ks_board):
    actions.do_approve_minutes(minutes, acting_user=ks_board.chair.user, on=DAY)
    with pytest.raises(ValidationError, match="already approved"):
        actions.do_approve_minutes(minutes, acting_user=ks_board.chair.user, on=DAY)


def test_the_approvers_are_named_before_approval_begins(minutes, ks_board, rita):
    with pytest.raises(ValidationError, match="at least one approver"):
        actions.do_name_approvers(minutes, acting_user=rita, chair=ks_board.chair,
                                  approvers=[])
    with pytest.raises(ValidationError, match="approves as chair"):
        actions.do_name_approvers(minutes, acting_user=rita, chair=ks_board.chair,
                                  approvers=[ks_board.chair])
    # Naming them again replaces them, until someone has approved.
    actions.do_name_approvers(minutes, acting_user=rita, chair=ks_board.chair,
                              approvers=[ks_board.members[1]])
    assert minutes.approvers.count() == 2
    actions.do_approve_minutes(minutes, acting_user=ks_board.chair.user, on=DAY)
    with pytest.raises(ValidationError, match="Approval has begun"):
        actions.do_name_approvers(minutes, acting_user=rita, chair=ks_board.chair,
                                  approvers=ks_board.approvers)


def test_minutes_are_approved_once_drawn_up_and_every_paragraph_decided(
        ks_body, ks_board, rita):
    held = hold(ks_body, ks_board, rita, at(2013, 11, 26), ["Nyanlända"])
    with pytest.raises(ValidationError, match="not drawn up"):
        actions.do_approve_minutes(held, acting_user=ks_board.chair.user, on=DAY)
    (paragraph,) = actions.do_draw_up_minutes(held, acting_user=rita)
    with pytest.raises(ValidationError, match=f"§ {paragraph.number} has no outcome"):
        actions.do_approve_minutes(held, acting_user=ks_board.chair.user, on=DAY)
    assert not Approval.objects.exists()


def test_the_day_of_approval_is_between_the_meeting_and_today(minutes, ks_board):
    for on in (DAY - datetime.timedelta(days=1),
               datetime.date.today() + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError, match="between the meeting and today"):
            actions.do_approve_minutes(minutes, acting_user=ks_board.chair.user, on=on)
    # Paper minutes signed on the meeting day itself and entered later.
    meeting = approve(minutes, ks_board, on=DAY)
    assert meeting.approved_on == DAY


def test_approval_is_due_fourteen_days_after_the_meeting(minutes, ks_board):
    assert calendar.approval_due(minutes.day) == datetime.date(2013, 12, 10)
    # Approval later than that is a fault of the organisation but still an approval.
    meeting = approve(minutes, ks_board, on=datetime.date(2013, 12, 11))
    assert meeting.approved_on > calendar.approval_due(meeting.day)


def test_nothing_at_the_meeting_changes_once_approved(minutes, ks_board, rita):
    approve(minutes, ks_board, on=DAY)
    with pytest.raises(ValidationError, match="minutes are approved"):
        actions.do_record_attendance(minutes, acting_user=rita,
                                     person=ks_board.substitutes[0], kind="substitute")
    with pytest.raises(ValidationError, match="minutes are approved"):
        actions.do_name_approvers(minutes, acting_user=rita, chair=ks_board.chair,
                                  approvers=ks_board.approvers)
    with pytest.raises(ValidationError, match="minutes are approved"):
        actions.do_approve_minutes(minutes, acting_user=ks_board.chair.user, on=DAY)
