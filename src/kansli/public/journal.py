"""/insyn/journal/: the journal's head hash of each day, for anyone to keep.

Each row is the last event of a day (in the organisation's time zone): its number
(``seq``), its hash, and how many events the day had. The hash of an event covers every
event before it (docs/journal.md), so whoever keeps a row can later ask the
organisation to show that the journal still leads to it — that nothing up to that day
was changed or removed. Only numbers and hashes are shown: nothing of what the events
say.

The page is paged by day (``fore=YYYY-MM-DD``: days before that one), each row found by
one indexed look-up of the newest event before the end of the day; a day's count is the
difference of two consecutive heads, since the sequence has no gaps. ``?format=json`` or
``?format=text`` give the same for machines; ``?seq=N`` looks up one event's hash.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kansli.diary.models import Event, JournalHead

from .views import BadParameter, bad_request, organisation

DAYS = 30


@dataclass
class DayHead:
    day: datetime.date
    seq: int
    hash: str
    events: int

    @property
    def groups(self) -> list[str]:
        """The hash in groups of eight, for a page that breaks it only between them."""
        return [self.hash[i:i + 8] for i in range(0, len(self.hash), 8)]


def _last_before(moment: datetime.datetime | None):
    """The newest event recorded before ``moment`` (or at all): (seq, at, hash)."""
    events = Event.objects.all()
    if moment is not None:
        events = events.filter(at__lt=moment)
    return events.order_by("-at", "-seq").values_list("seq", "at", "hash").first()


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


def day_heads(before: datetime.date | None = None, count: int | None = None
              ) -> tuple[list[DayHead], bool]:
    """The heads of up to ``count`` days with events, newest first, before the day
    ``before`` (or from today); and whether there are older ones."""
    count = count or DAYS
    heads: list[DayHead] = []
    row = _last_before(_start_of(before) if before else None)
    while row is not None and len(heads) <= count:
        seq, at, digest = row
        day = timezone.localtime(at).date()
        row = _last_before(_start_of(day))
        previous_seq = row[0] if row else 0
        heads.append(DayHead(day, seq, digest, seq - previous_seq))
    more = len(heads) > count
    return heads[:count], more


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise BadParameter(_("Give the day as YYYY-MM-DD.")) from exc


def _seq(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadParameter(_("An event number is a whole number."))
    return int(value)


@require_safe
def journal_heads(request):
    org = organisation()
    head = JournalHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, "0" * 64)
    context = {"org": org, "head": head, "section": "journal", "heads": [], "days": DAYS}
    form = request.GET.get("format", "html")
    try:
        if form not in ("html", "json", "text"):
            raise BadParameter(_("The format is html, json or text."))
        before = _date(request.GET["fore"]) if request.GET.get("fore") else None
        looked_up = None
        if request.GET.get("seq", "").strip():
            seq = _seq(request.GET["seq"].strip())
            found = Event.objects.filter(seq=seq).values_list("at", "hash").first()
            looked_up = {"seq": seq, "found": found is not None,
                         "day": timezone.localtime(found[0]).date() if found else None,
                         "hash": found[1] if found else ""}
    except BadParameter as exc:
        if form != "html":
            return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
        return bad_request(request, "public/journal.html", context, str(exc))
    heads, more = day_heads(before)
    older = f"?fore={heads[-1].day.isoformat()}" if more and heads else None
    if form == "json":
        body = {
            "organisation": org.name if org else "",
            "head": {"seq": head[0], "hash": head[1]},
            "days": [{"date": h.day.isoformat(), "seq": h.seq, "hash": h.hash,
                      "events": h.events} for h in heads],
            "older": (older + "&format=json") if older else None,
        }
        if looked_up is not None:
            body["event"] = {**looked_up, "day": looked_up["day"].isoformat()
                             if looked_up["day"] else None}
        return HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    if form == "text":
        lines = [f"# {_('The journal checksums')} – {org.name if org else 'Kansli'}",
                 "# " + _("day;event number;events that day;checksum (SHA-256)")]
        if looked_up is not None and looked_up["found"]:
            lines.append(f"{looked_up['day'].isoformat()};{looked_up['seq']};;"
                         f"{looked_up['hash']}")
        else:
            lines += [f"{h.day.isoformat()};{h.seq};{h.events};{h.hash}" for h in heads]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    context.update(heads=heads, older=older, looked_up=looked_up,
                   newer=bool(before), before=before)
    return render(request, "public/journal.html", context)
