"""OParl 1.1: the read-only open-data API of bodies, people, meetings, agenda items,
papers (cases) and files, at /oparl/v1.1/ — only public data."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    name = "kansli.oparl"
    label = "oparl"
    verbose_name = _("OParl")

    def ready(self):
        from . import signals

        signals.connect()
