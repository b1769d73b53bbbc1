"""The public pages under /insyn/: the public diary, case and document pages, file
downloads, the notice board, meeting pages, iCalendar.

Everything shown comes through ``kansli.diary.public`` and ``kansli.meetings.public``
(the rules, personnummer masked); free text that does not (a meeting's place) is masked
in the templates with ``|masked``. Pages only read: GET and HEAD, no session, no
journal. Lists fetch their rows with a fixed number of queries, whatever their length.
Bad parameters are a message on the page with status 400, unknown ids a 404.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe

from kansli.archive.models import Disposal
from kansli.diary import files as diary_files
from kansli.diary import search
from kansli.diary.models import Document
from kansli.diary.public import (
    PUBLIC_PREFETCH,
    PublicDocument,
    case_title,
    document_entry,
    public_cases,
    public_documents,
    public_file,
)
from kansli.documents.store import stored_bytes
from kansli.lib.diarynumber import normalise
from kansli.lib.personnummer import mask
from kansli.meetings.models import AgendaItem, Meeting, Paragraph, Posting
from kansli.meetings.public import agenda_is_public, agenda_item_heading, paragraph_entry
from kansli.org.models import Body, Organisation

from . import ical, minutes
from .forms import SearchForm

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
# Deeper than anyone pages by hand; a robot asking for page 10⁹ gets a message.
MAX_PAGE = 400
FEED_SIZE = 50
START_SIZE = 8


class BadParameter(Exception):
    """A query parameter that cannot be used; shown on the page with status 400."""


def organisation() -> Organisation | None:
    return Organisation.objects.order_by("pk").first()


def publishes_files(org: Organisation | None) -> bool:
    return bool(org and org.publish_files)


def page_number(request, name: str = "sida") -> int:
    raw = request.GET.get(name, "1").strip() or "1"
    if not raw.isdigit() or not raw.isascii():
        raise BadParameter(_("The page number must be a whole number."))
    number = int(raw) if len(raw) < 10 else MAX_PAGE + 1
    if number < 1:
        raise BadParameter(_("The page number must be a whole number."))
    if number > MAX_PAGE:
        raise BadParameter(_("Only the first %(max)s pages are shown; narrow the search "
                             "instead.") % {"max": MAX_PAGE})
    return number


def page_link(request, name: str, number: int) -> str:
    query = request.GET.copy()
    query[name] = str(number)
    return "?" + query.urlencode()


def pager(request, name: str, number: int, shown: int, more: bool) -> dict:
    return {
        "first": (number - 1) * PAGE_SIZE + 1 if shown else 0,
        "last": (number - 1) * PAGE_SIZE + shown,
        "previous": page_link(request, name, number - 1) if number > 1 else None,
        "next": page_link(request, name, number + 1) if more and number < MAX_PAGE else None,
    }


# Rows of the public diary ----------------------------------------------------------------


@dataclass
class Row:
    """A document entry with its case, as the lists show it."""

    entry: PublicDocument
    case_pk: int
    diary_number: str
    case_title: str


def in_order(objects, ids):
    by_id = {o.pk: o for o in objects}
    return [by_id[i] for i in ids if i in by_id]


def document_rows(ids, *, publish_files: bool) -> list[Row]:
    """Public entries of these documents, in this order: four queries."""
    documents = in_order(public_documents().filter(pk__in=ids)
                         .select_related("case", "case__series")
                         .prefetch_related(*PUBLIC_PREFETCH), ids)
    return [Row(document_entry(d, publish_files=publish_files), d.case_id,
                d.case.diary_number, case_title(d.case)) for d in documents]


def case_rows(ids) -> list[dict]:
    cases = in_order(public_cases().filter(pk__in=ids)
                     .select_related("series", "classification"), ids)
    return [{"pk": c.pk, "diary_number": c.diary_number, "title": case_title(c),
             "opened": timezone.localtime(c.opened_at).date(), "status": c.get_status_display(),
             "secret_title": c.is_secret} for c in cases]


def public_words(entry: PublicDocument) -> str:
    """The words of a document the public can see: what a word search may match on."""
    if entry.secret:
        return ""
    return " ".join([entry.description or "", *entry.senders, *entry.recipients,
                     *(f.filename for f in entry.files)])


def matches_publicly(row: Row, words: str, type_label: str) -> bool:
    """Whether every searched word is in what the public sees of the entry. The index
    also holds names of private persons and file names (for staff search); a public hit
    on such a word alone would tell who is a party to what, so it is dropped."""
    seen = search.stems(f"{type_label} {public_words(row.entry)}").split()
    plain = set(search.words(f"{type_label} {public_words(row.entry)}"))
    for word in search.words(words):
        if word.endswith("*"):
            prefix = word.rstrip("*")
            if not any(s.startswith(prefix) for s in [*seen, *plain]):
                return False
        elif search.stems(word) not in seen and word not in plain:
            return False
    return True


def criteria_of(form: SearchForm) -> search.Criteria:
    data = form.cleaned_data
    quick = data["q"].strip()
    words, number = "", data["number"].strip()
    if quick:
        from kansli.diary.views import looks_like_number

        if looks_like_number(quick) and not number:
            number = quick
        else:
            words = quick
    return search.Criteria(
        words=words, number=number, date_from=data["date_from"], date_to=data["date_to"],
        series_id=data["series"].pk if data["series"] else None,
        classification=data["classification"].strip(), order="newest")


def search_documents(criteria: search.Criteria, *, limit: int, offset: int,
                     publish_files: bool) -> tuple[list[Row], bool]:
    """A page of public documents matching ``criteria``, newest first, and whether more
    follow."""
    result = search.search(criteria, documents=True, limit=limit, offset=offset)
    rows = document_rows(result.ids, publish_files=publish_files)
    if criteria.words:
        labels = dict(Document.Type.choices)
        with override(settings.LANGUAGE_CODE):
            labels = {k: str(v) for k, v in labels.items()}
        rows = [r for r in rows if matches_publicly(r, criteria.words,
                                                    labels.get(r.entry.doc_type, ""))]
    more = len(result.ids) == limit and (offset + limit < result.total or result.more)
    return rows, more


# Pages -----------------------------------------------------------------------------------


def bad_request(request, template: str, context: dict, message: str):
    context = {**context, "error": message}
    return render(request, template, context, status=400)


@require_safe
def index(request):
    org = organisation()
    today = timezone.localdate()
    latest = search.search(search.Criteria(), documents=True, limit=START_SIZE)
    postings = list(Posting.objects.filter(posted_on__lte=today, taken_down_on__gt=today)
                    .select_related("meeting__body").order_by("posted_on", "pk"))
    upcoming = list(Meeting.objects.filter(start__gte=timezone.now())
                    .select_related("body").order_by("start", "pk")[:START_SIZE])
    return render(request, "public/index.html", {
        "section": "start",
        "org": org, "rows": document_rows(latest.ids, publish_files=publishes_files(org)),
        "postings": postings, "upcoming": upcoming, "today": today,
        "minutes": minutes.public_minutes([p.meeting for p in postings]),
    })


@require_safe
def diary(request):
    org = organisation()
    form = SearchForm(request.GET or None)
    context = {"org": org, "form": form, "searching": bool(request.GET), "section": "diary"}
    try:
        number = page_number(request)
        case_number = page_number(request, "arendesida")
    except BadParameter as exc:
        return bad_request(request, "public/diary.html", context, str(exc))
    if request.GET and not form.is_valid():
        return bad_request(request, "public/diary.html", context,
                           _("The search could not be made: see the fields marked below."))
    criteria = criteria_of(form) if request.GET else search.Criteria()
    # An exact diary number goes to its case.
    typed = criteria.number
    if typed and not (criteria.words or criteria.date_from or criteria.date_to
                      or criteria.series_id or criteria.classification):
        case = public_cases().filter(number_key=normalise(typed)).first()
        if case is not None:
            return redirect("public:case", case.pk)
    rows, more = search_documents(criteria, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE,
                                  publish_files=publishes_files(org))
    cases = search.search(criteria, documents=False, limit=PAGE_SIZE,
                          offset=(case_number - 1) * PAGE_SIZE)
    case_list = case_rows(cases.ids)
    more_cases = len(cases.ids) == PAGE_SIZE and (
        (case_number * PAGE_SIZE) < cases.total or cases.more)
    query = request.GET.copy()
    for name in ("sida", "arendesida"):
        query.pop(name, None)
    context.update(
        rows=rows, pages=pager(request, "sida", number, len(rows), more),
        cases=case_list, case_pages=pager(request, "arendesida", case_number,
                                          len(case_list), more_cases),
        query=query.urlencode(),
    )
    return render(request, "public/diary.html", context)


@require_safe
def case(request, pk):
    org = organisation()
    case = get_object_or_404(public_cases().select_related("series", "classification"),
                             pk=pk)
    documents = (public_documents().filter(case=case).select_related("case", "case__series")
                 .prefetch_related(*PUBLIC_PREFETCH).order_by("number"))
    entries = [document_entry(d, publish_files=publishes_files(org)) for d in documents]
    paragraphs = (Paragraph.objects.filter(case=case, approved_on__isnull=False)
                  .select_related("meeting__body", "body", "case__series")
                  .order_by("meeting__start", "number"))
    decisions = [(p.meeting, paragraph_entry(p)) for p in paragraphs]
    disposal = Disposal.objects.filter(case=case).select_related("decision").first()
    return render(request, "public/case.html", {
        "disposal": disposal,
        "section": "diary",
        "org": org, "case": case, "title": case_title(case), "entries": entries,
        "decisions": decisions,
        "classification": case.classification,
    })


@require_safe
def document(request, pk):
    org = organisation()
    document = get_object_or_404(public_documents().select_related("case", "case__series")
                                 .prefetch_related(*PUBLIC_PREFETCH), pk=pk)
    return render(request, "public/document.html", {
        "section": "diary",
        "org": org, "entry": document_entry(document, publish_files=publishes_files(org)),
        "case": document.case, "case_title": case_title(document.case),
    })


@require_safe
def document_file(request, pk, file_pk):
    org = organisation()
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    file = public_file(document, file_pk, publish_files=publishes_files(org))
    if file is None:
        raise Http404
    try:
        content = diary_files.read_verified(file.blob)
    except diary_files.CorruptFileError as exc:
        logger.error("Refused to serve file %s of document %s: %s", file.pk, document.pk,
                     exc)
        raise Http404 from exc
    return file_response(content, file.media_type, mask(file.filename) or "fil")


def file_response(content: bytes, media_type: str, filename: str) -> HttpResponse:
    return diary_files.download_response(content, media_type, filename, private=False)


# The notice board ------------------------------------------------------------------------


def board_postings(queryset):
    return list(queryset.select_related("meeting__body"))


@require_safe
def board(request):
    today = timezone.localdate()
    postings = board_postings(Posting.objects.filter(posted_on__lte=today,
                                                     taken_down_on__gt=today)
                              .order_by("posted_on", "pk"))
    return render(request, "public/board.html", {
        "org": organisation(), "section": "board", "postings": postings, "today": today,
        "minutes": minutes.public_minutes([p.meeting for p in postings]),
    })


@require_safe
def board_archive(request):
    today = timezone.localdate()
    context = {"org": organisation(), "today": today, "postings": [], "archive": True,
               "section": "board"}
    try:
        number = page_number(request)
    except BadParameter as exc:
        return bad_request(request, "public/board.html", context, str(exc))
    offset = (number - 1) * PAGE_SIZE
    postings = board_postings(Posting.objects.filter(taken_down_on__lte=today)
                              .order_by("-taken_down_on", "-pk")[offset:offset + PAGE_SIZE + 1])
    more = len(postings) > PAGE_SIZE
    postings = postings[:PAGE_SIZE]
    context.update(postings=postings,
                   minutes=minutes.public_minutes([p.meeting for p in postings]),
                   pages=pager(request, "sida", number, len(postings), more))
    return render(request, "public/board.html", context)


@require_safe
def minutes_pdf(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    rendering = minutes.public_minutes([meeting]).get(meeting.pk)
    if rendering is None or minutes.holds_hidden_text(meeting):
        raise Http404
    try:
        content = stored_bytes(rendering)
    except diary_files.CorruptFileError as exc:
        logger.error("Refused to serve the minutes of meeting %s: %s", meeting.pk, exc)
        raise Http404 from exc
    response = file_response(content, "application/pdf", rendering.file.filename)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=rendering.file.filename)
    return response


@require_safe
def notice_pdf(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    rendering = minutes.public_notice(meeting)
    if rendering is None:
        raise Http404
    try:
        content = stored_bytes(rendering)
    except diary_files.CorruptFileError as exc:
        logger.error("Refused to serve the notice of meeting %s: %s", meeting.pk, exc)
        raise Http404 from exc
    response = file_response(content, "application/pdf", rendering.file.filename)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=rendering.file.filename)
    return response


# Meetings --------------------------------------------------------------------------------


def year_param(request) -> int:
    raw = request.GET.get("ar", "").strip()
    if not raw:
        return timezone.localdate().year
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        raise BadParameter(_("The year must be four digits."))
    year = int(raw)
    if not 1900 <= year <= 2999:
        raise BadParameter(_("The year must be four digits."))
    return year


@require_safe
def meetings(request):
    bodies = list(Body.objects.order_by("kind", "name"))
    context = {"org": organisation(), "bodies": bodies, "meetings": [], "body": None,
               "section": "meetings"}
    raw_body = request.GET.get("organ", "").strip()
    try:
        year = year_param(request)
        body = None
        if raw_body:
            if not (raw_body.isascii() and raw_body.isdigit() and len(raw_body) < 10):
                raise BadParameter(_("No such body."))
            body = next((b for b in bodies if b.pk == int(raw_body)), None)
            if body is None:
                raise Http404(_("No such body."))
    except BadParameter as exc:
        context["year"] = timezone.localdate().year
        return bad_request(request, "public/meetings.html", context, str(exc))
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    rows = Meeting.objects.filter(start__gte=start, start__lt=end).select_related("body")
    if body is not None:
        rows = rows.filter(body=body)
    # The years to go to: those with meetings, and this year (no endless pages).
    span = Meeting.objects.aggregate(first=Min("start"), last=Max("start"))
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = max(span["last"].year if span["last"] else this_year, this_year)
    context.update(meetings=list(rows.order_by("start", "pk")), body=body, year=year,
                   previous_year=year - 1 if year > first else None,
                   next_year=year + 1 if year < last else None)
    return render(request, "public/meetings.html", context)


@require_safe
def meeting(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    items = []
    if agenda_is_public(meeting):
        for item in (AgendaItem.objects.filter(meeting=meeting)
                     .select_related("case__series").order_by("position")):
            public_case = item.case_id and not item.case.is_cancelled
            items.append({"position": item.position, "kind": item.get_kind_display(),
                          "heading": agenda_item_heading(item),
                          "case_pk": item.case_id if public_case else None,
                          "diary_number": item.case.diary_number if public_case else ""})
    paragraphs = [entry for entry in (
        paragraph_entry(p) for p in Paragraph.objects.filter(meeting=meeting)
        .select_related("meeting__body", "body", "case__series").order_by("number"))
        if entry is not None]
    postings = list(meeting.postings.order_by("posted_on", "pk"))
    return render(request, "public/meeting.html", {
        "org": organisation(), "section": "meetings", "meeting": meeting,
        "agenda_public": agenda_is_public(meeting),
        "items": items, "paragraphs": paragraphs, "postings": postings,
        "minutes": minutes.public_minutes([meeting]).get(meeting.pk),
        "notice": minutes.public_notice(meeting),
    })


# iCalendar -------------------------------------------------------------------------------

CALENDAR_PAST_DAYS = 400


def meeting_event(request, meeting: Meeting) -> ical.Event:
    url = request.build_absolute_uri(reverse("public:meeting", args=[meeting.pk]))
    return ical.Event(
        uid=f"meeting-{meeting.pk}@{request.get_host().split(':')[0]}",
        start=meeting.start, end=meeting.end,
        summary=_("%(body)s, meeting") % {"body": mask(meeting.body.name)},
        location=mask(meeting.place), url=url,
        description=url)


@require_safe
def calendar(request, body_pk=None):
    body = get_object_or_404(Body, pk=body_pk) if body_pk is not None else None
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    rows = Meeting.objects.filter(start__gte=since).select_related("body").order_by("start",
                                                                                      "pk")
    if body is not None:
        rows = rows.filter(body=body)
    org = organisation()
    name = mask(body.name) if body else _("Meetings of %(org)s") % {
        "org": org.name if org else "Kansli"}
    text = ical.calendar([meeting_event(request, m) for m in rows], name=name,
                         stamp=timezone.now())
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"sammantraden-{body.code if body else 'alla'}.ics")
    return response

