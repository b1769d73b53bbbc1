"""The staff interface: the diary list and search, case and document pages, file
downloads, parties, and the forms that register and change things.

Views stay thin: they check who may do what (``access``), hand the cleaned input to one
function of ``actions`` and show its ValidationError on the form. Lists fetch their rows
with a fixed number of queries, whatever their length.
"""

from __future__ import annotations

import logging
import re
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import access, actions, files, forms, panels, search
from .models import Case, Document, DocumentFile, DocumentParty, DocumentUnit, Party

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
# Deeper than anyone pages by hand; keeps OFFSET within what the databases take.
MAX_OFFSET = 1_000_000


def staff_required(view):
    """Logged in, and holding a Kansli role; anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not access.is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Who may read what ------------------------------------------------------------------


def mask_case(case, can_read: bool):
    """Set what this reader sees of a case: the real title or the public one."""
    case.can_read = can_read
    case.title_shown = case.title if can_read or not case.is_secret else case.shown_title
    return case


def mask_document(document, can_read: bool):
    """Set what this reader sees of a document entry. A secret document shows only its
    secrecy ground to those who may not read it; a secret party shows as such."""
    document.can_read = can_read
    document.masked = document.is_secret and not can_read
    document.senders, document.recipients = [], []
    if document.masked:
        return document
    for link in document.party_links.all():
        party = link.party
        name = party.name
        if party.is_secret and not can_read:
            name = _("Party subject to secrecy")
        target = document.senders if link.role == DocumentParty.Role.SENDER else (
            document.recipients)
        target.append(name)
    for link in document.unit_links.all():
        target = document.senders if link.role == DocumentParty.Role.SENDER else (
            document.recipients)
        target.append(link.unit.name)
    return document


def party_links():
    return Prefetch("party_links", queryset=DocumentParty.objects.select_related("party")
                    .order_by("role", "party__name", "pk"))


def unit_links():
    return Prefetch("unit_links", queryset=DocumentUnit.objects.select_related("unit")
                    .order_by("role", "unit__name", "pk"))


# The diary list and search ----------------------------------------------------------

# A diary number as people type it: digits, perhaps a short series code, separators.
# "KS13/250", "ks 2018/124", "250", "2018/KS 0290", "SLK-2023-01047".
NUMBER_LIKE = re.compile(r"^(?=.*\d)(?:[^\W\d_]{1,5}(?![^\W\d_])|\d+|[\s/:.\-])+$")


def looks_like_number(text: str) -> bool:
    return bool(NUMBER_LIKE.match(text)) and len(text.split()) <= 3


def offset_param(request, name: str) -> int:
    try:
        value = int(request.GET.get(name, "0"))
    except ValueError:
        return 0
    return min(max(value, 0), MAX_OFFSET)


def count_label(result: search.Result) -> str:
    """"1 000+" when the count was capped."""
    label = number_format(result.total, force_grouping=True)
    return f"{label}+" if result.more else label


def criteria_from(form, user) -> search.Criteria:
    data = form.cleaned_data
    return search.Criteria(
        words=data["words"].strip(),
        number=data["number"].strip(),
        party=data["party"].strip(),
        date_from=data["date_from"],
        date_to=data["date_to"],
        series_id=data["series"].pk if data["series"] else None,
        classification=data["classification"].strip(),
        status=data["status"],
        order=data["order"] or "newest",
        include_secret_parties=access.is_registrar(user),
    )


def in_order(objects, ids):
    by_id = {o.pk: o for o in objects}
    return [by_id[i] for i in ids if i in by_id]


def fetch_cases(user, ids):
    cases = in_order(Case.objects.filter(pk__in=ids)
                     .select_related("series", "classification", "unit", "officer"), ids)
    readable = access.readable_cases(user, cases)
    return [mask_case(c, c.pk in readable) for c in cases]


def fetch_documents(user, ids):
    documents = in_order(
        Document.objects.filter(pk__in=ids).select_related("case", "case__series")
        .prefetch_related(party_links(), unit_links()), ids)
    readable = access.readable_cases(user, {d.case for d in documents})
    for document in documents:
        mask_case(document.case, document.case_id in readable)
        mask_document(document, document.case_id in readable)
    return documents


def offset_link(request, name: str, offset: int) -> str:
    """This page's query with another offset for one of its lists."""
    query = request.GET.copy()
    query[name] = str(offset)
    return "?" + query.urlencode()


