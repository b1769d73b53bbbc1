"""Rendering of the documents of committee work to HTML and PDF: the officer's report
(tjänsteutlåtande), the notice with its agenda (kallelse med föredragningslista), the
minutes (protokoll) and the extract (protokollsutdrag). See docs/rendering.md.

One function per document kind returns a whole HTML page, made from the data only;
``to_pdf`` turns such a page into PDF (PDF/A-2b when asked) with WeasyPrint. The same
data renders to the same bytes: the PDF's dates come from the data, not the clock.

The headings and fixed phrases printed *in* the documents (``TERMS``) are Swedish legal
terms: they are the language of the document, which is Swedish whatever language the
interface is shown in, so they are not translated. What only staff see in the preview
(placeholders for missing data, the toolbar) goes through gettext.
"""

from __future__ import annotations

import base64
import datetime
import functools
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansli.meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Meeting,
    OfficersReport,
    Paragraph,
    Proposal,
    Recipient,
    Vote,
)
from kansli.org.models import Membership, Organisation

# The documents' own words (Swedish legal terms, never translated; see the module text).
TERMS = {
    "report": "Tjänsteutlåtande",
    "diary_number": "Dnr",
    "proposal": "Förslag till beslut",
    "summary": "Sammanfattning av ärendet",
    "basis": "Beslutsunderlag",
    "recipients": "Beslutet expedieras till",
    "notice": "Kallelse",
    "notice_intro": "Ledamöter och ersättare kallas till sammanträde.",
    "agenda": "Föredragningslista",
    "item": "Ärende",
    "time": "Tid",
    "place": "Plats",
    "minutes": "Protokoll",
    "draft": "Utkast – protokollet är inte justerat",
    "meeting_date": "Sammanträdesdatum",
    "place_and_time": "Plats och tid",
    "deciding": "Beslutande",
    "others_present": "Övriga närvarande",
    "approvers": "Utses att justera",
    "approval_place_time": "Justeringens plats och tid",
    "paragraphs": "Paragrafer",
    "signatures": "Underskrifter",
    "secretary": "Sekreterare",
    "chair": "Ordförande",
    "approver": "Justerande",
    "approved_on": "Justerat",
    "posting_certificate": "Anslagsbevis",
    "posting_text": "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
    "body": "Organ",
    "approval_date": "Datum för justering",
    "posted_on": "Datum då anslaget sätts upp",
    "taken_down_on": "Datum då anslaget tas ned",
    "appeal_last_day": "Sista dag för överklagande",
    "kept_at": "Förvaringsplats för protokollet",
    "signature": "Underskrift",
    "serving_for": "tjänstgörande ersättare för",
    "substitute": "ersättare",
    "proposals": "Yrkanden",
    "put_order": "Propositionsordning",
    "vote": "Omröstning",
    "yes": "Ja",
    "no": "Nej",
    "abstain": "Avstår",
    "ballots": "Omröstningslista",
    "decision": "Beslut",
    "recusal": "Jäv",
    "recusal_text": "anmäler jäv och deltar inte i handläggningen av ärendet.",
    "reservation": "Reservation",
    "reservation_text": "reserverar sig mot beslutet.",
    "immediately": "Paragrafen justerades omedelbart.",
    "secrecy": "Sekretess",
    "extract": "Protokollsutdrag",
    "certified": "Rätt utdraget intygar",
    "meetings_case": "Sammanträden",
}

# What the minutes say when a paragraph has no decision text of its own.
OUTCOME_SENTENCES = {
    Paragraph.Outcome.NOTED: "Informationen noteras.",
    Paragraph.Outcome.REFERRED_BACK: "Ärendet återremitteras.",
    Paragraph.Outcome.TABLED: "Ärendet bordläggs.",
}

BALLOT_WORDS = {Ballot.Choice.YES: TERMS["yes"], Ballot.Choice.NO: TERMS["no"],
                Ballot.Choice.ABSTAIN: TERMS["abstain"]}

AGENDA_KINDS = {
    AgendaItem.Kind.INFORMATION: "Information",
    AgendaItem.Kind.DELEGATION: "Anmälan av delegationsbeslut",
    AgendaItem.Kind.FORMAL: "",
    AgendaItem.Kind.MATTER: "",
}

# Shown only in the staff preview, where data is missing (never in a PDF).
PLACEHOLDERS = {
    "proposal": _("No proposed decision has been written."),
    "summary": _("No summary has been written."),
    "basis": _("No decision basis is linked."),
    "recipients": _("No recipients are given."),
    "signatories": _("No signatory is given."),
    "agenda": _("The agenda is empty."),
    "attendance": _("No attendance is recorded."),
    "approvers": _("No approvers are named."),
    "paragraphs": _("The minutes are not drawn up yet."),
    "decision": _("No decision has been written."),
    "posting": _("The approval is not posted yet."),
    "secretary": _("No secretary is named."),
}


