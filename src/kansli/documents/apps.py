from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "kansli.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from kansli.meetings.signals import minutes_approved

        from .store import store_approved_minutes

        minutes_approved.connect(store_approved_minutes, dispatch_uid="store-approved-minutes")
