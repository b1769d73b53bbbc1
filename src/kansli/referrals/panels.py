"""The case page's referrals (kansli.diary.panels): each referral of the case with its
recipients counted by status, in one query."""

from __future__ import annotations

from django.utils import timezone

from kansli.diary import access

from .models import Recipient, Referral
from .overview import with_counts


def case_referrals(context, case):
    user = context.get("user")
    today = timezone.localdate()
    referrals = list(with_counts(Referral.objects.filter(case=case), today)
                     .order_by("-sent_on", "-pk"))
    can_send = (bool(user) and not case.is_cancelled and case.status != case.Status.CLOSED
                and access.can_change_case(user, case))
    if not referrals and not can_send:
        return None
    return "referrals/_case_panel.html", {"case": case, "referrals": referrals,
                                          "can_send": can_send}


def document_referral(context, document):
    """On a referral letter's page, its referral; on an answer's, whose answer it is."""
    if getattr(document, "masked", False):
        return None
    referral = Referral.objects.filter(letter=document).first()
    answers = list(Recipient.objects.filter(answer=document)
                   .select_related("party", "unit", "body", "referral").order_by("pk"))
    if referral is None and not answers:
        return None
    return "referrals/_document_panel.html", {"referral": referral, "answers": answers}


def deadline_owner(deadline):
    """A recipient's deadline is changed through the referral (kansli.handling.owners)."""
    from django.urls import reverse

    from .models import Recipient

    recipient = Recipient.objects.filter(deadline=deadline).only("pk").first()
    return reverse("referrals:recipient", args=[recipient.pk]) if recipient else None
