from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "kansli.handling"
    label = "handling"
    verbose_name = _("Deadlines")

    def ready(self):
        from kansli.diary.panels import case_panel, document_panel, label_events
        from kansli.meetings import signals

        from . import actions, panels, work

        signals.minutes_approved.connect(actions.on_minutes_approved,
                                         dispatch_uid="handling_minutes_approved")
        work.register(actions.legal_deadlines_job)
        work.register(actions.fl_deadlines_job)
        work.register(actions.takedown_job)
        work.register(actions.reminder_job)
        label_events({"delay_notice": _("Notice of serious delay (FL 11 §)")})
        case_panel(panels.case_deadlines)
        document_panel(panels.document_deadlines)
