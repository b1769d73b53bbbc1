"""The review queue of imported documents (docs/ingest.md), for registrars (and
administrators) only: the queue, uploading files to import, a file's review page with
its text beside the fields, registering and dismissing. Thin: access checks, then
``actions``; an action's ValidationError shows on the form."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansli.diary import files
from kansli.diary.forms import MAX_FILES
from kansli.diary.views import PAGE_SIZE, offset_link, offset_param, show_error
from kansli.intake.views import registrar_required

from . import actions, forms
from . import text as text_module
from .models import Source

logger = logging.getLogger(__name__)

# The review page shows the text up to here; the whole file is a download away.
MAX_SHOWN_LINES = 5000
MAX_SHOWN_CHARS = 1_000_000


def _status_label(status: str) -> str:
    return {
        "imported": _("Imported"),
        "present": _("Already present"),
        "review": _("Waiting for review"),
        "failed": _("Failed"),
    }.get(status, status)


# The queue ---------------------------------------------------------------------------------


@registrar_required
def queue(request):
    """Files waiting for review by default, newest first; filtered by status and kind."""
    query = request.GET.copy()
    query.setdefault("status", Source.Status.REVIEW)
    form = forms.FilterForm(query)
    status = kind = ""
    if form.is_valid():
        status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    rows = Source.objects.select_related("created_by", "document__case")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    rows = rows.order_by("-created_at", "-pk")
    offset = offset_param(request, "offset")
    page = list(rows[offset:offset + PAGE_SIZE + 1])
    return render(request, "ingest/queue.html", {
        "form": form,
        "upload_form": forms.UploadForm(),
        "rows": page[:PAGE_SIZE],
        "waiting": Source.objects.filter(status=Source.Status.REVIEW).count(),
        "max_upload": text_module.max_bytes(),
        "previous": offset_link(request, "offset", max(offset - PAGE_SIZE, 0))
        if offset else None,
        "next": offset_link(request, "offset", offset + PAGE_SIZE)
        if len(page) > PAGE_SIZE else None,
    })


# Uploading -----------------------------------------------------------------------------------


def _too_large(request) -> bool:
    """Refuse a request body far beyond what the form could accept before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > text_module.max_bytes() * MAX_FILES + 1024 * 1024


def _shown_name(upload) -> str:
    """The uploaded file's own name (the Source keeps it), safe as a file name here: no
    folders, no control characters, at most 200 bytes with its suffix kept."""
    name = os.path.basename((upload.name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable() and ch not in "/\0")
    if name in ("", ".", ".."):
        return "fil"
    stem, suffix = os.path.splitext(name)
    suffix = suffix if len(suffix.encode()) <= 16 else ""
    while stem and len((stem + suffix).encode()) > 200:
        stem = stem[:-1]
    return (stem + suffix) or "fil"


def import_upload(upload, *, acting_user) -> dict:
    """Import one uploaded file as ``kansli import`` imports one file; what became of it,
    with the Source it left (if any)."""
    shown = _shown_name(upload)

    def failed(reason: str) -> dict:
        return {"outcome": actions.Outcome(shown, "failed", reason=reason), "source": None}

    if Path(shown).suffix.lower() in actions.DIARY_SUFFIXES:
        return failed(_("A diary export is imported with the command “kansli import” and "
                        "a column mapping (docs/ingest.md)."))
    try:
        text_module.check_size(upload.size or 0)
    except text_module.Unreadable as problem:
        return failed(str(problem))
    try:
        with tempfile.TemporaryDirectory(prefix="kansli-import-") as folder:
            path = Path(folder) / shown
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            outcome = actions.import_document_file(path, acting_user=acting_user, run=None,
                                                   dry_run=False, shown=shown)
    except Exception:
        # Each file's registration is a transaction of its own: a fault leaves nothing of
        # this file, and the other files go on.
        logger.exception("Importing the uploaded file %r failed", shown)
        return failed(_("The file could not be imported because of a fault in Kansli; "
                        "it is logged. Nothing of it was registered."))
    return {"outcome": outcome, "source": outcome.source}


@registrar_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST" and _too_large(request):
        return render(request, "diary/upload_too_large.html",
                      {"limit": text_module.max_bytes()}, status=413)
    if request.method == "GET":
        return redirect("ingest:queue")
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "ingest/upload.html", {
            "upload_form": form, "max_upload": text_module.max_bytes()}, status=400)
    # Each file on its own, as ``kansli import`` does: one bad file stops nothing.
    results = []
    for upload_ in form.cleaned_data["files"]:
        result = import_upload(upload_, acting_user=request.user)
        result["label"] = _status_label(result["outcome"].status)
        results.append(result)
    return render(request, "ingest/results.html", {
        "results": results,
        "counts": {_status_label(status): sum(1 for r in results
                                              if r["outcome"].status == status)
                   for status in ("imported", "present", "review", "failed")},
    })


