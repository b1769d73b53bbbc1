"""The document page's dispatches, with the way to dispatch it (kansli.diary.panels)."""

from __future__ import annotations

from kansli.diary import access


def document_dispatches(context, document):
    if getattr(document, "masked", False):
        return None
    user = context.get("user")
    dispatches = list(document.dispatches.select_related("party", "unit", "document")
                      .order_by("-created_at", "pk"))
    can_dispatch = (bool(user) and not document.is_cancelled
                    and access.can_change_case(user, document.case))
    if not dispatches and not can_dispatch:
        return None
    return "dispatch/_document_panel.html", {
        "document": document, "dispatches": dispatches, "can_dispatch": can_dispatch}
