"""The overview of one referral: counts, a row per recipient, the chart. A fixed number
of queries whatever the number of recipients (the rows with their deadline, party, unit,
body and answer in one; all their extensions in another)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kansli.handling.models import Deadline, Extension

from . import chart
from .models import Recipient, Referral

# The statuses a row can be filtered on: the stored ones and the derived "overdue".
STATUSES = ("sent", "overdue", "answered", "declined")


@dataclass
class Counts:
    total: int = 0
    adopted: int = 0
    not_adopted: int = 0
    answered: int = 0  # all answers, opinions and decisions alike
    declined: int = 0  # declined to answer (avstår)
    no_answer: int = 0
    late: int = 0  # no answer, past the (extended) due date
    extended: int = 0
    answered_late: int = 0


@dataclass
class Row:
    recipient: Recipient
    status: str
    status_label: str
    original_due: datetime.date
    due: datetime.date
    extensions: list[Extension]
    answer_shown: bool
    answered_late: bool


@dataclass
class Overview:
    referral: Referral
    counts: Counts
    rows: list[Row] = field(default_factory=list)
    # All recipients, whatever the filter (the counts and the chart are of all).
    everyone: list[Recipient] = field(default_factory=list)


def status_labels() -> dict[str, str]:
    return {"sent": _("awaiting answer"), "overdue": pgettext("referral", "overdue"),
            "answered": _("answered"), "declined": _("declined to answer")}


def recipients(referral: Referral):
    return (referral.recipients.select_related("party", "unit", "body", "deadline", "answer")
            .prefetch_related(Prefetch("deadline__extensions",
                                       queryset=Extension.objects.order_by("created_at", "pk")))
            .order_by("pk"))


def build(referral: Referral, *, today: datetime.date, can_read_secret: bool,
          status: str = "") -> Overview:
    counts = Counts()
    rows = []
    labels = status_labels()
    everyone = list(recipients(referral))
    for r in everyone:
        extensions = list(r.deadline.extensions.all())
        shown = r.shown_status(today)
        counts.total += 1
        if r.status == Recipient.Status.ANSWERED:
            counts.answered += 1
            if r.outcome == Recipient.Outcome.ADOPTED:
                counts.adopted += 1
            elif r.outcome == Recipient.Outcome.DECLINED:
                counts.not_adopted += 1
        elif r.status == Recipient.Status.DECLINED:
            counts.declined += 1
        else:
            counts.no_answer += 1
        counts.late += shown == "overdue"
        counts.extended += bool(extensions)
        late_answer = r.answered_on is not None and r.answered_on > r.deadline.due
        counts.answered_late += late_answer
        if status and shown != status:
            continue
        rows.append(Row(
            recipient=r, status=shown, status_label=labels[shown],
            original_due=extensions[0].previous_due if extensions else r.deadline.due,
            due=r.deadline.due, extensions=extensions,
            answer_shown=bool(r.answer_id) and (can_read_secret or not r.answer.is_secret),
            answered_late=late_answer))
    return Overview(referral, counts, rows, everyone)


def answers_chart(overview: Overview) -> chart.Chart:
    """Cumulative answers by the day they came in: adopted and not adopted for a
    decision referral, answers for an opinion; declining to answer as a line of its
    own. The time axis runs from the day sent to the last due date or answer."""
    referral = overview.referral
    if referral.is_decision:
        series = [("adopted", pgettext("referral", "Adopted"), "#1d6b35", ""),
                  ("not_adopted", _("Not adopted"), "#a4161a", "8 4")]
    else:
        series = [("answered", _("Answers"), "#0b4f8a", "")]
    series.append(("abstained", _("Declined to answer"), "#4a5360", "2 3"))
    answers = []
    for r in overview.everyone:
        if r.answered_on is None:
            continue
        if r.status == Recipient.Status.DECLINED:
            answers.append((r.answered_on, "abstained"))
        elif not referral.is_decision:
            answers.append((r.answered_on, "answered"))
        elif r.outcome == Recipient.Outcome.ADOPTED:
            answers.append((r.answered_on, "adopted"))
        else:
            answers.append((r.answered_on, "not_adopted"))
    last_due = max([referral.due] + [r.deadline.due for r in overview.everyone])
    return chart.build(answers, series, start=referral.sent_on, due=referral.due,
                       total=len(overview.everyone), end=last_due,
                       due_label=_("Original due date %(due)s")
                       % {"due": referral.due.isoformat()})


def with_counts(referrals, today):
    """Each referral with its recipients counted by status, in the same query."""
    return referrals.annotate(
        n_recipients=Count("recipients", distinct=True),
        n_answered=Count("recipients", filter=Q(recipients__status=Recipient.Status.ANSWERED),
                         distinct=True),
        n_adopted=Count("recipients", filter=Q(recipients__outcome="adopted"), distinct=True),
        n_declined=Count("recipients", filter=Q(recipients__status=Recipient.Status.DECLINED),
                         distinct=True),
        n_waiting=Count("recipients", filter=Q(recipients__status=Recipient.Status.SENT),
                        distinct=True),
        n_late=Count("recipients", filter=Q(recipients__status=Recipient.Status.SENT,
                                            recipients__deadline__status=Deadline.Status.OPEN,
                                            recipients__deadline__due__lt=today),
                     distinct=True),
    )
