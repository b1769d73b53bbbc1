"""The committee secretary's pages for a meeting with 60 items: p50/p95 of the agenda
page, the minutes page and a paragraph page, through Django's test client, logged in.

    python bench/meetings.py [--items N] [--repeat R]

The benchmark keeps its own database in var/bench-meetings/ (KANSLI_DATA_DIR is set
before Django starts; a SQLite file unless DATABASE_URL names an empty PostgreSQL
database), wiped and migrated fresh on every run. It builds, through the actions, one
held meeting whose every item has a case, an officer's report with a decision basis and
recipients, and a paragraph with two proposals, an open vote, a reservation, a
declaration of interest and recipients. The tests (tests/meetings/test_views_queries.py)
build the same meeting with ``build`` to check the pages run a constant number of
queries.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

NAME = "meetings"
MEMBERS = 9
SUBSTITUTES = 2


@dataclass
class World:
    """What a meeting needs around it: the organisation, the body and its members, a
    diary series, a party and a unit to send decisions to, and the secretary."""

    body: object
    series: object
    classification: object
    party: object
    unit: object
    secretary: object
    members: list
    substitutes: list


def user(username: str, *groups: str):
    from django.contrib.auth.models import Group, User

    account, created = User.objects.get_or_create(
        username=username, defaults={"first_name": username.capitalize()})
    if created:
        account.set_unusable_password()
        account.save()
    for name in groups:
        account.groups.add(Group.objects.get_or_create(name=name)[0])
    return account


def world() -> World:
    """The organisation of the benchmark, made once (later calls reuse it)."""
    from kansli.diary import actions as diary_actions
    from kansli.diary.models import Classification, Party, Series
    from kansli.org.models import Body, Membership, Organisation, Person, Term, Unit

    org = Organisation.objects.order_by("pk").first() or Organisation.objects.create(
        name="Ekerö kommun", diary_number_format="{series}{yy}/{serial}-{class}")
    body, _ = Body.objects.get_or_create(
        organisation=org, code="KS",
        defaults={"name": "Kommunstyrelsen", "kind": Body.Kind.EXECUTIVE})
    series, _ = Series.objects.get_or_create(
        organisation=org, code="KS", defaults={"name": "Kommunstyrelsen", "body": body})
    classification, _ = Classification.objects.get_or_create(
        code="133", defaults={"title": "Samverkan"})
    unit, _ = Unit.objects.get_or_create(organisation=org, name="Socialkontoret")
    secretary = user("bench-secretary", "secretary", "registrar")
    party = Party.objects.filter(name="Kommunförbundet Stockholms län").first() or (
        diary_actions.do_create_party(acting_user=secretary, kind="organisation",
                                      name="Kommunförbundet Stockholms län",
                                      email="registrator@ksl.se"))
    term, _ = Term.objects.get_or_create(
        organisation=org, name="Bänkperioden",
        defaults={"start": datetime.date(2000, 1, 1), "end": datetime.date(2099, 12, 31)})
    people = list(Person.objects.filter(memberships__body=body, memberships__term=term)
                  .order_by("pk"))
    if not people:
        for i in range(MEMBERS + SUBSTITUTES):
            person = Person.objects.create(organisation=org, name=f"Ledamot {i + 1:02d}")
            if i < 3:
                person.user = user(f"bench-approver-{i}")
                person.save(update_fields=["user"])
            role = (Membership.Role.CHAIR if i == 0 else Membership.Role.MEMBER
                    if i < MEMBERS else Membership.Role.SUBSTITUTE)
            Membership.objects.create(body=body, person=person, role=role, term=term,
                                      start=term.start, end=term.end)
            people.append(person)
    return World(body, series, classification, party, unit, secretary,
                 people[:MEMBERS], people[MEMBERS:])


def build(items: int, start: datetime.datetime, w: World | None = None):
    """A held meeting of ``items`` full items with its minutes drawn up and written,
    made through the actions. Returns the meeting."""
    from kansli.diary import actions as diary_actions
    from kansli.diary.models import Document
    from kansli.meetings import actions
    from kansli.meetings.models import Attendance, Meeting, Paragraph

    w = w or world()
    by = w.secretary
    day = start.date()
    meeting = actions.do_plan_meeting(w.body, acting_user=by, start=start,
                                      place="Sammanträdesrummet",
                                      minutes_kept_at="Kommunkansliet", secretary=None)
    for i in range(items):
        case = diary_actions.do_open_case(w.series, acting_user=by,
                                          title=f"Ärende {i + 1} om samverkan",
                                          classification=w.classification)
        letter = diary_actions.do_register_document(
            case, acting_user=by, direction=Document.Direction.INCOMING,
            doc_type=Document.Type.LETTER, description="Rekommendation",
            received_date=day, senders=[w.party])
        document = diary_actions.do_register_document(
            case, acting_user=by, direction=Document.Direction.DRAWN_UP,
            doc_type=Document.Type.OFFICERS_REPORT, description="Tjänsteutlåtande",
            received_date=day)
        report = actions.do_write_report(
            document, acting_user=by, body=w.body, title=f"Samverkan {i + 1}",
            proposal="att anta överenskommelsen", summary="Sammanfattning.",
            basis=[{"document": letter}, {"document": document}],
            recipients=[w.party, w.unit], signatories=[("Kanslichef", "Kanslichef")])
        actions.do_add_agenda_item(meeting, acting_user=by, heading="", case=case,
                                   report=report)
    for person in w.members:
        actions.do_record_attendance(meeting, acting_user=by, person=person,
                                     kind=Attendance.Kind.MEMBER)
    actions.do_record_attendance(meeting, acting_user=by, person=w.substitutes[0],
                                 kind=Attendance.Kind.SUBSTITUTE)
    actions.do_name_approvers(meeting, acting_user=by, chair=w.members[0],
                              approvers=w.members[1:3])
    actions.do_mark_held(meeting, acting_user=by)
    paragraphs = actions.do_draw_up_minutes(meeting, acting_user=by)
    recused = w.members[-1]
    for paragraph in paragraphs:
        actions.do_write_paragraph(paragraph, acting_user=by,
                                   decision="att anta överenskommelsen\natt uppdra åt "
                                            "kommunchefen att följa upp",
                                   outcome=Paragraph.Outcome.AS_PROPOSED)
        actions.do_declare_interest(paragraph, acting_user=by, person=recused)
        actions.do_add_proposal(paragraph, acting_user=by, mover=w.members[1],
                                text="Bifall till förslaget", put_order=1, adopted=True)
        actions.do_add_proposal(paragraph, acting_user=by, mover=w.members[4],
                                text="Avslag", put_order=2)
        deciding = [p for p in w.members if p != recused]
        ballots = {p: ("yes" if n < 5 else "no") for n, p in enumerate(deciding)}
        actions.do_record_vote(paragraph, acting_user=by, question="Bifall mot avslag",
                               result="Bifall", ballots=ballots)
        actions.do_add_reservation(paragraph, acting_user=by, person=w.members[4],
                                   text="Till förmån för eget yrkande")
        actions.do_set_recipients(paragraph, acting_user=by, recipients=[w.party, w.unit])
    return Meeting.objects.get(pk=meeting.pk)


def timed(run, repeat: int) -> tuple[float, float]:
    for _ in range(3):  # warm the caches
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _setup

    directory = _setup.fresh(NAME)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    started = time.monotonic()
    w = world()
    meeting = build(args.items, timezone.now() - datetime.timedelta(days=1), w)
    print(f"Database: {connection.vendor} in {directory}")
    print(f"Built a meeting with {args.items} items through the actions in "
          f"{time.monotonic() - started:.1f} s; {args.repeat} timed runs per page, after 3 "
          "warm-up runs, logged in as the secretary\n")
    client = Client()
    client.force_login(w.secretary)
    paragraph = meeting.paragraphs.order_by("number")[args.items // 2]
    pages = [("agenda page", f"/sammantraden/{meeting.pk}/"),
             ("minutes page", f"/sammantraden/{meeting.pk}/protokoll/"),
             ("paragraph page", f"/sammantraden/paragrafer/{paragraph.pk}/"),
             ("notice (kallelse)", f"/sammantraden/{meeting.pk}/kallelse/")]
    header = f"{'page':<20} {'queries':>7} {'kB':>6} {'p50':>9} {'p95':>9}"
    print(header)
    print("-" * len(header))
    for label, url in pages:
        queries: list[str] = []

        def count(run, sql, *rest, queries=queries):
            queries.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

        def page(url=url):
            assert client.get(url).status_code == 200

        p50, p95 = timed(page, args.repeat)
        print(f"{label:<20} {len(queries):>7} {len(response.content) / 1024:>6.0f} "
              f"{p50:>6.1f} ms {p95:>6.1f} ms")


if __name__ == "__main__":
    main()
