"""The demo data as code: Ekerö kommun, its bodies, units and users, the reference case
KS13/250-133 with the documents of its decision basis, and a few hundred made-up cases.

Everything is registered through ``actions.py``, so the demo's journal is a real one
that ``kansli verify`` checks. ``load()`` runs in one transaction: a failed load leaves
nothing behind and can simply be run again.
"""

from __future__ import annotations

import datetime
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from kansli.org.models import Body, Organisation, Unit

from . import access, actions
from .generate import Vocabulary
from .models import Case, Classification, Document, Party, SerialCounter, Series

ORG_NAME = "Ekerö kommun"
ORG_NUMBER = "212000-0043"
NUMBER_FORMAT = "{series}{yy}/{serial}-{class}"
URL = "http://127.0.0.1:8000/"

BODIES = [
    ("KF", "Kommunfullmäktige", Body.Kind.COUNCIL),
    ("KS", "Kommunstyrelsen", Body.Kind.EXECUTIVE),
    ("SN", "Socialnämnden", Body.Kind.COMMITTEE),
]
SERIES = [("KS", "Kommunstyrelsen"), ("SN", "Socialnämnden")]
KANSLIET, SOCIALKONTORET = "Kommunkansliet", "Socialkontoret"
UNITS = [(KANSLIET, "kommunkansliet@ekero.se"), (SOCIALKONTORET, "socialkontoret@ekero.se")]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    title: str
    roles: tuple[str, ...]
    superuser: bool = False

    @property
    def password(self) -> str:
        # Known on purpose: the demo prints them. Never use the demo data in production.
        return f"kansli-{self.username}"


USERS = [
    DemoUser("registrator", "Rut", "Lindqvist", "Registrator", (access.REGISTRAR,)),
    DemoUser("handlaggare", "Hanna", "Berg", "Socialsekreterare", (access.CASE_OFFICER,)),
    DemoUser("admin", "Adam", "Ek", "Systemförvaltare", (access.ADMINISTRATOR,),
             superuser=True),
    # The two who signed the reference case's officer's report.
    DemoUser("acbergstrom", "Ann-Cathrine", "Bergström", "Kanslichef", (access.REGISTRAR,)),
    DemoUser("ahalvarsson", "Andreas", "Halvarsson", "Nämndsekreterare",
             (access.CASE_OFFICER,)),
    # Elected members who chair KF, KS and SN or approve their minutes
    # (kansli.meetings.demo); they log in to approve.
    DemoUser("kfordf", "Göran", "Sjödin", "Kommunfullmäktiges ordförande", ()),
    DemoUser("ksordf", "Margareta", "Lindholm", "Kommunstyrelsens ordförande", ()),
    DemoUser("snordf", "Birgitta", "Holmén", "Socialnämndens ordförande", ()),
    DemoUser("justerare", "Bo", "Hedlund", "Ledamot, justerare", ()),
]
# Who handles the cases of each unit.
OFFICERS = {KANSLIET: "ahalvarsson", SOCIALKONTORET: "handlaggare"}

KSL_NAME = "Kommunförbundet Stockholms län"
KSL_EMAIL = "registrator@ksl.se"
REFERENCE_NUMBER = "KS13/250-133"
REFERENCE_TITLE = ("Överenskommelse om samverkan mellan kommuner i Stockholms län "
                   "gällande nyanlända")


class DemoError(Exception):
    """The database holds something the demo would clash with."""


# Set-up ----------------------------------------------------------------------------------


@dataclass
class Setup:
    organisation: Organisation
    series: dict[str, Series]
    units: dict[str, Unit]
    officers: dict[str, User | None] = field(default_factory=dict)

    def officer_for(self, unit_name: str) -> User | None:
        return self.officers.get(unit_name)


