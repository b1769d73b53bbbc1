"""The staff pages of the documents: a printable HTML preview of each document with a
toolbar (download the PDF, create and store the PDF), and the PDF downloads.

What is stored is what is served: a stored PDF is downloaded as stored; approved
minutes are always their stored file (docs/rendering.md).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kansli.diary import access
from kansli.diary.files import CorruptFileError, file_error_page
from kansli.meetings import access as meeting_access
from kansli.security import allow_inline_styles

from . import render as renderer
from . import store

logger = logging.getLogger(__name__)

def _load(kind: str, pk: int):
    loader, _render = renderer.RENDERERS[kind]
    try:
        return loader(pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _case_of(kind: str, obj):
    if kind == "report":
        return obj.document.case
    if kind == "extract":
        return obj.case
    return None


def _check_read(user, kind: str, obj) -> None:
    """Staff read reports; meeting documents those who read meetings (and a meeting's
    approvers); a secret report or paragraph only those who may read the secret
    documents of its case."""
    if kind in ("notice", "minutes", "extract"):
        meeting = obj if kind != "extract" else obj.meeting
        if not meeting_access.can_read_meeting(user, meeting):
            raise PermissionDenied
    elif not access.is_staff_member(user):
        raise PermissionDenied
    case = _case_of(kind, obj)
    secret = (kind == "report" and obj.document.is_secret) or (
        kind == "extract" and bool(obj.secrecy_ground))
    if secret and (case is None or not access.can_read_secret(user, case)):
        raise PermissionDenied


def can_store(user, kind: str, obj) -> bool:
    """Reports: those who may change the case. Notices, minutes and extracts: the
    committee secretary, registrars and administrators."""
    if kind == "report":
        return access.can_change_case(user, obj.document.case)
    return meeting_access.can_manage(user)


def _stored(kind: str, obj):
    if kind == "report":
        return store.stored_report(obj)
    if kind == "notice":
        return store.stored_notice(obj)
    if kind == "minutes":
        return store.stored_minutes(obj)
    return store.stored_extract(obj)


def _title(kind: str) -> str:
    return {
        "report": _("Officer's report"),
        "notice": _("Notice and agenda"),
        "minutes": _("Minutes"),
        "extract": _("Extract from minutes"),
    }[kind]


def _store_label(kind: str, obj) -> str:
    if kind == "extract":
        return _("Issue extract as PDF")
    return _("Create PDF")


@require_GET
@login_required
@allow_inline_styles
def preview(request, kind: str, pk: int):
    obj = _load(kind, pk)
    _check_read(request.user, kind, obj)
    stored = _stored(kind, obj)
    storable = can_store(request.user, kind, obj)
    if kind == "minutes" and obj.approved_on is None:
        storable = False
    if kind == "extract" and obj.approved_on is None:
        storable = False
    toolbar = render_to_string("documents/_toolbar.html", {
        "title": _title(kind),
        "pdf_url": reverse("documents:pdf", args=[kind, pk]),
        "store_url": reverse("documents:store", args=[kind, pk]) if storable else "",
        "store_label": _store_label(kind, obj),
        "stored": stored,
        "document_url": reverse("diary:document", args=[stored.file.document_id])
        if stored else "",
        "back_url": _back_url(kind, obj),
    }, request=request)
    html = renderer.RENDERERS[kind][1](obj, preview=True, toolbar=toolbar)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response


def _back_url(kind: str, obj) -> str:
    case = _case_of(kind, obj)
    return reverse("diary:case", args=[case.pk]) if case else ""


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def pdf(request, kind: str, pk: int):
    """The PDF: the stored file where one is stored (approved minutes always, stored
    on their first download), else rendered from the data."""
    obj = _load(kind, pk)
    _check_read(request.user, kind, obj)
    try:
        if kind == "minutes":
            user = request.user if can_store(request.user, kind, obj) else None
            content, rendering = store.minutes_pdf(obj, acting_user=user)
        else:
            rendering = _stored(kind, obj)
            content = store.stored_bytes(rendering) if rendering else None
            if content is None:
                html = renderer.RENDERERS[kind][1](obj)
                content = renderer.to_pdf(html)
    except CorruptFileError as exc:
        logger.error("Refused to serve the stored %s %s: %s", kind, pk, exc)
        return file_error_page(request, rendering.file.filename,
                               reverse("diary:document", args=[rendering.file.document_id]),
                               _("Back to the document"))
    name = rendering.file.filename if rendering else renderer.filename(kind, obj)
    return _pdf_response(content, name)


@require_POST
@login_required
def store_pdf(request, kind: str, pk: int):
    """Render the PDF/A and store it as a file of the registered document."""
    obj = _load(kind, pk)
    _check_read(request.user, kind, obj)
    if not can_store(request.user, kind, obj):
        raise PermissionDenied
    functions = {"report": store.store_report, "notice": store.store_notice,
                 "minutes": store.store_minutes, "extract": store.issue_extract}
    try:
        rendering = functions[kind](obj, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The PDF is stored as a file of %(document)s.")
                         % {"document": rendering.file.document.reference})
    return redirect("documents:preview", kind=kind, pk=pk)
