"""The committee work of the demo: KF, KS and SN with their members for the 2011–2014
term and the current one, the reference case KS13/250-133 handled by SN (§ 130), KS and
KF, approved, posted and sent out (DESIGN.md §1, steps 1–6), and work waiting in the
interface: minutes to approve and one upcoming meeting per body.

Called by ``kansli.diary.demo.load`` inside its transaction, after the reference case
and the made-up cases; everything goes through ``actions.py``, so the journal verifies.
The same story runs as a test in tests/meetings/test_seed_story.py.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from kansli.diary import actions as diary_actions
from kansli.diary.demo import REPORT_TEXT, DemoError
from kansli.diary.models import Case, Party
from kansli.org.models import Body, Membership, Person, PoliticalParty, Term

from . import actions
from .models import AgendaItem, Attendance, Handling, Meeting, Paragraph, ParagraphCounter

PARTIES = [("Socialdemokraterna", "S"), ("Moderaterna", "M"), ("Centerpartiet", "C"),
           ("Liberalerna", "L"), ("Kristdemokraterna", "KD"), ("Vänsterpartiet", "V"),
           ("Miljöpartiet de gröna", "MP"), ("Sverigedemokraterna", "SD")]

# The politicians with demo logins (kansli.diary.demo.USERS): chair of each body, and
# one who is named to approve the minutes of all three.
CHAIRS = {"KF": "kfordf", "KS": "ksordf", "SN": "snordf"}
APPROVER = "justerare"
POLITICIANS = {"kfordf": "C", "ksordf": "M", "snordf": "KD", "justerare": "S"}

# Seats per body: voting members (the chair and the approver among them) and substitutes.
SEATS = {"KF": (15, 5), "KS": (9, 4), "SN": (7, 3)}
PARTY_CYCLE = ["M", "S", "C", "L", "S", "M", "KD", "MP", "V", "SD", "S", "M", "C", "L"]
FIRST_NAMES = ["Anders", "Birgitta", "Christer", "Elisabeth", "Fredrik", "Gunilla", "Henrik",
               "Ingrid", "Jonas", "Karin", "Lennart", "Margareta", "Mikael", "Annika",
               "Olof", "Pia", "Stefan", "Ulla", "Tomas", "Agneta", "Magnus", "Helena",
               "Björn", "Lena", "Johan", "Camilla", "Niklas", "Sara", "Patrik"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
              "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
              "Jansson", "Hansson", "Bengtsson", "Lindström", "Lindqvist", "Sandberg",
              "Forsberg", "Sjöberg", "Wallin", "Engström", "Danielsson", "Håkansson",
              "Lundgren", "Berglund", "Fredriksson", "Mattsson", "Holmberg", "Nyberg",
              "Björk", "Strand", "Hedlund", "Åkesson", "Öberg"]

TITLE = ("Överenskommelse om samverkan mellan kommuner i Stockholms län gällande "
         "nyanlända")
PLACE = "Ekerö kommunhus, Sammanträdesrummet Mälaren"
KEPT_AT = "Kommunkansliet, Ekerö kommunhus, Tappström"
SIGNATORIES = [("Ann-Cathrine Bergström", "Kanslichef"),
               ("Andreas Halvarsson", "Nämndsekreterare")]
# § numbers already given in 2013 before the story's meetings (history, like the KS
# series counter the diary demo sets to 249). SN's meeting of 25 September opens with
# the formal item (§ 129), so the case gets § 130.
HISTORY_2013 = {"SN": 128, "KS": 176, "KF": 88}


@dataclass
class Board:
    body: Body
    chair: Person
    approvers: list[Person]
    members: list[Person]
    substitutes: list[Person]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _d(y, m, d) -> datetime.date:
    return datetime.date(y, m, d)


def terms(org, today: datetime.date) -> tuple[Term, Term]:
    """The 2011–2014 term of the reference case, and the term today falls in (terms
    start in the January after an election year: 2023, 2027, …)."""
    old, _ = Term.objects.get_or_create(organisation=org, name="2011–2014",
                                        defaults={"start": _d(2011, 1, 1),
                                                  "end": _d(2014, 12, 31)})
    first = 2023 + 4 * ((today.year - 2023) // 4)
    current, _ = Term.objects.get_or_create(
        organisation=org, name=f"{first}–{first + 3}",
        defaults={"start": _d(first, 1, 1), "end": _d(first + 3, 12, 31)})
    return old, current


def seat_boards(org, bodies: dict[str, Body], term: Term, parties, politicians,
                names) -> dict[str, Board]:
    """Members and substitutes of each body for ``term``; the demo politicians hold
    their seats in every term."""
    boards = {}
    for code, (voting, substitutes) in SEATS.items():
        body = bodies[code]
        chair = politicians[CHAIRS[code]]
        approver = politicians[APPROVER]
        # The chairs of KS and SN sit in the council too.
        others = [politicians["ksordf"], politicians["snordf"]] if code == "KF" else []
        people = [chair, approver, *others]
        while len(people) < voting + substitutes:
            people.append(Person.objects.create(organisation=org, name=next(names)))
        seats = []
        for i, person in enumerate(people):
            role = (Membership.Role.CHAIR if i == 0 else Membership.Role.VICE_CHAIR if i == 2
                    else Membership.Role.MEMBER if i < voting else Membership.Role.SUBSTITUTE)
            party = POLITICIANS.get(person.user.username if person.user_id else "",
                                    PARTY_CYCLE[i % len(PARTY_CYCLE)])
            Membership.objects.create(body=body, person=person, role=role,
                                      political_party=parties[party], term=term,
                                      start=term.start, end=term.end)
            seats.append(person)
        boards[code] = Board(body, chair, [approver], seats[:voting], seats[voting:])
    return boards


def _names():
    """Distinct Swedish names, the same on every load."""
    for last, first in itertools.product(LAST_NAMES, FIRST_NAMES[::-1]):
        yield f"{first} {last}"


def _person_of(user, board: Board) -> Person:
    """The committee secretary as the minutes name him (and as "Rätt utdraget intygar")."""
    person, _created = Person.objects.get_or_create(
        user=user, defaults={"organisation": board.body.organisation,
                             "name": user.get_full_name() or user.get_username(),
                             "title": "Nämndsekreterare"})
    return person


def _meeting(board: Board, secretary, start, items, *, notice_on=None,
             absent: int = 0) -> Meeting:
    """A meeting planned with its agenda (heading, kwargs), the notice sent, members
    present (the last ``absent`` away, a substitute serving for each), approvers named,
    held."""
    meeting = actions.do_plan_meeting(board.body, acting_user=secretary, start=start,
                                      place=PLACE, minutes_kept_at=KEPT_AT,
                                      secretary=_person_of(secretary, board))
    for heading, kwargs in items:
        actions.do_add_agenda_item(meeting, acting_user=secretary, heading=heading, **kwargs)
    if notice_on:
        actions.do_send_notice(meeting, acting_user=secretary, on=notice_on)
    away = board.members[len(board.members) - absent:] if absent else []
    for person in board.members:
        if person not in away:
            actions.do_record_attendance(meeting, acting_user=secretary, person=person,
                                         kind=Attendance.Kind.MEMBER)
    for member, substitute in zip(away, board.substitutes, strict=False):
        actions.do_record_attendance(meeting, acting_user=secretary, person=substitute,
                                     kind=Attendance.Kind.SERVING, serving_for=member)
    actions.do_name_approvers(meeting, acting_user=secretary, chair=board.chair,
                              approvers=board.approvers,
                              approval_place_time="Kommunkansliet, inom 14 dagar")
    return actions.do_mark_held(meeting, acting_user=secretary)


def _approve(meeting: Meeting, board: Board, on: datetime.date) -> Meeting:
    for person in [board.chair, *board.approvers]:
        meeting = actions.do_approve_minutes(meeting, acting_user=person.user, on=on)
    return meeting


def _decide(paragraph: Paragraph, secretary, decision: str,
            outcome=Paragraph.Outcome.AS_PROPOSED) -> Paragraph:
    return actions.do_write_paragraph(paragraph, acting_user=secretary, decision=decision,
                                      outcome=outcome)


def _history(bodies: dict[str, Body]) -> None:
    for code, last in HISTORY_2013.items():
        counter, _ = ParagraphCounter.objects.select_for_update().get_or_create(
            body=bodies[code], year=2013)
        if counter.last_number > last:
            raise DemoError(f"{code} already has § numbers beyond {last} in 2013")
        ParagraphCounter.objects.filter(pk=counter.pk).update(last_number=last)


def load_story(case: Case, boards: dict[str, Board], users: dict[str, User], units,
               issue_extract=actions.do_issue_extract) -> None:
    """Steps 2, 4, 5 and 6 of the reference case on top of its registered documents.
    ``issue_extract`` issues KF's extract: the action itself, or (from ``kansli.demo``)
    ``kansli.documents.store.issue_extract``, which renders it to PDF as its file."""
    registrar, secretary = users["registrator"], users["ahalvarsson"]
    docs = {d.number: d for d in case.documents.all()}
    recommendation, agreement, sn_report, _sn_extract, memo, ks_report = (
        docs[n] for n in range(1, 7))
    ksl = Party.objects.get(name="Kommunförbundet Stockholms län")

    # 2. Socialnämnden's opinion, § 130 on 25 September 2013.
    actions.do_refer_case(case, acting_user=registrar, body=boards["SN"].body,
                          role=Handling.Role.OPINION)
    sn = _meeting(boards["SN"], secretary, _at(_d(2013, 9, 25), 13),
                  [("Val av justerare", {"kind": AgendaItem.Kind.FORMAL}),
                   (TITLE, {"case": case})], notice_on=_d(2013, 9, 18), absent=1)
    formal, sn_paragraph = actions.do_draw_up_minutes(sn, acting_user=secretary)
    _decide(formal, secretary, "", Paragraph.Outcome.NOTED)
    _decide(sn_paragraph, secretary, "att tillstyrka att kommunen antar överenskommelsen "
            "om samverkan mellan kommuner i Stockholms län gällande nyanlända")
    sn = _approve(sn, boards["SN"], _d(2013, 9, 30))
    actions.do_post_minutes(sn, acting_user=secretary, on=_d(2013, 9, 30))

    # 4. The officer's report of 2013-11-05, its decision basis as links.
    summary = ks_report_summary()
    report = actions.do_write_report(
        ks_report, acting_user=secretary, body=boards["KS"].body, title=TITLE,
        proposal=PROPOSAL, summary="\n\n".join(summary),
        basis=[
            {"document": ks_report, "label": "Tjänsteutlåtande kommunkansliet"},
            {"document": memo, "label": "Tjänsteanteckning kommunkansliet"},
            {"paragraph": sn_paragraph},
            {"document": sn_report, "label": "Tjänsteutlåtande socialkontoret"},
            {"document": recommendation},
            {"document": agreement, "show_date": False},
        ],
        recipients=[ksl, units["Socialkontoret"]], signatories=SIGNATORIES)

    # 5. KS proposes on 26 November; KF decides on 16 December.
    actions.do_refer_case(case, acting_user=registrar, body=boards["KS"].body,
                          role=Handling.Role.PREPARATION)
    ks = _meeting(boards["KS"], secretary, _at(_d(2013, 11, 26), 13),
                  [("Val av justerare", {"kind": AgendaItem.Kind.FORMAL}),
                   (TITLE, {"case": case, "report": report})], notice_on=_d(2013, 11, 19))
    formal, ks_paragraph = actions.do_draw_up_minutes(ks, acting_user=secretary)
    _decide(formal, secretary, "", Paragraph.Outcome.NOTED)
    _decide(ks_paragraph, secretary, PROPOSAL)
    ks = _approve(ks, boards["KS"], _d(2013, 11, 28))
    actions.do_post_minutes(ks, acting_user=secretary, on=_d(2013, 11, 29))

    actions.do_refer_case(case, acting_user=registrar, body=boards["KF"].body,
                          role=Handling.Role.DECISION)
    kf = _meeting(boards["KF"], secretary, _at(_d(2013, 12, 16), 18),
                  [("Val av justerare", {"kind": AgendaItem.Kind.FORMAL}),
                   (TITLE, {"case": case, "report": report})],
                  notice_on=_d(2013, 12, 5), absent=2)
    formal, kf_paragraph = actions.do_draw_up_minutes(kf, acting_user=secretary)
    _decide(formal, secretary, "", Paragraph.Outcome.NOTED)
    _decide(kf_paragraph, secretary, DECISION)

    # 6. Approved and posted on 18 December; the extract to KSL and Socialkontoret
    #    before the 19th.
    kf = _approve(kf, boards["KF"], _d(2013, 12, 18))
    actions.do_post_minutes(kf, acting_user=secretary, on=_d(2013, 12, 18))
    issue_extract(kf_paragraph, acting_user=secretary,
                  recipients=[ksl, units["Socialkontoret"]], sent_on=_d(2013, 12, 18))
    diary_actions.do_change_status(case, acting_user=secretary, status=Case.Status.DECIDED)


PROPOSAL = ("Kommunstyrelsen föreslår Kommunfullmäktige besluta att anta överenskommelse "
            "om samverkan mellan kommuner i Stockholms län gällande nyanlända")
DECISION = ("att anta överenskommelse om samverkan mellan kommuner i Stockholms län "
            "gällande nyanlända")


def ks_report_summary() -> list[str]:
    """The seed's Sammanfattning av ärendet, as the diary demo keeps it."""
    start = REPORT_TEXT.index("Sammanfattning av ärendet") + 1
    return REPORT_TEXT[start:REPORT_TEXT.index("Beslutsunderlag")]


