"""The KSL side of the reference story: Kommunförbundet Stockholms län running its own
Kansli as a federation, in a database of its own (one organisation per installation).

``setup()`` makes the federation itself — the organisation, its board, its diary series,
its office, its staff and its 26 member municipalities as parties. The apps build the
story on top: ``kansli.referrals.demo.load_federation`` the 2013 recommendation sent to
the members as one referral and their answers, ``kansli.agreements.demo.load_federation``
the agreement and its follow-up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User

from kansli.diary import access, actions
from kansli.diary import demo as diary_demo
from kansli.diary.demo import DemoError, DemoUser, Setup
from kansli.diary.models import Party, Series
from kansli.org import stockholm
from kansli.org.models import Body, Organisation, Unit

NUMBER_FORMAT = "{series} {yyyy}/{serial:4}"  # KSL 2013/0045
URL = "http://127.0.0.1:8001/"
OFFICE = "Kansliet"
BODIES = [
    ("STYR", "Styrelsen", Body.Kind.EXECUTIVE),
    ("FM", "Förbundsmötet", Body.Kind.COUNCIL),
]
USERS = [
    DemoUser("kslregistrator", "Karin", "Wallin", "Registrator", (access.REGISTRAR,)),
    DemoUser("kslhandlaggare", "Sara", "Nordin", "Utredare, integration",
             (access.CASE_OFFICER,)),
    DemoUser("ksladmin", "Per", "Ekman", "Systemförvaltare", (access.ADMINISTRATOR,),
             superuser=True),
]


@dataclass
class Federation:
    setup: Setup
    users: dict[str, User]
    board: Body
    # The 26 member municipalities, by name (kansli.org.stockholm.MEMBERS).
    members: dict[str, Party]

# The story at KSL (DESIGN.md §1, step 7). The recommendation went out on 2013-06-05 with
# an answer asked for by 2013-11-15. Ekerö's row is the reference case: extension granted
# on 2013-10-24 to 2013-12-19, adopted by Kommunfullmäktige on 2013-12-16 § 90 (the
# Ekerö demo's numbering), the extract sent on 2013-12-18. The other rows are made up but
# plausible: most adopt, one declines, a few are late or have not answered.
RECOMMENDATION_SENT = datetime.date(2013, 6, 5)
ANSWER_DUE = datetime.date(2013, 11, 15)
ADOPTED, DECLINED, NO_ANSWER = "adopted", "declined", "no_answer"


@dataclass(frozen=True)
class Outcome:
    member: str
    outcome: str  # ADOPTED, DECLINED or NO_ANSWER
    answered_on: datetime.date | None = None  # when KSL received the answer
    body: str = ""  # the member's body that decided
    decided_on: datetime.date | None = None
    paragraph: str = ""  # as the member writes it, e.g. "§ 90"
    extension_granted_on: datetime.date | None = None
    extended_to: datetime.date | None = None


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


KF, KS = "Kommunfullmäktige", "Kommunstyrelsen"
OUTCOMES = [
    Outcome("Botkyrka kommun", ADOPTED, _d("2013-10-18"), KF, _d("2013-10-10"), "§ 141"),
    Outcome("Danderyds kommun", DECLINED, _d("2013-11-06"), KS, _d("2013-11-04"), "§ 172"),
    Outcome("Ekerö kommun", ADOPTED, _d("2013-12-18"), KF, _d("2013-12-16"), "§ 90",
            _d("2013-10-24"), _d("2013-12-19")),
    Outcome("Haninge kommun", ADOPTED, _d("2013-12-02"), KF, _d("2013-11-25"), "§ 233"),
    Outcome("Huddinge kommun", ADOPTED, _d("2013-10-21"), KF, _d("2013-10-14"), "§ 152"),
    Outcome("Järfälla kommun", ADOPTED, _d("2013-09-30"), KF, _d("2013-09-23"), "§ 98"),
    Outcome("Lidingö stad", ADOPTED, _d("2013-11-12"), KF, _d("2013-11-04"), "§ 120"),
    Outcome("Nacka kommun", ADOPTED, _d("2013-12-19"), KF, _d("2013-12-16"), "§ 321",
            _d("2013-11-08"), _d("2013-12-20")),
    Outcome("Norrtälje kommun", ADOPTED, _d("2013-11-04"), KF, _d("2013-10-28"), "§ 187"),
    Outcome("Nykvarns kommun", NO_ANSWER),
    Outcome("Nynäshamns kommun", ADOPTED, _d("2013-10-25"), KF, _d("2013-10-17"), "§ 166"),
    Outcome("Salems kommun", ADOPTED, _d("2013-11-14"), KF, _d("2013-11-07"), "§ 112"),
    Outcome("Sigtuna kommun", ADOPTED, _d("2013-10-03"), KF, _d("2013-09-23"), "§ 129"),
    Outcome("Sollentuna kommun", ADOPTED, _d("2013-10-22"), KF, _d("2013-10-17"), "§ 147"),
    Outcome("Solna stad", ADOPTED, _d("2013-11-13"), KF, _d("2013-11-11"), "§ 158"),
    Outcome("Stockholms stad", ADOPTED, _d("2013-11-01"), KF, _d("2013-10-21"), "§ 23"),
    Outcome("Sundbybergs stad", ADOPTED, _d("2013-10-31"), KF, _d("2013-10-28"), "§ 176"),
    Outcome("Södertälje kommun", ADOPTED, _d("2013-11-07"), KF, _d("2013-10-28"), "§ 204"),
    Outcome("Tyresö kommun", ADOPTED, _d("2013-10-28"), KF, _d("2013-10-24"), "§ 118"),
    Outcome("Täby kommun", ADOPTED, _d("2013-10-29"), KF, _d("2013-10-21"), "§ 134"),
    Outcome("Upplands Väsby kommun", ADOPTED, _d("2013-10-08"), KF, _d("2013-09-30"),
            "§ 102"),
    Outcome("Upplands-Bro kommun", NO_ANSWER, extension_granted_on=_d("2013-11-12"),
            extended_to=_d("2014-02-28")),
    Outcome("Vallentuna kommun", ADOPTED, _d("2013-11-25"), KF, _d("2013-11-18"), "§ 139"),
    Outcome("Vaxholms stad", NO_ANSWER),
    Outcome("Värmdö kommun", ADOPTED, _d("2014-01-28"), KF, _d("2014-01-22"), "§ 7",
            _d("2013-11-05"), _d("2014-01-31")),
    Outcome("Österåkers kommun", ADOPTED, _d("2013-11-20"), KF, _d("2013-11-11"), "§ 176"),
]


def is_loaded() -> bool:
    return Organisation.objects.filter(name=stockholm.KSL["name"]).exists()


def setup() -> Federation:
    """The federation, created where missing. Runs inside the caller's transaction."""
    others = Organisation.objects.exclude(name=stockholm.KSL["name"])
    if others.exists():
        raise DemoError(f"this database serves {others.first()}; the federation's demo "
                        "belongs in a database of its own (set KANSLI_DATA_DIR or "
                        "DATABASE_URL)")
    return build()


