"""The API's operations. Each view checks its input (``validation``), reads with the
same rules as the staff interface, and changes things only through ``diary.actions``,
so the journal records each change with the integration's service user as actor.

What a reader without ``secret:read`` sees is what staff without access to a case see:
a secret case's public title; a secret document's number, dates, type and secrecy ground,
never its description, parties or files.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kansli.diary import actions, files, search
from kansli.diary.forms import MAX_FILES, case_officers
from kansli.diary.models import (
    Case,
    Classification,
    Document,
    DocumentFile,
    DocumentParty,
    Event,
    Party,
    Series,
)
from kansli.diary.public import PUBLIC_PREFETCH
from kansli.diary.views import looks_like_number
from kansli.lib.diarynumber import ParseError, normalise
from kansli.org.models import Organisation, Unit

from . import openapi
from .decorators import ApiError, api, error_response, require_scope
from .validation import CONTROL, Body, Errors, integer, json_body, moment, query, text

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# Deeper than any client pages; keeps OFFSET within what the databases take.
MAX_PAGE = 10_000
MAX_ID = 2**63 - 1
# A text search reads at most this many hits, as the staff interface does.
SEARCH_CAP = search.COUNT_CAP
SMALL_BODY = 1024 * 1024
SECRET = "secret:read"


def body_limit() -> int:
    """A registration's body: its files, base64-encoded, plus room for the rest."""
    return settings.KANSLI_MAX_UPLOAD_BYTES * 4 // 3 + 4 + SMALL_BODY


def get_or_404(queryset, pk: int):
    if pk > MAX_ID:
        raise Http404
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def stamp(value):
    return timezone.localtime(value).isoformat() if value else None


def day(value):
    return value.isoformat() if value else None


# Representations ------------------------------------------------------------------------


def case_dict(request, case: Case, *, updated_at=None) -> dict:
    can_read = request.integration.has_scope(SECRET)
    secret = case.is_secret
    return {
        "id": case.pk,
        "url": request.build_absolute_uri(reverse("api:case", args=[case.pk])),
        "diary_number": case.diary_number,
        "title": case.title if can_read or not secret else case.shown_title,
        "public_title": case.public_title if secret else case.title,
        "title_secret": secret,
        "secrecy_ground": case.secrecy_ground,
        "series": case.series.code,
        "year": case.year,
        "serial": case.serial,
        "classification": case.classification.code if case.classification_id else None,
        "status": case.status,
        "unit": case.unit.name if case.unit_id else None,
        "officer": case.officer.get_username() if case.officer_id else None,
        "opened_at": stamp(case.opened_at),
        "closed_at": stamp(case.closed_at),
        "updated_at": stamp(updated_at or case.opened_at),
        "cancelled": case.is_cancelled,
    }


def party_dict(link, can_read: bool) -> dict:
    party = link.party
    if party.is_secret and not can_read:
        return {"id": None, "kind": party.kind, "name": _("Party subject to secrecy"),
                "email": "", "secret": True}
    return {"id": party.pk, "kind": party.kind, "name": party.name, "email": party.email,
            "secret": party.is_secret}


def document_dict(request, document: Document) -> dict:
    can_read = request.integration.has_scope(SECRET)
    masked = document.is_secret and not can_read
    out = {
        "id": document.pk,
        "url": request.build_absolute_uri(reverse("api:document", args=[document.pk])),
        "case_id": document.case_id,
        "reference": document.reference,
        "number": document.number,
        "direction": document.direction,
        "doc_type": document.doc_type,
        "description": None if masked else document.description,
        "secret": document.is_secret,
        "secrecy_ground": document.secrecy_ground,
        "masked": masked,
        "received_date": day(document.received_date),
        "document_date": day(document.document_date),
        "registered_at": stamp(document.registered_at),
        "cancelled": document.is_cancelled,
        "senders": [],
        "recipients": [],
        "files": [],
    }
    if masked:
        return out
    for link in document.party_links.all():
        key = "senders" if link.role == DocumentParty.Role.SENDER else "recipients"
        out[key].append(party_dict(link, can_read))
    for link in document.unit_links.all():
        key = "senders" if link.role == DocumentParty.Role.SENDER else "recipients"
        out[key].append({"id": None, "kind": "unit", "name": link.unit.name, "email": "",
                         "secret": False})
    out["files"] = [{
        "id": f.pk,
        "url": request.build_absolute_uri(reverse("api:file", args=[document.pk, f.pk])),
        "name": f.filename,
        "media_type": f.media_type,
        "size": f.blob.size,
        "sha256": f.blob.sha256,
    } for f in document.files.all()]
    return out


# The same links and files as a public entry needs (kansli.diary.public).
DOCUMENT_PREFETCH = PUBLIC_PREFETCH


def cases():
    return Case.objects.select_related("series", "classification", "unit", "officer")


def updated_times(ids) -> dict[int, object]:
    """When each case last changed: its newest journal event (one indexed query)."""
    return dict(Event.objects.filter(case_id__in=list(ids)).values("case_id")
                .annotate(last=Max("at")).values_list("case_id", "last"))


