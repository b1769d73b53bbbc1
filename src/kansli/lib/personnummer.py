"""Personnummer and samordningsnummer in free text: found, validated and masked.

Every public output (pages, feeds, APIs, downloads of generated text) passes its text
through ``mask``. A candidate is six or eight digits for the birth date, an optional
separator (``-``, ``+`` or a space) and four digits; it is masked only when it is a real
identity number — a date that exists and a correct check digit — as python-stdnum's
``stdnum.se.personnummer`` validates it. A samordningsnummer (coordination number) has 60
added to the day of birth; stdnum validates its check digit (``stdnum.luhn``) and the
date with 60 taken off the day. Other numbers (dates, diary numbers, organisation
numbers, whose month is 20 or more) are left alone.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.se import personnummer

MASK = "XXXXXX-XXXX"
CANDIDATE = re.compile(r"(?<![\d/-])(?P<date>\d{8}|\d{6})(?P<sep>[-+ ]?)(?P<last>\d{4})(?![\d/])")


def kind(text: str) -> str | None:
    """``"personnummer"``, ``"samordningsnummer"`` or None for one candidate."""
    match = CANDIDATE.fullmatch(text.strip())
    if not match:
        return None
    date, sep, last = match.group("date", "sep", "last")
    sep = sep if sep in "-+" and sep else "-"
    if personnummer.is_valid(f"{date}{sep}{last}"):
        return "personnummer"
    day = int(date[-2:])
    if 61 <= day <= 91 and luhn.is_valid((date + last)[-10:]):
        birth = f"{date[:-2]}{day - 60:02d}"
        try:
            personnummer.get_birth_date(f"{birth}{sep}{last}")
        except Exception:  # stdnum's InvalidComponent: no such date
            return None
        return "samordningsnummer"
    return None


def find(text: str) -> list[str]:
    """The identity numbers in ``text``, as written."""
    return [m.group(0) for m in CANDIDATE.finditer(text or "") if kind(m.group(0))]


def mask(text: str) -> str:
    """``text`` with every personnummer and samordningsnummer replaced by ``MASK``."""
    if not text:
        return text
    return CANDIDATE.sub(lambda m: MASK if kind(m.group(0)) else m.group(0), text)
