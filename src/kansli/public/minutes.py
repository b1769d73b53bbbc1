"""Whether the stored PDF of approved minutes may be served to the public.

The stored PDF is the minutes as approved, in full: it holds every paragraph's heading
and decision, including secret ones and the real titles of cases whose titles are
secret, and it cannot be masked afterwards. So the public gets the file only when
nothing in it would be hidden on the public pages:

- the minutes are approved and stored (``kansli.documents.store.stored_minutes``);
- the registered minutes document is neither cancelled nor secret;
- no paragraph is secret, and no paragraph concerns a case whose title is secret;
- no text the PDF is made of holds a personnummer or samordningsnummer, and no
  decision is sent to a private person or a party subject to secrecy (the PDF names
  the recipients; the public pages never name private persons).

Otherwise the page says where the minutes are kept, so anyone can ask for them there
(the authority then examines what can be released).
"""

from __future__ import annotations

from django.db.models import Q

from kansli.diary.models import Party
from kansli.documents.models import Rendering
from kansli.lib.personnummer import find
from kansli.meetings.models import (
    Attendance,
    Meeting,
    Paragraph,
    Proposal,
    Recipient,
    Reservation,
    Vote,
)


def stored(meetings) -> dict[int, Rendering]:
    """The stored minutes of these meetings, by meeting id: one query."""
    ids = [m.pk for m in meetings if m.approved_on is not None]
    if not ids:
        return {}
    rows = (Rendering.objects.filter(kind=Rendering.Kind.MINUTES, meeting_id__in=ids)
            .select_related("file__blob", "file__document__case"))
    return {r.meeting_id: r for r in rows}


def with_hidden_paragraphs(meetings) -> set[int]:
    """Ids of meetings with a secret paragraph or one of a case with a secret title."""
    ids = [m.pk for m in meetings if m.approved_on is not None]
    if not ids:
        return set()
    return set(Paragraph.objects.filter(meeting_id__in=ids)
               .filter(Q(secrecy_ground__gt="") | Q(case__secrecy_ground__gt=""))
               .values_list("meeting_id", flat=True))


def public_minutes(meetings) -> dict[int, Rendering]:
    """The stored minutes the public may have, by meeting id: two queries. The text
    check (``holds_hidden_text``) is made when the file is asked for."""
    renderings = stored(meetings)
    hidden = with_hidden_paragraphs(meetings)
    return {pk: r for pk, r in renderings.items()
            if pk not in hidden and not r.file.document.is_secret
            and not r.file.document.is_cancelled and not r.file.document.case.is_cancelled}


def holds_hidden_text(meeting: Meeting) -> bool:
    """Whether any text the minutes are made of holds a personnummer, or a recipient
    the public pages would not name."""
    texts = [meeting.place, meeting.approval_place_time, meeting.minutes_kept_at]
    paragraphs = Paragraph.objects.filter(meeting=meeting)
    texts += [t for row in paragraphs.values_list("heading", "decision") for t in row]
    texts += list(Proposal.objects.filter(paragraph__meeting=meeting)
                  .values_list("text", flat=True))
    texts += [t for row in Vote.objects.filter(paragraph__meeting=meeting)
              .values_list("question", "result") for t in row]
    texts += list(Reservation.objects.filter(paragraph__meeting=meeting)
                  .values_list("text", flat=True))
    texts += list(Attendance.objects.filter(meeting=meeting).values_list("note", flat=True))
    for recipient in Recipient.objects.filter(paragraph__meeting=meeting).select_related(
            "party", "unit"):
        if recipient.party_id and (recipient.party.is_secret
                                   or recipient.party.kind == Party.Kind.PERSON):
            return True
        texts.append(recipient.text)
    return any(find(text) for text in texts if text)


# The notice and agenda --------------------------------------------------------------------


def public_notice(meeting: Meeting) -> Rendering | None:
    """The stored notice (kallelse) with its agenda, when the public may have it: the
    notice is sent, its registered document is neither secret nor cancelled, and the
    agenda it lists holds nothing the public pages hide — no case with a secret title
    (the PDF prints the item's own heading), no cancelled case, no personnummer in the
    headings or the place. Three queries."""
    from kansli.documents.store import stored_notice
    from kansli.meetings.models import AgendaItem
    from kansli.meetings.public import agenda_is_public

    if not agenda_is_public(meeting):
        return None
    rendering = stored_notice(meeting)
    if rendering is None:
        return None
    document = rendering.file.document
    if document.is_secret or document.is_cancelled or document.case.is_cancelled:
        return None
    items = AgendaItem.objects.filter(meeting=meeting).select_related("case")
    texts = [meeting.place]
    for item in items:
        if item.case_id and (item.case.is_secret or item.case.is_cancelled):
            return None
        texts.append(item.heading)
    if any(find(text) for text in texts if text):
        return None
    return rendering