def load_current(boards: dict[str, Board], users: dict[str, User], today: datetime.date
                 ) -> None:
    """Work to show: KS minutes of last week waiting for approval, and one upcoming
    meeting per body with made-up cases on the agenda."""
    secretary = users["ahalvarsson"]
    # The latest open made-up cases of each series whose titles are public.
    open_cases = {code: list(Case.objects.filter(series__code=code, secrecy_ground="",
                                                 year__gte=2023)
                             .exclude(status=Case.Status.CLOSED).order_by("-opened_at")[:6])
                  for code in ("KS", "SN")}

    held = _meeting(boards["KS"], secretary, _at(today - datetime.timedelta(days=5), 13),
                    [("Val av justerare", {"kind": AgendaItem.Kind.FORMAL}),
                     ("Information från kommundirektören",
                      {"kind": AgendaItem.Kind.INFORMATION}),
                     *[("", {"case": c}) for c in open_cases["KS"][3:5]]], absent=1)
    for paragraph in actions.do_draw_up_minutes(held, acting_user=secretary):
        if not paragraph.outcome:
            _decide(paragraph, secretary, "att bifalla förslaget")

    upcoming = {"KS": (12, 13, open_cases["KS"][:3]), "SN": (9, 13, open_cases["SN"][:3]),
                "KF": (21, 18, open_cases["KS"][5:6])}
    for code, (days, hour, cases) in upcoming.items():
        day = today + datetime.timedelta(days=days)
        meeting = actions.do_plan_meeting(boards[code].body, acting_user=secretary,
                                          start=_at(day, hour), place=PLACE,
                                          minutes_kept_at=KEPT_AT)
        actions.do_add_agenda_item(meeting, acting_user=secretary, heading="Val av justerare",
                                   kind=AgendaItem.Kind.FORMAL)
        for case in cases:
            actions.do_add_agenda_item(meeting, acting_user=secretary, heading="", case=case)
        actions.do_add_agenda_item(meeting, acting_user=secretary,
                                   heading="Anmälningsärenden",
                                   kind=AgendaItem.Kind.INFORMATION)
        if code == "KF":
            # Announced on the notice board, more than a week before.
            actions.do_send_notice(meeting, acting_user=secretary, on=today)


