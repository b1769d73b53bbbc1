"""A paragraph belongs to a meeting of its own body: its number is the body's, so a
paragraph of a KS meeting numbered in SN's series is refused."""

import pytest
from django.core.exceptions import ValidationError

from kansli.meetings import actions
from kansli.meetings.models import Handling, Paragraph
from tests.conftest import open_case
from tests.meetings.conftest import at, drawn_up, hold

pytestmark = pytest.mark.django_db


def test_a_paragraph_for_a_meeting_of_another_body_is_refused(ks_body, sn_body, rita):
    ks_meeting = hold(ks_body, None, rita, at(2013, 9, 24), ["Upprop"])
    with pytest.raises(ValidationError, match="own body"):
        Paragraph.objects.create(meeting=ks_meeting, body=sn_body, year=2013, number=130,
                                 heading="Fel organ")
    assert not Paragraph.objects.exists()


def test_drawn_up_paragraphs_carry_their_meetings_body(ks_body, sn_body, rita):
    meeting, paragraphs = drawn_up(sn_body, None, rita, at(2013, 9, 25), ["A", "B"])
    assert {(p.body_id, p.meeting_id) for p in paragraphs} == {(sn_body.pk, meeting.pk)}


def test_an_agenda_item_takes_over_only_the_handling_by_its_own_body(
        ks, ks_body, sn_body, klass, rita):
    case = open_case(rita, ks, klass)
    sn_handling = actions.do_refer_case(case, acting_user=rita, body=sn_body,
                                        role=Handling.Role.OPINION)
    ks_meeting = hold(ks_body, None, rita, at(2013, 9, 24))
    actions.do_add_agenda_item(ks_meeting, acting_user=rita, heading="", case=case)
    sn_handling.refresh_from_db()
    assert sn_handling.agenda_item is None
