"""§ numbers run per body and calendar year (docs/paragraph-numbering.md)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import AgendaItem, Paragraph, ParagraphCounter
from tests.meetings.conftest import at, drawn_up, hold, numbers, plan

pytestmark = pytest.mark.django_db


def test_numbers_continue_across_the_meetings_of_a_body_in_a_year(ks_body, rita):
    _m, first = drawn_up(ks_body, None, rita, at(2013, 2, 5), ["Upprop", "Val", "Budget"])
    _m, second = drawn_up(ks_body, None, rita, at(2013, 3, 5), ["Upprop", "Detaljplan"])
    assert numbers(first) == [1, 2, 3]
    assert numbers(second) == [4, 5]
    assert ParagraphCounter.objects.get(body=ks_body, year=2013).last_number == 5


def test_numbers_are_given_when_the_minutes_are_drawn_up_not_when_the_meeting_is_held(
        ks_body, rita):
    earlier = hold(ks_body, None, rita, at(2013, 2, 5), ["Upprop", "Val"])
    assert not Paragraph.objects.exists()
    _later, later_paragraphs = drawn_up(ks_body, None, rita, at(2013, 3, 5), ["Upprop"])
    earlier_paragraphs = actions.do_draw_up_minutes(earlier, acting_user=rita)
    assert numbers(later_paragraphs) == [1]
    assert numbers(earlier_paragraphs) == [2, 3]


def test_numbers_follow_the_agenda_order_as_it_stands_when_drawn_up(ks_body, rita):
    meeting = plan(ks_body, rita, at(2013, 2, 5), ["Upprop", "Val", "Budget", "Övrigt"])
    budget = meeting.agenda.get(heading="Budget")
    actions.do_move_agenda_item(budget, acting_user=rita, position=1)
    actions.do_remove_agenda_item(meeting.agenda.get(heading="Övrigt"), acting_user=rita,
                                  reason="Inget att ta upp")
    actions.do_mark_held(meeting, acting_user=rita)
    paragraphs = actions.do_draw_up_minutes(meeting, acting_user=rita)
    assert [(p.number, p.heading) for p in paragraphs] == [(1, "Budget"), (2, "Upprop"),
                                                           (3, "Val")]
    assert [p.agenda_item.position for p in paragraphs] == [1, 2, 3]


def test_numbers_are_never_given_twice(ks_body, rita):
    meeting, paragraphs = drawn_up(ks_body, None, rita, at(2013, 2, 5), ["Upprop", "Val"])
    with pytest.raises(ValidationError, match="already drawn up"):
        actions.do_draw_up_minutes(meeting, acting_user=rita)
    # The agenda is closed once numbers are given.
    with pytest.raises(ValidationError, match="agenda can no longer change"):
        actions.do_add_agenda_item(meeting, acting_user=rita, heading="Sent ärende")
    with pytest.raises(ValidationError, match="agenda can no longer change"):
        actions.do_remove_agenda_item(paragraphs[0].agenda_item, acting_user=rita,
                                      reason="Fel")
    with pytest.raises(ValidationError, match="agenda can no longer change"):
        actions.do_move_agenda_item(paragraphs[1].agenda_item, acting_user=rita, position=1)
    # And the database itself refuses a second paragraph with a number of the year.
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(meeting=meeting, body=ks_body, year=2013, number=2,
                                 heading="Dubblett")
    _m, next_ones = drawn_up(ks_body, None, rita, at(2013, 3, 5), ["Upprop"])
    assert numbers(next_ones) == [3]


def test_numbering_restarts_in_january(ks_body, rita):
    _m, december = drawn_up(ks_body, None, rita, at(2013, 12, 16), ["Budget", "Taxor"])
    _m, january = drawn_up(ks_body, None, rita, at(2014, 1, 20), ["Upprop", "Val"])
    assert [(p.year, p.number) for p in december] == [(2013, 1), (2013, 2)]
    assert [(p.year, p.number) for p in january] == [(2014, 1), (2014, 2)]


def test_the_year_is_the_meeting_day_in_swedish_time(ks_body, rita):
    """A meeting at 00:30 on New Year's Day, Swedish time, is 23:30 on 31 December in
    UTC: its paragraphs belong to the new year."""
    start = at(2014, 1, 1, 0) + datetime.timedelta(minutes=30)
    _m, paragraphs = drawn_up(ks_body, None, rita, start, ["Nyårssammanträde"])
    assert (paragraphs[0].year, paragraphs[0].number) == (2014, 1)


def test_each_body_has_its_own_numbers(ks_body, sn_body, kf, rita):
    _m, ks_paragraphs = drawn_up(ks_body, None, rita, at(2013, 9, 24), ["A", "B", "C"])
    _m, sn_paragraphs = drawn_up(sn_body, None, rita, at(2013, 9, 25), ["A", "B"])
    _m, kf_paragraphs = drawn_up(kf, None, rita, at(2013, 9, 26), ["A"])
    assert numbers(ks_paragraphs) == [1, 2, 3]
    assert numbers(sn_paragraphs) == [1, 2]
    assert numbers(kf_paragraphs) == [1]
    assert {p.body for p in sn_paragraphs} == {sn_body}


def test_minutes_are_drawn_up_only_for_a_held_meeting_with_an_agenda(ks_body, rita):
    planned = plan(ks_body, rita, at(2013, 2, 5), ["Upprop"])
    with pytest.raises(ValidationError, match="has been held"):
        actions.do_draw_up_minutes(planned, acting_user=rita)
    empty = hold(ks_body, None, rita, at(2013, 2, 6))
    with pytest.raises(ValidationError, match="agenda is empty"):
        actions.do_draw_up_minutes(empty, acting_user=rita)
    assert not ParagraphCounter.objects.filter(last_number__gt=0).exists()


def test_a_meeting_is_held_only_once_it_has_begun(ks_body, rita):
    future = plan(ks_body, rita, timezone.now() + datetime.timedelta(days=3), ["Upprop"])
    with pytest.raises(ValidationError, match="not begun"):
        actions.do_mark_held(future, acting_user=rita)


def test_information_and_delegation_items_are_noted_matters_wait_for_their_outcome(
        ks_body, rita):
    _m, paragraphs = drawn_up(ks_body, None, rita, at(2013, 2, 5), ["Information", "Ärende"],
                              kinds={0: AgendaItem.Kind.INFORMATION})
    assert [p.outcome for p in paragraphs] == [Paragraph.Outcome.NOTED, ""]


def test_drawing_up_is_journaled_with_the_numbers_given(ks_body, rita):
    meeting, _p = drawn_up(ks_body, None, rita, at(2013, 2, 5), ["A"])
    _m, _p = drawn_up(ks_body, None, rita, at(2013, 3, 5), ["A", "B", "C"])
    events = Event.objects.filter(action="draw_up_minutes").order_by("seq")
    assert [e.data["paragraphs"] for e in events] == [[1, 1], [2, 4]]
    assert events[0].object_id == meeting.pk
