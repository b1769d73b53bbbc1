"""kansli.public.ical: iCalendar as RFC 5545 writes it — CRLF, folding at 75 octets,
escaping of text, times in UTC."""

import datetime

import pytest

from kansli.public import ical

UTC = datetime.UTC
STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))


def test_text_escapes_backslash_semicolon_comma_and_newlines():
    assert ical.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_a_short_line_is_not_folded():
    assert ical.fold("SUMMARY:kort") == "SUMMARY:kort"


def test_a_long_line_is_folded_at_75_octets_with_a_leading_space():
    line = "DESCRIPTION:" + "x" * 200
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_folding_counts_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "Sammanträde i Ekerö kommunhus, sal Mälaren – å ä ö " * 4
    parts = ical.fold(line).split("\r\n")
    for part in parts:
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # each part is whole characters
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_times_are_written_in_utc():
    start = datetime.datetime(2013, 12, 16, 18, 0, tzinfo=STOCKHOLM)
    assert ical.utc(start) == "20131216T170000Z"
    with pytest.raises(ValueError):
        ical.utc(datetime.datetime(2013, 12, 16, 18, 0))


def test_a_calendar_has_crlf_line_ends_uid_dtstamp_and_escaped_text():
    start = datetime.datetime(2013, 12, 16, 18, 0, tzinfo=STOCKHOLM)
    event = ical.Event(uid="meeting-3@example.se", start=start,
                       end=start + datetime.timedelta(hours=3),
                       summary="Kommunfullmäktige, sammanträde",
                       location="Ekerö kommunhus; Mälaren", url="https://example.se/m/3/")
    text = ical.calendar([event], name="KF", stamp=datetime.datetime(2026, 1, 1, tzinfo=UTC))
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "UID:meeting-3@example.se" in lines
    assert "DTSTAMP:20260101T000000Z" in lines
    assert "DTSTART:20131216T170000Z" in lines and "DTEND:20131216T200000Z" in lines
    assert "SUMMARY:Kommunfullmäktige\\, sammanträde" in lines
    assert "LOCATION:Ekerö kommunhus\\; Mälaren" in lines


def test_an_event_without_a_known_end_has_no_dtend():
    start = datetime.datetime(2013, 12, 16, 18, 0, tzinfo=UTC)
    text = ical.calendar([ical.Event(uid="u", start=start, summary="s")], name="n",
                         stamp=start)
    assert "DTEND" not in text
