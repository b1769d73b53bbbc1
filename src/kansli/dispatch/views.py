"""Staff pages for dispatch, and the public receipt link. Thin: access checks, then
``actions``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kansli.diary import access
from kansli.diary.models import Document, Party
from kansli.diary.views import staff_required
from kansli.org.models import Unit

from . import actions
from .forms import DispatchForm
from .models import Dispatch


def recipient_choices(document: Document) -> dict:
    """The case's parties with an e-mail or postal address, and the organisation's units."""
    parties = Party.objects.filter(documents__case=document.case).distinct().order_by("name")
    units = Unit.objects.filter(
        organisation=document.case.series.organisation).order_by("name")
    choices = {f"party-{p.pk}": p for p in parties if p.email or p.address}
    choices.update({f"unit-{u.pk}": u for u in units})
    return choices


@staff_required
@require_http_methods(["GET", "POST"])
def document(request, pk):
    doc = get_object_or_404(Document.objects.select_related("case__series__organisation"),
                            pk=pk)
    if doc.is_secret and not access.can_read_secret(request.user, doc.case):
        raise PermissionDenied
    can_dispatch = access.can_change_case(request.user, doc.case) and not doc.is_cancelled
    form = None
    if can_dispatch:
        form = DispatchForm(request.POST or None, recipients=recipient_choices(doc))
        if request.method == "POST" and form.is_valid():
            try:
                actions.do_dispatch(doc, acting_user=request.user,
                                    recipients=form.chosen_recipients(),
                                    channel=form.cleaned_data["channel"],
                                    confirm_repeat=form.cleaned_data["confirm_repeat"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The dispatch is recorded."))
                return redirect("dispatch:document", doc.pk)
    elif request.method == "POST":
        raise PermissionDenied
    dispatches = doc.dispatches.select_related("party", "unit", "registration").order_by(
        "-created_at", "pk")
    return render(request, "dispatch/document.html",
                  {"document": doc, "case": doc.case, "form": form, "dispatches": dispatches})


@staff_required
def index(request):
    """Dispatches that are not done: failed, queued, or cut off while sending."""
    dispatches = Dispatch.objects.filter(
        ~Q(status=Dispatch.Status.SENT)).select_related(
        "document__case", "party", "unit").order_by("created_at")[:500]
    return render(request, "dispatch/index.html", {"dispatches": dispatches})


@require_http_methods(["GET", "POST"])
def receipt(request, token):
    """The recipient's one-time link. Anyone holding the link may confirm; no login.
    Opening it only asks: a mail scanner that follows links confirms nothing. The
    button (a POST) records the receipt."""
    dispatch = actions.dispatch_for_token(token)
    if dispatch is None:
        return render(request, "dispatch/receipt.html", {"unknown": True}, status=404)
    if request.method == "POST":
        first = actions.do_confirm_receipt(dispatch)
        return render(request, "dispatch/receipt.html",
                      {"dispatch": dispatch, "first": first, "answered": True})
    return render(request, "dispatch/receipt.html", {"dispatch": dispatch})