def build() -> Federation:
    """The federation's records, without asking whether the database serves another
    organisation (``setup`` asks). The story test keeps both sides in one database."""
    from kansli.diary.management.commands.loadclassification import load_file

    org, _created = Organisation.objects.get_or_create(
        name=stockholm.KSL["name"],
        defaults={"diary_number_format": NUMBER_FORMAT,
                  "organisation_number": stockholm.KSL["organisation_number"],
                  "address": stockholm.KSL["address"]})
    bodies = {code: Body.objects.get_or_create(organisation=org, code=code,
                                               defaults={"name": name, "kind": kind})[0]
              for code, name, kind in BODIES}
    series, _ = Series.objects.get_or_create(
        organisation=org, code="KSL", defaults={"name": "KSL", "body": bodies["STYR"]})
    office, _ = Unit.objects.get_or_create(organisation=org, name=OFFICE,
                                           defaults={"email": stockholm.KSL["email"]})
    load_file()
    users = diary_demo.ensure_users(USERS, "ksl.se")
    registrar = users["kslregistrator"]
    members = {}
    for name, email in stockholm.MEMBERS:
        members[name] = (Party.objects.filter(name=name, kind=Party.Kind.ORGANISATION).first()
                         or actions.do_create_party(acting_user=registrar, name=name,
                                                    kind=Party.Kind.ORGANISATION,
                                                    email=email))
    return Federation(Setup(org, {"KSL": series}, {OFFICE: office},
                            {OFFICE: users["kslhandlaggare"]}),
                      users, bodies["STYR"], members)


def logins() -> str:
    return diary_demo.logins(f"Open KSL's Kansli at {URL}", USERS)
