"""The case page's deadlines and the document page's deadlines (kansli.diary.panels)."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from kansli.diary import access

from .models import Deadline


def _deadlines(**filters):
    return list(Deadline.objects.filter(**filters)
                .select_related("responsible", "document")
                .annotate(extension_count=Count("extensions"))
                .order_by("status", "due", "pk"))


def case_deadlines(context, case):
    from .actions import opened_by_private_party

    user = context.get("user")
    can_add = bool(user) and not case.is_cancelled and access.can_change_case(user, case)
    return "handling/_case_deadlines.html", {
        "case": case,
        "deadlines": _deadlines(case=case),
        "today": timezone.localdate(),
        "can_add": can_add,
        # FL 11–12 §§ apply to cases a private party opened.
        "private": can_add and case.status != case.Status.CLOSED
        and opened_by_private_party(case),
    }


def document_deadlines(context, document):
    deadlines = _deadlines(document=document)
    if not deadlines:
        return None
    return "handling/_case_deadlines.html", {
        "case": document.case, "deadlines": deadlines, "today": timezone.localdate(),
        "can_add": False, "on_document": True,
    }
