"""Keeping what was sent or approved: a rendered PDF becomes a file of the registered
document (stored by its SHA-256, with a journal event through the diary's actions), and
from then on that file is what is served. See docs/rendering.md, "Storage".

- an officer's report: a file of its own registered document (``store_report``);
- a notice: registered in the body's meetings case of the year (``store_notice``);
- approved minutes: registered once in the same meetings case (``store_minutes``);
  never stored again, never rendered anew — ``minutes_pdf`` serves the stored file;
- an extract: registered in the paragraph's case by ``do_issue_extract`` with the
  rendered PDF as its file (``issue_extract``).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import actions as diary_actions
from kansli.diary.actions import NewFile
from kansli.diary.files import read_verified
from kansli.diary.models import Case, Classification, Document, DocumentFile, Series
from kansli.meetings import actions as meeting_actions
from kansli.meetings.models import Meeting, OfficersReport, Paragraph
from kansli.org.models import Body

from . import render
from .models import Rendering

logger = logging.getLogger(__name__)

PDF = "application/pdf"


def _latest(**filters) -> Rendering | None:
    return (Rendering.objects.filter(**filters).select_related("file__blob", "file__document")
            .order_by("-created_at", "-pk").first())


def _record(kind: str, file: DocumentFile, acting_user, **target) -> Rendering:
    return Rendering.objects.create(kind=kind, file=file, created_at=file.added_at,
                                    created_by=acting_user, **target)


def _new_file(document: Document, sha256: str) -> DocumentFile:
    return document.files.select_related("blob").filter(blob__sha256=sha256).latest("pk")


def stored_bytes(rendering: Rendering) -> bytes:
    """The stored PDF, after checking its hash (CorruptFileError otherwise)."""
    return read_verified(rendering.file.blob)


# Officer's reports ----------------------------------------------------------------------


def stored_report(report: OfficersReport) -> Rendering | None:
    return _latest(kind=Rendering.Kind.REPORT, report=report)


def store_report(report: OfficersReport, *, acting_user) -> Rendering:
    """Render the report to PDF/A and add it to its registered document. Rendering the
    same data again gives the same bytes, so an unchanged report is not stored twice."""
    report = render.load_report(report.pk)
    pdf = render.to_pdf(render.render_report(report))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=report.document_id)
        previous = stored_report(report)
        if previous is not None and previous.file.blob.sha256 == _sha256(pdf):
            return previous
        diary_actions.do_add_files(document, acting_user=acting_user,
                                   files=[NewFile(render.filename("report", report), pdf, PDF)])
        return _record(Rendering.Kind.REPORT, _new_file(document, _sha256(pdf)), acting_user,
                       report=report)


def _sha256(content: bytes) -> str:
    import hashlib

    return hashlib.sha256(content).hexdigest()


# The meetings case of a body and year -----------------------------------------------------


def _series_for(body: Body) -> Series:
    """The series a body's meetings case is opened in: the body's own, else its
    parent's, else the executive board's, else the organisation's first."""
    org_series = Series.objects.filter(organisation=body.organisation)
    for candidate in (body, body.parent):
        if candidate is not None:
            series = org_series.filter(body=candidate).order_by("pk").first()
            if series:
                return series
    series = (org_series.filter(body__kind=Body.Kind.EXECUTIVE).order_by("pk").first()
              or org_series.order_by("pk").first())
    if series is None:
        raise ValidationError(_("There is no diary series to register the minutes in."))
    return series


def meetings_case(body: Body, year: int, *, acting_user) -> Case:
    """The case holding a body's notices and minutes of a year ("Sammanträden
    Kommunfullmäktige 2013"), opened the first time it is needed. Call inside a
    transaction: the body row is locked so two stores never open two cases."""
    Body.objects.select_for_update().get(pk=body.pk)
    earlier = (Rendering.objects.filter(kind__in=[Rendering.Kind.NOTICE,
                                                  Rendering.Kind.MINUTES],
                                        meeting__body=body)
               .select_related("meeting", "file__document__case").order_by("-pk"))
    for rendering in earlier:
        if rendering.meeting.day.year == year and not rendering.document.case.is_cancelled:
            return rendering.document.case
    code = getattr(settings, "KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION", "1.2.3")
    classification = Classification.objects.filter(code=code).first() if code else None
    series = _series_for(body)
    if series.organisation.number_format.has_classification and classification is None:
        raise ValidationError(
            _("The meetings case needs a classification: set "
              "KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION to a loaded code (now %(code)s).")
            % {"code": code or "–"})
    return diary_actions.do_open_case(
        series, acting_user=acting_user,
        title=f"{render.TERMS['meetings_case']} {body.name} {year}",
        classification=classification)


# Notices ----------------------------------------------------------------------------------


def stored_notice(meeting: Meeting) -> Rendering | None:
    return _latest(kind=Rendering.Kind.NOTICE, meeting=meeting)


