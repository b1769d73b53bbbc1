"""Parsing a notice with its agenda (kallelse, föredragningslista) from cleaned text into
the fields of docs/ingest.md: organisation, body, date, time, place, the items (number,
heading, diary number), chair and secretary.

An item starts with its number ("1.", "1)", "§ 1") and goes on over the lines below it
until a blank line or the next item. In a PDF the diary number stands in a column of its
own, so its text comes out beside or between the heading's lines: it is taken out
wherever it is, with its "Dnr"; so are the lines the notice adds under a heading (the
kind, "Information", and the report, "Tjänsteutlåtande 2013-11-05").
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .report import (
    BODY,
    SERIES,
    find_date,
    find_diary_number,
    organisation_of,
    split_names,
    squeeze,
)

AGENDA_HEADING = re.compile(r"^(?:föredragningslista|dagordning|ärendelista|ärenden)\s*:?$",
                            re.IGNORECASE)
ITEM = re.compile(r"^(?:§\s*)?(?P<number>\d{1,3})(?:[.)]\s*|\s+)(?P<text>\S.*)$")
TIME = re.compile(r"\b(?:kl\.?|klockan|tid:?)\s*(?P<time>\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}"
                  r"[.:]\d{2})?)", re.IGNORECASE)
BARE_TIME = re.compile(r"(?<![\d-])(?P<time>\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?)"
                       r"(?![\d-])")
PLACE = re.compile(r"^(?:plats|lokal|sammanträdesplats|mötesplats)\s*:?\s*(?P<place>.+)$",
                   re.IGNORECASE)
TIME_AND_PLACE = re.compile(r"^(?:tid och plats|plats och tid)\s*:?\s*(?P<rest>.+)$",
                            re.IGNORECASE)
CHAIR = {"ordförande", "ordf", "ordf."}
SECRETARY = {"sekreterare", "nämndsekreterare", "kommunsekreterare", "mötessekreterare",
             "sekr", "sekr."}
ROLE_WORDS = CHAIR | SECRETARY
KIND_LINES = {"information", "anmälan av delegationsbeslut", "delegationsbeslut",
              "beslutsärende", "för kännedom"}
REPORT_LINE = re.compile(r"^(?:tjänsteutlåtande|tjänsteskrivelse|utlåtande)\b.*\d{4}-\d{2}-\d{2}$",
                         re.IGNORECASE)
DNR_WORD = re.compile(r"\b(?:Dnr|Diarienummer|Diarienr)\b\.?:?", re.IGNORECASE)
NOTICE_WORDS = re.compile(r"\b(?:kallelse|föredragningslista)$", re.IGNORECASE)
BODY_CALLED = re.compile(r"^(?P<body>\S+) kallas\b")
NOTICE_BODY = re.compile(r"\b(?:med|till|för)\s+(?P<body>[\wåäö]*(?:nämnden|styrelsen|"
                         r"fullmäktige|utskottet))\b", re.IGNORECASE)


def empty_notice() -> dict:
    return {"kind": "notice", "organisation": "", "body": "", "date": None, "time": "",
            "place": "", "items": [], "chair": "", "secretary": "", "problems": []}


def parse_notice(text: str) -> dict:
    result = empty_notice()
    lines = [line.strip() for line in text.split("\n")]
    lines = _take_roles(lines, result)
    head, agenda = _split_agenda(lines)
    _parse_head(head, result)
    result["items"] = parse_items(agenda)
    _check(result)
    return result


def _split_agenda(lines: list[str]) -> tuple[list[str], list[str]]:
    """(head, agenda): the agenda starts at its heading, else at the first item."""
    for i, line in enumerate(lines):
        if AGENDA_HEADING.match(line):
            return lines[:i], lines[i + 1:]
    for i, line in enumerate(lines):
        if ITEM.match(line) and not find_date(line)[0]:
            return lines[:i], lines[i:]
    return lines, []


# The head ---------------------------------------------------------------------------


def _parse_head(lines: list[str], result: dict) -> None:
    for line in lines:
        if not line:
            continue
        without_kind = NOTICE_WORDS.sub("", line)
        line = without_kind.strip(" ,–-") if without_kind != line else line
        organisation = organisation_of(line)
        if organisation and not result["organisation"]:
            result["organisation"] = organisation
            continue
        body = BODY.match(line) or NOTICE_BODY.search(line) or BODY_CALLED.match(line)
        if body and not result["body"]:
            result["body"] = _capitalised(body.group("body"))
        _take_date_time_place(line, result)


def _take_date_time_place(line: str, result: dict) -> None:
    day, date_match = find_date(line)
    if day and not result["date"]:
        result["date"] = day
    both = TIME_AND_PLACE.match(line)
    place = PLACE.match(line)
    time = TIME.search(line) or (BARE_TIME.search(line) if day or both else None)
    if time and not result["time"]:
        result["time"] = time.group("time").replace(" ", "")
    if place and not result["place"]:
        result["place"] = place.group("place").strip()
    elif both and not result["place"]:
        rest = both.group("rest")
        for match in (date_match, time):
            if match:
                rest = rest.replace(match.group(0), " ")
        rest = re.sub(r"\b(?:kl\.?|klockan)\s*", " ", rest)
        result["place"] = squeeze(rest).strip(" ,")


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


# Chair and secretary ----------------------------------------------------------------


def _take_roles(lines: list[str], result: dict) -> list[str]:
    """Take the chair and the secretary out of the lines ("Name" above "Ordförande",
    "Göran Sjödin Andreas Halvarsson" above "Ordförande Sekreterare", "Ordförande: Name",
    "Name, ordförande"); the rest of the lines are returned, the taken ones blank."""
    kept = list(lines)
    for i, line in enumerate(lines):
        words = line.lower().replace(":", " ").replace(",", " ").split()
        if words and all(w in ROLE_WORDS for w in words) and i > 0:
            names = split_names(lines[i - 1]) or []
            if len(names) == len(words):
                for name, role in zip(names, words, strict=True):
                    _set_role(result, role, name)
                kept[i - 1] = kept[i] = ""
            continue
        labelled = re.match(r"^(?P<role>\w+)\s*:\s*(?P<name>.+)$", line) or re.match(
            r"^(?P<name>[^,]+),\s*(?P<role>\w+)$", line)
        if labelled and labelled.group("role").lower() in ROLE_WORDS \
                and split_names(labelled.group("name").strip()):
            _set_role(result, labelled.group("role").lower(), labelled.group("name").strip())
            kept[i] = ""
    return kept


def _set_role(result: dict, role: str, name: str) -> None:
    field = "chair" if role in CHAIR else "secretary"
    result[field] = result[field] or name


# The items --------------------------------------------------------------------------


def parse_items(lines: list[str]) -> list[dict]:
    items: list[list[str]] = []
    numbers: list[int] = []
    for line in lines:
        match = ITEM.match(line)
        if match:
            numbers.append(int(match.group("number")))
            items.append([match.group("text")])
        elif line and items and items[-1] is not None:
            items[-1].append(line)
        elif not line and items:
            items.append(None)  # a blank line ends the item
        # lines before the first item, or after a blank one, are not an item's
    items = [i for i in items if i is not None]
    return [_item(n, item) for n, item in zip(numbers, items, strict=True)]


def _item(number: int, lines: list[str]) -> dict:
    lines, diary_number = _split_diary_number(lines)
    kept = []
    for i, line in enumerate(lines):
        found = find_diary_number(line)
        if found and not diary_number:
            diary_number = found
            line = line.replace(found, " ")
        line = squeeze(DNR_WORD.sub(" ", line))
        if i > 0 and (line.lower() in KIND_LINES or REPORT_LINE.match(line)):
            continue
        if line:
            kept.append(line)
    return {"number": number, "heading": squeeze(" ".join(kept)),
            "diary_number": diary_number}


SPLIT_LABEL = re.compile(rf"\s*\b(?:Dnr|Diarienummer)\.?:?\s+(?P<series>{SERIES})$")
SPLIT_REST = re.compile(r"(?:^|\s)(?P<rest>\d{2,4}/\d{1,6}(?:-[0-9A-Za-z.]*[0-9A-Za-z])?)$")


def _split_diary_number(lines: list[str]) -> tuple[list[str], str]:
    """A diary number broken by its narrow column: "… Dnr BN" above "… 2020/0114"."""
    for i, line in enumerate(lines[:-1]):
        label = SPLIT_LABEL.search(line)
        rest = SPLIT_REST.search(lines[i + 1]) if label else None
        if label and rest:
            lines = list(lines)
            lines[i] = line[:label.start()]
            lines[i + 1] = lines[i + 1][:rest.start()]
            return lines, f"{label.group('series')} {rest.group('rest')}"
    return lines, ""


def _check(result: dict) -> None:
    problems = result["problems"]
    if not result["body"]:
        problems.append(_("The body the notice is from was not found."))
    if not result["date"]:
        problems.append(_("The date of the meeting was not found."))
    if not result["items"]:
        problems.append(_("No items of the agenda were found."))
    for item in result["items"]:
        if not item["heading"]:
            problems.append(_("Item %(number)s of the agenda has no heading.")
                            % {"number": item["number"]})