@transaction.atomic
def ensure_organisation() -> Setup:
    """Ekerö kommun with its bodies, series, units and classification; created where
    missing, left as it is where present."""
    from .management.commands.loadclassification import load_file

    others = Organisation.objects.exclude(name=ORG_NAME)
    if others.exists():
        raise DemoError(f"this database serves {others.first()}; the demo belongs in a "
                        "database of its own (set KANSLI_DATA_DIR or DATABASE_URL)")
    org, _created = Organisation.objects.get_or_create(
        name=ORG_NAME,
        defaults={"diary_number_format": NUMBER_FORMAT, "organisation_number": ORG_NUMBER,
                  "address": "Box 205, 178 23 Ekerö"},
    )
    bodies = {}
    for code, name, kind in BODIES:
        bodies[code], _ = Body.objects.get_or_create(
            organisation=org, code=code, defaults={"name": name, "kind": kind})
    series = {}
    for code, name in SERIES:
        series[code], _ = Series.objects.get_or_create(
            organisation=org, code=code, defaults={"name": name, "body": bodies[code]})
    units = {}
    for name, email in UNITS:
        units[name], _ = Unit.objects.get_or_create(
            organisation=org, name=name, defaults={"email": email})
    load_file()
    users = {u.username: u for u in User.objects.filter(username__in=OFFICERS.values())}
    officers = {unit: users.get(username) for unit, username in OFFICERS.items()}
    return Setup(org, series, units, officers)


def ensure_users(people: list[DemoUser] = USERS, domain: str = "ekero.se"
                 ) -> dict[str, User]:
    """The demo's users with their roles, created where missing."""
    users = {}
    for demo in people:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = User.objects.create_user(
                demo.username, f"{demo.username}@{domain}", demo.password,
                first_name=demo.first_name, last_name=demo.last_name,
                is_staff=demo.superuser, is_superuser=demo.superuser)
        for role in demo.roles:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[demo.username] = user
    for role in access.ROLES:
        Group.objects.get_or_create(name=role)
    return users


def is_loaded() -> bool:
    return Case.objects.filter(diary_number=REFERENCE_NUMBER).exists()


def logins(heading: str = f"Open Kansli at {URL} (the public side, no login: {URL}insyn/)",
           people: list[DemoUser] = USERS) -> str:
    lines = [heading, "", "Demo logins (user name / password):"]
    width = max(len(u.username) for u in people) + 2
    for u in people:
        roles = ", ".join(str(access.ROLES[r]) for r in u.roles)
        lines.append(f"  {u.username:<{width}} {u.password:<{width + 7}} {u.first_name} "
                     f"{u.last_name}, {u.title}" + (f" ({roles})" if roles else ""))
    return "\n".join(lines)


# The reference case ------------------------------------------------------------------------


def _at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


NOTE = ("Återgiven i Kanslis demo. Texten är en kort sammanfattning; originalhandlingen "
        "finns hos Ekerö kommun.")

# The officer's report of 2013-11-05 (the seed document), with the PDF's hyphenation
# undone.
REPORT_TEXT = [
    "Kommunstyrelsen",
    "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända",
    "Dnr KS13/250-133",
    "Förslag till beslut",
    "Kommunstyrelsen föreslår Kommunfullmäktige besluta att anta överenskommelse om "
    "samverkan mellan kommuner i Stockholms län gällande nyanlända",
    "Sammanfattning av ärendet",
    "Sedan 2009 finns en överenskommelse mellan länets kommuner gällande samverkan kring "
    "introduktion för nyanlända flyktingar. Syftet med överenskommelsen är att Stockholms "
    "läns kommuner genom samarbete ska underlätta och förbättra integrationen av nyanlända "
    "i länet.",
    "I och med etableringsreformens införande i december 2010 förändrades kommunernas "
    "ansvar gällande flyktingmottagande. Reformen innebar bland annat att vissa tidigare "
    "kommunala åtaganden flyttades över till Arbetsförmedlingen. Etableringsreformens "
    "införande samt att den tidigare överenskommelsen var relativt okänd hos kommunerna "
    "föranledde att KSL arbetade fram en reviderad version av överenskommelsen.",
    "Den nya överenskommelsen har samma syfte som den tidigare. Målsättningen är en väl "
    "fungerade integration där självförsörjning är målet. I den nya överenskommelsen "
    "förtydligas organisation och uppföljningsansvar. Överenskommelsen förtydligar även "
    "vilka samverkansområden som kan vara aktuella. Exempel på aktuella samverkansområden "
    "är utbildnings- och arbetslivsinriktade insatser för vuxna samt insatser för barn och "
    "unga såsom bl a modersmålsundervisning, hälsofrågor och utbildningsinsatser för gode "
    "män. Antagandet av överenskommelsen innebär att kommunen åtar sig att aktivt samverka "
    "med andra kommuner för ett ökat gemensamt ansvarstagande kring integration av "
    "nyanlända.",
    "Ekerö kommuns ställningstagande skulle ursprungligen kommit KSL tillhanda senast den "
    "15 november 2013, men anstånd har beviljats till den 19 december 2013.",
    "Beslutsunderlag",
    "Tjänsteutlåtande kommunkansliet, 2013-11-05",
    "Tjänsteanteckning kommunkansliet, 2013-10-24",
    "Protokollsutdrag Socialnämnden 2013-09-25 § 130",
    "Tjänsteutlåtande socialkontoret, 2013-08-29",
    "Rekommendation – Överenskommelse om samverkan mellan kommuner i Stockholms län "
    "gällande nyanlända, 2013-06-05",
    "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända, "
    "justerat förslag 2013-05-06",
    "Beslutet expedieras till",
    "Kommunförbundet Stockholms län (registrator@ksl.se)",
    "Socialkontoret",
    "Ann-Cathrine Bergström, Kanslichef        Andreas Halvarsson, Nämndsekreterare",
]


