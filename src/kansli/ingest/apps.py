"""Import of existing documents and diaries: officer's reports, minutes, extracts and
notices from PDF and text, and diary exports (CSV, the XML of a "postlista"). See
docs/ingest.md."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "kansli.ingest"
    label = "ingest"
    verbose_name = _("Import")

    def ready(self):
        from kansli.diary.panels import document_panel, label_events

        from . import panels

        label_events({
            "ingest.review": _("Imported document corrected before registering"),
            "ingest.dismiss": _("Imported document dismissed"),
            "ingest.present": _("Imported document already in the diary"),
            "ingest.hold": _("Imported file held for review"),
        })
        document_panel(panels.document_source)
