"""Approved paragraphs are unalterable: every edit is refused, and a change afterwards
is a correction with a reason, journaled with what it was and what it became."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import journal
from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Paragraph
from tests.meetings.conftest import approve, at, decide, drawn_up

pytestmark = pytest.mark.django_db

REFUSED = "approved; change it only by a correction"


@pytest.fixture
def approved(ks_body, ks_board, rita):
    meeting, (paragraph,) = drawn_up(ks_body, ks_board, rita, at(2013, 11, 26),
                                     ["Överenskommelse om nyanlända"])
    actions.do_write_paragraph(paragraph, acting_user=rita,
                               decision="att anta överenskommelsen",
                               outcome=Paragraph.Outcome.AS_PROPOSED)
    approve(meeting, ks_board, on=datetime.date(2013, 12, 2))
    paragraph.refresh_from_db()
    return paragraph


def test_every_edit_of_an_approved_paragraph_is_refused(approved, ks_board, rita, ksl):
    member = ks_board.members[3]
    edits = [
        lambda: actions.do_write_paragraph(approved, acting_user=rita, decision="ändrat"),
        lambda: actions.do_write_paragraph(approved, acting_user=rita, heading="Ny rubrik"),
        lambda: actions.do_write_paragraph(approved, acting_user=rita,
                                           outcome=Paragraph.Outcome.TABLED),
        lambda: actions.do_add_proposal(approved, acting_user=rita, mover=member,
                                        text="Avslag"),
        lambda: actions.do_record_vote(approved, acting_user=rita, question="Bifall",
                                       result="Bifall", yes=1, no=0),
        lambda: actions.do_add_reservation(approved, acting_user=rita, person=member),
        lambda: actions.do_declare_interest(approved, acting_user=rita, person=member),
        lambda: actions.do_set_recipients(approved, acting_user=rita, recipients=[ksl]),
        lambda: actions.do_approve_paragraph_at_once(approved,
                                                     acting_user=ks_board.chair.user),
    ]
    before = Event.objects.count()
    for edit in edits:
        with pytest.raises(ValidationError, match=REFUSED):
            edit()
    assert Event.objects.count() == before
    approved.refresh_from_db()
    assert (approved.heading, approved.decision, approved.outcome) == (
        "Överenskommelse om nyanlända", "att anta överenskommelsen", "as_proposed")
    assert not approved.proposals.exists() and not approved.votes.exists()
    assert not approved.recipients.exists()


def test_a_correction_with_a_reason_is_journaled_with_before_and_after(approved, rita):
    corrected = actions.do_correct_paragraph(
        approved, acting_user=rita, reason="Skrivfel i beslutet",
        decision="att anta överenskommelsen om samverkan gällande nyanlända")
    assert corrected.decision == "att anta överenskommelsen om samverkan gällande nyanlända"
    assert corrected.approved_on == datetime.date(2013, 12, 2)
    event = Event.objects.get(action="correct", object_type="paragraph")
    assert event.object_id == approved.pk
    assert event.data == {
        "reason": "Skrivfel i beslutet",
        "before": {"decision": "att anta överenskommelsen"},
        "after": {"decision": "att anta överenskommelsen om samverkan gällande nyanlända"},
    }
    assert journal.verify()[1] is None


def test_a_correction_needs_a_reason_a_change_and_an_approved_paragraph(
        approved, ks_body, rita):
    with pytest.raises(ValidationError, match="reason must be given"):
        actions.do_correct_paragraph(approved, acting_user=rita, reason=" ", decision="x")
    with pytest.raises(ValidationError, match="changes nothing"):
        actions.do_correct_paragraph(approved, acting_user=rita, reason="Ingen ändring")
    with pytest.raises(ValidationError, match="changes nothing"):
        actions.do_correct_paragraph(approved, acting_user=rita, reason="Samma",
                                     decision="att anta överenskommelsen")
    _m, (draft,) = drawn_up(ks_body, None, rita, at(2013, 12, 3), ["Utkast"])
    with pytest.raises(ValidationError, match="not approved; write it instead"):
        actions.do_correct_paragraph(draft, acting_user=rita, reason="Fel", heading="Ny")
    assert not Event.objects.filter(action="correct").exists()


def test_an_unapproved_paragraph_is_written_and_journaled_with_before_and_after(
        ks_body, rita):
    _m, (paragraph,) = drawn_up(ks_body, None, rita, at(2013, 12, 3), ["Rubrik"])
    decide([paragraph], rita)
    actions.do_write_paragraph(paragraph, acting_user=rita, heading="Bättre rubrik")
    event = Event.objects.filter(action="write_paragraph").latest("seq")
    assert event.data == {"before": {"heading": "Rubrik"}, "after": {"heading": "Bättre rubrik"}}
    with pytest.raises(ValidationError, match="needs a heading"):
        actions.do_write_paragraph(paragraph, acting_user=rita, heading="  ")
    with pytest.raises(ValidationError, match="Not an outcome"):
        actions.do_write_paragraph(paragraph, acting_user=rita, outcome="maybe")