def load(setup, users: dict[str, User], case: Case, *, today: datetime.date | None = None,
         issue_extract=actions.do_issue_extract) -> None:
    """The committee work of the demo. Runs inside ``kansli.diary.demo.load``."""
    today = today or timezone.localdate()
    org = setup.organisation
    bodies = {b.code: b for b in Body.objects.filter(organisation=org)}
    parties = {}
    for name, abbreviation in PARTIES:
        parties[abbreviation], _ = PoliticalParty.objects.get_or_create(
            organisation=org, abbreviation=abbreviation, defaults={"name": name})
    politicians = {}
    for username in POLITICIANS:
        user = users[username]
        politicians[username] = Person.objects.create(
            organisation=org, name=user.get_full_name(), user=user, email=user.email,
            title="Förtroendevald")
    for username, title in (("acbergstrom", "Kanslichef"),
                            ("ahalvarsson", "Nämndsekreterare")):
        user = users[username]
        Person.objects.create(organisation=org, name=user.get_full_name(), user=user,
                              email=user.email, title=title)
    old, current = terms(org, today)
    names = _names()
    _history(bodies)
    load_story(case, seat_boards(org, bodies, old, parties, politicians, names), users,
               setup.units, issue_extract)
    load_current(seat_boards(org, bodies, current, parties, politicians, names), users,
                 today)

