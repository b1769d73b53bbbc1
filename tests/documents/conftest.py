"""Set-up for the document tests.

- ``seed_report``: the officer's report of KS13/250-133 (2013-11-05), written with the
  actions from the demo's reference case, as the seed document has it.
- ``minutes``: a held and drawn-up KF meeting with attendance, approvers, a vote, a
  reservation, a declaration of interest and recipients (helpers of tests.meetings).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from kansli.diary import demo
from kansli.diary.models import Document
from kansli.meetings import actions
from kansli.meetings.models import Attendance, Meeting, ParagraphCounter
from kansli.org.models import Body, Membership, Person, PoliticalParty, Term, Unit

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_37610ead6cee29d8.txt"

# A line-end hyphen before a lower-case letter is a word broken by the line.
_BROKEN = re.compile(r"[-\u2010\u00ad]\s*\n\s*(?=[a-zåäöéü])")


def normalise(text: str) -> str:
    """Join words broken at line ends, then make all white space one space."""
    return " ".join(_BROKEN.sub("", text).split())


def normalised_lines(text: str) -> list[str]:
    """The non-empty lines of a text, each normalised, hyphenated breaks joined."""
    return [line for line in (" ".join(x.split()) for x in _BROKEN.sub("", text).split("\n"))
            if line]


def pdf_text(pdf: bytes) -> str:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _at(y, m, d, h=10, mi=0):
    return timezone.make_aware(datetime.datetime(y, m, d, h, mi))


def write_seed_report(case, users, units):
    """The tjänsteutlåtande of 2013-11-05 as the seed has it, on the demo's documents."""
    registrar = users["registrator"]
    docs = {d.document_date.isoformat() + d.doc_type: d for d in case.documents.all()}
    sn = Body.objects.get(code="SN")
    meeting = actions.do_plan_meeting(sn, acting_user=registrar, start=_at(2013, 9, 25, 13),
                                      place="Ekerö kommunhus",
                                      minutes_kept_at="Socialkontoret, Ekerö kommunhus")
    actions.do_add_agenda_item(meeting, acting_user=registrar, heading=case.title, case=case)
    actions.do_mark_held(meeting, acting_user=registrar)
    ParagraphCounter.objects.create(body=sn, year=2013, last_number=129)
    (sn_130,) = actions.do_draw_up_minutes(meeting, acting_user=registrar)
    report_doc = docs["2013-11-05officers_report"]
    ksl = report_doc.case.documents.get(doc_type=Document.Type.RECOMMENDATION) \
        .party_links.get().party
    return actions.do_write_report(
        report_doc, acting_user=users["ahalvarsson"], body=Body.objects.get(code="KS"),
        title=demo.REFERENCE_TITLE,
        proposal=demo.REPORT_TEXT[4],
        summary="\n\n".join(demo.REPORT_TEXT[6:10]),
        basis=[
            {"document": report_doc, "label": "Tjänsteutlåtande kommunkansliet"},
            {"document": docs["2013-10-24memo"], "label": "Tjänsteanteckning kommunkansliet"},
            {"paragraph": sn_130},
            {"document": docs["2013-08-29officers_report"],
             "label": "Tjänsteutlåtande socialkontoret"},
            {"document": docs["2013-06-05recommendation"]},
            {"document": docs["2013-05-06agreement"], "show_date": False},
        ],
        recipients=[ksl, units[demo.SOCIALKONTORET]],
        signatories=[("Ann-Cathrine Bergström", "Kanslichef"),
                     ("Andreas Halvarsson", "Nämndsekreterare")])


@pytest.fixture
def demo_setup(db):
    setup = demo.ensure_organisation()
    users = demo.ensure_users()
    setup.officers = {unit: users[name] for unit, name in demo.OFFICERS.items()}
    return setup, users


@pytest.fixture
def seed_report(demo_setup):
    setup, users = demo_setup
    demo._parties.clear()  # the demo's party cache outlives each test's transaction
    case = demo.load_reference_case(setup, users)
    return write_seed_report(case, users, setup.units)


@pytest.fixture
def registrar(demo_setup):
    return demo_setup[1]["registrator"]


