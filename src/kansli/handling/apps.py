from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "kansli.handling"
    label = "handling"
    verbose_name = _("Deadlines")

    def ready(self):
        from kansli.meetings import signals

        from . import actions, work

        signals.minutes_approved.connect(actions.on_minutes_approved,
                                         dispatch_uid="handling_minutes_approved")
        work.register(actions.legal_deadlines_job)
        work.register(actions.fl_deadlines_job)
        work.register(actions.takedown_job)
        work.register(actions.reminder_job)