# The organisation's settings ---------------------------------------------------------


@dataclass
class Letterhead:
    """What an organisation adjusts: its name, logo, address block and font."""

    organisation: str
    logo: str = ""  # a data: URI, so the same page works in the browser and in the PDF
    address: list[str] = field(default_factory=list)
    font_family: str = '"DejaVu Serif", serif'


def _setting(name: str, default=None):
    return getattr(settings, f"KANSLI_DOCUMENT_{name}", default)


@functools.lru_cache(maxsize=8)
def _logo_uri(path: str, mtime: float) -> str:
    content = Path(path).read_bytes()
    media_type = mimetypes.guess_type(path)[0] or "image/png"
    return f"data:{media_type};base64,{base64.b64encode(content).decode()}"


def letterhead() -> Letterhead:
    """From the settings ``KANSLI_DOCUMENT_ORGANISATION`` (name), ``_LOGO`` (path of an
    image file), ``_ADDRESS`` (lines; None means the organisation's address, empty means
    none) and ``_FONT_FAMILY`` (a CSS font-family)."""
    org = Organisation.objects.order_by("pk").first()
    name = _setting("ORGANISATION") or (org.name if org else "")
    address = _setting("ADDRESS")
    if address is None:
        address = org.address if org else ""
    if isinstance(address, str):
        address = address.splitlines()
    logo = ""
    path = _setting("LOGO")
    if path and Path(path).is_file():
        logo = _logo_uri(str(path), Path(path).stat().st_mtime)
    return Letterhead(organisation=name, logo=logo,
                      address=[line.strip() for line in address if line.strip()],
                      font_family=_setting("FONT_FAMILY") or Letterhead.font_family)


# Helpers -----------------------------------------------------------------------------


def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value) if value else None


def _time_span(meeting: Meeting) -> str:
    """"18.00–20.15" in the Swedish way."""
    start = _local(meeting.start)
    text = f"{start:%H.%M}"
    if meeting.end:
        text += f"–{_local(meeting.end):%H.%M}"
    return text


def paragraph_range(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"§ {numbers[0]}"
    return f"§§ {min(numbers)}–{max(numbers)}"


def _party_abbreviations(meeting: Meeting) -> dict[int, str]:
    """Person id → party abbreviation, from the memberships of the meeting's body on its
    day (one query)."""
    day = meeting.day
    rows = (Membership.objects.filter(body=meeting.body, start__lte=day, end__gte=day,
                                      political_party__isnull=False)
            .values_list("person_id", "political_party__abbreviation"))
    return dict(rows)


def _with_party(person, parties: dict[int, str]) -> str:
    abbr = parties.get(person.pk)
    return f"{person.name} ({abbr})" if abbr else person.name


def _midnight(day: datetime.date | None) -> str:
    """An ISO date-time for the PDF's dates, from the data (so output is repeatable)."""
    day = day or datetime.date(2000, 1, 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time())).isoformat()


def _render(template: str, context: dict, *, preview: bool, toolbar: str) -> str:
    context.update(letterhead=letterhead(), terms=TERMS, placeholders=PLACEHOLDERS,
                   preview=preview, toolbar=toolbar)
    return render_to_string(f"documents/{template}", context)


# The officer's report ------------------------------------------------------------------


def load_report(pk: int) -> OfficersReport:
    return (OfficersReport.objects
            .select_related("document__case", "body")
            .prefetch_related("sections", "signatories",
                              "basis__document", "basis__paragraph__meeting",
                              "basis__paragraph__body",
                              Prefetch("recipients", queryset=Recipient.objects
                                       .select_related("party", "unit")))
            .get(pk=pk))


def report_context(report: OfficersReport) -> dict:
    document = report.document
    signatories = list(report.signatories.all())
    return {
        "report": report,
        "diary_number": document.case.diary_number,
        "sections": [s for s in report.sections.all() if s.text.strip()],
        "basis": [entry.text for entry in report.basis.all()],
        "recipients": [r.text for r in report.recipients.all()],
        "signatories": signatories,
        "meta": {
            "title": report.title,
            "author": report.body.name,
            "keywords": document.case.diary_number,
            "subject": f"{TERMS['report']} {TERMS['diary_number']} "
                       f"{document.case.diary_number}",
            "date": _midnight(document.document_date or document.received_date),
        },
    }