def seat(body, people, term, party):
    made = []
    for i, name in enumerate(people):
        person = Person.objects.create(organisation=body.organisation, name=name)
        Membership.objects.create(body=body, person=person, term=term, political_party=party,
                                  role="chair" if i == 0 else "member", start=term.start,
                                  end=term.end)
        made.append(person)
    return made


@pytest.fixture
def kf_meeting(demo_setup, seed_report):
    """KF 2013-12-16 with the reference case and two more items, held and drawn up; the
    chair and two approvers have user accounts."""
    from tests.conftest import make_user

    setup, users = demo_setup
    registrar = users["registrator"]
    kf = Body.objects.get(code="KF")
    term = Term.objects.create(organisation=kf.organisation, name="2011–2014",
                               start=datetime.date(2011, 1, 1), end=datetime.date(2014, 12, 31))
    m = PoliticalParty.objects.create(organisation=kf.organisation, name="Moderaterna",
                                      abbreviation="M")
    people = seat(kf, ["Anna Lindberg", "Per Sjöberg", "Karin Holm", "Erik Nyström",
                       "Maria Ek"], term, m)
    for i, person in enumerate(people[:3]):
        person.user = make_user(f"kf{i}")
        person.save(update_fields=["user"])
    secretary = Person.objects.create(organisation=kf.organisation, name="Andreas Halvarsson",
                                      title="Nämndsekreterare")
    meeting = actions.do_plan_meeting(kf, acting_user=registrar, start=_at(2013, 12, 16, 18),
                                      end=_at(2013, 12, 16, 20, 15),
                                      place="Kommunfullmäktigesalen, Ekerö kommunhus",
                                      minutes_kept_at="Kommunkansliet, Ekerö kommunhus",
                                      secretary=secretary)
    actions.do_add_agenda_item(meeting, acting_user=registrar, heading="", case=seed_report
                               .document.case, report=seed_report)
    actions.do_add_agenda_item(meeting, acting_user=registrar, heading="Val av justerare",
                               kind="formal")
    actions.do_add_agenda_item(meeting, acting_user=registrar, heading="Informationsärenden",
                               kind="information")
    for person in people:
        actions.do_record_attendance(meeting, acting_user=registrar, person=person,
                                     kind=Attendance.Kind.MEMBER)
    actions.do_name_approvers(meeting, acting_user=registrar, chair=people[0],
                              approvers=people[1:3],
                              approval_place_time="Kommunkansliet 2013-12-18 kl. 10.00")
    actions.do_mark_held(meeting, acting_user=registrar)
    paragraphs = actions.do_draw_up_minutes(meeting, acting_user=registrar)
    first = paragraphs[0]
    actions.do_write_paragraph(first, acting_user=registrar, outcome="as_proposed",
                               decision="Kommunfullmäktige beslutar att anta överenskommelse "
                                        "om samverkan mellan kommuner i Stockholms län "
                                        "gällande nyanlända.")
    actions.do_add_proposal(first, acting_user=registrar, mover=people[0],
                            text="Bifall till kommunstyrelsens förslag.", put_order=1,
                            adopted=True)
    actions.do_add_proposal(first, acting_user=registrar, mover=people[3],
                            text="Avslag.", put_order=2)
    actions.do_declare_interest(first, acting_user=registrar, person=people[4])
    actions.do_record_vote(first, acting_user=registrar, question="Bifall eller avslag",
                           result="Fullmäktige har bifallit förslaget.",
                           ballots={people[0]: "yes", people[1]: "yes", people[2]: "yes",
                                    people[3]: "no"})
    actions.do_add_reservation(first, acting_user=registrar, person=people[3],
                               text="Till förmån för eget yrkande.")
    for p in paragraphs[1:]:
        actions.do_write_paragraph(p, acting_user=registrar, outcome="noted")
    return Meeting.objects.get(pk=meeting.pk), people, paragraphs


def approve_all(meeting, people, on=datetime.date(2013, 12, 18)):
    for person in people[:3]:
        meeting = actions.do_approve_minutes(meeting, acting_user=person.user, on=on)
    return meeting


__all__ = ["Unit", "approve_all", "normalise", "normalised_lines", "pdf_text", "SEED"]
