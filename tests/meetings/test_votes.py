"""Proposals and votes per KL 5 kap. 67 §: proposals not withdrawn, the order put,
open votes with how each member voted; counts never exceed those taking part (members
present and serving substitutes, less declarations of interest)."""

import pytest
from django.core.exceptions import ValidationError

from kansli.diary.models import Event
from kansli.meetings import actions
from kansli.meetings.models import Attendance, Ballot
from tests.meetings.conftest import at, attend, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraph(ks_body, ks_board, rita):
    """A KS meeting: six of seven members present, a substitute serving for the
    seventh, another substitute present but not serving."""
    meeting = plan(ks_body, rita, at(2013, 11, 26), ["Nyanlända"])
    absent = ks_board.members[-1]
    attend(meeting, ks_board, rita, absent=[absent],
           serving={ks_board.substitutes[0]: absent})
    actions.do_record_attendance(meeting, acting_user=rita, person=ks_board.substitutes[1],
                                 kind=Attendance.Kind.SUBSTITUTE)
    actions.do_mark_held(meeting, acting_user=rita)
    (paragraph,) = actions.do_draw_up_minutes(meeting, acting_user=rita)
    return paragraph


def test_proposals_are_kept_in_order_with_the_order_they_were_put(paragraph, ks_board,
                                                                   rita):
    chair, second, third = ks_board.members[:3]
    a = actions.do_add_proposal(paragraph, acting_user=rita, mover=chair,
                                text="Bifall till förslaget", put_order=1, adopted=True)
    b = actions.do_add_proposal(paragraph, acting_user=rita, mover=second,
                                text="Avslag", put_order=2)
    c = actions.do_add_proposal(paragraph, acting_user=rita, mover=third,
                                text="Återremiss", withdrawn=True)
    assert [p.order for p in (a, b, c)] == [1, 2, 3]
    assert list(paragraph.proposals.filter(withdrawn=False)) == [a, b]
    assert c.withdrawn and c.put_order is None
    assert Event.objects.filter(action="add_proposal").count() == 3


def test_a_proposal_is_made_only_by_someone_taking_part(paragraph, ks_board, rita):
    with pytest.raises(ValidationError, match="takes no part"):
        actions.do_add_proposal(paragraph, acting_user=rita, mover=ks_board.substitutes[1],
                                text="Bifall")
    with pytest.raises(ValidationError, match="takes no part"):
        actions.do_add_proposal(paragraph, acting_user=rita, mover=ks_board.members[-1],
                                text="Bifall")
    with pytest.raises(ValidationError, match="needs its text"):
        actions.do_add_proposal(paragraph, acting_user=rita, mover=ks_board.chair, text=" ")
    # The serving substitute takes part.
    actions.do_add_proposal(paragraph, acting_user=rita, mover=ks_board.substitutes[0],
                            text="Bifall")


def test_an_open_vote_records_each_ballot_and_counts_them(paragraph, ks_board, rita):
    deciding = ks_board.members[:-1] + [ks_board.substitutes[0]]
    ballots = {p: ("yes" if i < 4 else "no" if i < 6 else "abstain")
               for i, p in enumerate(deciding)}
    vote = actions.do_record_vote(paragraph, acting_user=rita,
                                  question="Bifall mot avslag", result="Bifall", ballots=ballots)
    assert (vote.yes, vote.no, vote.abstain) == (4, 2, 1)
    assert {b.person: b.choice for b in vote.ballots.all()} == ballots
    event = Event.objects.get(action="record_vote")
    assert event.data["counts"] == [4, 2, 1]
    assert event.data["ballots"] == {str(p.pk): c for p, c in ballots.items()}


def test_counts_must_match_the_ballots(paragraph, ks_board, rita):
    ballots = dict.fromkeys(ks_board.members[:3], "yes")
    with pytest.raises(ValidationError, match="do not match"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall", result="Bifall",
                               yes=2, no=1, ballots=ballots)
    with pytest.raises(ValidationError, match="yes, no or abstaining"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall", result="Bifall",
                               ballots={ks_board.chair: "kanske"})


def test_a_ballot_only_from_someone_taking_part(paragraph, ks_board, rita):
    for outsider in (ks_board.members[-1], ks_board.substitutes[1]):
        with pytest.raises(ValidationError, match="Not taking part"):
            actions.do_record_vote(paragraph, acting_user=rita, question="Bifall",
                                   result="Bifall", ballots={outsider: "yes"})
    assert not Ballot.objects.exists()


def test_vote_counts_exceeding_the_deciding_members_are_refused(paragraph, rita):
    # Seven take part: six members present and one serving substitute.
    with pytest.raises(ValidationError, match="8 votes, but only 7"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall",
                               result="Bifall", yes=5, no=2, abstain=1)
    vote = actions.do_record_vote(paragraph, acting_user=rita, question="Bifall",
                                  result="Bifall", yes=5, no=1, abstain=1)
    assert (vote.yes, vote.no, vote.abstain) == (5, 1, 1)


def test_a_declaration_of_interest_lowers_the_count_of_those_deciding(paragraph, ks_board,
                                                                      rita):
    recused = ks_board.members[2]
    actions.do_declare_interest(paragraph, acting_user=rita, person=recused,
                                note="Styrelseledamot i föreningen")
    with pytest.raises(ValidationError, match="7 votes, but only 6"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall",
                               result="Bifall", yes=7, no=0)
    with pytest.raises(ValidationError, match="Not taking part"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall",
                               result="Bifall", ballots={recused: "yes"})
    actions.do_record_vote(paragraph, acting_user=rita, question="Bifall", result="Bifall",
                           yes=6, no=0)


def test_a_declaration_of_interest_is_made_by_someone_at_the_meeting_once(
        paragraph, ks_board, rita):
    with pytest.raises(ValidationError, match="not at the meeting"):
        actions.do_declare_interest(paragraph, acting_user=rita, person=ks_board.members[-1])
    actions.do_declare_interest(paragraph, acting_user=rita, person=ks_board.members[1])
    with pytest.raises(ValidationError, match="already recorded"):
        actions.do_declare_interest(paragraph, acting_user=rita, person=ks_board.members[1])


def test_a_vote_needs_its_question_result_and_counts(paragraph, rita):
    with pytest.raises(ValidationError, match="number of yes and no"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall", result="Bifall")
    with pytest.raises(ValidationError, match="number of yes and no"):
        actions.do_record_vote(paragraph, acting_user=rita, question="Bifall", result="Bifall",
                               yes=-1, no=2)
    with pytest.raises(ValidationError, match="question put"):
        actions.do_record_vote(paragraph, acting_user=rita, question=" ", result="Bifall",
                               yes=1, no=2)
