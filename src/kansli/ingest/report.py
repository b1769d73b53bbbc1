"""Parsing an officer's report (tjänsteskrivelse, tjänsteutlåtande, utlåtande) from
cleaned text into the fields of docs/ingest.md.

The text is cut at the headings it knows ("Förslag till beslut", "Sammanfattning av
ärendet", "Beslutsunderlag", "Beslutet expedieras till" and their other wordings, and
the usual section names); what comes before the first heading is the head (organisation,
body, title, diary number, date, case officer). The last block of the text is the
signatures when it reads as names and titles.

Paragraphs: the lines of a paragraph are joined into one line, paragraphs are separated
by a blank line. A blank line always ends a paragraph. Where text has no blank lines
(some PDFs), a line also ends a paragraph when it ends a sentence (".", "!", "?", ":"),
is clearly shorter than the longest line of its block (under 70 %; under 90 % in
justified text, where full lines are all about as long), and the next line starts with a
capital letter or a digit; a line starting with a bullet or "1." starts one.

Nothing is guessed: what cannot be read is said in ``problems``.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

# Shared patterns (the notice parser uses them too) -------------------------------------

SERIES = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,7}"
DIARY_NUMBER = re.compile(
    r"(?<![\w/-])(?:"
    rf"{SERIES} ?\d{{2,4}}/\d{{1,6}}(?:-[0-9A-Za-z.]*[0-9A-Za-z])?"  # KS13/250-133, KS 2017/0996
    rf"|\d{{4}}/{SERIES} ?\d{{1,6}}"  # 2018/KS 0290
    rf"|{SERIES}-\d{{4}}-\d{{1,6}}"  # SLK-2023-01047
    r")(?![\w/])")
DIARY_LABEL = re.compile(
    r"\b(?:Dnr|Dnr\.|Diarienr|Diarienummer|Diarie nr|Ärendenummer|Vår beteckning)\s*:?\s*"
    r"(?P<number>" + DIARY_NUMBER.pattern + r"|\d{4}/\d{1,6}(?![\w/])"
    # After its label, a number in a format of its own ("KS/2016:402").
    r"|[A-ZÅÄÖ]{1,8}[/:.-]\d{2,4}[/:.-]\d{1,6}(?:-[0-9A-Za-z.]*[0-9A-Za-z])?(?![\w/]))",
    re.IGNORECASE)
ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
LONG_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find_diary_number(line: str) -> str | None:
    """The diary number in a line, as written, without "Dnr"."""
    labelled = DIARY_LABEL.search(line)
    if labelled:
        return labelled.group("number")
    bare = DIARY_NUMBER.search(line)
    return bare.group(0) if bare else None


def find_date(text: str) -> tuple[str | None, re.Match | None]:
    """The first date in the text as an ISO string, and its match."""
    found = [m for m in (ISO_DATE.search(text), LONG_DATE.search(text)) if m]
    for match in sorted(found, key=lambda m: m.start()):
        day = _iso(match)
        if day:
            return day, match
    return None, None


def _iso(match: re.Match) -> str | None:
    try:
        if match.re is LONG_DATE:
            month = MONTHS.index(match.group(2).lower()) + 1
            return datetime.date(int(match.group(3)), month, int(match.group(1))).isoformat()
        return datetime.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def squeeze(text: str) -> str:
    return " ".join(text.split())


def blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-empty lines."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line.strip())
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


BULLET = re.compile(r"^(?:[-–•*▪·]\s+|\d{1,2}[.)]\s+)")


def paragraphs(lines: list[str]) -> str:
    """Lines to paragraphs: each joined into one line, a blank line between them."""
    out = []
    for block in blocks(lines):
        out.extend(_split_block(block))
    return "\n\n".join(out)


def _split_block(block: list[str]) -> list[str]:
    short = _short_line(block)
    out = [[block[0]]]
    for previous, line in zip(block, block[1:], strict=False):
        if BULLET.match(line) or _ends_paragraph(previous, line, short):
            out.append([])
        out[-1].append(line)
    return [squeeze(" ".join(p)) for p in out]


def _short_line(block: list[str]) -> float:
    """How short a line must be to end a paragraph: under 70 % of the block's longest
    line; in justified text (most lines within a tenth of the longest), under 90 %."""
    longest = max(len(line) for line in block)
    full = [line for line in block[:-1] if len(line) >= 0.9 * longest]
    justified = len(block) >= 4 and len(full) >= 0.75 * (len(block) - 1)
    return (0.9 if justified else 0.7) * longest


def _ends_paragraph(previous: str, line: str, short: float) -> bool:
    return (previous[-1] in ".!?:" and len(previous) < short
            and (line[0].isupper() or line[0].isdigit()))


# Headings ----------------------------------------------------------------------------

PROPOSAL = "proposal"
SUMMARY = "summary"
BASIS = "basis"
RECIPIENTS = "recipients"
OFFICER = "officer"
SECTION = "section"

HEADINGS = {
    PROPOSAL: ["förslag till beslut", "förvaltningens förslag till beslut", "beslutsförslag",
               "förslag till beslut i kommunstyrelsen", "förslag till kommunfullmäktige",
               "förslag till kommunstyrelsen", "förslag"],
    SUMMARY: ["sammanfattning", "sammanfattning av ärendet", "ärendesammanfattning",
              "sammanfattning av ärende"],
    BASIS: ["beslutsunderlag", "underlag för beslut", "handlingar i ärendet"],
    RECIPIENTS: ["beslutet expedieras till", "beslut expedieras till", "expedieras till",
                 "beslut sänds till", "beslutet sänds till", "kopia av beslut till",
                 "kopia av beslutet till", "beslutet skickas till", "beslut skickas till",
                 "beslutet ska skickas till", "expediering", "beslutet delges"],
    OFFICER: ["handläggare", "kontaktperson", "kontaktpersoner", "ansvarig handläggare",
              "kontakt"],
    SECTION: ["ärendet", "bakgrund", "ärendebeskrivning", "beskrivning av ärendet",
              "ärendets beredning", "beredning", "ekonomiska konsekvenser", "konsekvenser",
              "förvaltningens synpunkter", "förvaltningens bedömning", "bedömning",
              "överväganden", "juridiska konsekvenser", "barnkonsekvensanalys",
              "barnperspektiv", "barnperspektivet", "miljökonsekvenser", "jämställdhet",
              "uppföljning", "finansiering", "yttrande", "skäl för beslut", "remissvar",
              "tidplan", "slutsats", "analys", "motivering", "bilagor", "bilaga",
              "förvaltningens yttrande", "ekonomi", "konsekvensanalys", "ärendets gång",
              "regelverk", "lagstiftning", "samråd", "fortsatt arbete", "beslutet",
              "förslagets konsekvenser", "utredning", "synpunkter", "nuläge",
              "ekonomiska och juridiska konsekvenser", "verksamhetens synpunkter"],
}
KIND_OF_HEADING = {text: kind for kind, texts in HEADINGS.items() for text in texts}
HEADING_WITH_TEXT = re.compile(
    r"^(?P<heading>" + "|".join(sorted(map(re.escape, KIND_OF_HEADING), key=len, reverse=True))
    + r")\s*:\s*(?P<text>\S.*)$", re.IGNORECASE)


def heading_kind(line: str) -> str | None:
    return KIND_OF_HEADING.get(line.strip().rstrip(":").strip().lower())


def _looks_like_heading(lines: list[str], i: int) -> bool:
    """A line the text's author made a heading that this parser does not know: short,
    no sentence punctuation, a capital first, alone after a blank line, text below."""
    line = lines[i]
    return (0 < len(line) <= 45 and len(line.split()) <= 6 and line[0].isupper()
            and line[-1] not in ".,;!?)" and not ISO_DATE.search(line)
            and (i == 0 or not lines[i - 1]) and i + 1 < len(lines) and bool(lines[i + 1])
            and not BULLET.match(line) and "@" not in line)


def split_sections(lines: list[str]) -> tuple[list[str], list[dict]]:
    """(the head's lines, sections) where a section is {kind, heading, lines}."""
    head: list[str] = []
    sections: list[dict] = []
    for i, line in enumerate(lines):
        kind = heading_kind(line)
        inline = HEADING_WITH_TEXT.match(line) if kind is None else None
        if inline:
            kind = heading_kind(inline.group("heading"))
        if kind is None and sections and sections[-1]["kind"] in (SECTION, SUMMARY) \
                and _looks_like_heading(lines, i):
            kind = SECTION
        if kind == OFFICER and not sections:
            kind = None  # "Handläggare" in the head is read with the head
        if kind is not None:
            heading = inline.group("heading") if inline else line.strip().rstrip(":").strip()
            sections.append({"kind": kind, "heading": heading,
                             "lines": [inline.group("text")] if inline else []})
        elif sections:
            sections[-1]["lines"].append(line)
        else:
            head.append(line)
    return head, sections


# The head ----------------------------------------------------------------------------

ORGANISATION = re.compile(
    r"^(?:[A-ZÅÄÖ][\wåäö-]*(?: [A-ZÅÄÖ][\wåäö-]*)* (?:kommun|stad|landsting)|"
    r"Region [A-ZÅÄÖ][\wåäö-]*(?: [A-ZÅÄÖ][\wåäö-]*)?|[A-ZÅÄÖ][\wåäö-]* kommunalförbund|"
    r"[A-ZÅÄÖ][\wåäö-]* (?:läns )?landsting)$")
BODY = re.compile(
    r"^(?:Till )?(?P<body>(?:[A-ZÅÄÖ][\wåäö]*-? (?:och|&) )?[A-ZÅÄÖ]?[\wåäö]*"
    r"(?:nämnden|nämnd|styrelsen|fullmäktige|direktionen)"
    r"|[A-ZÅÄÖ][\wåäö]*(?:styrelsens|nämndens) (?:arbetsutskott|[\wåäö]*utskott)"
    r"|[A-ZÅÄÖ][\wåäö]*utskottet)$")
KIND_WORD = r"(?:tjänsteskrivelse|tjänsteutlåtande|utlåtande|tjänsteyttrande)"
# The kind, where a head line starts or ends with it ("Ekerö kommun TJÄNSTESKRIVELSE").
KIND_LINE = re.compile(rf"^{KIND_WORD}\b|\b{KIND_WORD}$", re.IGNORECASE)
UNIT = re.compile(r"(?:kontoret|kansliet|förvaltningen|avdelningen|enheten|staben|"
                  r"sektionen)\b", re.IGNORECASE)
OFFICER_LABEL = re.compile(
    r"^(?:ansvarig )?(?:handläggare|kontaktperson|kontakt|författare|upprättad av)\b\s*:?\s*",
    re.IGNORECASE)
DATE_LABEL = re.compile(r"^(?:datum|date)\s*:?\s*", re.IGNORECASE)
TELEPHONE = re.compile(r"^(?:tel(?:efon)?\.?|mobil|direkt)\s*:?\s*\+?[\d -]{6,}$|^\+?[\d -]{7,}$",
                       re.IGNORECASE)
TITLE_LABEL = re.compile(r"^(?:ärende|rubrik|angående|ang\.)\s*:\s*", re.IGNORECASE)


def organisation_of(line: str) -> str | None:
    """The organisation a head line names ("Ekerö kommun"; in capitals, "EKERÖ KOMMUN",
    it is given as "Ekerö kommun")."""
    if line.isupper() and line.endswith(" KOMMUN"):
        line = line.capitalize()
    return line if ORGANISATION.match(line) else None


def parse_head(lines: list[str], result: dict) -> None:
    """Organisation, body, diary number, date, officer and title from the head."""
    groups: list[list[str]] = [[]]
    expect_officer = False
    for line in lines:
        rest = _take_head_facts(line.strip(), result)
        if expect_officer and rest and not result["officer"]:
            result["officer"] = _person_name(rest)
            rest = ""
        expect_officer = rest is None
        if rest:
            groups[-1].append(TITLE_LABEL.sub("", rest))
        elif groups[-1]:
            groups.append([])
    titles = [g for g in groups if g]
    if titles:
        result["title"] = squeeze(" ".join(titles[-1]))


def _take_head_facts(line: str, result: dict) -> str | None:
    """Take what the line says of the head into ``result``; return the rest of the line
    (the title's words), "" when nothing is left, None when it announces the officer."""
    without_kind = KIND_LINE.sub("", line)
    if without_kind != line:
        line = without_kind.strip(" ,–-")
    if not line:
        return ""
    organisation = organisation_of(line)
    if organisation and not result["organisation"]:
        result["organisation"] = organisation
        return ""
    body = BODY.match(line)
    if body and not result["body"]:
        result["body"] = body.group("body")
        return ""
    line = _take_diary_number(line, result)
    line = _take_date(line, result)
    line = _take_email(line, result, "officer_email")
    officer = OFFICER_LABEL.match(line)
    if officer:
        name = line[officer.end():].strip()
        if not name:
            return None
        result["officer"] = result["officer"] or _person_name(name)
        return ""
    if UNIT.search(line) and len(line.split()) <= 5 or TELEPHONE.match(line) \
            or _only_labels(line):
        return ""
    return line


HEAD_LABELS = {"datum", "dnr", "diarienummer", "diarienr", "handläggare", "beteckning",
               "vår", "er", "referens", "sida", "bilaga", "till"}


def _only_labels(line: str) -> bool:
    """A row of a header table whose values stand on the next row ("Datum Diarienummer")."""
    return all(word.strip(":").lower() in HEAD_LABELS for word in line.split())


def _take_diary_number(line: str, result: dict) -> str:
    labelled = DIARY_LABEL.search(line)
    match = labelled or DIARY_NUMBER.search(line)
    if not match:
        return line
    if not result["diary_number"]:
        result["diary_number"] = labelled.group("number") if labelled else match.group(0)
    return (line[:match.start()] + " " + line[match.end():]).strip()


def _take_date(line: str, result: dict) -> str:
    """A date of the head: an ISO date anywhere, a written one ("5 november 2013") only
    on a line of its own (a title may name a day: "Ny taxa från 1 januari 2019")."""
    day, match = find_date(line)
    if not match:
        return line
    if match.re is LONG_DATE and len(DATE_LABEL.sub("", line.replace(match.group(0), ""))
                                     .split()) > 1:
        return line
    result["date"] = result["date"] or day
    rest = (line[:match.start()] + " " + line[match.end():]).strip()
    return DATE_LABEL.sub("", rest).strip(" ,")


def _take_email(line: str, result: dict, field: str) -> str:
    match = EMAIL.search(line)
    if not match:
        return line
    result[field] = result[field] or match.group(0)
    rest = line[:match.start()] + line[match.end():]
    return re.sub(r"^(?:e-post|e-mail|mejl)\s*:?\s*", "", rest.strip(" ,()<>"),
                  flags=re.IGNORECASE).strip(" ,")


def _person_name(text: str) -> str:
    """"Anna Svensson, utredare" is Anna Svensson."""
    return text.split(",")[0].strip()


def parse_officer(lines: list[str], result: dict) -> None:
    """A "Handläggare" / "Kontaktperson" section: name first, e-mail where given."""
    for line in lines:
        rest = _take_email(line.strip(), result, "officer_email")
        if rest and not result["officer"] and not TELEPHONE.match(rest):
            result["officer"] = _person_name(OFFICER_LABEL.sub("", rest))


# Decision basis --------------------------------------------------------------------

BASIS_ENDING = re.compile(
    r"[,\s]\s*(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2} [a-zåäö]+ \d{4})"
    r"(?:\s*,?\s*(?:§|paragraf)\s*(?P<paragraph>\d+))?\s*\.?$", re.IGNORECASE)
PARAGRAPH_AT_END = re.compile(r",?\s*(?:§|paragraf)\s*(\d+)\s*$", re.IGNORECASE)
TRAILING_DATED = re.compile(r"[\s,]*\b(?:daterad|daterat|dat\.)$", re.IGNORECASE)
EXTRACT_PREFIX = re.compile(r"^(?:protokollsutdrag|protokollsutdraget|utdrag ur protokoll|"
                            r"protokoll)\s+(?:från\s+)?", re.IGNORECASE)
CONNECTORS = {"och", "i", "om", "av", "för", "till", "mellan", "med", "på", "från", "–", "-",
              "samt", "eller", "inom", "vid", "enligt", "gällande", "avseende", "rörande"}
DATE_AT_END = re.compile(r"(?:\d{4}-\d{2}-\d{2}|\d{1,2} [a-zåäö]+ \d{4})(?:,?\s*(?:§|paragraf)"
                         r"\s*\d+)?\.?$", re.IGNORECASE)


# Two entries run together on one line: one ends with ", 2013-11-05" or "§ 130" and the
# next starts with a capital ("… kommunkansliet, 2013-11-05 Tjänsteanteckning …").
RUN_TOGETHER = re.compile(r"(?:,\s*\d{4}-\d{2}-\d{2}|§\s*\d+)(?=\s+[A-ZÅÄÖ])")


def _run_apart(line: str) -> list[str]:
    parts, start = [], 0
    for match in RUN_TOGETHER.finditer(line):
        parts.append(line[start:match.end()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [p for p in parts if p]


def basis_entries(lines: list[str]) -> list[str]:
    """The entries of the decision basis, each joined from the lines it wraps over."""
    raw = [part for line in lines if line.strip() for part in _run_apart(line.strip())]
    starts = {i for i, line in enumerate(raw) if BULLET.match(line)}
    items = [BULLET.sub("", line) for line in raw]
    longest = max((len(x) for x in items), default=0)
    entries: list[list[str]] = []
    open_entry = False
    for i, line in enumerate(items):
        if not open_entry or i in starts:
            entries.append([])
        entries[-1].append(line)
        following = items[i + 1] if i + 1 < len(items) else ""
        open_entry = bool(following) and i + 1 not in starts and _continues(
            line, following, longest)
    return [squeeze(" ".join(e)) for e in entries]


def _continues(line: str, following: str, longest: int) -> bool:
    """Whether a basis line goes on in the next line (it has not ended with its date)."""
    if DATE_AT_END.search(line):
        return False
    last_word = line.rsplit(" ", 1)[-1].lower()
    return (following[0].islower() or following[0].isdigit() or last_word in CONNECTORS
            or line.endswith((",", "–", "-")) or len(line) >= 0.85 * longest)


def parse_basis_entry(entry: str) -> dict:
    """{"title", "date", "body", "paragraph", "text"} of one line of the decision basis
    (``text``: the line as written, its wrapped lines joined): the
    title is what comes before the date the line ends with (", 2013-11-05" or
    " 2013-09-25 § 130"); a paragraph (§) and its body are read from the line."""
    ending = BASIS_ENDING.search(entry)
    day = _iso(ISO_DATE.search(ending.group("date")) or LONG_DATE.search(
        ending.group("date"))) if ending else None
    if ending and day:
        title = entry[:ending.start()]
    else:
        day, _match = _last_date(entry)
        title = entry
    title = TRAILING_DATED.sub("", title.strip(" ,"))
    paragraph = ending.group("paragraph") if ending and day else None
    inner = PARAGRAPH_AT_END.search(title)
    if paragraph is None and inner:
        paragraph = inner.group(1)
    body = _body_of_extract(PARAGRAPH_AT_END.sub("", title)) if paragraph else ""
    return {"title": title, "date": day, "body": body,
            "paragraph": int(paragraph) if paragraph else None, "text": squeeze(entry)}


def _last_date(text: str) -> tuple[str | None, re.Match | None]:
    matches = [m for m in list(ISO_DATE.finditer(text)) + list(LONG_DATE.finditer(text))
               if _iso(m)]
    if not matches:
        return None, None
    match = max(matches, key=lambda m: m.start())
    return _iso(match), match


def _body_of_extract(title: str) -> str:
    """"Protokollsutdrag Socialnämnden" and "Socialnämndens protokoll" name Socialnämnden
    (a date after the name is not part of it)."""
    name = EXTRACT_PREFIX.sub("", title).strip()
    name = ISO_DATE.sub("", LONG_DATE.sub("", name)).strip(" ,")
    genitive = re.match(r"^(?P<body>[A-ZÅÄÖ][\wåäö]+)s (?:protokoll|protokollsutdrag)$", name)
    if genitive:
        return genitive.group("body")
    return name if name != title or BODY.match(name) else ""


# Recipients ------------------------------------------------------------------------


# Two recipients run together: "Kommunförbundet Stockholms län (registrator@ksl.se)
# Socialkontoret".
RECIPIENTS_RUN_TOGETHER = re.compile(r"(\([^()\s]+@[^()\s]+\))\s+(?=[A-ZÅÄÖ])")


def parse_recipients(lines: list[str]) -> list[dict]:
    recipients = []
    lines = [part for line in lines
             for part in RECIPIENTS_RUN_TOGETHER.sub("\\1\n", line).split("\n")]
    for line in (x.strip() for x in lines):
        if not line:
            continue
        line = BULLET.sub("", line)
        if recipients and line[0].islower() and not EMAIL.fullmatch(line):
            recipients[-1]["name"] = squeeze(recipients[-1]["name"] + " " + line)
            continue
        match = EMAIL.search(line)
        email = match.group(0) if match else ""
        name = (line[:match.start()] + line[match.end():]) if match else line
        name = re.sub(r"\(\s*\)|<\s*>", "", name)
        name = re.sub(r"\b(?:e-post|e-mail|mejl)\s*:?", "", name, flags=re.IGNORECASE)
        recipients.append({"name": squeeze(name).strip(" ,;:-–"), "email": email})
    return [r for r in recipients if r["name"] or r["email"]]


# Signatories -----------------------------------------------------------------------

NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜ][a-zåäöéüß]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüß]+)*$")


