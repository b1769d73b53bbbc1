"""Recognising what a document is — officer's report, minutes, extract or notice — and
parsing it with the parser of its kind (docs/ingest.md, steps 3 and 4).

The kind is named near the top of most documents ("Tjänsteskrivelse", "Protokoll",
"Protokollsutdrag", "Kallelse"): the first such line among the first lines decides.
Where none is named, what the text holds decides: a certification ("Rätt utdraget
intygar") is an extract's, approvers and paragraphs are minutes', a proposed decision is
a report's.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

REPORT, MINUTES, EXTRACT, NOTICE = "report", "minutes", "extract", "notice"
TOP_LINES = 15
NAMED = [
    (EXTRACT, re.compile(r"^(?:protokollsutdrag|utdrag ur (?:sammanträdes)?protokoll(?:et)?)\b")),
    (MINUTES, re.compile(r"^(?:sammanträdesprotokoll|protokoll|justerat protokoll)\b")),
    (NOTICE, re.compile(r"^(?:kallelse|föredragningslista|kungörelse)\b")),
    (REPORT, re.compile(r"^(?:tjänsteskrivelse|tjänsteutlåtande|utlåtande|tjänsteyttrande)\b")),
]
NAMED_FULL = {kind: re.compile(pattern.pattern + r"$") for kind, pattern in NAMED}
CERTIFIED = re.compile(r"rätt utdraget intygar|utdragsbestyrkande", re.IGNORECASE)
APPROVERS = re.compile(r"^(?:utses att justera|justerare|justerande)\b", re.IGNORECASE | re.M)
PARAGRAPH = re.compile(r"^\s*(?:[A-ZÅÄÖ]{1,4}\s*)?§\s*\d+", re.IGNORECASE | re.M)
PROPOSAL = re.compile(r"^\s*(?:förslag till beslut|beslutsförslag)\s*:?\s*$",
                      re.IGNORECASE | re.M)
AGENDA = re.compile(r"^\s*föredragningslista\s*$", re.IGNORECASE | re.M)
# The signature box in the footer of every page of some minutes ("Justerandes sign |
# Utdragsbestyrkande") is blank: it certifies nothing.
FOOTER_BOX = re.compile(r"justerandes\s+sign", re.IGNORECASE)


def _certified(text: str) -> bool:
    """Whether the text carries an extract's certification (not the empty footer box)."""
    return any(CERTIFIED.search(line) and not FOOTER_BOX.search(line)
               for line in text.split("\n"))


def recognise(text: str) -> str | None:
    """"report", "minutes", "extract", "notice", or None when it is none of them."""
    named = _named_kind(text)
    if named == MINUTES and _certified(text):
        return EXTRACT
    if named:
        return named
    if _certified(text):
        return EXTRACT
    if APPROVERS.search(text) and PARAGRAPH.search(text):
        return MINUTES
    if PROPOSAL.search(text):
        return REPORT
    if AGENDA.search(text):
        return NOTICE
    return None


PAGE_NUMBER_AFTER = re.compile(r"\s+(?:sida\s+)?\d{1,4}\s*(?:\(\d{1,4}\)|av \d{1,4})$")


def _named_kind(text: str) -> str | None:
    """The kind a line near the top names: at its start, or at its end when written in
    capitals as a letterhead does ("Region Stockholm PROTOKOLL 1 (4)"; a title that ends
    in "protokoll" names no kind)."""
    top = [line.strip() for line in text.split("\n") if line.strip()][:TOP_LINES]
    for line in top:
        if len(line.split()) > 10:
            continue
        kind = _kind_at_start(line.lower()) or _kind_at_end(PAGE_NUMBER_AFTER.sub("", line))
        if kind:
            return kind
    return None


def _kind_at_start(line: str) -> str | None:
    return next((kind for kind, pattern in NAMED if pattern.match(line)), None)


def _kind_at_end(line: str) -> str | None:
    words = line.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail.isupper():
            kind = next((k for k, full in NAMED_FULL.items() if full.match(tail.lower())), None)
            if kind:
                return kind
    return None


def parse(text: str) -> dict:
    """The fields of the document, by its kind; an unrecognised one says so."""
    kind = recognise(text)
    if kind is None:
        return {"kind": "unknown",
                "problems": [_("The kind of document was not recognised (not an officer's "
                               "report, minutes, extract or notice).")]}
    return parser(kind)(text)


def parser(kind: str):
    if kind == REPORT:
        from .report import parse_report

        return parse_report
    if kind == NOTICE:
        from .notice import parse_notice

        return parse_notice
    # Minutes and extracts: imported when needed (their parser is its own module).
    from . import minutes

    return minutes.parse_minutes if kind == MINUTES else minutes.parse_extract
