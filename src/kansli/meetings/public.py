"""What the public may see of committee work: the one place of the rules that the public
meeting pages, the notice board, feeds, iCalendar and OParl follow. See
docs/public-access.md.

- Every meeting of a body is on its public calendar (day, time, place), planned ones
  included: the meeting plan is public.
- The agenda is public once the notice is sent (KL 5 kap. 11 §, 6 kap. 24 §).
- A paragraph is public once approved — with the minutes, or at once (immediately
  approved) — so the minutes of a meeting are public as their paragraphs are approved.
- An agenda item or paragraph of a case whose title is secret shows the case's public
  title; a paragraph subject to secrecy shows its number and the legal ground, never
  its heading or decision.
- Every text passes through ``kansli.lib.personnummer.mask``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kansli.diary.public import case_title
from kansli.lib.personnummer import mask

from .models import AgendaItem, Meeting, Paragraph


def agenda_is_public(meeting: Meeting) -> bool:
    return meeting.notice_sent_at is not None


def minutes_are_public(meeting: Meeting) -> bool:
    return meeting.approved_on is not None


def paragraph_is_public(paragraph: Paragraph) -> bool:
    return paragraph.approved_on is not None


def agenda_item_heading(item: AgendaItem) -> str:
    """The heading the public sees (``item.case`` loaded where it has one)."""
    if item.case_id and item.case.is_secret:
        return case_title(item.case)
    return mask(item.heading)


@dataclass(frozen=True)
class PublicParagraph:
    pk: int
    number: int
    citation: str  # e.g. "KF 2013-12-16 § 90"
    secret: bool
    secrecy_ground: str
    heading: str | None  # None when secret
    decision: str | None  # None when secret
    outcome: str
    case_id: int | None
    diary_number: str | None


def paragraph_entry(paragraph: Paragraph) -> PublicParagraph | None:
    """The public form of an approved paragraph, or None while it is not public.
    Expects ``meeting``, ``body`` and ``case`` (with its series) loaded."""
    if not paragraph_is_public(paragraph):
        return None
    secret = bool(paragraph.secrecy_ground)
    if secret:
        heading = decision = None
    elif paragraph.case_id and paragraph.case.is_secret:
        heading, decision = case_title(paragraph.case), mask(paragraph.decision)
    else:
        heading, decision = mask(paragraph.heading), mask(paragraph.decision)
    return PublicParagraph(
        pk=paragraph.pk, number=paragraph.number, citation=str(paragraph),
        secret=secret, secrecy_ground=paragraph.secrecy_ground, heading=heading,
        decision=decision, outcome=paragraph.outcome, case_id=paragraph.case_id,
        diary_number=paragraph.case.diary_number if paragraph.case_id else None)