def page(request, result, name: str, offset: int) -> dict:
    """Where this page of a list starts and ends, and links to its neighbours."""

    full = len(result.ids) == PAGE_SIZE
    has_next = full and (offset + PAGE_SIZE < result.total or result.more)
    return {
        "count": count_label(result),
        "first": offset + 1 if result.ids else 0,
        "last": offset + len(result.ids),
        "previous": offset_link(request, name, max(offset - PAGE_SIZE, 0)) if offset else None,
        "next": offset_link(request, name, offset + PAGE_SIZE) if has_next else None,
    }


@staff_required
def index(request):
    data = request.GET.copy()
    quick = data.pop("q", [""])[-1].strip()
    if quick:
        data["number" if looks_like_number(quick) else "words"] = quick
    searching = any(v.strip() for k in forms.SearchForm.base_fields for v in data.getlist(k))
    form = forms.SearchForm(data if searching else None)
    context = {"form": form, "searching": searching, "quick": quick}
    if searching and not form.is_valid():
        return render(request, "diary/index.html", context)
    criteria = criteria_from(form, request.user) if searching else search.Criteria()
    case_offset = offset_param(request, "case_offset")
    document_offset = offset_param(request, "document_offset")
    cases = search.search(criteria, documents=False, limit=PAGE_SIZE, offset=case_offset)
    documents = search.search(criteria, documents=True, limit=PAGE_SIZE,
                              offset=document_offset)
    context.update(
        cases=fetch_cases(request.user, cases.ids),
        documents=fetch_documents(request.user, documents.ids),
        case_page=page(request, cases, "case_offset", case_offset),
        document_page=page(request, documents, "document_offset", document_offset),
    )
    return render(request, "diary/index.html", context)


# The case page ------------------------------------------------------------------------

ACTIONS = {
    "open": gettext_lazy("Case opened"),
    "register": gettext_lazy("Document registered"),
    "add_files": gettext_lazy("Files added"),
    "correct": gettext_lazy("Correction"),
    "cancel": gettext_lazy("Cancellation"),
    "classify": gettext_lazy("Classified"),
    "assign": gettext_lazy("Assigned"),
    "change_status": gettext_lazy("Status changed"),
    "reopen": gettext_lazy("Reopened"),
    "close": gettext_lazy("Case closed"),
    "mark_secret": gettext_lazy("Secrecy marking"),
    "lift_secrecy": gettext_lazy("Secrecy lifted"),
    "grant_access": gettext_lazy("Access granted"),
    "read_secret": gettext_lazy("Secret document read"),
    "create": gettext_lazy("Created"),
    "import": gettext_lazy("Imported"),
    # Committee work, journalled on the case it concerns (kansli.meetings.actions).
    "refer": gettext_lazy("Referred to a body"),
    "add_agenda_item": gettext_lazy("Put on an agenda"),
    "move_agenda_item": gettext_lazy("Moved on an agenda"),
    "remove_agenda_item": gettext_lazy("Taken off an agenda"),
    "write_report": gettext_lazy("Officer's report written"),
    "write_paragraph": gettext_lazy("Paragraph written"),
    "add_proposal": gettext_lazy("Proposal recorded"),
    "record_vote": gettext_lazy("Vote recorded"),
    "add_reservation": gettext_lazy("Reservation recorded"),
    "declare_interest": gettext_lazy("Declaration of interest"),
    "set_recipients": gettext_lazy("Recipients of the decision set"),
    "approve_paragraph": gettext_lazy("Paragraph approved at once"),
    "issue_extract": gettext_lazy("Extract issued"),
    "delegation_decision": gettext_lazy("Delegation decision"),
    # Deadlines and dispatch (kansli.handling, kansli.dispatch).
    "deadline.add": gettext_lazy("Deadline set"),
    "deadline.meet": gettext_lazy("Deadline met"),
    "deadline.cancel": gettext_lazy("Deadline cancelled"),
    "deadline.extend": gettext_lazy("Extension granted"),
    "dispatch": gettext_lazy("Dispatched"),
    "dispatch_sent": gettext_lazy("Dispatch sent"),
    "dispatch_failed": gettext_lazy("Dispatch failed"),
    "dispatch_receipt": gettext_lazy("Receipt confirmed"),
}
# Values shown as they are, or through the field's choices; other fields (references to
# other records) are named without their values.
PLAIN_FIELDS = {"title", "public_title", "description", "document_date", "received_date",
                "secrecy_ground", "diary_number", "closed_at"}
