"""The intake queue's pages, for registrars (and administrators) only. Thin: access
checks, then ``actions``; an action's ValidationError shows on the form."""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from kansli.diary import access, files
from kansli.diary.models import Blob
from kansli.diary.views import PAGE_SIZE, offset_link, offset_param, show_error, upload_too_large

from . import actions, forms, mail
from .models import IncomingMessage

logger = logging.getLogger(__name__)


def registrar_required(view):
    """Logged in as a registrar or administrator; anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not access.is_registrar(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def posted(request):
    return request.POST if request.method == "POST" else None


# The queue and a message ------------------------------------------------------------------


@registrar_required
def queue(request):
    """New messages first, newest first within each status; filtered by status."""
    form = forms.FilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows = IncomingMessage.objects.select_related("document__case")
    if status:
        rows = rows.filter(status=status)
    rows = rows.annotate(waiting=models.Case(
        models.When(status=IncomingMessage.Status.NEW, then=models.Value(0)),
        default=models.Value(1), output_field=models.IntegerField()))
    rows = rows.order_by("waiting", "-received_at", "-pk")
    offset = offset_param(request, "offset")
    page = list(rows[offset:offset + PAGE_SIZE + 1])
    return render(request, "intake/queue.html", {
        "form": form,
        "rows": page[:PAGE_SIZE],
        "waiting": IncomingMessage.objects.filter(status=IncomingMessage.Status.NEW).count(),
        "previous": offset_link(request, "offset", max(offset - PAGE_SIZE, 0))
        if offset else None,
        "next": offset_link(request, "offset", offset + PAGE_SIZE)
        if len(page) > PAGE_SIZE else None,
    })


def get_message(pk) -> IncomingMessage:
    return get_object_or_404(
        IncomingMessage.objects.select_related("raw", "document__case", "registered_by",
                                               "dismissed_by", "received_by"), pk=pk)


@registrar_required
def detail(request, pk):
    message = get_message(pk)
    return render(request, "intake/message.html", {
        "message": message,
        "attachments": list(enumerate(message.attachments, start=1)),
        "is_new": message.status == IncomingMessage.Status.NEW,
    })


def _file_response(request, blob: Blob, *, name: str, media_type: str, message):
    try:
        content = files.read_verified(blob)
    except files.CorruptFileError as exc:
        logger.error("Refused to serve a file of incoming message %s: %s", message.pk, exc)
        return files.file_error_page(request, "", reverse("intake:message", args=[message.pk]),
                                     _("Back to the message"))
    response = HttpResponse(content, content_type=media_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename=name or "fil")
    response["Content-Length"] = str(len(content))
    # Whatever a sender put in it, it is never run as a page of this site.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@registrar_required
def attachment(request, pk, number):
    message = get_message(pk)
    if not 1 <= number <= len(message.attachments):
        raise Http404
    entry = message.attachments[number - 1]
    blob = get_object_or_404(Blob, sha256=entry["sha256"])
    return _file_response(request, blob, name=entry["name"], media_type=entry["media_type"],
                          message=message)


@registrar_required
def raw(request, pk):
    message = get_message(pk)
    return _file_response(request, message.raw, name=actions.MESSAGE_FILENAME,
                          media_type="message/rfc822", message=message)


# Registering and dismissing ---------------------------------------------------------------


def form_page(request, form, message, *, heading, submit, danger=False, intro="",
              multipart=False, back=None):
    return render(request, "intake/form.html", {
        "form": form, "message": message, "heading": heading, "submit": submit,
        "danger": danger, "intro": intro, "multipart": multipart,
        "back": back or reverse("intake:message", args=[message.pk]),
        "max_upload": mail.size_limit(),
    }, status=400 if form.errors else 200)


def message_action(request, pk, form_class, perform, *, heading, submit, initial=None,
                   danger=False, intro=""):
    """A form on a new message: show it, and on a valid POST run ``perform``, which
    returns where to go and what to say."""
    message = get_message(pk)
    if message.status != IncomingMessage.Status.NEW:
        messages.error(request, _("The message is already registered.")
                       if message.status == IncomingMessage.Status.REGISTERED
                       else _("The message is already dismissed."))
        return redirect("intake:message", pk=message.pk)
    form = form_class(posted(request), initial=initial(message) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            target, success = perform(message, form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        except files.CorruptFileError as exc:
            logger.error("Incoming message %s: %s", message.pk, exc)
            form.add_error(None, _("A file of the message is missing or damaged in the "
                                   "file store; ask the administrator."))
        else:
            messages.success(request, success)
            return redirect(target)
    return form_page(request, form, message, heading=heading, submit=submit, danger=danger,
                     intro=intro)


def document_fields(data) -> dict:
    return {"description": data["description"], "doc_type": data["doc_type"],
            "secrecy_ground": data["secrecy_ground"]}


def registered(document):
    return (reverse("diary:document", args=[document.pk]),
            _("The message is registered as %(reference)s.")
            % {"reference": document.reference})


@registrar_required
@require_http_methods(["GET", "POST"])
def register_new(request, pk):
    def perform(message, data):
        return registered(actions.do_register_new_case(
            message, acting_user=request.user, series=data["series"], title=data["title"],
            classification=data["classification"], officer=data["officer"],
            **document_fields(data)))

    return message_action(
        request, pk, forms.NewCaseForm, perform, heading=_("Register in a new case"),
        submit=_("Open the case and register"),
        initial=lambda m: {"title": m.subject, "description": m.subject})


@registrar_required
@require_http_methods(["GET", "POST"])
def register_existing(request, pk):
    def perform(message, data):
        return registered(actions.do_register(
            message, acting_user=request.user, case=data["diary_number"],
            **document_fields(data)))

    return message_action(
        request, pk, forms.ExistingCaseForm, perform, heading=_("Register in an existing case"),
        submit=_("Register"), initial=lambda m: {"description": m.subject})


@registrar_required
@require_http_methods(["GET", "POST"])
def dismiss(request, pk):
    def perform(message, data):
        actions.do_dismiss(message, acting_user=request.user, reason=data["reason"])
        return reverse("intake:queue"), _("The message is dismissed.")

    return message_action(
        request, pk, forms.DismissForm, perform, heading=_("Dismiss the message"),
        submit=_("Dismiss"), danger=True,
        intro=_("A dismissed message is not registered. It stays in the queue, marked "
                "dismissed with the reason."))


# Uploading ---------------------------------------------------------------------------------


@registrar_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST" and upload_too_large(request):
        return render(request, "diary/upload_too_large.html",
                      {"limit": mail.size_limit()}, status=413)
    form = forms.UploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Every file is read before any is stored: all of them are queued, or none.
        read = []
        for upload in form.cleaned_data["files"]:
            content = b"".join(upload.chunks())
            try:
                read.append((content, mail.parse(content)))
            except mail.UnreadableMessage as error:
                form.add_error("files", _("%(name)s: %(error)s")
                               % {"name": upload.name, "error": " ".join(error.messages)})
        if not form.errors:
            with transaction.atomic():
                results = [actions.do_receive(content, source=IncomingMessage.Source.UPLOAD,
                                              acting_user=request.user, parsed=parsed)
                           for content, parsed in read]
            new = sum(1 for _message, created in results if created)
            if new:
                messages.success(request, ngettext(
                    "%(count)d message is added to the queue.",
                    "%(count)d messages are added to the queue.", new) % {"count": new})
            if new < len(results):
                old = len(results) - new
                messages.info(request, ngettext(
                    "%(count)d message was in the queue already.",
                    "%(count)d messages were in the queue already.", old) % {"count": old})
            if len(results) == 1:
                return redirect("intake:message", pk=results[0][0].pk)
            return redirect("intake:queue")
    return render(request, "intake/upload.html", {"form": form,
                                                  "max_upload": mail.size_limit()},
                  status=400 if form.errors else 200)
