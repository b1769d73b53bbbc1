"""The import's panel on the diary's document page: which file a document was imported
from (for a diary export, which row), when and by whom."""

from __future__ import annotations

from .models import Source, SourceRow


def document_source(context, document):
    """On an imported document's page, its source file (name, SHA-256, who, when)."""
    if getattr(document, "masked", False):
        return None
    sources = list(Source.objects.filter(document=document)
                   .select_related("created_by").order_by("created_at", "pk"))
    rows = list(SourceRow.objects.filter(document=document)
                .select_related("source__created_by").order_by("pk"))
    for row in rows:
        row.source.row_number = row.row
        sources.append(row.source)
    if not sources:
        return None
    return "ingest/_document_panel.html", {"import_sources": sources}
