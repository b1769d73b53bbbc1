"""Extension points of the diary's pages for the apps built on the diary.

The diary imports none of the apps above it (DESIGN.md §5); they plug in here, in their
``AppConfig.ready``:

- ``label_events({"referral.send": gettext_lazy("Referral sent"), …})`` names their
  journal events on the case page's journal;
- ``@case_panel`` / ``@document_panel`` register a function ``panel(context, obj)``
  returning ``(template_name, template_context)`` — or ``None`` to show nothing — that
  the case or document page renders in registration order. A panel keeps to a fixed
  number of queries (the case page's query count is tested).
"""

from __future__ import annotations

from collections.abc import Callable

EVENT_LABELS: dict[str, object] = {}
CASE_PANELS: list[Callable] = []
DOCUMENT_PANELS: list[Callable] = []


def label_events(labels: dict) -> None:
    EVENT_LABELS.update(labels)


def case_panel(panel: Callable) -> Callable:
    if panel not in CASE_PANELS:
        CASE_PANELS.append(panel)
    return panel


def document_panel(panel: Callable) -> Callable:
    if panel not in DOCUMENT_PANELS:
        DOCUMENT_PANELS.append(panel)
    return panel
