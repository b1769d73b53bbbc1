"""The archive: export to the e-archive (CITS ERMS v3 in an E-ARK SIP), import of such a
package, retention and disposal (gallring), integrity checks, backup and restore. See
docs/archive-export.md, docs/retention.md and docs/integrity.md."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "kansli.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from kansli.diary.panels import case_panel, label_events

        from . import retention

        label_events({"dispose": _("Disposed of"),
                      "disposal_decision": _("Disposal decision recorded"),
                      "archive.export": _("Exported to the e-archive"),
                      "archive.import": _("Imported from an e-archive package")})
        case_panel(retention.case_disposal)