def case_detail_dict(request, case: Case) -> dict:
    out = case_dict(request, case, updated_at=updated_times([case.pk]).get(case.pk))
    # The documents come with the case for those who may read documents.
    if request.integration.has_scope("documents:read"):
        documents = case.documents.order_by("number").select_related("case") \
            .prefetch_related(*DOCUMENT_PREFETCH)
        out["documents"] = [document_dict(request, d) for d in documents]
    return out


# Cases ----------------------------------------------------------------------------------

CASE_LIST_PARAMS = {"q", "diary_number", "status", "series", "updated_since", "page",
                    "page_size"}


@api({"GET": "cases:read", "POST": "cases:write"})
def case_collection(request):
    if request.method == "POST":
        return case_create(request)
    values, errors = query(request, CASE_LIST_PARAMS)
    q = text(values, errors, "q", max_length=200)
    number = text(values, errors, "diary_number", max_length=50)
    series = text(values, errors, "series", max_length=10)
    status = values.get("status", "")
    if status and status not in Case.Status.values:
        errors.add("status", _("Not one of: %(choices)s.")
                   % {"choices": ", ".join(Case.Status.values)})
    since = moment(values, errors, "updated_since")
    page = integer(values, errors, "page", default=1, minimum=1, maximum=MAX_PAGE)
    size = integer(values, errors, "page_size", default=DEFAULT_PAGE_SIZE, minimum=1,
                   maximum=MAX_PAGE_SIZE)
    errors.raise_if_any("invalid_parameter", _("The query parameters are not valid."))

    found = cases()
    if q:
        criteria = (search.Criteria(number=q) if looks_like_number(q)
                    else search.Criteria(words=q))
        found = found.filter(pk__in=search.search(criteria, documents=False,
                                                  limit=SEARCH_CAP).ids)
    if number:
        found = found.filter(number_key=normalise(number))
    if series:
        found = found.filter(series__code__iexact=series)
    if status:
        found = found.filter(status=status)
    if since:
        found = found.filter(pk__in=Event.objects.filter(at__gte=since, case__isnull=False)
                             .values("case_id"))
    offset = (page - 1) * size
    rows = list(found.order_by("-pk")[offset:offset + size + 1])
    if page > 1 and not rows:
        raise ApiError(404, "page_not_found", _("The page is beyond the last one."))
    more, rows = len(rows) > size, rows[:size]
    updated = updated_times(c.pk for c in rows)

    def link(to_page):
        params = {**values, "page": str(to_page)}
        return request.build_absolute_uri(reverse("api:cases") + "?" + urlencode(params))

    return JsonResponse({
        "results": [case_dict(request, c, updated_at=updated.get(c.pk)) for c in rows],
        "page": page,
        "page_size": size,
        "links": {"self": link(page), "next": link(page + 1) if more else None,
                  "previous": link(page - 1) if page > 1 else None},
    })


@api({"GET": "cases:read"})
def case_detail(request, pk):
    return JsonResponse(case_detail_dict(request, get_or_404(cases(), pk)))


@api({"GET": "cases:read"})
def case_by_number(request, number):
    """A diary number as people write it: in the organisation's format, any letter case
    and spacing; or exactly as registered (an imported number in an older format)."""
    number = number.strip()
    if len(number) > 50 or CONTROL.search(number):
        # No case has such a number (and PostgreSQL takes no NUL in a query).
        raise Http404
    case = None
    org = Organisation.objects.order_by("pk").first()
    if org is not None:
        try:
            parsed = org.number_format.parse(number)
        except ParseError:
            parsed = None
        if parsed is not None and parsed.serial <= 2**31 - 1:
            case = cases().filter(series__organisation=org, series__code__iexact=parsed.series,
                                  year=parsed.year, serial=parsed.serial).first()
            # The number's classification part, where written, must be the case's.
            code = case.classification.code if case and case.classification_id else ""
            if case and parsed.classification and parsed.classification.upper() != code.upper():
                case = None
    if case is None:
        case = cases().filter(number_key=normalise(number)).order_by("pk").first()
    if case is None:
        raise Http404
    return JsonResponse(case_detail_dict(request, case))


def find_series(code: str) -> Series | None:
    candidates = list(Series.objects.filter(code__iexact=code).order_by("pk"))
    exact = [s for s in candidates if s.code == code]
    return (exact or candidates or [None])[0]


def case_create(request):
    data = json_body(request, limit=SMALL_BODY)
    errors = Errors()
    body = Body(data, errors)
    series_code = body.string("series", max_length=10, required=True)
    title = body.string("title", max_length=500, required=True)
    public_title = body.string("public_title", max_length=500)
    classification_code = body.string("classification", max_length=30)
    secrecy_ground = body.string("secrecy_ground", max_length=200)
    unit_id = body.integer("unit")
    officer_name = body.string("officer", max_length=150)
    body.finish()
    series = find_series(series_code) if series_code else None
    if series_code and series is None:
        errors.add("series", _("No diary series has this code."))
    classification = None
    if classification_code:
        classification = Classification.objects.filter(code=classification_code).first()
        if classification is None:
            errors.add("classification", _("No classification has this code."))
    unit = None
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None:
            errors.add("unit", _("No unit has this id."))
    officer = None
    if officer_name:
        officer = case_officers().filter(username=officer_name).first()
        if officer is None:
            errors.add("officer", _("No case officer has this user name."))
    errors.raise_if_any("validation_failed", _("The input is not valid."))
    case = actions.do_open_case(
        series, acting_user=request.integration.user, title=title, public_title=public_title,
        classification=classification, unit=unit, officer=officer,
        secrecy_ground=secrecy_ground)
    response = JsonResponse(case_detail_dict(request, cases().get(pk=case.pk)), status=201)
    response["Location"] = reverse("api:case", args=[case.pk])
    return response