def split_names(line: str) -> list[str] | None:
    """The names in a line of signatures, two capitalised words each ("Ann-Cathrine
    Bergström Andreas Halvarsson" is two names); None when it is not such a line."""
    words = line.split()
    if not words or len(words) % 2 or len(words) > 8:
        return None
    if not all(NAME_WORD.match(w) for w in words):
        return None
    return [f"{words[i]} {words[i + 1]}" for i in range(0, len(words), 2)]


def split_titles(line: str, count: int) -> list[str] | None:
    words = line.split()
    if count == 1:
        return [line.strip()]
    if len(words) == count:
        return words
    parts = [p.strip() for p in line.split(",")]
    return parts if len(parts) == count else None


def _titles_row(line: str, count: int) -> list[str] | None:
    """The titles of a row of ``count`` names, when ``line`` is that: one word per name
    ("Kanslichef Nämndsekreterare"), or anything not itself a row of names."""
    if not line:
        return None
    if len(line.split()) == count or split_names(line) is None:
        return split_titles(line, count)
    return None


def parse_signatures(block: list[str]) -> tuple[list[dict], list[str]] | None:
    """Signatories of a block of names and titles (rows of names, each followed by a row
    of titles, or "Name, title" lines); None when the block is not signatures."""
    signatories: list[dict] = []
    problems: list[str] = []
    i = 0
    while i < len(block):
        line = block[i]
        one = re.match(r"^(?P<name>[^,]+),\s*(?P<title>[^,]+)$", line)
        names = split_names(line)
        if names is None and one and split_names(one.group("name")) and \
                len(split_names(one.group("name"))) == 1:
            signatories.append({"name": one.group("name").strip(),
                                "title": one.group("title").strip()})
            i += 1
            continue
        if names is None:
            return None
        following = block[i + 1] if i + 1 < len(block) else ""
        titles = _titles_row(following, len(names))
        is_titles_row = bool(following) and (titles is not None
                                             or split_names(following) is None)
        if titles is None:
            titles = [""] * len(names)
            problems.append(_("The titles of the signatories %(names)s could not be read.")
                            % {"names": ", ".join(names)})
        i += 2 if is_titles_row else 1
        signatories.extend({"name": n, "title": t} for n, t in zip(names, titles, strict=True))
    return signatories, problems


