"""Agreements (överenskommelser) between organisations as records: versions, parties,
areas of cooperation, adoptions and follow-up reports per period."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kansli.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from kansli.diary.panels import case_panel, label_events

        from . import panels

        label_events({
            "agreement.create": _("Agreement recorded"),
            "agreement.add_version": _("Version of the agreement added"),
            "agreement.add_areas": _("Areas of cooperation added"),
            "agreement.add_party": _("Party to the agreement added"),
            "agreement.adopt": _("Decision on the agreement recorded"),
            "agreement.open_period": _("Follow-up period opened"),
            "agreement.report": _("Follow-up report submitted"),
            "agreement.correct_report": _("Follow-up report corrected"),
            "agreement.compile": _("Follow-up overview compiled"),
        })
        case_panel(panels.case_agreements)