CHOICE_FIELDS = {"status", "direction", "doc_type"}


def field_label(model, name: str) -> str:
    name = name.removesuffix("_id")
    if name in ("senders", "recipients"):
        return {"senders": _("Senders"), "recipients": _("Recipients")}[name]
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a key the journal holds but no field has
        return name


def shown_value(model, name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if name in CHOICE_FIELDS:
        return str(dict(model._meta.get_field(name).choices).get(value, value))
    return str(value)


def changes(model, before, after) -> list[dict]:
    if not isinstance(after, dict):
        return []
    before = before if isinstance(before, dict) else {}
    rows = []
    for name, value in after.items():
        row = {"field": field_label(model, name)}
        if name in PLAIN_FIELDS or name in CHOICE_FIELDS:
            row["before"] = shown_value(model, name, before.get(name)) if before else None
            row["after"] = shown_value(model, name, value)
        rows.append(row)
    return rows


def journal_rows(case, events, documents_by_id) -> list[dict]:
    rows = []
    for event in events:
        document = documents_by_id.get(event.object_id) if event.object_type == "document" \
            else None
        if event.object_type == "document":
            subject = (_("Document %(number)s") % {"number": document.number}) if document \
                else _("Document")
            secret, model = bool(document and document.masked), Document
        else:
            subject = _("The case")
            secret, model = case.is_secret and not case.can_read, Case
        data = event.data or {}
        rows.append({
            "event": event,
            "action": (ACTIONS.get(event.action)
                       or panels.EVENT_LABELS.get(event.action, event.action)),
            "subject": subject,
            "reason": "" if secret else data.get("reason", ""),
            "changes": [] if secret or event.action in ("open", "register", "import")
            else changes(model, data.get("before"), data.get("after")),
            "user": data.get("user", "") if event.action == "grant_access" else "",
            "ground": data.get("after", {}).get("secrecy_ground", "")
            if event.action == "mark_secret" and isinstance(data.get("after"), dict) else "",
        })
    return rows


def case_parties(documents) -> list[dict]:
    """The parties of the case's documents that this reader may see, once each."""
    seen: dict[int, dict] = {}
    for document in documents:
        if document.masked:
            continue
        for link in document.party_links.all():
            party = link.party
            if party.is_secret and not document.can_read:
                continue
            entry = seen.setdefault(party.pk, {"party": party, "roles": set(),
                                               "documents": []})
            entry["roles"].add(link.get_role_display())
            if document.number not in entry["documents"]:
                entry["documents"].append(document.number)
    return sorted(seen.values(), key=lambda e: e["party"].name.lower())


@staff_required
def case_detail(request, pk):
    case = get_object_or_404(
        Case.objects.select_related("series", "classification", "unit", "officer",
                                    "cancelled_by", "secrecy_marked_by"), pk=pk)
    can_read = access.can_read_secret(request.user, case)
    mask_case(case, can_read)
    documents = list(
        case.documents.order_by("number").prefetch_related(
            party_links(), unit_links(),
            Prefetch("files", queryset=DocumentFile.objects.select_related("blob")),
        ))
    for document in documents:
        mask_document(document, can_read)
    events = list(case.events.order_by("seq"))
    can_change = access.can_change_case(request.user, case)
    return render(request, "diary/case_detail.html", {
        "case": case,
        "documents": documents,
        "parties": case_parties(documents),
        "journal": journal_rows(case, events, {d.pk: d for d in documents}),
        "can_change": can_change and not case.is_cancelled,
    })


# The document page and its files --------------------------------------------------------


def get_document(pk):
    return get_object_or_404(
        Document.objects.select_related("case", "case__series", "case__classification",
                                        "case__officer", "registered_by", "cancelled_by")
        .prefetch_related(party_links(), unit_links(),
                          Prefetch("files", queryset=DocumentFile.objects
                                   .select_related("blob", "added_by"))),
        pk=pk)


@staff_required
def document_detail(request, pk):
    document = get_document(pk)
    can_read = access.can_read_secret(request.user, document.case)
    mask_case(document.case, can_read)
    mask_document(document, can_read)
    if document.is_secret and can_read:
        actions.record_secret_read(document, acting_user=request.user, what="document")
    can_change = access.can_change_case(request.user, document.case)
    return render(request, "diary/document_detail.html", {
        "document": document,
        "case": document.case,
        "can_change": can_change and not document.is_cancelled,
    })


@staff_required
def document_file(request, pk, file_pk):
    document_file = get_object_or_404(
        DocumentFile.objects.select_related("blob", "document", "document__case"),
        pk=file_pk, document_id=pk)
    document = document_file.document
    if document.is_secret and not access.can_read_secret(request.user, document.case):
        raise PermissionDenied
    try:
        content = files.read_verified(document_file.blob)
    except files.CorruptFileError as exc:
        logger.error("Refused to serve file %s of document %s: %s", document_file.pk,
                     document.pk, exc)
        return files.file_error_page(request, document_file.filename,
                                     reverse("diary:document", args=[document.pk]),
                                     _("Back to the document"))
    if document.is_secret:
        actions.record_secret_read(document, acting_user=request.user,
                                   what=f"file {document_file.pk}")
    return files.download_response(content, document_file.media_type,
                                   document_file.filename)


# Forms --------------------------------------------------------------------------------


def posted(request):
    """The form data of a POST (even an empty one binds the form), else None."""
    return request.POST if request.method == "POST" else None


def uploaded(request):
    return request.FILES if request.method == "POST" else None


def show_error(form, error: ValidationError) -> None:
    """Put an action's ValidationError on the form, on a field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def form_page(request, form, *, heading, submit, back, case=None, document=None,
              multipart=False, danger=False, intro=""):
    return render(request, "diary/form.html", {
        "form": form, "heading": heading, "submit": submit, "back": back, "case": case,
        "document": document, "multipart": multipart, "danger": danger, "intro": intro,
        "max_upload": settings.KANSLI_MAX_UPLOAD_BYTES,
    })


def changeable_case(request, pk) -> Case:
    case = get_object_or_404(Case.objects.select_related("series", "classification"), pk=pk)
    if not access.can_change_case(request.user, case):
        raise PermissionDenied
    return mask_case(case, access.can_read_secret(request.user, case))


def changeable_document(request, pk) -> Document:
    document = get_document(pk)
    if not access.can_change_case(request.user, document.case):
        raise PermissionDenied
    can_read = access.can_read_secret(request.user, document.case)
    mask_case(document.case, can_read)
    return mask_document(document, can_read)


def case_action(request, pk, form_class, perform, *, heading, submit, success,
                initial=None, danger=False, intro=""):
    """A form on a case: show it, and on a valid POST run ``perform(case, data)``."""
    case = changeable_case(request, pk)
    initial = initial(case) if callable(initial) else initial
    form = form_class(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            perform(case, form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, success)
            return redirect("diary:case", pk=case.pk)
    return form_page(request, form, heading=heading, submit=submit, case=case,
                     back=reverse("diary:case", args=[case.pk]), danger=danger, intro=intro)


def document_action(request, pk, form_class, perform, *, heading, submit, success,
                    initial=None, danger=False, intro="", multipart=False, user_form=False):
    document = changeable_document(request, pk)
    if multipart and request.method == "POST" and upload_too_large(request):
        return too_large_page(request)
    initial = initial(document) if callable(initial) else initial
    kwargs = {"initial": initial}
    if user_form:
        kwargs["user"] = request.user
        kwargs["current_parties"] = [link.party_id for link in document.party_links.all()]
    form = form_class(posted(request), uploaded(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            perform(document, form.cleaned_data)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, success)
            return redirect("diary:document", pk=document.pk)
    return form_page(request, form, heading=heading, submit=submit, case=document.case,
                     document=document, back=reverse("diary:document", args=[document.pk]),
                     danger=danger, intro=intro, multipart=multipart)


def upload_too_large(request) -> bool:
    """Refuse a request body far beyond what the form could accept before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.KANSLI_MAX_UPLOAD_BYTES * forms.MAX_FILES + 1024 * 1024


def too_large_page(request):
    return render(request, "diary/upload_too_large.html", {
        "limit": settings.KANSLI_MAX_UPLOAD_BYTES}, status=413)


@staff_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    if not access.can_open_case(request.user):
        raise PermissionDenied
    form = forms.OpenCaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.do_open_case(
                data["series"], acting_user=request.user, title=data["title"],
                public_title=data["public_title"], secrecy_ground=data["secrecy_ground"],
                classification=data["classification"], unit=data["unit"],
                officer=data["officer"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Case %(number)s is opened.")
                             % {"number": case.diary_number})
            return redirect("diary:case", pk=case.pk)
    return form_page(request, form, heading=_("Open a case"), submit=_("Open the case"),
                     back=reverse("diary:index"))


@staff_required
@require_http_methods(["GET", "POST"])
def document_create(request, pk):
    case = changeable_case(request, pk)
    if request.method == "POST" and upload_too_large(request):
        return too_large_page(request)
    form = forms.RegisterDocumentForm(posted(request), uploaded(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        senders, recipients = list(data["senders"]), list(data["recipients"])
        try:
            # The new party and the document together, or neither.
            with transaction.atomic():
                if data["new_party_name"]:
                    party = actions.do_create_party(
                        acting_user=request.user, kind=data["new_party_kind"],
                        name=data["new_party_name"], email=data["new_party_email"])
                    (senders if data["new_party_role"] == "sender" else recipients).append(
                        party)
                document = actions.do_register_document(
                    case, acting_user=request.user, direction=data["direction"],
                    doc_type=data["doc_type"], description=data["description"],
                    received_date=data["received_date"],
                    document_date=data["document_date"], senders=senders,
                    recipients=recipients, files=data["files"],
                    secrecy_ground=data["secrecy_ground"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Document %(reference)s is registered.")
                             % {"reference": document.reference})
            return redirect("diary:case", pk=case.pk)
    return form_page(request, form, heading=_("Register a document"),
                     submit=_("Register the document"), case=case, multipart=True,
                     back=reverse("diary:case", args=[case.pk]))


@staff_required
@require_http_methods(["GET", "POST"])
def case_correct(request, pk):
    def perform(case, data):
        changed = {name: data[name] for name in ("title", "public_title")
                   if data[name].strip() != getattr(case, name)}
        if not changed:
            raise ValidationError(_("The correction changes nothing."))
        actions.do_correct_case(case, acting_user=request.user, reason=data["reason"],
                                **changed)

    return case_action(
        request, pk, forms.CorrectCaseForm, perform, heading=_("Correct the case"),
        submit=_("Save the correction"), success=_("The case is corrected."),
        initial=lambda case: {"title": case.title, "public_title": case.public_title})


@staff_required
@require_http_methods(["GET", "POST"])
def case_cancel(request, pk):
    return case_action(
        request, pk, forms.CancelForm,
        lambda case, data: actions.do_cancel_case(case, acting_user=request.user,
                                                  reason=data["reason"]),
        heading=_("Cancel the case"), submit=_("Cancel the case"),
        success=_("The case is cancelled."), danger=True,
        intro=_("A cancelled case stays in the diary, marked as cancelled with the reason."))


@staff_required
@require_http_methods(["GET", "POST"])
def case_mark_secret(request, pk):
    return case_action(
        request, pk, forms.MarkCaseSecretForm,
        lambda case, data: actions.do_mark_secret(
            case, acting_user=request.user, ground=data["ground"],
            public_title=data["public_title"]),
        heading=_("Mark the title secret"), submit=_("Mark secret"),
        success=_("The title is marked secret."),
        initial=lambda case: {"ground": case.secrecy_ground,
                              "public_title": case.public_title})


@staff_required
@require_http_methods(["GET", "POST"])
def case_lift_secrecy(request, pk):
    return case_action(
        request, pk, forms.LiftSecrecyForm,
        lambda case, data: actions.do_lift_secrecy(case, acting_user=request.user,
                                                   reason=data["reason"]),
        heading=_("Lift the secrecy of the title"), submit=_("Lift secrecy"),
        success=_("The secrecy of the title is lifted."))


@staff_required
@require_http_methods(["GET", "POST"])
def case_status(request, pk):
    return case_action(
        request, pk, forms.StatusForm,
        lambda case, data: actions.do_change_status(
            case, acting_user=request.user, status=data["status"], reason=data["reason"]),
        heading=_("Change the status"), submit=_("Change the status"),
        success=_("The status is changed."), initial=lambda case: {"status": case.status})


@staff_required
@require_http_methods(["GET", "POST"])
def case_close(request, pk):
    return case_action(
        request, pk, forms.CloseForm,
        lambda case, data: actions.do_close_case(case, acting_user=request.user),
        heading=_("Close the case"), submit=_("Close the case"),
        success=_("The case is closed."),
        intro=_("Closing marks the case as finished. It can be reopened by changing its "
                "status, with a reason."))


@staff_required
@require_http_methods(["GET", "POST"])
def case_assign(request, pk):
    return case_action(
        request, pk, forms.AssignForm,
        lambda case, data: actions.do_assign_case(
            case, acting_user=request.user, officer=data["officer"], unit=data["unit"]),
        heading=_("Assign the case"), submit=_("Assign"), success=_("The case is assigned."),
        initial=lambda case: {"officer": case.officer_id, "unit": case.unit_id})


@staff_required
@require_http_methods(["GET", "POST"])
def case_classify(request, pk):
    return case_action(
        request, pk, forms.ClassifyForm,
        lambda case, data: actions.do_classify_case(
            case, acting_user=request.user, classification=data["classification"],
            reason=data["reason"]),
        heading=_("Classify the case"), submit=_("Classify"),
        success=_("The case is classified."),
        initial=lambda case: {"classification": case.classification_id})


@staff_required
@require_http_methods(["GET", "POST"])
def case_grant_access(request, pk):
    return case_action(
        request, pk, forms.GrantAccessForm,
        lambda case, data: actions.do_grant_access(case, acting_user=request.user,
                                                   user=data["user"]),
        heading=_("Grant access to secret documents"), submit=_("Grant access"),
        success=_("Access is granted."),
        intro=_("The person may then read the secret documents of this case."))


@staff_required
@require_http_methods(["GET", "POST"])
def document_add_files(request, pk):
    return document_action(
        request, pk, forms.AddFilesForm,
        lambda document, data: actions.do_add_files(document, acting_user=request.user,
                                                    files=data["files"]),
        heading=_("Add files"), submit=_("Add the files"), success=_("The files are added."),
        multipart=True)


@staff_required
@require_http_methods(["GET", "POST"])
def document_correct(request, pk):
    def initial(document):
        links = list(document.party_links.all())
        return {
            "direction": document.direction, "doc_type": document.doc_type,
            "description": document.description, "received_date": document.received_date,
            "document_date": document.document_date,
            "senders": [k.party_id for k in links if k.role == DocumentParty.Role.SENDER],
            "recipients": [k.party_id for k in links
                           if k.role == DocumentParty.Role.RECIPIENT],
        }

    def perform(document, data):
        fields = ("direction", "doc_type", "description", "received_date", "document_date")
        actions.do_correct_document(
            document, acting_user=request.user, reason=data["reason"],
            senders=list(data["senders"]), recipients=list(data["recipients"]),
            **{name: data[name] for name in fields})

    return document_action(
        request, pk, forms.CorrectDocumentForm, perform, heading=_("Correct the document"),
        submit=_("Save the correction"), success=_("The document is corrected."),
        initial=initial, user_form=True)


@staff_required
@require_http_methods(["GET", "POST"])
def document_cancel(request, pk):
    return document_action(
        request, pk, forms.CancelForm,
        lambda document, data: actions.do_cancel_document(
            document, acting_user=request.user, reason=data["reason"]),
        heading=_("Cancel the document"), submit=_("Cancel the document"),
        success=_("The document is cancelled."), danger=True,
        intro=_("A cancelled document stays in the diary, marked as cancelled with the "
                "reason."))


@staff_required
@require_http_methods(["GET", "POST"])
def document_mark_secret(request, pk):
    return document_action(
        request, pk, forms.MarkSecretForm,
        lambda document, data: actions.do_mark_secret(document, acting_user=request.user,
                                                       ground=data["ground"]),
        heading=_("Mark the document secret"), submit=_("Mark secret"),
        success=_("The document is marked secret."),
        initial=lambda document: {"ground": document.secrecy_ground})


@staff_required
@require_http_methods(["GET", "POST"])
def document_lift_secrecy(request, pk):
    return document_action(
        request, pk, forms.LiftSecrecyForm,
        lambda document, data: actions.do_lift_secrecy(document, acting_user=request.user,
                                                        reason=data["reason"]),
        heading=_("Lift the secrecy of the document"), submit=_("Lift secrecy"),
        success=_("The secrecy of the document is lifted."))


# Parties ---------------------------------------------------------------------------------


@staff_required
def party_list(request):
    form = forms.PartySearchForm(request.GET or None)
    parties = Party.objects.order_by("name", "pk")
    if form.is_valid() and form.cleaned_data["name"].strip():
        parties = parties.filter(name__icontains=form.cleaned_data["name"].strip())
    if not access.is_registrar(request.user):
        # A secret party is neither listed nor found by name for those who may not read it.
        parties = parties.filter(secrecy_ground="")
    offset = offset_param(request, "offset")
    rows = list(parties[offset:offset + PAGE_SIZE + 1])
    return render(request, "diary/party_list.html", {
        "form": form,
        "parties": rows[:PAGE_SIZE],
        "previous": offset_link(request, "offset", max(offset - PAGE_SIZE, 0))
        if offset else None,
        "next": offset_link(request, "offset", offset + PAGE_SIZE)
        if len(rows) > PAGE_SIZE else None,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def party_create(request):
    form = forms.PartyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            party = actions.do_create_party(
                acting_user=request.user, kind=data["kind"], name=data["name"],
                email=data["email"], address=data["address"])
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("The party %(name)s is created.")
                             % {"name": party.name})
            return redirect("diary:parties")
    return form_page(request, form, heading=_("New party"), submit=_("Create the party"),
                     back=reverse("diary:parties"))
