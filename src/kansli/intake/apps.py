"""Incoming e-mail to the registrar (the intake queue): from an IMAP mailbox or .eml files,
registered into a new or an existing case, or dismissed with a reason."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "kansli.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self):
        from django.apps import apps

        from kansli.diary.panels import label_events

        label_events({
            "intake.receive": _("E-mail received"),
            "intake.register": _("E-mail registered"),
            "intake.dismiss": _("E-mail dismissed"),
        })
        # The worker (kansli.handling.work) fetches the mailbox, when that app is there.
        if apps.is_installed("kansli.handling"):
            from kansli.handling import work

            from .imap import fetch_job

            work.register(fetch_job)
