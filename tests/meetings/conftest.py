"""Committee work set-up: the bodies KF, KS and SN of Ekerö, the 2011–2014 term, the
eight parties, and a board of named people per body.

A board has a chair, a vice chair and members (who vote) and substitutes (who serve
for a named member when one is away). The chair and the first two members have user
accounts, so they can approve minutes. Rita, the registrar, acts as the secretary.

Helpers (plain functions, importable as ``tests.meetings.conftest``):

- ``hold(body, board, user, start, headings)``: a meeting planned, its agenda, every
  member present, held.
- ``drawn_up(...)``: the same, and its minutes drawn up.
- ``approve(meeting, board, user, on)``: the chair and two named approvers approve.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import translation

from kansli.meetings import actions
from kansli.meetings.models import AgendaItem, Attendance, Meeting, Paragraph
from kansli.org.models import Body, Membership, Person, PoliticalParty, Term
from tests.conftest import at, make_user

PARTIES = [("Socialdemokraterna", "S"), ("Moderaterna", "M"), ("Centerpartiet", "C"),
           ("Liberalerna", "L"), ("Kristdemokraterna", "KD"), ("Vänsterpartiet", "V"),
           ("Miljöpartiet", "MP"), ("Sverigedemokraterna", "SD")]

# (name, party) of the people seated on a board, in order: chair, vice chair, members,
# then substitutes.
NAMES = [("Anna Lindberg", "M"), ("Per Sjöberg", "S"), ("Karin Holm", "C"),
         ("Erik Nyström", "L"), ("Maria Ek", "KD"), ("Lars Dahl", "V"),
         ("Sofia Strand", "MP"), ("Johan Berglund", "SD"), ("Eva Lund", "S"),
         ("Mats Engström", "M"), ("Lena Falk", "C"), ("Nils Åberg", "MP")]


@pytest.fixture(autouse=True)
def english_messages(request):
    """The rule tests match refusals by their English message ids, which stay put when
    the Swedish catalogue (tested in tests/test_translations.py) changes. The view tests
    see the interface as users do, in Swedish."""
    if request.module.__name__.rpartition(".")[2].startswith("test_views_"):
        yield
        return
    with translation.override("en"):
        yield


@dataclass
class Board:
    body: Body
    chair: Person
    members: list[Person]  # voting, the chair first
    substitutes: list[Person] = field(default_factory=list)

    @property
    def approvers(self) -> list[Person]:
        """The two members named to approve (the chair approves as chair)."""
        return self.members[1:3]

    def user(self, person: Person):
        return person.user


@pytest.fixture
def kf(org):
    return Body.objects.create(organisation=org, code="KF", name="Kommunfullmäktige",
                               kind=Body.Kind.COUNCIL)


@pytest.fixture
def ks_body(ks):
    return ks.body


@pytest.fixture
def sn_body(org, sn):
    body = Body.objects.create(organisation=org, code="SN", name="Socialnämnden",
                               kind=Body.Kind.COMMITTEE)
    sn.body = body
    sn.save(update_fields=["body"])
    return body


@pytest.fixture
def term(org):
    return Term.objects.create(organisation=org, name="2011–2014",
                               start=datetime.date(2011, 1, 1),
                               end=datetime.date(2014, 12, 31))


@pytest.fixture
def parties(org):
    return {abbr: PoliticalParty.objects.create(organisation=org, name=name,
                                                abbreviation=abbr)
            for name, abbr in PARTIES}


def seat_board(body: Body, term: Term, parties: dict, *, members: int = 7,
               substitutes: int = 3) -> Board:
    """Seat ``members`` voting members (chair, vice chair, members) and ``substitutes``
    on ``body`` for the term. The chair and the first two members get user accounts."""
    people = []
    for i, (name, abbr) in enumerate(NAMES[:members + substitutes]):
        person = Person.objects.create(organisation=body.organisation, name=name)
        if i < 3:
            person.user = make_user(f"{body.code.lower()}{i}")
            person.save(update_fields=["user"])
        role = (Membership.Role.CHAIR if i == 0 else Membership.Role.VICE_CHAIR if i == 1
                else Membership.Role.MEMBER if i < members else Membership.Role.SUBSTITUTE)
        Membership.objects.create(body=body, person=person, role=role,
                                  political_party=parties[abbr], term=term,
                                  start=term.start, end=term.end)
        people.append(person)
    return Board(body, people[0], people[:members], people[members:])


@pytest.fixture
def boards(kf, ks_body, sn_body, term, parties):
    return {body.code: seat_board(body, term, parties) for body in (kf, ks_body, sn_body)}


@pytest.fixture
def kf_board(boards):
    return boards["KF"]


@pytest.fixture
def ks_board(boards):
    return boards["KS"]


@pytest.fixture
def sn_board(boards):
    return boards["SN"]


def plan(body: Body, user, start: datetime.datetime, headings=(), *, cases=(),
         kinds=None) -> Meeting:
    """A planned meeting with an agenda item per heading (or per case)."""
    meeting = actions.do_plan_meeting(body, acting_user=user, start=start,
                                      place="Sammanträdesrummet, Ekerö kommunhus",
                                      minutes_kept_at="Kommunkansliet, Ekerö kommunhus")
    for i, heading in enumerate(headings):
        actions.do_add_agenda_item(meeting, acting_user=user, heading=heading,
                                   kind=(kinds or {}).get(i, AgendaItem.Kind.MATTER))
    for case in cases:
        actions.do_add_agenda_item(meeting, acting_user=user, heading="", case=case)
    return meeting


def attend(meeting: Meeting, board: Board, user, *, absent=(), serving=None) -> None:
    """Every voting member present but ``absent``; ``serving`` maps substitute → the
    absent member they serve for."""
    for person in board.members:
        if person not in absent:
            actions.do_record_attendance(meeting, acting_user=user, person=person,
                                         kind=Attendance.Kind.MEMBER)
    for substitute, member in (serving or {}).items():
        actions.do_record_attendance(meeting, acting_user=user, person=substitute,
                                     kind=Attendance.Kind.SERVING, serving_for=member)


def hold(body: Body, board: Board | None, user, start: datetime.datetime, headings=(),
         **kwargs) -> Meeting:
    meeting = plan(body, user, start, headings, **kwargs)
    if board is not None:
        attend(meeting, board, user)
        actions.do_name_approvers(meeting, acting_user=user, chair=board.chair,
                                  approvers=board.approvers)
    return actions.do_mark_held(meeting, acting_user=user)


def drawn_up(body: Body, board: Board | None, user, start: datetime.datetime, headings=(),
             **kwargs) -> tuple[Meeting, list[Paragraph]]:
    meeting = hold(body, board, user, start, headings, **kwargs)
    paragraphs = actions.do_draw_up_minutes(meeting, acting_user=user)
    return Meeting.objects.get(pk=meeting.pk), paragraphs


def decide(paragraphs, user, outcome=Paragraph.Outcome.AS_PROPOSED) -> None:
    for paragraph in paragraphs:
        if not paragraph.outcome:
            actions.do_write_paragraph(paragraph, acting_user=user, outcome=outcome)


def approve(meeting: Meeting, board: Board, *, on: datetime.date) -> Meeting:
    """The chair and each named approver approve the minutes on ``on``."""
    for person in [board.chair, *board.approvers]:
        meeting = actions.do_approve_minutes(meeting, acting_user=person.user, on=on)
    return meeting


def numbers(paragraphs) -> list[int]:
    return [p.number for p in paragraphs]


__all__ = ["Board", "at", "approve", "attend", "decide", "drawn_up", "hold", "numbers",
           "plan", "seat_board"]