def store_notice(meeting: Meeting, *, acting_user) -> Rendering:
    """Register the notice and agenda, rendered to PDF/A, in the meetings case. An
    unchanged agenda is not registered twice."""
    meeting = render.load_meeting(meeting.pk)
    pdf = render.to_pdf(render.render_notice(meeting))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        previous = stored_notice(meeting)
        if previous is not None and previous.file.blob.sha256 == _sha256(pdf):
            return previous
        case = meetings_case(meeting.body, meeting.day.year, acting_user=acting_user)
        sent = timezone.localtime(meeting.notice_sent_at).date() if meeting.notice_sent_at \
            else timezone.localdate()
        document = diary_actions.do_register_document(
            case, acting_user=acting_user, direction=Document.Direction.DRAWN_UP,
            doc_type=Document.Type.OTHER,
            description=f"{render.TERMS['notice']} {meeting.body.name} {meeting.day:%Y-%m-%d}",
            received_date=sent, document_date=sent,
            files=[NewFile(render.filename("notice", meeting), pdf, PDF)])
        return _record(Rendering.Kind.NOTICE, document.files.get(), acting_user,
                       meeting=meeting)


# Minutes ----------------------------------------------------------------------------------


def stored_minutes(meeting: Meeting) -> Rendering | None:
    return _latest(kind=Rendering.Kind.MINUTES, meeting=meeting)


def store_approved_minutes(sender, *, meeting: Meeting, acting_user, **kwargs) -> None:
    """When the minutes are approved, store them at once, as they are then. A failure is
    logged, not raised: the approval stands, and the staff's "Create PDF" button or
    `kansli render minutes --store` stores them later."""
    try:
        store_minutes(meeting, acting_user=acting_user)
    except Exception:
        logger.exception("could not store the approved minutes of meeting %s", meeting.pk)


def store_minutes(meeting: Meeting, *, acting_user) -> Rendering:
    """Register the approved minutes, rendered to PDF/A, in the meetings case — once.
    Called again, it returns what was stored the first time."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing = stored_minutes(locked)
        if existing is not None:
            return existing
        if locked.approved_on is None:
            raise ValidationError(_("Minutes are stored when they are approved."))
        # Rendered under the lock: what is stored is the minutes as they are now.
        meeting = render.load_meeting(meeting.pk)
        pdf = render.to_pdf(render.render_minutes(meeting))
        numbers = list(meeting.paragraphs.order_by("number").values_list("number", flat=True))
        case = meetings_case(meeting.body, meeting.day.year, acting_user=acting_user)
        document = diary_actions.do_register_document(
            case, acting_user=acting_user, direction=Document.Direction.DRAWN_UP,
            doc_type=Document.Type.MINUTES,
            description=(f"{render.TERMS['minutes']} {meeting.body.name} "
                         f"{meeting.day:%Y-%m-%d} {render.paragraph_range(numbers)}").strip(),
            received_date=meeting.approved_on, document_date=meeting.day,
            files=[NewFile(render.filename("minutes", meeting), pdf, PDF)])
        return _record(Rendering.Kind.MINUTES, document.files.get(), acting_user,
                       meeting=meeting)


def minutes_pdf(meeting: Meeting, *, acting_user=None) -> tuple[bytes, Rendering | None]:
    """The minutes as PDF. Approved minutes are the stored file, stored now if this is
    the first time (when ``acting_user`` is given); minutes not yet approved are a
    draft, rendered from the data each time."""
    if meeting.approved_on is not None:
        rendering = stored_minutes(meeting)
        if rendering is None and acting_user is not None:
            rendering = store_minutes(meeting, acting_user=acting_user)
        if rendering is not None:
            return stored_bytes(rendering), rendering
    return render.to_pdf(render.render_minutes(render.load_meeting(meeting.pk))), None


# Extracts ---------------------------------------------------------------------------------


def stored_extract(paragraph: Paragraph) -> Rendering | None:
    return _latest(kind=Rendering.Kind.EXTRACT, paragraph=paragraph)


def issue_extract(paragraph: Paragraph, *, acting_user, recipients=(),
                  sent_on: datetime.date | None = None) -> Rendering:
    """Issue the certified extract of an approved paragraph: rendered to PDF/A and
    registered in the paragraph's case with that file (``do_issue_extract``)."""
    paragraph = render.load_paragraph(paragraph.pk)
    if paragraph.approved_on is None:
        raise ValidationError(_("An extract is made of an approved paragraph."))
    pdf = render.to_pdf(render.render_extract(paragraph))
    with transaction.atomic():
        document = meeting_actions.do_issue_extract(
            paragraph, acting_user=acting_user, recipients=recipients, sent_on=sent_on,
            files=[NewFile(render.filename("extract", paragraph), pdf, PDF)])
        return _record(Rendering.Kind.EXTRACT, document.files.get(), acting_user,
                       paragraph=paragraph)
