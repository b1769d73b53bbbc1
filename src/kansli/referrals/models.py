"""Referrals (remisser): a case sent to recipients for an opinion or a decision; each
recipient with its own deadline, answer and status. See docs/referrals.md.

The waiting itself is a deadline of kansli.handling (one per recipient), so reminders,
the overdue list and the extension history come from there; a referral adds what is
asked, the letter that asked it, and what each recipient answered.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kansli.diary.models import Case, Document, Party
from kansli.handling.models import Deadline
from kansli.org.models import Body, Unit


class Referral(models.Model):
    class Kind(models.TextChoices):
        OPINION = "opinion", _("opinion")
        DECISION = "decision", _("decision")

    case = models.ForeignKey(Case, models.PROTECT, related_name="referrals",
                             verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    question = models.TextField(_("what is asked"))
    # The referral letter: an outgoing document of the case, to all the recipients.
    letter = models.OneToOneField(Document, models.PROTECT, related_name="referral",
                                  verbose_name=_("referral letter"))
    sent_on = models.DateField(_("sent on"))
    # The due date given to all when sent; each recipient's current one is its deadline's.
    due = models.DateField(_("original due date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-pk"]

    def __str__(self):
        return f"{self.case.diary_number}: {self.question[:80]}"

    @property
    def is_decision(self) -> bool:
        return self.kind == self.Kind.DECISION


class Recipient(models.Model):
    """One recipient of a referral: exactly one of an external party, an internal unit
    or an internal body."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("answered")
        # The recipient declines to answer (avstår).
        DECLINED = "declined", _("declined to answer")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("referral", "adopted")
        # Decided not to adopt (the federation's "declined"); not the same as a
        # recipient that declines to answer at all (Status.DECLINED).
        DECLINED = "declined", _("not adopted")

    referral = models.ForeignKey(Referral, models.PROTECT, related_name="recipients")
    party = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("party"))
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("unit"))
    body = models.ForeignKey(Body, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("body"))
    # The wait for the answer: due date, extensions, reminders (kansli.handling).
    deadline = models.OneToOneField(Deadline, models.PROTECT, related_name="referral_recipient")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.SENT)
    # The answer: an incoming document of the referral's case.
    answer = models.ForeignKey(Document, models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("answer"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Decision referrals: what the recipient decided, and where (body, date, §).
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices,
                               blank=True)
    decision_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("paragraph"), max_length=50, blank=True)
    declined_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("referral recipient")
        verbose_name_plural = _("referral recipients")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(party__isnull=False, unit__isnull=True, body__isnull=True)
                           | Q(party__isnull=True, unit__isnull=False, body__isnull=True)
                           | Q(party__isnull=True, unit__isnull=True, body__isnull=False)),
                name="referral_recipient_exactly_one"),
            # NULLs are distinct in both databases: each holds for its own kind only.
            models.UniqueConstraint(fields=["referral", "party"],
                                    name="referral_recipient_party_unique"),
            models.UniqueConstraint(fields=["referral", "unit"],
                                    name="referral_recipient_unit_unique"),
            models.UniqueConstraint(fields=["referral", "body"],
                                    name="referral_recipient_body_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def target(self):
        return self.party or self.unit or self.body

    @property
    def name(self) -> str:
        return str(self.target)

    @property
    def is_external(self) -> bool:
        return self.party_id is not None

    @property
    def decision_reference(self) -> str:
        """As a registrar writes it: "Kommunfullmäktige 2013-12-16 § 90"."""
        date = self.decision_date.isoformat() if self.decision_date else ""
        return " ".join(p for p in (self.decision_body, date, self.decision_paragraph) if p)

    def is_late(self, today: datetime.date) -> bool:
        """No answer, and its deadline is open and past its (possibly extended) due
        date. A deadline met or cancelled on handling's own pages is no longer waited
        on, so not late."""
        return (self.status == self.Status.SENT and self.deadline.is_open
                and self.deadline.due < today)

    def shown_status(self, today: datetime.date) -> str:
        """The status with *overdue* derived: sent, answered, declined or overdue."""
        return "overdue" if self.is_late(today) else self.status
