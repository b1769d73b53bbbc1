"""Paper minutes entered afterwards keep the days they were signed and sent."""

import datetime

import pytest

from kansli.meetings.models import Approval
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db


def test_each_approval_keeps_the_day_it_was_signed(ks, klass, kf, kf_board, rita):
    from tests.conftest import open_case

    case = open_case(rita, ks, klass)
    meeting, paragraphs = drawn_up(kf, kf_board, rita, at(2013, 12, 16, 18), cases=[case])
    decide(paragraphs, rita)
    approve(meeting, kf_board, on=datetime.date(2013, 12, 18))
    assert set(Approval.objects.values_list("on", flat=True)) == {datetime.date(2013, 12, 18)}


def test_a_notice_entered_afterwards_keeps_the_day_it_was_sent(ks_body, rita):
    from django.utils import timezone

    from kansli.meetings import actions
    from tests.meetings.conftest import plan

    meeting = plan(ks_body, rita, at(2013, 11, 26, 13), headings=["Ärende"])
    meeting = actions.do_send_notice(meeting, acting_user=rita, on=datetime.date(2013, 11, 15))
    assert timezone.localtime(meeting.notice_sent_at).date() == datetime.date(2013, 11, 15)