def render_report(report: OfficersReport, *, preview: bool = False, toolbar: str = "") -> str:
    """The officer's report: the body it goes to, title, diary number, proposed decision,
    summary, further sections, decision basis, recipients and signatories."""
    return _render("report.html", report_context(report), preview=preview, toolbar=toolbar)


# The notice and agenda ------------------------------------------------------------------


def load_meeting(pk: int) -> Meeting:
    return Meeting.objects.select_related("body", "chair", "secretary").get(pk=pk)


def notice_context(meeting: Meeting) -> dict:
    items = list(meeting.agenda.select_related("case", "report__document")
                 .order_by("position"))
    for item in items:
        # The notice is a public document: an item of a case whose title is secret
        # carries the case's public title, whatever heading was typed.
        if item.case_id and item.case.is_secret:
            item.heading = item.case.shown_title
        item.kind_text = AGENDA_KINDS.get(item.kind, "")
        report = item.report
        item.report_text = (
            f"{TERMS['report']} {report.document.document_date:%Y-%m-%d}"
            if report and report.document.document_date else "")
    day = meeting.day
    sent = _local(meeting.notice_sent_at)
    return {
        "meeting": meeting,
        "day": day,
        "time": _time_span(meeting),
        "items": items,
        "meta": {
            "title": f"{TERMS['notice']} {meeting.body.name} {day:%Y-%m-%d}",
            "author": meeting.body.name,
            "keywords": ", ".join(sorted({i.case.diary_number for i in items if i.case})),
            "subject": f"{TERMS['notice']} {TERMS['agenda'].lower()}",
            "date": _midnight(sent.date() if sent else day),
        },
    }


def render_notice(meeting: Meeting, *, preview: bool = False, toolbar: str = "") -> str:
    """The notice with its agenda: body, time and place, the items with their diary
    numbers and reports, the chair and the secretary."""
    return _render("notice.html", notice_context(meeting), preview=preview, toolbar=toolbar)


# Minutes and extracts -------------------------------------------------------------------


def _paragraphs(meeting: Meeting, only: Paragraph | None = None) -> list[Paragraph]:
    """Paragraphs with everything the minutes show, in a fixed number of queries."""
    queryset = (Paragraph.objects.filter(meeting=meeting)
                .select_related("case", "body")
                .prefetch_related(
                    Prefetch("proposals", queryset=Proposal.objects.filter(withdrawn=False)
                             .select_related("mover")),
                    Prefetch("votes", queryset=Vote.objects.prefetch_related(
                        Prefetch("ballots", queryset=Ballot.objects
                                 .select_related("person").order_by("person__name")))),
                    "reservations__person", "recusals__person",
                    Prefetch("recipients", queryset=Recipient.objects
                             .select_related("party", "unit")))
                .order_by("number"))
    if only is not None:
        queryset = queryset.filter(pk=only.pk)
    paragraphs = list(queryset)
    parties = _party_abbreviations(meeting)
    for p in paragraphs:
        proposals = list(p.proposals.all())
        for proposal in proposals:
            proposal.mover_text = _with_party(proposal.mover, parties)
        p.proposal_list = proposals
        p.put_list = sorted((x for x in proposals if x.put_order),
                            key=lambda x: x.put_order)
        p.vote_list = list(p.votes.all())
        for vote in p.vote_list:
            vote.ballot_list = [(_with_party(b.person, parties), BALLOT_WORDS[b.choice])
                                for b in vote.ballots.all()]
        p.recusal_list = [_with_party(r.person, parties) for r in p.recusals.all()]
        p.reservation_list = [(_with_party(r.person, parties), r.text)
                              for r in p.reservations.all()]
        p.recipient_list = [r.text for r in p.recipients.all()]
        p.outcome_text = "" if p.decision.strip() else OUTCOME_SENTENCES.get(p.outcome, "")
    return paragraphs


def _people(meeting: Meeting) -> tuple[list[str], list[str]]:
    """(deciding, others present) as the front page lists them."""
    parties = _party_abbreviations(meeting)
    deciding, others = [], []
    rows = (meeting.attendance.select_related("person", "serving_for")
            .order_by("kind", "person__name"))
    chair_id = meeting.chair_id
    for a in sorted(rows, key=lambda a: (a.person_id != chair_id, a.kind != "member",
                                         a.person.name)):
        name = _with_party(a.person, parties)
        if a.person_id == chair_id and a.decides:
            name += f", {TERMS['chair'].lower()}"
        if a.kind == Attendance.Kind.SERVING:
            name += f", {TERMS['serving_for']} {_with_party(a.serving_for, parties)}"
        elif a.kind == Attendance.Kind.SUBSTITUTE:
            name += f", {TERMS['substitute']}"
        elif a.kind == Attendance.Kind.OTHER:
            detail = a.note or a.person.title
            if detail:
                name += f", {detail}"
        (deciding if a.decides else others).append(name)
    return deciding, others


