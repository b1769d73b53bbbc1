"""Retention and disposal (gallring), and the worker's heartbeat.

- ``RetentionRule``: what the organisation's information management plan
  (dokumenthanteringsplan) says of the cases of one classification — keep for ever, or
  dispose of them N years after the case was closed — and where it says so.
- ``DisposalDecision``: a recorded decision to dispose of cases under one rule.
- ``Disposal``: what remains of a disposed case (the stub), one per case; its presence
  marks the case disposed.

Disposal happens only through ``retention.do_dispose``; see docs/retention.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansli.diary.models import Case, Classification


class RetentionRule(models.Model):
    """The retention of the cases of one classification. A classification without a rule
    of its own follows the nearest parent that has one; a case under no rule is kept."""

    classification = models.OneToOneField(
        Classification, models.PROTECT, related_name="retention_rule",
        verbose_name=_("classification"))
    keep_forever = models.BooleanField(_("keep for ever"), default=True)
    # Years after the case was closed; only when not kept for ever.
    years = models.PositiveSmallIntegerField(_("years after closing"), null=True, blank=True)
    # Where the rule is decided: the plan and its decision, e.g.
    # "Dokumenthanteringsplan KS, KS 2019-05-20 § 45".
    reference = models.CharField(_("decided in"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["classification__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(keep_forever=True, years__isnull=True)
                | Q(keep_forever=False, years__isnull=False),
                name="retention_rule_keep_or_years",
            )
        ]

    def __str__(self):
        if self.keep_forever:
            return f"{self.classification.code}: {_('keep for ever')}"
        return f"{self.classification.code}: {self.years} {_('years after closing')}"


class DisposalDecision(models.Model):
    """A decision to dispose of cases under a retention rule: who decided, when, and
    where the decision is recorded (its reference)."""

    rule = models.ForeignKey(RetentionRule, models.PROTECT, related_name="decisions",
                             verbose_name=_("retention rule"))
    decided_by = models.CharField(_("decided by"), max_length=300)
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("reference"), max_length=300)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("disposal decision")
        verbose_name_plural = _("disposal decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.reference} ({self.decided_on})"


class Disposal(models.Model):
    """The stub of a disposed case: what remains of it, for secret and public cases
    alike. ``title`` is the title anyone may see (the public title where the title was
    secret)."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="disposal")
    decision = models.ForeignKey(DisposalDecision, models.PROTECT, related_name="disposals")
    diary_number = models.CharField(_("diary number"), max_length=50)
    title = models.CharField(_("title"), max_length=500)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"))
    disposed_at = models.DateTimeField(_("disposed at"))
    documents = models.PositiveIntegerField(_("documents"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-disposed_at", "diary_number"]

    def __str__(self):
        return f"{self.diary_number} {self.title}"


class Heartbeat(models.Model):
    """When a long-running process last showed it was alive (``kansli work`` writes
    ``worker`` each round); ``kansli selfcheck`` reads it."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()
    pid = models.PositiveIntegerField(default=0)
    host = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.name} {self.at}"