# A file ------------------------------------------------------------------------------------


def get_source(pk) -> Source:
    return get_object_or_404(
        Source.objects.select_related("blob", "created_by", "document__case", "run"), pk=pk)


def _shown_lines(text: str) -> tuple[list[str], bool]:
    text = text or ""
    lines = text[:MAX_SHOWN_CHARS].splitlines()
    cut = len(lines) > MAX_SHOWN_LINES or len(text) > MAX_SHOWN_CHARS
    return lines[:MAX_SHOWN_LINES], cut


def _kind_for(request, source: Source) -> str:
    """The kind the form is for: chosen by the reviewer (``?kind=``), else as read."""
    chosen = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    valid = {k.value for k in forms.KINDS}
    if chosen in valid:
        return chosen
    return source.kind if source.kind in valid else ""


def _read_only_fields(source: Source) -> list[tuple[str, object]]:
    """(label, value) of the fields of a registered or dismissed file, as the form names
    them; lists are shown one item a line."""
    kind = source.data.get("kind") or source.kind
    if kind not in forms.FIELDS:
        return []
    shown = []
    for name, field in forms.FIELDS[kind]().items():
        value = source.data.get(name)
        if isinstance(field, forms.ListField) and isinstance(value, list):
            value = field.render(value)
        shown.append((field.label, value if value not in (None, "", []) else "–"))
    return shown


def review_page(request, source: Source, *, form=None, kind_form=None, dismiss_form=None,
                status=200):
    lines, cut = _shown_lines(source.text)
    return render(request, "ingest/review.html", {
        "source": source,
        "waiting": source.status == Source.Status.REVIEW,
        "form": form,
        "kind_form": kind_form,
        "dismiss_form": dismiss_form or forms.DismissForm(),
        "lines": lines,
        "cut": cut,
        "fields": _read_only_fields(source) if source.status != Source.Status.REVIEW else [],
    }, status=status)


@registrar_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    """A file's page: waiting, its fields to correct and register; else what it became."""
    source = get_source(pk)
    if source.status != Source.Status.REVIEW:
        if request.method == "POST":
            messages.error(request, _("This file is not waiting for review."))
            return redirect("ingest:source", pk=source.pk)
        return review_page(request, source)
    kind = _kind_for(request, source)
    kind_form = forms.KindForm(initial={"kind": kind or None})
    if not kind:
        return review_page(request, source, kind_form=kind_form)
    if request.method == "POST":
        form = forms.ReviewForm(kind, request.POST)
        if form.is_valid():
            try:
                source = actions.do_register_reviewed(source, form.data_for(source.data),
                                                      acting_user=request.user)
            except ValidationError as error:
                show_error(form, error)
            except files.CorruptFileError as exc:
                logger.error("Import source %s: %s", source.pk, exc)
                form.add_error(None, _("The stored file is missing or damaged in the file "
                                       "store; ask the administrator."))
            else:
                messages.success(request, _("The file is registered as %(reference)s.")
                                 % {"reference": source.document.reference})
                return redirect("diary:document", pk=source.document_id)
        return review_page(request, source, form=form, kind_form=kind_form, status=400)
    form = forms.ReviewForm(kind, initial=forms.ReviewForm.initial_from(
        source.data if source.data.get("kind") == kind else {}, kind))
    return review_page(request, source, form=form, kind_form=kind_form)


@registrar_required
@require_POST
def dismiss(request, pk):
    source = get_source(pk)
    if source.status != Source.Status.REVIEW:
        messages.error(request, _("This file is not waiting for review."))
        return redirect("ingest:source", pk=source.pk)
    form = forms.DismissForm(request.POST)
    if form.is_valid():
        try:
            actions.do_dismiss(source, acting_user=request.user,
                               reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The file is dismissed."))
            return redirect("ingest:queue")
    kind = _kind_for(request, source)
    review = None
    if kind:
        review = forms.ReviewForm(kind, initial=forms.ReviewForm.initial_from(
            source.data if source.data.get("kind") == kind else {}, kind))
    return review_page(request, source, form=review,
                       kind_form=forms.KindForm(initial={"kind": kind or None}),
                       dismiss_form=form, status=400)


@registrar_required
def download(request, pk):
    source = get_source(pk)
    try:
        content = files.read_verified(source.blob)
    except files.CorruptFileError as exc:
        logger.error("Refused to serve import source %s: %s", source.pk, exc)
        return files.file_error_page(request, source.filename,
                                     reverse("ingest:source", args=[source.pk]),
                                     _("Back to the imported file"))
    return files.download_response(content, source.media_type, source.filename)
