"""The agreement of the reference story as demo data (DESIGN.md §1, step 7).

- ``load_federation(fed, case=None)``: at KSL (kansli.demo.federation), the agreement
  with its 2009 version and the 2013 revision, its areas, KSL coordinating, the 26
  members as parties, their decisions on the 2013 version from
  ``federation.OUTCOMES``, and the follow-up of 2014 and 2015 with reports from most
  members that adopted it.
- ``load(setup, users, case)``: at Ekerö (kansli.diary.demo), Ekerö's record of the same
  agreement in case KS13/250-133, KSL coordinating, and Ekerö's adoption by its own KF
  paragraph.

Both run inside the caller's transaction, go through ``actions.py`` (so the journal
verifies), are deterministic, and do nothing when their agreement is already there.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import translation

from kansli.diary.models import Case, Document, Party

from . import actions
from .models import Adoption, Agreement, Area, ReportEntry

TITLE = ("Överenskommelse om samverkan mellan kommuner i Stockholms län gällande "
         "nyanlända")
DESCRIPTION = (
    "Överenskommelsen mellan länets kommuner om samverkan kring introduktion och "
    "integration av nyanlända. Syftet är att Stockholms läns kommuner genom samarbete ska "
    "underlätta och förbättra integrationen av nyanlända i länet. Den reviderade versionen "
    "från 2013 förtydligar organisation, uppföljningsansvar och samverkansområden.")
VERSION_2009 = "2009"
VERSION_2013 = "Justerat förslag 2013-05-06"
ADULTS, CHILDREN = Area.TargetGroup.ADULTS, Area.TargetGroup.CHILDREN
AREAS = [
    (ADULTS, "Utbildnings- och arbetslivsinriktade insatser för vuxna"),
    (CHILDREN, "Modersmålsundervisning"),
    (CHILDREN, "Hälsofrågor"),
    (CHILDREN, "Utbildningsinsatser för gode män"),
]
FOLLOW_UP_KSL = ("KSL:s kansli samordnar och följer upp; varje kommun rapporterar årligen "
                 "om samverkansområdena, och kansliet sammanställer rapporterna till KSL:s "
                 "styrelse.")
FOLLOW_UP_EKERO = ("Kommunförbundet Stockholms län följer upp; Socialkontoret lämnar "
                   "kommunens årliga rapport.")

D = datetime.date
# (label, first day, last day, reports due, compiled on or None)
PERIODS = [
    ("2014", D(2014, 1, 1), D(2014, 12, 31), D(2015, 2, 27), D(2015, 3, 16)),
    ("2015", D(2015, 1, 1), D(2015, 12, 31), D(2016, 2, 29), None),
]
# Members that adopted but did not report (by period): the coordinator's reminders.
MISSING = {
    "2014": {"Värmdö kommun", "Salems kommun"},
    "2015": {"Värmdö kommun", "Norrtälje kommun", "Sundbybergs stad",
             "Upplands Väsby kommun"},
}
# What a member writes, per area and status.
TEXTS = {
    AREAS[0][1]: {
        ReportEntry.Status.ACTIVE: "Gemensam upphandling av yrkesutbildning på SFI-nivå "
                                   "med grannkommunerna; platser köps och säljs mellan "
                                   "kommunerna.",
        ReportEntry.Status.PLANNED: "Samverkan om yrkessvenska planeras med "
                                    "grannkommunerna inför nästa år.",
        ReportEntry.Status.NONE: "Kommunen har egen verksamhet och har inte sett behov av "
                                 "samverkan under perioden.",
    },
    AREAS[1][1]: {
        ReportEntry.Status.ACTIVE: "Modersmålslärare i mindre språk delas med "
                                   "grannkommunerna genom köp av undervisning.",
        ReportEntry.Status.PLANNED: "Fjärrundervisning i modersmål tillsammans med andra "
                                    "kommuner förbereds.",
        ReportEntry.Status.NONE: "Modersmålsundervisningen ordnas inom kommunen.",
    },
    AREAS[2][1]: {
        ReportEntry.Status.ACTIVE: "Hälsoundersökningar för nyanlända barn samordnas med "
                                   "landstinget och grannkommunerna.",
        ReportEntry.Status.PLANNED: "Gemensam rutin för hälsosamtal i skolan tas fram.",
        ReportEntry.Status.NONE: "Ingen samverkan under perioden.",
    },
    AREAS[3][1]: {
        ReportEntry.Status.ACTIVE: "Gemensamma utbildningsdagar för gode män med "
                                   "överförmyndarnämnden i grannkommunerna.",
        ReportEntry.Status.PLANNED: "Utbildning för gode män planeras tillsammans med "
                                    "andra kommuner.",
        ReportEntry.Status.NONE: "Utbildning av gode män ordnas av den egna "
                                 "överförmyndarnämnden.",
    },
}
STATUS_CYCLE = [ReportEntry.Status.ACTIVE, ReportEntry.Status.ACTIVE,
                ReportEntry.Status.PLANNED, ReportEntry.Status.ACTIVE,
                ReportEntry.Status.NONE]
# One correction, to show the history: Ekerö's 2014 report, corrected.
CORRECTED = ("2014", "Ekerö kommun", D(2015, 3, 2),
             "Kommunen rättade uppgiften om modersmålsundervisning: samverkan pågår sedan "
             "hösten 2014.")


def _status(member_index: int, area_index: int, year: int) -> str:
    """A deterministic, varied status per member, area and year."""
    return STATUS_CYCLE[(member_index * 3 + area_index * 2 + year) % len(STATUS_CYCLE)]


def _entries(areas, member_index: int, year: int, *, fix_area: int | None = None):
    entries = []
    for j, area in enumerate(areas):
        status = ReportEntry.Status.ACTIVE if j == fix_area else _status(member_index, j,
                                                                         year)
        entries.append((area, status, TEXTS[area.name][status]))
    return entries


def _agreement_document(case: Case | None) -> Document | None:
    if case is None:
        return None
    return (case.documents.filter(doc_type=Document.Type.AGREEMENT, cancelled_at=None)
            .order_by("number").first())


def _versions(agreement, user, document):
    first = actions.do_add_version(agreement, acting_user=user, label=VERSION_2009)
    return first, actions.do_add_version(
        agreement, acting_user=user, label=VERSION_2013, date=D(2013, 5, 6),
        document=document, replaces=first, in_force_from=D(2014, 1, 1), areas=AREAS)


def load_federation(fed, case: Case | None = None) -> Agreement:
    """The agreement at KSL, kept in ``case`` (KSL's case of the recommendation) when
    given. ``fed`` is ``kansli.demo.federation.setup()``'s Federation."""
    # What the actions write in words (a deadline's description) is Swedish, whoever
    # calls.
    with translation.override("sv"):
        return _load_federation(fed, case)


def _load_federation(fed, case: Case | None) -> Agreement:
    from kansli.demo.federation import ADOPTED, DECLINED, OUTCOMES

    found = Agreement.objects.filter(title=TITLE).first()
    if found is not None:
        return found
    user = fed.users["kslhandlaggare"]
    agreement = actions.do_create_agreement(
        acting_user=user, title=TITLE, description=DESCRIPTION, case=case,
        follow_up=FOLLOW_UP_KSL)
    _first, version = _versions(agreement, user, _agreement_document(case))
    # The members' answers registered in the case, where the referrals demo put them.
    answers = {}
    if case is not None:
        for document in (case.documents.filter(direction=Document.Direction.INCOMING,
                                               cancelled_at=None)
                         .exclude(doc_type=Document.Type.AGREEMENT)
                         .prefetch_related("party_links").order_by("number")):
            for link in document.party_links.all():
                answers[link.party_id] = document
    outcomes = {o.member: o for o in OUTCOMES}
    reporters = []
    for name, party in fed.members.items():
        # Parties since 2009; the day each joined is not known.
        actions.do_add_party(agreement, acting_user=user, party=party)
        outcome = outcomes[name]
        if outcome.outcome in (ADOPTED, DECLINED):
            actions.do_record_adoption(
                version, party, acting_user=user, decision=outcome.outcome,
                body=outcome.body, decided_on=outcome.decided_on,
                paragraph=outcome.paragraph, document=answers.get(party.pk))
        if outcome.outcome == ADOPTED:
            reporters.append((name, party))
    areas = list(version.areas.order_by("order", "pk"))
    for label, start, end, due, compiled_on in PERIODS:
        period = actions.do_open_period(agreement, acting_user=user, label=label, start=start,
                                        end=end, reports_due=due, version=version,
                                        responsible=user)
        year = start.year
        for i, (name, party) in enumerate(reporters):
            if name in MISSING[label]:
                continue
            # Reports come in over the weeks before the due date, the last a day late.
            submitted = due - datetime.timedelta(days=20 - i)
            report = actions.do_submit_report(
                period, party, acting_user=user, submitted_on=submitted,
                entries=_entries(areas, i, year),
                reported_by=f"Integrationssamordnare, {name}",
                text="Samverkan har i huvudsak skett med grannkommunerna i länsdelen.")
            if (label, name) == CORRECTED[:2]:
                actions.do_correct_report(
                    report, acting_user=user, reason=CORRECTED[3],
                    submitted_on=max(CORRECTED[2], submitted),
                    entries=_entries(areas, i, year, fix_area=1),
                    reported_by=report.reported_by, text=report.text)
        if compiled_on:
            actions.do_compile_overview(period, acting_user=user, compiled_on=compiled_on)
    return agreement


def _ksl(acting_user) -> Party:
    from kansli.diary.demo import KSL_EMAIL, KSL_NAME, party

    return party(acting_user, Party.Kind.ORGANISATION, KSL_NAME, KSL_EMAIL)


def _kf_paragraph(case: Case):
    """The council's paragraph that decided the case (kansli.meetings.demo), if any."""
    from kansli.meetings.models import Handling

    handling = (case.handlings.filter(role=Handling.Role.DECISION, paragraph__isnull=False)
                .select_related("paragraph__body", "paragraph__meeting")
                .order_by("-referred_at").first())
    return handling.paragraph if handling else None


def load(setup, users: dict[str, User], case: Case) -> Agreement:
    """Ekerö's record of the agreement, kept in the reference case; called with what
    ``kansli.diary.demo.load`` passes to ``then``."""
    from kansli.demo.federation import OUTCOMES

    found = Agreement.objects.filter(title=TITLE, case=case).first()
    if found is not None:
        return found
    user = users["ahalvarsson"]
    agreement = actions.do_create_agreement(
        acting_user=user, title=TITLE, description=DESCRIPTION, case=case,
        coordinator=_ksl(users["registrator"]), follow_up=FOLLOW_UP_EKERO)
    _first, version = _versions(agreement, user, _agreement_document(case))
    actions.do_add_party(agreement, acting_user=user, party=None)
    paragraph = _kf_paragraph(case)
    # The extract of the decision sent to KSL shows the decision too.
    extract = (case.documents.filter(doc_type=Document.Type.EXTRACT,
                                     direction=Document.Direction.OUTGOING,
                                     cancelled_at=None).order_by("-number").first())
    adopted = Adoption.Decision.ADOPTED
    if paragraph is not None:
        actions.do_record_adoption(version, None, acting_user=user, decision=adopted,
                                   meeting_paragraph=paragraph, document=extract)
    else:  # the committee work is not loaded: the reference as KSL has it
        ekero = next(o for o in OUTCOMES if o.member == "Ekerö kommun")
        actions.do_record_adoption(version, None, acting_user=user, decision=adopted,
                                   body=ekero.body, decided_on=ekero.decided_on,
                                   paragraph=ekero.paragraph, document=extract)
    return agreement
