from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "kansli.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self):
        from kansli.diary.panels import document_panel

        from . import panels

        document_panel(panels.document_dispatches)
        # The worker (kansli.handling.work) runs the retry job, when that app is there.
        from django.apps import apps

        if not apps.is_installed("kansli.handling"):
            return
        from kansli.handling import work

        from .actions import retry_failed

        work.register(retry_failed)