# The whole report ------------------------------------------------------------------


def empty_report() -> dict:
    return {"kind": "report", "organisation": "", "body": "", "diary_number": "",
            "date": None, "officer": "", "officer_email": "", "title": "", "proposal": "",
            "summary": "", "sections": [], "basis": [], "recipients": [],
            "signatories": [], "problems": []}


def parse_report(text: str) -> dict:
    result = empty_report()
    lines = [line.strip() for line in text.split("\n")]
    lines = _take_signatures(lines, result)
    head, sections = split_sections(lines)
    parse_head(head, result)
    for section in sections:
        _read_section(section, result)
    _check(result)
    return result


def _take_signatures(lines: list[str], result: dict) -> list[str]:
    """Take the signatures off the end of the text: the last blocks that read as names
    and titles (a row of three and a row of one are two blocks)."""
    end = len(lines)
    found: list[dict] = []
    for start, block in reversed(_blocks_at(lines)):
        parsed = None if heading_kind(block[0]) else parse_signatures(block)
        if parsed is None:
            break
        signatories, problems = parsed
        found[:0] = signatories
        result["problems"].extend(problems)
        end = start
    result["signatories"] = found
    return lines[:end]


def _blocks_at(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(index of the first line, lines) of each run of non-empty lines."""
    out: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if i == 0 or not lines[i - 1]:
            out.append((i, []))
        out[-1][1].append(line)
    return out


def _read_section(section: dict, result: dict) -> None:
    kind, lines = section["kind"], section["lines"]
    if kind == PROPOSAL:
        result["proposal"] = _append(result["proposal"], paragraphs(lines))
    elif kind == SUMMARY:
        result["summary"] = _append(result["summary"], paragraphs(lines))
    elif kind == BASIS:
        for entry in basis_entries(lines):
            result["basis"].append(parse_basis_entry(entry))
    elif kind == RECIPIENTS:
        result["recipients"].extend(parse_recipients(lines))
    elif kind == OFFICER:
        parse_officer(lines, result)
    else:
        result["sections"].append({"heading": section["heading"], "text": paragraphs(lines)})


def _append(text: str, more: str) -> str:
    return f"{text}\n\n{more}" if text and more else text or more


def _check(result: dict) -> None:
    problems = result["problems"]
    if not result["diary_number"]:
        problems.append(_("No diary number was found."))
    if not result["body"]:
        problems.append(_("The body the report is addressed to was not found."))
    if not result["title"]:
        problems.append(_("No title was found."))
    if not result["proposal"]:
        problems.append(_("No proposed decision (Förslag till beslut) was found."))
    for entry in result["basis"]:
        if entry["date"] is None:
            problems.append(_("The decision basis entry “%(title)s” has no date.")
                            % {"title": entry["title"]})