# Documents ------------------------------------------------------------------------------


def find_or_create_sender(*, acting_user, kind: str, name: str, email: str) -> Party:
    """The party that sent a document. One that is not secret, of the same kind, with the
    same name and e-mail address is reused; without an e-mail address two people of one
    name cannot be told apart, so a person is then created anew."""
    if email or kind == Party.Kind.ORGANISATION:
        party = (Party.objects.filter(kind=kind, name=name, email__iexact=email,
                                      secrecy_ground="").order_by("pk").first())
        if party is not None:
            return party
    return actions.do_create_party(acting_user=acting_user, kind=kind, name=name, email=email)


@api({"POST": "documents:write"})
def document_collection(request, pk):
    case = get_or_404(Case.objects.all(), pk)
    limit = settings.KANSLI_MAX_UPLOAD_BYTES
    data = json_body(request, limit=body_limit())
    errors = Errors()
    body = Body(data, errors)
    description = body.string("description", max_length=500, required=True)
    received_date = body.date("received_date", required=True)
    document_date = body.date("document_date")
    doc_type = body.string("doc_type", max_length=30, choices=Document.Type.values) or "letter"
    secrecy_ground = body.string("secrecy_ground", max_length=200)
    sender = body.object("sender")
    if sender is not None:
        sender_kind = sender.string("kind", max_length=20, required=True,
                                    choices=Party.Kind.values)
        sender_name = sender.string("name", max_length=300, required=True)
        sender_email = sender.email("email")
        sender.finish()
    uploads = []
    for item in body.objects("files", max_items=MAX_FILES):
        name = item.string("name", max_length=255, required=True)
        media_type = item.string("media_type", max_length=100)
        content = item.base64("content_base64", limit=limit)
        item.finish()
        uploads.append(actions.NewFile(name=name, content=content, content_type=media_type))
    body.finish()
    if sum(upload.size for upload in uploads) > limit:
        errors.add("files", _("The files together are larger than the limit of "
                              "%(limit)d bytes.") % {"limit": limit})
    errors.raise_if_any("validation_failed", _("The input is not valid."))
    acting_user = request.integration.user
    # The new party and the document together, or neither.
    with transaction.atomic():
        senders = []
        if sender is not None:
            senders.append(find_or_create_sender(acting_user=acting_user, kind=sender_kind,
                                                 name=sender_name, email=sender_email))
        document = actions.do_register_document(
            case, acting_user=acting_user, direction=Document.Direction.INCOMING,
            doc_type=doc_type, description=description, received_date=received_date,
            document_date=document_date, senders=senders, files=uploads,
            secrecy_ground=secrecy_ground)
    document = documents().get(pk=document.pk)
    response = JsonResponse(document_dict(request, document), status=201)
    response["Location"] = reverse("api:document", args=[document.pk])
    return response


def documents():
    return Document.objects.select_related("case", "case__series") \
        .prefetch_related(*DOCUMENT_PREFETCH)


@api({"GET": "documents:read"})
def document_detail(request, pk):
    document = get_or_404(documents(), pk)
    if document.is_secret and request.integration.has_scope(SECRET):
        actions.record_secret_read(document, acting_user=request.integration.user,
                                   what="document")
    return JsonResponse(document_dict(request, document))


@api({"GET": "documents:read"})
def document_file(request, pk, file_pk):
    if pk > MAX_ID:
        raise Http404
    document_file = get_or_404(
        DocumentFile.objects.select_related("blob", "document", "document__case")
        .filter(document_id=pk), file_pk)
    document = document_file.document
    if document.is_secret:
        require_scope(request, SECRET)
    try:
        content = files.read_verified(document_file.blob)
    except files.CorruptFileError as exc:
        logger.error("Refused to serve file %s of document %s: %s", document_file.pk,
                     document.pk, exc)
        raise ApiError(409, "file_corrupt", _("The stored file does not match its "
                                              "checksum; the administrator is told.")) from None
    if document.is_secret:
        actions.record_secret_read(document, acting_user=request.integration.user,
                                   what=f"file {document_file.pk}")
    return files.download_response(content, document_file.media_type,
                                   document_file.filename)


# The description ------------------------------------------------------------------------


@api({"GET": None})
def openapi_description(request):
    return JsonResponse(openapi.description(), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
def not_found(request, rest=""):
    """Any other path under the API: a JSON 404, not the staff interface's page."""
    return error_response(404, "not_found", _("Not found."))