@dataclass
class ReferenceDocument:
    direction: str
    doc_type: str
    description: str
    document_date: str
    received_date: str
    registered_at: datetime.datetime
    filename: str
    text: list[str]
    sender: str = ""  # "ksl" or "sn"


def reference_documents() -> list[ReferenceDocument]:
    """The decision basis of KS13/250-133, in the order the story registers it."""
    D, T = Document.Direction, Document.Type
    return [
        ReferenceDocument(
            D.INCOMING, T.RECOMMENDATION,
            f"Rekommendation – {REFERENCE_TITLE}", "2013-06-05", "2013-06-05",
            _at(2013, 6, 5, 10, 15), "Rekommendation KSL 2013-06-05.pdf",
            ["Kommunförbundet Stockholms län", "Rekommendation",
             f"{REFERENCE_TITLE}",
             "KSL:s styrelse rekommenderar länets kommuner att anta den reviderade "
             "överenskommelsen om samverkan gällande nyanlända. Kommunerna ombeds meddela "
             "sitt ställningstagande till KSL senast den 15 november 2013, till "
             "registrator@ksl.se.", NOTE],
            sender="ksl"),
        ReferenceDocument(
            D.INCOMING, T.AGREEMENT,
            f"{REFERENCE_TITLE}, justerat förslag 2013-05-06", "2013-05-06", "2013-06-05",
            _at(2013, 6, 5, 10, 20), "Överenskommelse justerat förslag 2013-05-06.pdf",
            [REFERENCE_TITLE, "Justerat förslag 2013-05-06",
             "Samverkansområden: utbildnings- och arbetslivsinriktade insatser för vuxna; "
             "för barn och unga modersmålsundervisning, hälsofrågor och utbildningsinsatser "
             "för gode män. Överenskommelsen anger organisation, samordning och "
             "uppföljningsansvar.", NOTE],
            sender="ksl"),
        ReferenceDocument(
            D.INCOMING, T.OFFICERS_REPORT,
            f"Tjänsteutlåtande socialkontoret – {REFERENCE_TITLE}", "2013-08-29",
            "2013-08-29", _at(2013, 8, 29, 14, 0),
            "Tjänsteutlåtande socialkontoret 2013-08-29.pdf",
            ["Socialkontoret", "Tjänsteutlåtande", REFERENCE_TITLE,
             "Socialkontoret föreslår att Socialnämnden tillstyrker att kommunen antar "
             "överenskommelsen.", NOTE],
            sender="sn"),
        # Socialnämnden decided on 25 September; the extract came once the minutes were
        # approved, so it was received after the meeting.
        ReferenceDocument(
            D.INCOMING, T.EXTRACT,
            "Protokollsutdrag Socialnämnden 2013-09-25 § 130", "2013-09-25", "2013-10-01",
            _at(2013, 10, 1, 9, 30), "Protokollsutdrag SN 2013-09-25 § 130.pdf",
            ["Socialnämnden", "Protokollsutdrag 2013-09-25", f"§ 130 {REFERENCE_TITLE}",
             "Socialnämnden tillstyrker att kommunen antar överenskommelsen.",
             "Rätt utdraget intygar", NOTE],
            sender="sn"),
        ReferenceDocument(
            D.DRAWN_UP, T.MEMO,
            "Tjänsteanteckning kommunkansliet – anstånd från KSL till 2013-12-19",
            "2013-10-24", "2013-10-24", _at(2013, 10, 24, 11, 0),
            "Tjänsteanteckning kommunkansliet 2013-10-24.pdf",
            ["Kommunkansliet", "Tjänsteanteckning 2013-10-24", REFERENCE_TITLE,
             "Kommunkansliet har begärt anstånd hos KSL med kommunens ställningstagande. "
             "KSL har beviljat anstånd från den 15 november till den 19 december 2013, så "
             "att ärendet kan behandlas av Kommunfullmäktige i december.", NOTE]),
        ReferenceDocument(
            D.DRAWN_UP, T.OFFICERS_REPORT,
            f"Tjänsteutlåtande kommunkansliet – {REFERENCE_TITLE}", "2013-11-05",
            "2013-11-05", _at(2013, 11, 5, 15, 0),
            "Tjänsteutlåtande kommunkansliet 2013-11-05.pdf", REPORT_TEXT),
    ]


