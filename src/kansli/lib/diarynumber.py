"""Diary number formats: format and parse, round trip.

An organisation writes its diary numbers its own way. A format is a template with
these fields:

    {series}       the series code as registered (``KS``, ``Ks``, ``SLK``)
    {yy} {yyyy}    the year, two or four digits
    {serial}       the serial number; ``{serial:4}`` pads it with zeros to four digits
    {class}        the classification code (Ekerö writes it after the serial)

Examples: ``{series}{yy}/{serial}-{class}`` gives ``KS13/250-133``;
``{series} {yyyy}/{serial:4}`` gives ``KS 2017/0996``; ``{yyyy}/{series} {serial:4}``
gives ``2018/KS 0290``; ``{series} {serial}/{yyyy}`` gives ``Ks 1126/2014``;
``{series}-{yyyy}-{serial:5}`` gives ``SLK-2023-01047``.

Parsing accepts what people type: any letter case and any run of white space where the
format has a space (or none). See docs/numbering.md.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cached_property

FIELD_RE = re.compile(r"\{(series|yy|yyyy|serial|class)(?::(\d))?\}")
FIELDS = {"series", "yy", "yyyy", "serial", "class"}


class FormatError(ValueError):
    """The template itself is not a usable diary number format."""


class ParseError(ValueError):
    """The text is not a diary number in this format."""


@dataclass(frozen=True)
class DiaryNumber:
    series: str
    year: int
    serial: int
    classification: str = ""


@dataclass(frozen=True)
class DiaryNumberFormat:
    template: str

    def __post_init__(self):
        names = [m.group(1) for m in FIELD_RE.finditer(self.template)]
        if "series" not in names or "serial" not in names:
            raise FormatError("a format needs {series} and {serial}")
        if ("yy" in names) == ("yyyy" in names):
            raise FormatError("a format needs exactly one of {yy} and {yyyy}")
        if len(names) != len(set(names)):
            raise FormatError("each field may appear once")
        leftover = FIELD_RE.sub("", self.template)
        if "{" in leftover or "}" in leftover:
            raise FormatError("unknown field in format")
        # Two numeric fields side by side could not be told apart when parsing.
        numeric = r"\{(?:yy|yyyy|serial|class)(?::\d)?\}"
        if re.search(numeric + numeric, self.template):
            raise FormatError("two numbers need a separator between them")

    @property
    def has_classification(self) -> bool:
        return "{class}" in self.template

    def format(self, number: DiaryNumber) -> str:
        def field(match: re.Match) -> str:
            name, width = match.group(1), match.group(2)
            if name == "series":
                return number.series
            if name == "yy":
                return f"{number.year % 100:02d}"
            if name == "yyyy":
                return f"{number.year:04d}"
            if name == "serial":
                return f"{number.serial:0{int(width or 1)}d}"
            return number.classification

        return FIELD_RE.sub(field, self.template)

    @cached_property
    def _regex(self) -> re.Pattern:
        parts = []
        pos = 0
        for match in FIELD_RE.finditer(self.template):
            parts.append(_literal(self.template[pos : match.start()]))
            name = match.group(1)
            parts.append(
                {
                    "series": r"(?P<series>[^\W\d_]+)",
                    "yy": r"(?P<yy>\d{2})",
                    "yyyy": r"(?P<yyyy>\d{4})",
                    "serial": r"(?P<serial>\d+)",
                    "class": r"(?P<cls>[0-9A-Za-z][0-9A-Za-z.]*?)",
                }[name]
            )
            pos = match.end()
        parts.append(_literal(self.template[pos:]))
        return re.compile("".join(parts), re.IGNORECASE)

    def parse(self, text: str, series_codes: dict[str, str] | None = None) -> DiaryNumber:
        """Parse ``text``. ``series_codes`` maps upper-cased codes to their registered
        spelling, so ``ks 2014/12`` comes back as series ``Ks`` when that is the code."""
        match = self._regex.fullmatch(text.strip())
        if not match:
            raise ParseError(f"{text!r} is not a diary number of the form {self.template}")
        series = match.group("series")
        if series_codes is not None:
            try:
                series = series_codes[series.upper()]
            except KeyError:
                raise ParseError(f"unknown series {series!r}") from None
        if match.groupdict().get("yyyy"):
            year = int(match.group("yyyy"))
        else:
            year = century_of(int(match.group("yy")))
        return DiaryNumber(
            series=series,
            year=year,
            serial=int(match.group("serial")),
            classification=match.groupdict().get("cls") or "",
        )


def century_of(yy: int, this_year: int | None = None) -> int:
    """The full year of a two-digit year: the one in the hundred years that end ten
    years from now (``13`` is 2013, ``98`` is 1998), as imported diaries need."""
    this_year = this_year or datetime.date.today().year
    year = this_year // 100 * 100 + yy
    if year > this_year + 10:
        year -= 100
    elif year <= this_year - 90:
        year += 100
    return year


def _literal(text: str) -> str:
    """A literal part of a template; its spaces match any white space, or none."""
    return r"\s*".join(re.escape(chunk) for chunk in text.split(" "))


def normalise(text: str) -> str:
    """The search key of a diary number: upper case, no white space.

    ``KS 2018/124`` and ``ks2018/124`` have the same key, so a prefix search on keys
    finds a number however it was typed."""
    return re.sub(r"\s+", "", text).upper()
