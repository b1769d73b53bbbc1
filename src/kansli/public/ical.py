"""iCalendar (RFC 5545) for the public meeting calendar, written by hand: a calendar is a
few lines of text, and a dependency for it would be larger than this module.

- Lines end with CRLF (3.1) and are folded so that no line is longer than 75 octets,
  counted in UTF-8 and never splitting a character; a continuation line starts with
  one space.
- Text values escape backslash, semicolon, comma and newlines (3.3.11).
- Times are in UTC (``…Z``, 3.3.5 form 2), so no VTIMEZONE is needed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

LIMIT = 75  # octets per line, CRLF not counted


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime.datetime
    summary: str
    end: datetime.datetime | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def escape(text: str) -> str:
    """A TEXT value: ``\\``, ``;``, ``,`` escaped, newlines as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded at 75 octets (without its line end)."""
    raw = line.encode("utf-8")
    if len(raw) <= LIMIT:
        return line
    parts, current, size, limit = [], [], 0, LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            # A continuation line's leading space counts towards its 75 octets.
            current, size, limit = [], 0, LIMIT - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("iCalendar times here are aware datetimes")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events, *, name: str, stamp: datetime.datetime,
             prodid: str = "-//Kansli//Public calendar//SV") -> str:
    """The VCALENDAR text of ``events``: CRLF line ends, folded, escaped."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{escape(prodid)}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{utc(stamp)}",
                  f"DTSTART:{utc(event.start)}"]
        if event.end is not None and event.end > event.start:
            lines.append(f"DTEND:{utc(event.end)}")
        lines.append(f"SUMMARY:{escape(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += [f"STATUS:{event.status}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