def load_reference_case(setup: Setup, users: dict[str, User]) -> Case:
    registrar = users["registrator"]
    ks = setup.series["KS"]
    # The demo recreates a piece of history: KS13/250-133 was the 250th case of the KS
    # series in 2013, so the counter starts at 249. Setting a counter by hand is never
    # done in a live diary (numbers are only allocated by actions.allocate_serial); here
    # it is legitimate because nothing else has used the KS/2013 numbers in this
    # database, which is checked first, in the same transaction as the case.
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(
        series=ks, year=2013)
    if counter.last_serial >= 250:
        raise DemoError("the KS series already has 250 cases for 2013; cannot recreate "
                        f"{REFERENCE_NUMBER}")
    SerialCounter.objects.filter(pk=counter.pk).update(last_serial=249)
    case = actions.do_open_case(
        ks, acting_user=registrar, title=REFERENCE_TITLE,
        classification=Classification.objects.get(code="133"), unit=setup.units[KANSLIET],
        officer=users["ahalvarsson"], opened_at=_at(2013, 6, 5, 10, 10))
    ksl = party(registrar, "organisation", KSL_NAME, KSL_EMAIL)
    sn = party(registrar, "organisation", "Socialnämnden", "")
    senders = {"ksl": [ksl], "sn": [sn], "": []}
    for i, doc in enumerate(reference_documents()):
        actions.do_register_document(
            case, acting_user=registrar, direction=doc.direction, doc_type=doc.doc_type,
            description=doc.description, document_date=_d(doc.document_date),
            received_date=_d(doc.received_date), senders=senders[doc.sender],
            files=[actions.NewFile(doc.filename, simple_pdf(doc.text))],
            registered_at=doc.registered_at)
        if i == 1:
            case = actions.do_change_status(case, acting_user=users["ahalvarsson"],
                                            status=Case.Status.IN_PROGRESS)
    return case


_parties: dict[tuple[str, str], Party] = {}


def party(acting_user, kind: str, name: str, email: str) -> Party:
    """A party by kind and name, created (through the action) the first time."""
    key = (kind, name)
    found = _parties.get(key)
    if found is None:
        found = Party.objects.filter(kind=kind, name=name).first() or actions.do_create_party(
            acting_user=acting_user, kind=kind, name=name, email=email)
        _parties[key] = found
    return found


# Made-up cases --------------------------------------------------------------------------------


def load_cases(setup: Setup, users: dict[str, User], count: int, *, seed: int = 2013,
               progress: Callable[[int], None] | None = None,
               now: datetime.datetime | None = None) -> int:
    """``count`` made-up cases from 2023 to now, 1–6 documents each, registered through
    the actions in the order they happened (so ids and numbers follow time)."""
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng)
    registrar = users["registrator"]
    now = now or timezone.now()
    start = _at(2023, 1, 2, 8)
    span = (now - start).total_seconds() - 86400
    steps = []  # (when, order, what)
    for n in range(count):
        opened = start + datetime.timedelta(seconds=rng.random() * span)
        vocabulary.year = timezone.localtime(opened).year
        spec = vocabulary.case()
        docs = vocabulary.documents(spec, rng.randint(1, 6))
        times = [opened + datetime.timedelta(minutes=5)]
        for _ in docs[1:]:
            times.append(min(times[-1] + datetime.timedelta(days=rng.randint(1, 25)), now))
        age = (now - times[-1]).days
        final = (Case.Status.CLOSED if age > 180 and rng.random() < 0.7
                 else rng.choice([Case.Status.OPEN, Case.Status.IN_PROGRESS,
                                  Case.Status.DECIDED]))
        slot: dict = {}
        steps.append((opened, n, 0, lambda spec=spec, opened=opened, slot=slot:
                      slot.update(case=_open(setup, registrar, spec, opened))))
        for i, (doc, when) in enumerate(zip(docs, times, strict=True), start=1):
            steps.append((when, n, i, lambda doc=doc, when=when, slot=slot:
                          _register(registrar, slot["case"], doc, when)))
        close_at = times[-1] + datetime.timedelta(days=rng.randint(5, 60))
        steps.append((close_at if final == Case.Status.CLOSED else times[-1], n, 99,
                      lambda final=final, slot=slot, close_at=close_at:
                      _finish(setup, slot["case"], final, close_at)))
    steps.sort(key=lambda step: step[:3])
    for _when, _n, order, step in steps:
        step()
        if order == 0 and progress:
            progress(1)
    return count


