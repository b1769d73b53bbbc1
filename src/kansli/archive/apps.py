"""The archive: export to the e-archive (CITS ERMS v3 in an E-ARK SIP), import of such a
package, retention and disposal (gallring), integrity checks, backup and restore. See
docs/archive.md."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "kansli.archive"
    label = "archive"
    verbose_name = _("Archive")
