"""The OParl 1.1 endpoints: plain views returning JSON, read-only, open to everyone
(CORS ``*``), errors as JSON with a 4xx status. See docs/oparl.md."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt

from kansli.diary.files import CorruptFileError, read_verified
from kansli.org.models import Organisation

from . import objects

PAGE_SIZE = 50
MAX_PAGE_DIGITS = 9  # page numbers beyond this are refused, not counted
FILTERS = {
    "created_since": ("oparl_created", "gte"),
    "created_until": ("oparl_created", "lte"),
    "modified_since": ("oparl_modified", "gte"),
    "modified_until": ("oparl_modified", "lte"),
}
JSON = "application/json; charset=utf-8"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JsonResponse:
    return _json({"error": {"status": status, "message": message}}, status=status)


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, content_type=JSON,
                        json_dumps_params={"ensure_ascii": False})


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api(view):
    """GET, HEAD and OPTIONS only; CORS for everyone; ApiError and a missing
    organisation as JSON errors."""
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "This API is read-only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except ApiError as exc:
            response = error_response(exc.status, exc.message)
        except Organisation.DoesNotExist:
            response = error_response(404, "No organisation is set up.")
        return _cors(response)
    return wrapper


def not_found(message: str = "No such object.") -> ApiError:
    return ApiError(404, message)


# Lists -------------------------------------------------------------------------------------


@dataclass
class Source:
    """One kind of row in a list: annotated queryset and how a page of it is served."""

    queryset: object
    serialize: Callable[[list, objects.Ctx], list[dict]]


def _each(fn):
    return lambda rows, ctx: [fn(row, ctx) for row in rows]


def _meeting_page(rows, ctx):
    index = objects.meeting_files(rows, ctx)
    return [objects.meeting(m, ctx, index) for m in rows]


def _file_page(rows, ctx):
    return [objects.file(f, ctx) for f in rows]


def sources(kind: str, ctx: objects.Ctx) -> list[Source]:
    if kind == "organization":
        return [Source(objects.bodies(ctx), _each(objects.organization)),
                Source(objects.parties(ctx), _each(objects.party))]
    if kind == "agendaitem":
        return sources("live-agendaitem", ctx) + sources("removed", ctx)
    return [{
        "person": lambda: Source(objects.people(ctx), _each(objects.person)),
        "membership": lambda: Source(objects.memberships(ctx), _each(objects.membership)),
        "legislativeterm": lambda: Source(objects.terms(ctx), _each(objects.term)),
        "meeting": lambda: Source(objects.meetings_full(ctx), _meeting_page),
        "location": lambda: Source(objects.meetings(ctx), _each(objects.location)),
        "live-agendaitem": lambda: Source(objects.agenda_items(ctx),
                                          _each(objects.agenda_item)),
        "removed": lambda: Source(objects.removed_agenda_items(ctx),
                                  _each(objects.removed_agenda_item)),
        "paper": lambda: Source(objects.cases_full(ctx), _each(objects.paper)),
        "consultation": lambda: Source(objects.handlings(ctx), _each(objects.consultation)),
        "file": lambda: Source(objects.files_full(ctx), _file_page),
    }[kind]()]


LIST_KINDS = ("organization", "person", "membership", "legislativeterm", "meeting",
              "location", "agendaitem", "paper", "consultation", "file")


def parse_moment(name: str, raw: str) -> datetime.datetime:
    """An ISO 8601 date-time (or date, meaning its start, in Swedish time). A '+' of an
    offset that arrived as a space (an unencoded query string) is taken back."""
    text = raw.strip()
    candidates = [text, text.replace(" ", "+")] if " " in text else [text]
    for candidate in candidates:
        try:
            moment = parse_datetime(candidate)
            if moment is None:
                day = parse_date(candidate)
                if day is not None:
                    moment = datetime.datetime.combine(day, datetime.time())
        except ValueError:  # well-formed but impossible, e.g. month 13
            moment = None
        if moment is not None:
            try:
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                # The database compares in UTC: a moment that has none is refused.
                moment.astimezone(datetime.UTC)
            except (OverflowError, ValueError):
                break
            return moment
    raise ApiError(400, f"{name} must be an ISO 8601 date-time such as "
                        f"2013-12-16T18:00:00+01:00, not {raw[:100]!r}.")


def parse_page(raw: str | None) -> int:
    if raw is None:
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_PAGE_DIGITS \
            or int(raw) < 1:
        raise ApiError(400, "page must be a whole number from 1 upwards.")
    return int(raw)


def object_list(request, kind: str, ctx: objects.Ctx) -> JsonResponse:
    params = request.GET
    conditions = {}
    for name, (field, lookup) in FILTERS.items():
        if name in params:
            conditions[f"{field}__{lookup}"] = parse_moment(name, params[name])
    page = parse_page(params.get("page"))
    parts = []
    for source in sources(kind, ctx):
        queryset = source.queryset.filter(**conditions)
        parts.append((source, queryset, queryset.count()))
    total = sum(count for _s, _q, count in parts)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        raise ApiError(404, f"There is no page {page}: the list has {pages}.")
    start, stop = (page - 1) * PAGE_SIZE, page * PAGE_SIZE
    data, offset = [], 0
    for source, queryset, count in parts:
        lo, hi = max(start - offset, 0), min(stop - offset, count)
        if lo < hi:
            data += source.serialize(list(queryset[lo:hi]), ctx)
        offset += count
    return _json({"data": data, "pagination": {
        "totalElements": total, "elementsPerPage": PAGE_SIZE, "currentPage": page,
        "totalPages": pages}, "links": _links(request, ctx, kind, page, pages)})


def _links(request, ctx, kind, page, pages) -> dict:
    kept = [(k, v) for k, v in request.GET.items() if k in FILTERS]

    def at(number: int) -> str:
        query = urlencode(kept + [("page", str(number))] if number > 1 else kept)
        url = ctx.url("body-objects", ctx.org.pk, kind)
        return f"{url}?{query}" if query else url

    links = {"first": at(1), "self": at(page), "last": at(pages)}
    if page > 1:
        links["prev"] = at(page - 1)
    if page < pages:
        links["next"] = at(page + 1)
    return links


# Views -------------------------------------------------------------------------------------


@api
def system(request):
    return _json(objects.system(objects.make_ctx()))


@api
def body_list(request):
    ctx = objects.make_ctx()
    page = parse_page(request.GET.get("page"))  # one page; a bad one is still an error
    for name in FILTERS:
        if name in request.GET:
            parse_moment(name, request.GET[name])
    if page != 1:
        raise ApiError(404, f"There is no page {page}: the list has 1.")
    org = objects.organisations(ctx).get()
    url = ctx.url("body-list")
    return _json({"data": [objects.body(org, ctx)],
                  "pagination": {"totalElements": 1, "elementsPerPage": PAGE_SIZE,
                                 "currentPage": 1, "totalPages": 1},
                  "links": {"first": url, "self": url, "last": url}})


@api
def body(request, pk):
    ctx = objects.make_ctx()
    if pk != ctx.org.pk:
        raise not_found("No such body: this system serves one.")
    return _json(objects.body(objects.organisations(ctx).get(), ctx))


@api
def body_objects(request, pk, kind):
    ctx = objects.make_ctx()
    if pk != ctx.org.pk:
        raise not_found("No such body: this system serves one.")
    if kind not in LIST_KINDS:
        raise not_found(f"No such list: one of {', '.join(LIST_KINDS)}.")
    return object_list(request, kind, ctx)


def _one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise not_found()
    return found


def _object_view(fetch: Callable[[objects.Ctx, int], dict]):
    @api
    def view(request, pk):
        return _json(fetch(objects.make_ctx(), pk))
    return view


def _meeting(ctx, pk):
    found = _one(objects.meetings_full(ctx), pk)
    return objects.meeting(found, ctx, objects.meeting_files([found], ctx))


def _file(ctx, pk):
    found = _one(objects.files_full(ctx), pk)
    if not objects.file_is_deleted(found) and not objects.public_file(found, ctx):
        raise not_found()
    return objects.file(found, ctx)


organization = _object_view(lambda ctx, pk: objects.organization(_one(objects.bodies(ctx), pk),
                                                                  ctx))
party = _object_view(lambda ctx, pk: objects.party(_one(objects.parties(ctx), pk), ctx))
person = _object_view(lambda ctx, pk: objects.person(_one(objects.people(ctx), pk), ctx))
membership = _object_view(lambda ctx, pk: objects.membership(
    _one(objects.memberships(ctx), pk), ctx))
legislativeterm = _object_view(lambda ctx, pk: objects.term(_one(objects.terms(ctx), pk), ctx))
meeting = _object_view(_meeting)
location = _object_view(lambda ctx, pk: objects.location(_one(objects.meetings(ctx), pk), ctx))
def _agenda_item(ctx, pk):
    found = objects.agenda_items(ctx).filter(pk=pk).first()
    if found is not None:
        return objects.agenda_item(found, ctx)
    removed = objects.removed_agenda_items(ctx).filter(object_id=pk).last()
    if removed is None:
        raise not_found()
    return objects.removed_agenda_item(removed, ctx)


agendaitem = _object_view(_agenda_item)
paper = _object_view(lambda ctx, pk: objects.paper(_one(objects.cases_full(ctx), pk), ctx))
consultation = _object_view(lambda ctx, pk: objects.consultation(
    _one(objects.handlings(ctx), pk), ctx))
file = _object_view(_file)


@api
def file_content(request, pk, download: bool):
    """The bytes of a public file of a public document, when files are published."""
    ctx = objects.make_ctx()
    found = _one(objects.files_full(ctx), pk)
    if objects.file_is_deleted(found):
        raise ApiError(410, "This file's document was cancelled; the file is not served.")
    if not objects.public_file(found, ctx):
        raise not_found()
    try:
        content = read_verified(found.blob)
    except CorruptFileError:
        raise ApiError(409, "The stored file does not match its checksum; it is not "
                            "served. The registry has been told.") from None
    response = HttpResponse(content, content_type=found.media_type
                            or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=download, filename=objects.mask(found.filename) or "fil")
    response["Content-Length"] = str(len(content))
    # Whatever the file holds, it is never run as a page of this site.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@api
def unknown(request, rest=""):
    raise not_found("No such resource in this OParl API; start at /oparl/v1.1/.")