def _open(setup: Setup, registrar, spec, opened) -> Case:
    return actions.do_open_case(
        setup.series[spec.series], acting_user=registrar, title=spec.title,
        public_title=spec.public_title, secrecy_ground=spec.secrecy_ground,
        classification=Classification.objects.get(code=spec.classification),
        unit=setup.units[spec.unit], officer=setup.officer_for(spec.unit), opened_at=opened)


def _register(registrar, case: Case, doc, when) -> None:
    parties = [party(registrar, *doc.party)] if doc.party else []
    outgoing = doc.direction == Document.Direction.OUTGOING
    day = timezone.localtime(when).date()
    actions.do_register_document(
        case, acting_user=registrar, direction=doc.direction, doc_type=doc.doc_type,
        description=doc.description, received_date=day, document_date=day,
        senders=[] if outgoing else parties, recipients=parties if outgoing else [],
        secrecy_ground=case.secrecy_ground if doc.secret else "", registered_at=when)


def _finish(setup: Setup, case: Case, final: str, close_at) -> None:
    officer = case.officer
    if final == Case.Status.CLOSED:
        actions.do_close_case(case, acting_user=officer, closed_at=close_at)
    elif final != Case.Status.OPEN:
        actions.do_change_status(case, acting_user=officer, status=final)


# Loading --------------------------------------------------------------------------------------


def load(cases: int = 300, *, seed: int = 2013, progress=None, then=None) -> Case:
    """Load the diary's part of the demo in one transaction; ``then(setup, users, case)``
    adds what other apps build on it (``kansli.demo``). Returns the reference case."""
    _parties.clear()
    with transaction.atomic():
        if is_loaded():
            raise DemoError("the demo is already loaded")
        setup = ensure_organisation()  # refuses a database that serves another body
        users = ensure_users()
        setup.officers = {unit: users[name] for unit, name in OFFICERS.items()}
        case = load_reference_case(setup, users)
        load_cases(setup, users, cases, seed=seed, progress=progress)
        if then is not None:
            then(setup, users, case)
    return case


# A small PDF, written by hand -------------------------------------------------------------------


def simple_pdf(lines: list[str], *, width: int = 92) -> bytes:
    """A plain PDF 1.4 of text paragraphs in Helvetica (WinAnsi, so å, ä, ö and – work),
    wrapped and paged; the first paragraph is the heading. No dependencies."""
    rows: list[tuple[str, str]] = []
    for i, paragraph in enumerate(lines):
        font = "F2" if i == 0 else "F1"
        for row in textwrap.wrap(paragraph, width) or [""]:
            rows.append((font, row))
        rows.append(("F1", ""))
    per_page = 52
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]

    def text(value: str) -> bytes:
        raw = value.encode("cp1252", errors="replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    objects: list[bytes] = []
    first_page = 5
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for base in ("Helvetica", "Helvetica-Bold"):
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} "
                       "/Encoding /WinAnsiEncoding >>".encode())
    for i, page in enumerate(pages):
        stream = [b"BT 14 TL 56 790 Td"]
        for font, row in page:
            size = 13 if font == "F2" else 10
            stream.append(f"/{font} {size} Tf".encode() + b" (" + text(row) + b") Tj T*")
        stream.append(b"ET")
        content = b"\n".join(stream)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                       f"/Contents {first_page + 2 * i + 1} 0 R >>".encode())
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content
                       + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)
