"""Referrals (remisser): a case sent to one or many recipients for an opinion or a
decision, each recipient with its own due date, extensions, answer and status; and the
federation's overview of its members' answers."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "kansli.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from kansli.diary.panels import case_panel, document_panel, label_events
        from kansli.handling import owners

        from . import panels

        label_events({
            "referral.send": _("Referral sent"),
            "referral.answer": _("Referral answer recorded"),
            "referral.decline": _("Recipient declines to answer the referral"),
            "referral.extend": _("Extension of a referral answer"),
            "referral.correct": _("Referral answer corrected"),
        })
        case_panel(panels.case_referrals)
        owners.register(panels.deadline_owner)
        document_panel(panels.document_referral)
