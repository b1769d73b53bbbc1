import datetime

from kansli.handling import actions
from kansli.handling.models import Deadline
from kansli.lib import calendar
from kansli.meetings import actions as meetings
from tests.meetings.conftest import approve, at, decide, drawn_up

D = datetime.date


def rules(meeting):
    return {d.rule.rsplit(":", 1)[1]: d for d in
            Deadline.objects.filter(meeting=meeting)}


def test_minutes_drawn_up_get_an_approval_deadline_fourteen_days_after_the_meeting(
        ks_body, ks_board, rita):
    meeting, _ = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26), ["Nyanlända"])
    assert actions.legal_deadlines_job(None) == 1
    assert rules(meeting)["approval"].due == calendar.approval_due(D(2013, 11, 26))
    assert actions.legal_deadlines_job(None) == 0


def test_approved_minutes_meet_the_approval_deadline_and_get_posting_and_appeal_deadlines(
        ks_body, ks_board, rita, django_capture_on_commit_callbacks):
    meeting, paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26), ["Nyanlända"])
    decide(paragraphs, rita)
    actions.legal_deadlines_for_meeting(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = approve(meeting, ks_board, on=D(2013, 12, 2))
    found = rules(meeting)
    assert found["approval"].status == "met" and found["approval"].closed_on == D(2013, 12, 2)
    assert found["posting"].due == calendar.posting_deadline(D(2013, 12, 2))
    meetings.do_post_minutes(meeting, acting_user=rita, on=D(2013, 12, 3))
    assert actions.legal_deadlines_job(None) >= 1
    found = rules(meeting)
    assert found["posting"].status == "met"
    assert found["appeal"].due == calendar.appeal_last_day(D(2013, 12, 3))


def test_a_posting_whose_period_ended_is_recorded_taken_down_once(
        ks_body, ks_board, rita):
    from django.utils import timezone

    meeting, paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26), ["Nyanlända"])
    decide(paragraphs, rita)
    meeting = approve(meeting, ks_board, on=D(2013, 12, 2))
    meetings.do_post_minutes(meeting, acting_user=rita, on=D(2013, 12, 3))
    now = timezone.now()
    assert actions.takedown_job(now) == 1
    assert actions.takedown_job(now) == 0