def minutes_context(meeting: Meeting) -> dict:
    paragraphs = _paragraphs(meeting)
    deciding, others = _people(meeting)
    approvers = list(meeting.approvers.select_related("person")
                     .prefetch_related("approvals"))
    for approver in approvers:
        # The day each approver approved, as signed (Approval.on).
        whole = [a for a in approver.approvals.all() if a.paragraph_id is None]
        approver.approved_at = (whole[0].on or _local(whole[0].at).date()) if whole else None
    posting = meeting.postings.filter(kind="approval").first()
    numbers = [p.number for p in paragraphs]
    day = meeting.day
    diary_numbers = sorted({p.case.diary_number for p in paragraphs if p.case})
    return {
        "meeting": meeting,
        "day": day,
        "time": _time_span(meeting),
        "paragraphs": paragraphs,
        "range": paragraph_range(numbers),
        "deciding": deciding,
        "others": others,
        "chair": next((a for a in approvers if a.is_chair), None),
        "approvers": [a for a in approvers if not a.is_chair],
        "posting": posting,
        "meta": {
            "title": f"{TERMS['minutes']} {meeting.body.name} {day:%Y-%m-%d}",
            "author": meeting.body.name,
            "keywords": ", ".join(diary_numbers),
            "subject": f"{TERMS['minutes']} {meeting.body.name} {day:%Y-%m-%d} "
                       f"{paragraph_range(numbers)}".strip(),
            "date": _midnight(meeting.approved_on or day),
        },
    }


def render_minutes(meeting: Meeting, *, preview: bool = False, toolbar: str = "") -> str:
    """The minutes: the front page (body, place and time, who decided, others present,
    approvers, approval, paragraphs, signatures, the posting certificate), then every
    paragraph."""
    return _render("minutes.html", minutes_context(meeting), preview=preview, toolbar=toolbar)


def load_paragraph(pk: int) -> Paragraph:
    return Paragraph.objects.select_related("meeting__body", "meeting__secretary",
                                            "body", "case").get(pk=pk)


def extract_context(paragraph: Paragraph) -> dict:
    meeting = paragraph.meeting
    paragraphs = _paragraphs(meeting, only=paragraph)
    day = meeting.day
    approvers = list(meeting.approvers.select_related("person"))
    number = f"§ {paragraph.number}"
    return {
        "meeting": meeting,
        "day": day,
        "paragraph": paragraphs[0],
        "paragraphs": paragraphs,
        "secretary": meeting.secretary,
        "approvers": approvers,
        "meta": {
            "title": f"{TERMS['extract']} {meeting.body.name} {day:%Y-%m-%d} {number}",
            "author": meeting.body.name,
            "keywords": paragraph.case.diary_number if paragraph.case else "",
            "subject": f"{TERMS['extract']} {paragraph.citation}"
                       + (f" {TERMS['diary_number']} {paragraph.case.diary_number}"
                          if paragraph.case else ""),
            "date": _midnight(paragraph.approved_on or day),
        },
    }


def render_extract(paragraph: Paragraph, *, preview: bool = False, toolbar: str = "") -> str:
    """The extract of one paragraph, certified: "Rätt utdraget intygar"."""
    return _render("extract.html", extract_context(paragraph), preview=preview,
                   toolbar=toolbar)


# PDF ------------------------------------------------------------------------------------


def to_pdf(html: str, *, pdfa: bool = True) -> bytes:
    """PDF of a rendered page, PDF/A-2b unless ``pdfa`` is false. The fonts are the
    system's (fontconfig), embedded as subsets; title, author, subject and keywords
    come from the page's <title> and <meta> elements."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/a-2b" if pdfa else None)


RENDERERS = {
    "report": (load_report, render_report),
    "notice": (load_meeting, render_notice),
    "minutes": (load_meeting, render_minutes),
    "extract": (load_paragraph, render_extract),
}


def filename(kind: str, obj) -> str:
    """The file name a stored or downloaded PDF gets (as the diary keeps names: no
    spaces, no characters beyond letters, digits, "-", "_" and ".")."""
    if kind == "report":
        number = obj.document.case.diary_number.replace("/", "-").replace(" ", "-")
        return f"{TERMS['report']}_{number}.pdf"
    if kind in ("notice", "minutes"):
        return f"{TERMS[kind]}_{obj.body.code}_{obj.day:%Y-%m-%d}.pdf"
    day = obj.meeting.day
    return f"{TERMS['extract']}_{obj.body.code}_{day:%Y-%m-%d}_paragraf-{obj.number}.pdf"
