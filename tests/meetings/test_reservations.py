"""Reservations: only those who took part in the decision can enter one."""

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Attendance
from tests.meetings.conftest import at, attend, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph(ks_body, ks_board, rita):
    meeting = plan(ks_body, rita, at(2013, 11, 26), ["Nyanlända"])
    absent = ks_board.members[-1]
    attend(meeting, ks_board, rita, absent=[absent],
           serving={ks_board.substitutes[0]: absent})
    actions.do_record_attendance(meeting, acting_user=rita, person=ks_board.substitutes[1],
                                 kind=Attendance.Kind.SUBSTITUTE)
    actions.do_mark_held(meeting, acting_user=rita)
    (paragraph,) = actions.do_draw_up_minutes(meeting, acting_user=rita)
    return paragraph


def test_a_member_who_took_part_enters_a_reservation(paragraph, ks_board, rita):
    member = ks_board.members[5]
    reservation = actions.do_add_reservation(paragraph, acting_user=rita, person=member,
                                             text="Till förmån för eget yrkande")
    assert list(paragraph.reservations.all()) == [reservation]
    assert Event.objects.get(action="add_reservation").data == {"person": member.pk}
    # A serving substitute took part too.
    actions.do_add_reservation(paragraph, acting_user=rita, person=ks_board.substitutes[0])


def test_no_reservation_by_someone_who_took_no_part(paragraph, ks_board, rita):
    recused = ks_board.members[4]
    actions.do_declare_interest(paragraph, acting_user=rita, person=recused)
    for person in (ks_board.members[-1], ks_board.substitutes[1], recused):
        with pytest.raises(ValidationError, match="Only those who took part"):
            actions.do_add_reservation(paragraph, acting_user=rita, person=person)
    assert not paragraph.reservations.exists()
