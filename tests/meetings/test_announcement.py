"""The notice and agenda; a council (KF) meeting is announced on the notice board at
least one week before it (KL 5 kap. 11 §)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Meeting, Posting
from tests.meetings.conftest import at, plan

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_council_meeting_is_announced_at_least_a_week_before(kf, rita):
    meeting = plan(kf, rita, at(2013, 12, 16, 18), ["Nyanlända"])
    meeting = actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 12, 9))
    assert meeting.status == Meeting.Status.NOTICE_SENT
    posting = Posting.objects.get(meeting=meeting)
    assert posting.kind == Posting.Kind.ANNOUNCEMENT
    assert (posting.posted_on, posting.taken_down_on) == (D(2013, 12, 9), D(2013, 12, 17))
    assert posting.appeal_last_day is None
    assert Event.objects.get(action="send_notice").data == {"on": "2013-12-09", "items": 1}


def test_a_council_announcement_later_than_a_week_before_is_refused(kf, rita):
    meeting = plan(kf, rita, at(2013, 12, 16, 18), ["Nyanlända"])
    with pytest.raises(ValidationError, match=r"at least one week before it \(by 2013-12-09\)"):
        actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 12, 10))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert not Posting.objects.exists()


def test_other_bodies_send_their_notice_without_an_announcement(ks_body, rita):
    meeting = plan(ks_body, rita, at(2013, 11, 26), ["Nyanlända"])
    actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 11, 22))
    assert not Posting.objects.exists()


def test_a_notice_needs_an_agenda_and_is_sent_once(ks_body, rita):
    empty = plan(ks_body, rita, at(2013, 11, 26))
    with pytest.raises(ValidationError, match="agenda is empty"):
        actions.do_send_notice(empty, acting_user=rita, on=D(2013, 11, 20))
    meeting = plan(ks_body, rita, at(2013, 11, 27), ["Nyanlända"])
    actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 11, 20))
    with pytest.raises(ValidationError, match="already been sent"):
        actions.do_send_notice(meeting, acting_user=rita, on=D(2013, 11, 21))


def test_a_meeting_needs_a_place_and_where_the_minutes_are_kept_and_ends_after_it_starts(
        ks_body, rita):
    with pytest.raises(ValidationError, match="place of the meeting"):
        actions.do_plan_meeting(ks_body, acting_user=rita, start=at(2013, 11, 26), place=" ",
                                minutes_kept_at="Kommunkansliet")
    with pytest.raises(ValidationError, match="ends after it starts"):
        actions.do_plan_meeting(ks_body, acting_user=rita, start=at(2013, 11, 26),
                                end=at(2013, 11, 26, 9), place="Ekerö",
                                minutes_kept_at="Kommunkansliet")
