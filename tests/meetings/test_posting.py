"""The notice board: the approval of the minutes is posted after approval, no later
than the second day after it; the appeal period runs three weeks from posting, moved
to the next working day (KL 8 kap. 12 §, 13 kap. 5 §, lag 1930:173)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.lib import calendar
from kansli.meetings import actions
from kansli.meetings.models import Meeting, Posting
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def minutes(ks_body, ks_board, rita):
    meeting, paragraphs = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26), ["Nyanlända"])
    decide(paragraphs, rita)
    return meeting


def test_posting_is_refused_before_the_minutes_are_approved(minutes, ks_board, rita):
    with pytest.raises(ValidationError, match="after they are approved"):
        actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 3))
    # Not even when some approvers have approved.
    actions.do_approve_minutes(minutes, acting_user=ks_board.chair.user, on=D(2013, 12, 2))
    with pytest.raises(ValidationError, match="after they are approved"):
        actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 3))
    assert not Posting.objects.exists()


def test_posting_is_refused_before_the_day_of_approval(minutes, ks_board, rita):
    approve(minutes, ks_board, on=D(2013, 12, 3))
    with pytest.raises(ValidationError, match="before the approval"):
        actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 2))


def test_the_appeal_period_runs_three_weeks_and_ends_on_a_working_day(minutes, ks_board,
                                                                      rita):
    """Posted Tuesday 2013-12-03: three weeks end on julafton, 25 and 26 December are
    holidays, so the last day is Friday 2013-12-27; the posting comes down on the 28th."""
    approve(minutes, ks_board, on=D(2013, 12, 2))
    posting = actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 3))
    assert posting.kind == Posting.Kind.APPROVAL
    assert posting.posted_on == D(2013, 12, 3)
    assert posting.appeal_last_day == D(2013, 12, 27) == calendar.appeal_last_day(D(2013, 12, 3))
    assert posting.taken_down_on == D(2013, 12, 28)
    assert posting.approved_on == D(2013, 12, 2)
    assert posting.minutes_kept_at == "Kommunkansliet, Ekerö kommunhus"
    assert not posting.late
    assert posting.posted_by == rita
    minutes.refresh_from_db()
    assert minutes.status == Meeting.Status.POSTED
    event = Event.objects.get(action="post_minutes")
    assert event.data == {"posted_on": "2013-12-03", "appeal_last_day": "2013-12-27",
                          "late": False}


def test_an_ordinary_appeal_period_ends_three_weeks_after_posting(minutes, ks_board, rita):
    approve(minutes, ks_board, on=D(2013, 11, 28))
    posting = actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 11, 28))
    assert (posting.appeal_last_day, posting.taken_down_on) == (D(2013, 12, 19),
                                                                D(2013, 12, 20))


def test_a_posting_on_the_second_day_after_approval_is_in_time(minutes, ks_board, rita):
    approve(minutes, ks_board, on=D(2013, 12, 2))
    posting = actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 4))
    assert not posting.late


def test_a_posting_after_the_second_day_is_kept_and_marked_late(minutes, ks_board, rita):
    approve(minutes, ks_board, on=D(2013, 12, 2))
    posting = actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 5))
    assert posting.late
    assert posting.appeal_last_day == calendar.appeal_last_day(D(2013, 12, 5))


def test_the_approval_is_posted_once(minutes, ks_board, rita):
    approve(minutes, ks_board, on=D(2013, 12, 2))
    actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 2))
    with pytest.raises(ValidationError, match="already posted"):
        actions.do_post_minutes(minutes, acting_user=rita, on=D(2013, 12, 3))
