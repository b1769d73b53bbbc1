"""Parsing of minutes (protokoll) and extracts (protokollsutdrag) from cleaned text into
the fields of docs/ingest.md ("Minutes and extracts").

The input is the text after ``kansli.ingest.text.clean``, but the parser does not trust
the cleaning to be complete: page numbers, a letterhead repeated inside the text, the
address and "Justerandes sign" footers, and words still broken by hyphenation are
recognised here too.

The text is read in zones:

- the **front**: the letterhead (organisation, body, kind, often the date), then
  labelled facts ("Plats och tid", "Beslutande", "Utses att justera", "Paragrafer") and
  the signatures; a label may be broken over two or three lines by the PDF's table
  cells ("Justeringens plats och" + "tid"), or share a line with another label;
- the **posting certificate** (*Anslagsbevis*), wherever it stands, with its own labels;
- the **paragraphs**, each starting at a line "§ 130", "Ks § 43", "KF § 102", "RS 99" —
  or, where extraction lost the § sign, a line "130" whose number is the one expected
  (recorded as a problem);
- an extract's **certification** ("Rätt utdraget intygar", "Utdragsbestyrkande").

Within a paragraph the diary number ("Dnr" or a number alone on its line) and the heading
come first; the decision is the text under "Beslut" ("Kommunfullmäktiges beslut"), or,
where there is no such heading, the text after the heading up to the next sub-heading
(Yrkanden, Omröstning, Reservation, Beslutet expedieras till …). A paragraph that says
it is secret ("Paragrafen omfattas av sekretess", "Sekretess enligt OSL …") is
``secret``; its decision is empty unless one is shown (Kansli's own minutes show the
ground under the heading, and the heading and decision as they are), and its heading is
what the minutes show of it, often nothing.

Nothing is filled in by guessing: what is missing stays empty, and what could not be
read is said in ``problems`` for the person who reviews the import.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Text normalisation ---------------------------------------------------------------------

SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009]+")
LEADERS = re.compile(r"(?:\.\s*){4,}|_{3,}|…{2,}")
DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2013": "–",
                        "\u2014": "–", "\u00ad": ""})

# Lines that the page layout added, wherever cleaning left them.
PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.?|page)\s*)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|(?:av|/|of)\s*\d{1,4})$",
    re.IGNORECASE)
PAGE_OF = re.compile(r"\b(?:sida|sid\.?)\s*\d+|\b\d+\s*\(\d+\)$", re.IGNORECASE)
PAGE_WORDS = re.compile(r"\b(?:sida|sid\.?)\s*\d+(?:\s*(?:av|\(|/)\s*\d+\)?)?|\d+\s*\(\d+\)",
                        re.IGNORECASE)
DIGITS = re.compile(r"\d+")
ADDRESS_STARTS = {"box ", "post", "besö", "tele", "tel.", "tel ", "växe", "fax ", "e-po",
                  "org.", "org ", "orga", "bank", "plus", "www."}
FOOTER = re.compile(r"^.{2,80}\s[·•|]\s*(?:Sammanträdes)?[Pp]rotokoll(?:sutdrag)?\b.*$")
ADDRESS = re.compile(
    r"^(?:Box \d+|Postadress|Besöksadress|Telefon|Tel\.?|Växel|Fax|E-post|Org\.? ?nr|"
    r"Organisationsnummer|Bankgiro|Plusgiro|www\.)\b|^[^,]{0,40},? ?\d{3} ?\d{2} "
    r"[A-ZÅÄÖ][\wåäö]+$|^\d{3} ?\d{2} [A-ZÅÄÖ][\wåäö]+$",
    re.IGNORECASE)
SIGN_BOX = re.compile(r"\b(?:Justerandes?|Ordförandes|Sekreterarens?)\s+sign(?:atur)?\b",
                      re.IGNORECASE)
DRAFT = re.compile(r"^Utkast\b.*\binte justerat", re.IGNORECASE)
POSTING_TEXT = re.compile(
    r"^(?:Protokollet är justerat|Justeringen har (?:tillkännagivits|tillkännagetts)|"
    r"Justeringen av protokollet har|Justeringen av protokollet är tillkännagiven)",
    re.IGNORECASE)
KIND_WORDS = re.compile(
    r"\b(?:Sammanträdesprotokoll|Protokollsutdrag|Utdrag ur protokoll(?:et)?|Protokoll|"
    r"Utdrag)\b", re.IGNORECASE)

# Dates ----------------------------------------------------------------------------------

MONTHS = {name: i for i, name in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
     "september", "oktober", "november", "december"], start=1)}
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
WORD_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b",
                       re.IGNORECASE)


def find_date(text: str) -> str | None:
    """The first date in a text ("2013-09-25", "25 september 2013") as ISO, or None."""
    found = []
    for match in ISO_DATE.finditer(text):
        found.append((match.start(), int(match[1]), int(match[2]), int(match[3])))
    for match in WORD_DATE.finditer(text):
        found.append((match.start(), int(match[3]), MONTHS[match[2].lower()],
                      int(match[1])))
    for _pos, year, month, day in sorted(found):
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def _strip_dates(text: str) -> str:
    text = ISO_DATE.sub(" ", text)
    return WORD_DATE.sub(" ", text)


# Diary numbers: every format the diary knows (docs/numbering.md), with or without "Dnr".

_SERIES = r"[A-ZÅÄÖa-zåäö]{1,8}"
# A series that looks like a code (KS, Ks, SLK, RS), for a number without "Dnr".
_CODE = r"(?:[A-ZÅÄÖ]{1,5}|[A-ZÅÄÖ][a-zåäö]{1,2})"
_CLASS = r"(?:-[0-9A-Za-z][0-9A-Za-z.]*)?"


def _diary_number(series: str) -> str:
    return (rf"(?:{series}[ -]?(?:\d{{2}}|\d{{4}})[/-]\d+{_CLASS}"  # KS13/250-133, KS 2018/124,
            # SLK-2023-01047, RS 2019-0456
            rf"|\d{{4}}/{series} ?\d+"  # 2018/KS 0290
            rf"|{series} ?\d+/\d{{4}})")  # Ks 1126/2014


DIARY_NUMBER = _diary_number(_SERIES)
DNR_LABEL = r"(?:Dnr|Diarienr|Diarienummer|Diarie nr|Dnr\.)"
DNR_WITH_LABEL = re.compile(rf"\b{DNR_LABEL}\s*[:.]?\s*(?P<number>{DIARY_NUMBER})(?![\w/])",
                            re.IGNORECASE)
DNR_LABEL_ONLY = re.compile(rf"\b{DNR_LABEL}\s*[:.]?\s*(?P<after>.*)$", re.IGNORECASE)
BARE_DNR = re.compile(_diary_number(_CODE))

# Labels -----------------------------------------------------------------------------------

# key → the wordings of the label in minutes of different organisations. A space in a
# wording matches any white space (labels are broken over lines by table cells).
LABELS: dict[str, list[str]] = {
    "meeting_date": ["Sammanträdesdatum", "Sammanträdesdag", "Datum för sammanträdet",
                     "Sammanträdets datum", "Mötesdatum", "Datum för sammanträde"],
    "place_time": ["Plats och tid", "Tid och plats", "Sammanträdets plats och tid",
                   "Plats och tid för sammanträdet"],
    "place": ["Plats", "Lokal", "Sammanträdesplats", "Sammanträdeslokal"],
    "time": ["Tid", "Klockan", "Sammanträdestid"],
    "date": ["Datum"],
    "deciding": ["Beslutande", "Beslutande ledamöter", "Närvarande beslutande",
                 "Tjänstgörande ledamöter", "Beslutande ledamöter och ersättare",
                 "Närvarande ledamöter", "Ledamöter", "Tjänstgörande ersättare"],
    "others": ["Övriga närvarande", "Övriga deltagare", "Övriga deltagande", "Tjänstemän",
               "Närvarande tjänstemän", "Övriga", "Närvarande ersättare",
               "Ej tjänstgörande ersättare", "Icke tjänstgörande ersättare",
               "Närvarande icke tjänstgörande ersättare", "Ersättare",
               "Övriga närvarande ersättare", "Övriga närvarande tjänstemän"],
    "approvers": ["Utses att justera", "Utsedd att justera", "Utsedda att justera",
                  "Justerare", "Justerande ledamot", "Justerande ledamöter"],
    "approval_place_time": ["Justeringens plats och tid", "Justeringens tid och plats",
                            "Tid och plats för justering", "Plats och tid för justering",
                            "Justeringens plats", "Justeringens tid", "Justering",
                            "Tid för justering", "Plats för justering"],
    "paragraph_range": ["Paragrafer", "Paragraf", "Justerade paragrafer",
                        "Protokollet omfattar", "Paragrafnummer"],
    "signatures": ["Underskrifter"],
    "certificate": ["Anslagsbevis", "Anslag/bevis", "Anslag / bevis", "Bevis om anslag",
                    "Bevis om justering"],
    "body": ["Organ", "Beslutande organ", "Instans"],
    "approved_on": ["Datum för justering", "Justeringsdatum", "Datum då protokollet justerades",
                    "Protokollet justerat", "Justerat", "Justerad", "Justerades",
                    "Datum för protokollets justering"],
    "posted_on": ["Datum då anslaget sätts upp", "Datum för anslags uppsättande",
                  "Datum för anslagets uppsättande", "Anslaget sätts upp", "Anslaget uppsatt",
                  "Datum för uppsättande", "Anslaget publicerat", "Anslaget publiceras",
                  "Datum då anslaget sattes upp", "Anslaget har satts upp",
                  "Datum för anslag", "Anslagsdatum"],
    "taken_down_on": ["Datum då anslaget tas ned", "Datum då anslaget tas ner",
                      "Datum för anslags nedtagande", "Datum för anslagets nedtagande",
                      "Anslaget tas ned", "Anslaget tas ner", "Anslaget nedtas",
                      "Anslaget tas bort", "Datum för nedtagande", "Anslaget tas ned den"],
    "appeal_last_day": ["Sista dag att överklaga", "Sista dag för överklagande",
                        "Sista datum för överklagande", "Sista dag för överklagan",
                        "Sista datum att överklaga", "Sista dag för laglighetsprövning",
                        "Överklagandetiden går ut", "Sista dag att överklaga beslutet"],
    "kept_at": ["Förvaringsplats för protokollet", "Förvaringsplats", "Protokollet förvaras",
                "Protokollets förvaringsplats", "Förvaringsställe för protokollet",
                "Förvaringsställe"],
    "signature": ["Underskrift"],
    "certified": ["Rätt utdraget intygar", "Rätt utdraget betygar", "Rätt utdraget bestyrker",
                  "Utdragsbestyrkande", "Utdraget bestyrks", "Utdrag bestyrks",
                  "Rätt utdraget", "Utdraget överensstämmer med originalet"],
    # The roles of the signatures: "Sekreterare" + name, or name + "Sekreterare".
    "secretary": ["Sekreterare", "Protokollförare", "Vid protokollet"],
    "chair": ["Ordförande"],
    "approver": ["Justerande"],
}
ROLES = {"secretary", "chair", "approver"}
# Labels also recognised in the middle of a line, after other text: only wordings of
# several words (or unmistakable single ones), written with a capital as labels are.
ROLE_WORD = re.compile(r"\b(?:Sekreterare|Ordförande|Justerande|Justerare|Protokollförare)\b")
MIDLINE = {"Paragrafer", "Sammanträdesdatum", "Justeringsdatum", "Förvaringsplats",
           "Underskrifter", "Underskrift", "Beslutande", "Övriga närvarande",
           "Övriga deltagare", "Justerare", "Tjänstemän"}


def _label_pattern(wording: str) -> str:
    words = [re.escape(w) for w in wording.split()]
    return r"\s+".join(words)


@dataclass(frozen=True)
class _Label:
    key: str
    wording: str
    start: re.Pattern  # at the start of a line, any case
    middle: re.Pattern | None  # after other text on the line, capitalised


def _labels() -> list[_Label]:
    made = []
    for key, wordings in LABELS.items():
        for wording in wordings:
            pattern = _label_pattern(wording)
            start = re.compile(rf"^{pattern}(?=$|[\s:.,;])[\s:.;]*", re.IGNORECASE)
            middle = None
            if len(wording.split()) >= 3 or wording in MIDLINE:
                middle = re.compile(rf"(?<=\s){pattern}(?=$|[\s:])")
            made.append(_Label(key, wording, start, middle))
    # Longest first: "Plats och tid för justering" before "Plats och tid" before "Plats".
    made.sort(key=lambda label: -len(label.wording))
    return made


ALL_LABELS = _labels()
# Every wording, lower case, for labels broken over lines; and the last word of each
# wording by the words before it, for a label whose last word was glued to the value.
WORDINGS = {" ".join(label.wording.split()).casefold(): label for label in ALL_LABELS}
FIRST_WORDS = {wording.split()[0].rstrip(":.") for wording in WORDINGS}
TAILS: dict[str, list[str]] = {}
for _wording in WORDINGS:
    if " " in _wording:
        _head, _tail = _wording.rsplit(" ", 1)
        TAILS.setdefault(_head, []).append(_tail)
MIDLINE_LABELS = [label for label in ALL_LABELS if label.middle is not None]


def _could_be_label(line: str) -> bool:
    """Whether the line's first word starts some label (most lines' does not: a quick
    test before the patterns)."""
    first = line.split(None, 1)[0] if line.strip() else ""
    return first.rstrip(":.,;").casefold() in FIRST_WORDS


def match_label(line: str) -> tuple[_Label, str] | None:
    """The label a line starts with, and the rest of the line."""
    if not _could_be_label(line):
        return None
    for label in ALL_LABELS:
        match = label.start.match(line)
        if match:
            return label, line[match.end():].strip()
    return None


# Paragraph lines ----------------------------------------------------------------------------

# "§ 130", "§130.", "Ks § 43", "KF § 102", "KS § 43 Dnr …", "§ 130 Överenskommelse…"
PARAGRAPH = re.compile(r"^(?:(?P<prefix>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5})\s*)?§\s*(?P<number>\d{1,4})"
                       r"(?![\d/])[.:]?(?P<rest>(?:\s.*)?)$")
# "RS 99", "RS 99 Budget 2014": a body's code and the number, without "§".
CODED = re.compile(r"^(?P<prefix>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,4})\s+(?P<number>\d{1,4})(?![\d/.,:-])"
                   r"(?P<rest>(?:\s+[A-ZÅÄÖ].*)?)$")
# A number alone, or before a heading: a paragraph line whose § sign was lost.
BARE = re.compile(r"^(?P<number>\d{1,4})(?![\d/.,:-])(?P<rest>(?:\s+(?:[A-ZÅÄÖ]|Dnr).*)?)$")
RANGE = re.compile(r"(\d{1,4})\s*(?:[-–]|till|t\.o\.m\.?)\s*(?:§\s*)?(\d{1,4})(?!\d)")
SINGLE = re.compile(r"(?:§|^|\s)\s*(\d{1,4})(?!\d)")

# The headings inside a paragraph. Only "Beslut" (or "<Body>s beslut") holds the decision.
DECISION_HEADINGS = re.compile(
    r"^(?:Beslut|[\wåäöÅÄÖ]+s beslut|Beslutet|Beslut i ärendet)$", re.IGNORECASE)
SUBHEADINGS = re.compile(
    r"^(?:Yrkanden?|Yrkande och propositionsordning|Propositionsordning|Beslutsgång|"
    r"Omröstning|Omröstningsresultat|Omröstningslista|Reservation(?:er)?|Jäv|Ärendet|"
    r"Ärendebeskrivning|Beskrivning av ärendet|Bakgrund|Sammanfattning|"
    r"Sammanfattning av ärendet|Beslutsunderlag|Underlag|Handlingar|"
    r"Beslutet expedieras till|Beslutet skickas till|Beslut sänds till|Beslutet sänds till|"
    r"Kopia av beslut till|Kopia till|Expediering|Expedieras till|Skickas till|"
    r"Protokollsanteckning(?:ar)?|Särskilt yttrande|Särskilda yttranden|Överläggning|"
    r"Förslag till beslut|Förslag till beslut på sammanträdet|Deltar inte i beslutet|"
    r"Jäv och deltagande|Information|Ajournering|Ordförandens förslag)$", re.IGNORECASE)
# "Beslut att …", "Beslut: …" — the heading and the first line of the decision joined.
JOINED_DECISION = re.compile(r"^Beslut(?:\s*:\s*|\s+)(?P<text>\S.*)$")
IMMEDIATELY = re.compile(r"^Paragrafen (?:justerades|förklaras|förklarades|justeras) "
                         r"omedelbart(?: justerad)?\.?$", re.IGNORECASE)
# A paragraph that says only that it is not shown.
SECRET = re.compile(
    r"omfattas av sekretess|sekretessbelag|^Sekretess\b|sekretess enligt|"
    r"publiceras inte|visas inte|redovisas inte i|\bOSL\b.*\bkap\b|"
    r"offentlighets- och sekretesslagen", re.IGNORECASE)

# Names --------------------------------------------------------------------------------------

NAME_WORD = r"[A-ZÅÄÖÉÈÜØÆ][\wåäöéèüøæ'’.-]*"
NAME = re.compile(rf"^{NAME_WORD}(?:\s+(?:(?:von|af|de|van|der|den|du|la|el|bin)\s+)?"
                  rf"{NAME_WORD}){{1,4}}$")
PARTY = re.compile(r"\s*\((?P<party>[^()]{1,12})\)")
SERVING_FOR = re.compile(r",?\s*(?:tjänstgörande|tjg\.?)\s+(?:ersättare\s+)?för\b.*$|"
                         r",?\s*ersättare\s+för\b.*$", re.IGNORECASE)
# "…, tjänstgörande ersättare för" + the rest of the line + the next line.
SERVING = re.compile(r"(?:,\s*)?(?:tjänstgörande|tjg\.?)\s+(?:ersättare\s+)?för\b"
                     r"(?P<same>[^\n]*)(?:\n(?P<next>[^\n]*))?", re.IGNORECASE)
NOT_NAMES = re.compile(r"^(?:se\b|enligt\b|bilaga|närvarolista|ingen\b|inga\b)", re.IGNORECASE)
LOWER_WORDS = {"kommun", "kommuns", "län", "läns", "och", "i", "för", "av", "med",
               "landsting", "kommunförbund", "kommunalförbund", "nämnd", "nämnden",
               "styrelse", "styrelsen", "fullmäktige", "utskott", "utskottet",
               "arbetsutskott", "arbetsutskottet", "direktion", "direktionen", "beredning",
               "beredningen", "protokoll", "sammanträdesprotokoll", "protokollsutdrag"}
# On case-folded text (an alternation without IGNORECASE is many times faster).
BODY_WORDS = re.compile(
    r"(?:fullmäktige|styrelse|styrelsen|styrelsens|nämnd|nämnden|nämndens|utskott|"
    r"utskottet|direktion|direktionen|beredning|beredningen|rådet|presidium|"
    r"presidiet|församling|församlingen)\b")
ORGANISATION_WORDS = re.compile(
    r"\b(?:kommun|region|landsting|kommunförbund|kommunförbundet|kommunalförbund|"
    r"kommunalförbundet|regionförbund|samordningsförbund|förbund|förbundet)\b",
    re.IGNORECASE)


def _uncaps(text: str) -> str:
    """A letterhead in capitals as the organisation writes its name elsewhere:
    "EKERÖ KOMMUN" is "Ekerö kommun", "KOMMUNSTYRELSENS ARBETSUTSKOTT" is
    "Kommunstyrelsens arbetsutskott"."""
    if not text.isupper():
        return text
    words = text.lower().split()
    out = [words[0].capitalize()]
    for word in words[1:]:
        out.append(word if word in LOWER_WORDS else word.capitalize())
    return " ".join(out)


def _join_words(parts: list[str]) -> str:
    """Lines of one phrase joined: a word broken by a hyphen at a line end is one word
    again ("Tapp-" + "ström"), a suspended compound keeps its hyphen
    ("utbildnings-" + "och")."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[0].islower() \
                and not re.match(r"(?:och|eller|samt|resp\.?|respektive|till)\b", part):
            text = text[:-1] + part
        elif text:
            text += " " + part
        else:
            text = part
    return text


def _decision_text(lines: list[str]) -> str:
    """The lines of a decision as its paragraphs: each joined into one line, separated
    by a blank line. A paragraph ends where a line ends a sentence and the next starts
    one (a capital, an "att"-clause, a list mark), at an "att"-clause after a comma or
    "samt", and at a blank line unless the sentence runs on."""
    paragraphs: list[list[str]] = [[]]
    blank = False
    for line in lines:
        if not line:
            blank = True
            continue
        current = paragraphs[-1]
        if current:
            previous = current[-1]
            ends_sentence = bool(re.search(r"[.!?:;]$", previous))
            starts = bool(re.match(r"(?:[A-ZÅÄÖ0-9•\-–*]|att\s)", line))
            new_clause = line.startswith("att ") and bool(
                re.search(r"(?:,|;|\bsamt|\bbesluta|\bbeslutar|\bföreslår)$", previous))
            runs_on = not ends_sentence and line[:1].islower()
            if (blank and not runs_on) or (ends_sentence and starts) or new_clause:
                paragraphs.append([])
        paragraphs[-1].append(line)
        blank = False
    return "\n\n".join(text for text in (_join_words(p) for p in paragraphs) if text)


def _person_name(text: str) -> str | None:
    """The name in "Birgitta Holmén (KD), ordförande", "Andreas Halvarsson, sekreterare",
    or None when the text is not a name."""
    text = SERVING_FOR.sub("", text)
    text = PARTY.sub(" ", text)
    text = re.split(r"\s*[,;]\s*|\s+[–-]\s+", text)[0]
    text = " ".join(text.split()).strip(" .:")
    if not text or NOT_NAMES.match(text):
        return None
    if NAME.match(text):
        return text
    # A role after the name without a comma: "Birgitta Holmén (KD) ordförande".
    words = text.split()
    while len(words) > 2 and words[-1][:1].islower():
        words.pop()
    text = " ".join(words)
    return text if NAME.match(text) else None


# The parse ----------------------------------------------------------------------------------


@dataclass
class _Paragraph:
    number: int
    first: str  # the rest of the paragraph's own line
    lines: list[str] = field(default_factory=list)


@dataclass
class _Field:
    key: str
    label: str  # as written
    lines: list[str]


def _empty(kind: str) -> dict:
    return {
        "kind": kind, "organisation": "", "body": "", "meeting_date": None, "place": "",
        "time": "", "deciding": [], "others": [], "approvers": [],
        "approval_place_time": "", "approved_on": None, "paragraph_range": [],
        "paragraphs": [], "posted_on": None, "taken_down_on": None,
        "appeal_last_day": None, "kept_at": "", "secretary": "", "chair": "",
        "certified_by": "", "problems": [],
    }


def parse_minutes(text: str) -> dict:
    """The fields of minutes (docs/ingest.md), ``kind: "minutes"``."""
    return _Parser(text, "minutes").parse()


def parse_extract(text: str) -> dict:
    """The fields of an extract from minutes (docs/ingest.md), ``kind: "extract"``."""
    return _Parser(text, "extract").parse()


class _Parser:
    def __init__(self, text: str, kind: str):
        self.kind = kind
        self.result = _empty(kind)
        self.problems: list[str] = self.result["problems"]
        self.lines = self._prepare(text or "")
        self.header: list[str] = []
        self.fields: list[_Field] = []
        self.signs: list[tuple[str, str, str]] = []  # ("name", text, "") / ("role", key, rest)
        self.paragraphs: list[_Paragraph] = []
        self.certified: list[str] = []
        self.draft = False
        self.range: list[int] = []
        self.prefix = ""
        self.signed = 0  # paragraphs written with a § sign
        self.roles: dict[str, str] = {}  # chair and secretary as the lists of people say
        self._approved_from_signatures: str | None = None  # "Ordförande, justerat …"

    # Lines ----------------------------------------------------------------------------

    def _prepare(self, text: str) -> list[str]:
        text = text.translate(DASHES).replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\f", "\n\n")
        lines = []
        for line in text.split("\n"):
            if ".." in line or "__" in line or "…" in line:
                line = LEADERS.sub(" ", line)
            line = SPACES.sub(" ", line).strip()
            lines.append(line)
        return lines

    def _noise(self, line: str, heads: set[str], top: bool) -> bool:
        # Each pattern only where a cheap test says it may match: most lines are text.
        if PAGE_NUMBER.match(line) or (
                ("·" in line or "•" in line or "|" in line) and FOOTER.match(line)):
            return True
        folded = line.casefold()
        if "sign" in folded and SIGN_BOX.search(line):
            return True
        if len(line) < 120 and "@" not in line and (
                folded[:4] in ADDRESS_STARTS or any(c.isdigit() for c in line)) \
                and ADDRESS.search(line):
            return True
        if DRAFT.match(line):
            self.draft = True
            return True
        if self.paragraphs and self._layout_key(line) in heads:
            return True  # the letterhead again, on a later page
        if not top and self._page_header(line):
            return True
        if self.kind == "minutes" and re.fullmatch(r"Utdragsbestyrkande:?", line, re.I):
            return True  # the box in the footer of every page of minutes
        return False

    def _page_header(self, line: str) -> bool:
        """A page's header that the cleaning left: a line naming the kind of document or
        the body and a date, with a page number or seen on several pages."""
        words = len(line.split())
        if words > 8:
            return False
        looks = KIND_WORDS.search(line) or (
            words <= 6 and BODY_WORDS.search(line.casefold()) and find_date(line))
        if not looks:
            return False
        if PAGE_OF.search(line) or self.repeated[self._layout_key(line)] >= 2:
            return True
        # "Kommunstyrelsen 2016-02-23": the body and the date of the first lines again.
        date = find_date(line)
        rest = _strip_dates(line).strip()
        return bool(date and rest and date in self.opening_dates and
                    rest.casefold() in self.opening.casefold())

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def _layout_key(line: str) -> str:
        """A line as the page layout repeats it: page numbers and digits aside."""
        line = PAGE_WORDS.sub("", line)
        return DIGITS.sub("#", line.casefold()).strip()

    # The whole ------------------------------------------------------------------------

    def parse(self) -> dict:
        self._read()
        self._header()
        self._front()
        self._signatures()
        self._read_paragraphs()
        self._certification()
        self._check()
        return self.result

    def _read(self) -> None:
        """Walk the lines once, sorting them into the header, the labelled fields, the
        signatures, the paragraphs and the certification."""
        filled = [line for line in self.lines if line]
        heads = {self._layout_key(line) for line in filled[:4]}
        self.repeated = Counter(self._layout_key(line) for line in filled)
        self.opening = "\n".join(filled[:8])
        self.opening_dates = {find_date(line) for line in filled[:8]} - {None}
        # Where the document's first four lines (its own letterhead) end.
        filled_at = [k for k, line in enumerate(self.lines, start=1) if line][:4]
        first_lines = filled_at[-1] if filled_at else 0
        zone = "header"  # header → front (labels) ↔ paragraphs; certified at the end
        signing = False
        lines = self.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line:
                if zone == "paragraphs" and self.paragraphs:
                    self.paragraphs[-1].lines.append("")
                continue
            if self._noise(line, heads, top=i <= first_lines):
                continue
            if POSTING_TEXT.match(line):
                continue
            started = self._paragraph_start(line, zone)
            if started:
                zone, signing = "paragraphs", False
                self.paragraphs.append(started)
                continue
            if zone == "certified":
                self.certified.append(line)
                continue
            found, consumed = self._label_at(lines, i - 1)
            if found and zone == "paragraphs" and not self._ends_paragraph(*found):
                found = None
            if found:
                label, rest = found
                i = i - 1 + consumed
                if label.key == "certified":
                    zone = "certified"
                    if rest:
                        self.certified.append(rest)
                    continue
                zone = "front"
                signing = self._take(label, rest, signing)
                continue
            if zone == "paragraphs":
                self.paragraphs[-1].lines.append(line)
            elif zone == "header":
                self.header.append(line)
            elif signing:
                self._sign_line(line)
            elif self.fields:
                self.fields[-1].lines.append(line)
            else:
                self.header.append(line)

    @staticmethod
    def _ends_paragraph(label: _Label, rest: str) -> bool:
        """Inside a paragraph only the posting certificate (a heading on its own line) and
        an extract's certification (alone or with the name) end it."""
        if label.key == "certificate":
            return not rest
        return label.key == "certified" and (not rest or bool(_person_name(rest)))

    def _label_at(self, lines: list[str], index: int) -> tuple[tuple[_Label, str] | None, int]:
        """The label at a line, and the lines it takes. A label broken by its table cell
        runs on into the next line, alone ("Justeringens plats och" + "tid") or after the
        value ("Datum då anslaget tas 2014-01-09" + "ned"), where the value may go on
        too ("Förvaringsplats för Kommunkansliet, Tapp-" + "protokollet ström")."""
        line = lines[index]
        if not _could_be_label(line):
            return None, 1
        best = match_label(line)
        best_words = len(best[0].wording.split()) if best else 0
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following and not self._starts_paragraph_like(following):
            found = self._broken_label(line.split(), following.split(), best_words)
            if found:
                return found, 2
            # A narrow cell breaks it twice: "Datum då 2014-03-18" + "anslaget sätts" + "upp".
            then = lines[index + 2] if index + 2 < len(lines) else ""
            if len(following.split()) <= 3 and then and len(then.split()) <= 3:
                found = self._broken_label(line.split(), (following + " " + then).split(),
                                           best_words)
                if found and not found[1].strip().endswith(then):
                    return found, 3
        return best, 1

    @staticmethod
    def _starts_paragraph_like(line: str) -> bool:
        return bool(PARAGRAPH.match(line))

    @staticmethod
    def _broken_label(words: list[str], after: list[str],
                      longer_than: int) -> tuple[_Label, str] | None:
        for j in range(min(len(words), 6), 0, -1):
            head = words[:j]
            for k in range(1, min(4, len(after)) + 1):
                wording = " ".join(head + after[:k]).rstrip(":").casefold()
                label = WORDINGS.get(wording)
                if label and j + k > longer_than:
                    rest = _join_words([" ".join(words[j:]), " ".join(after[k:])])
                    return label, rest.lstrip(":").strip()
            # The cleaning joined the value's last word, broken by a hyphen, with the
            # rest of the label beside it: "Tapp-" + "protokollet" read "Tappprotokollet".
            if j < len(words) and after:
                last = words[-1]
                for tail in TAILS.get(" ".join(head).casefold(), ()):
                    if last.casefold().endswith(tail) and len(last) > len(tail) and \
                            j + 1 > longer_than:
                        broken = last[:-len(tail)] + "-"
                        rest = _join_words([" ".join(words[j:-1] + [broken]), " ".join(after)])
                        return WORDINGS[" ".join(head).casefold() + " " + tail], rest
        return None

    def _take(self, label: _Label, rest: str, signing: bool) -> bool:
        """A labelled line in the front or the certificate; whether signatures follow."""
        # Other labels on the same line: "Underskrifter Sekreterare Paragrafer 89-90".
        pieces = self._split_midline(rest)
        rest, more = pieces[0], pieces[1:]
        if label.key == "signatures":
            signing = True
            if rest:
                self._sign_line(rest)
        elif label.key in ROLES:
            signing = True
            self._sign_line(" ".join(filter(None, [label.wording, rest])))
        elif label.key == "signature":
            self._certificate_signature(rest)
            signing = False
        elif label.key == "approvers" and label.wording == "Justerare" and signing:
            self._sign_line(" ".join(filter(None, [label.wording, rest])))
        else:
            signing = False
            self.fields.append(_Field(label.key, label.wording, [rest] if rest else []))
        for piece in more:
            # A label beside another, in the next column ("Underskrifter Sekreterare
            # Paragrafer 89-90"): its value is beside it; the first column goes on.
            found = match_label(piece)
            if found:
                self._take(found[0], found[1], False)
        return signing

    @staticmethod
    def _split_midline(text: str) -> list[str]:
        cuts = set()
        for label in MIDLINE_LABELS:
            for match in label.middle.finditer(text):
                cuts.add(match.start())
        if not cuts:
            return [text]
        pieces, start = [], 0
        for cut in sorted(cuts):
            pieces.append(text[start:cut].strip())
            start = cut
        pieces.append(text[start:].strip())
        return pieces

    def _sign_line(self, line: str) -> None:
        """A line of the signatures: roles (one, or several side by side as the PDF's
        columns put them: "Sekreterare Ordförande, justerat 2013-09-30"), each perhaps
        with its name or date; or the names of a row."""
        found = match_label(line)
        if not (found and (found[0].key in ROLES or found[0].wording == "Justerare")):
            self.signs.append(("names", line, []))
            return
        cuts = sorted({0} | {m.start() for m in ROLE_WORD.finditer(line)}) + [len(line)]
        roles = []
        for start, end in zip(cuts, cuts[1:], strict=False):
            piece = line[start:end].strip()
            label, rest = match_label(piece) or (found[0], "")
            key = label.key if label.key in ROLES else "approver"
            roles.append((key, rest.strip(" ,")))
        self.signs.append(("roles", line, roles))

    def _certificate_signature(self, rest: str) -> None:
        """"Underskrift": the name of who signed the certificate stands before it (Kansli's
        layout: then it is not part of the field above) or after it."""
        if not rest and self.fields:
            previous = self.fields[-1]
            if len(previous.lines) >= 2 and _person_name(previous.lines[-1]):
                previous.lines.pop()
        self.fields.append(_Field("signature", "Underskrift", [rest] if rest else []))

    # The header and the front ------------------------------------------------------------

    def _header(self) -> None:
        result = self.result
        for line in self.header:
            date = find_date(line)
            plain = PAGE_OF.sub(" ", re.sub(r"\b(?:sida|sid\.?)\s*\d+(?:\s*(?:av|\(|/)\s*"
                                            r"\d+\)?)?", " ", line, flags=re.I))
            plain = " ".join(KIND_WORDS.sub(" ", _strip_dates(plain)).split()).strip(" ,–-")
            plain = re.sub(r"^Sammanträdes(?:datum|dag)\b", "", plain, flags=re.I).strip()
            if date and not result["meeting_date"]:
                result["meeting_date"] = date
            if not plain:
                continue
            if BODY_WORDS.search(plain.casefold()) and not result["body"]:
                result["body"] = _uncaps(plain)
            elif ORGANISATION_WORDS.search(plain) and not result["organisation"]:
                result["organisation"] = _uncaps(plain)
            elif (not result["organisation"] and not result["body"] and len(plain) < 60
                  and plain == line and line is self.header[0]):
                result["organisation"] = _uncaps(plain)  # a letterhead of other words
            else:
                self._unread(line)

    def _unread(self, line: str) -> None:
        self.problems.append(_("The line “%(line)s” at the start could not be read.")
                             % {"line": line})

    def _front(self) -> None:
        result = self.result
        dates = {}
        for f in self.fields:
            value = _join_words(f.lines)
            key = f.key
            if key in ("meeting_date", "date"):
                date = find_date(value)
                if date and (key == "meeting_date" or not result["meeting_date"]):
                    if key == "meeting_date" and result["meeting_date"] and \
                            result["meeting_date"] != date and "meeting_date" in dates:
                        self._bad_date(f, value)
                    result["meeting_date"] = date
                    dates.setdefault(key, date)
                elif value and not date:
                    self._bad_date(f, value)
            elif key in ("place_time", "place", "time"):
                self._place_time(key, value)
            elif key == "deciding":
                result["deciding"].extend(self._names(f))
            elif key == "others":
                result["others"].extend(self._names(f))
            elif key == "approvers":
                result["approvers"].extend(self._approvers(f))
            elif key == "approval_place_time":
                result["approval_place_time"] = value
            elif key == "paragraph_range":
                self._paragraph_range(f, value)
            elif key == "body":
                if value:
                    result["body"] = _uncaps(value)
            elif key in ("approved_on", "posted_on", "taken_down_on", "appeal_last_day"):
                date = find_date(value)
                if date:
                    result[key] = date
                elif value:
                    self._bad_date(f, value)
            elif key == "kept_at":
                result["kept_at"] = value
            elif key in ("certificate", "signature"):
                pass  # the certificate's heading, and who signed it, say nothing more
            elif value:
                self._unread(f"{f.label} {value}")

    def _bad_date(self, f: _Field, value: str) -> None:
        self.problems.append(_("The date “%(text)s” (%(label)s) could not be read.")
                             % {"text": value, "label": f.label})

    def _place_time(self, key: str, value: str) -> None:
        result = self.result
        times = re.search(r"(?:\b(?:kl\.?|klockan)\s*)?(\d{1,2}[.:]\d{2})"
                          r"(?:\s*[-–]\s*(?:kl\.?\s*)?(\d{1,2}[.:]\d{2}))?", value, re.I)
        if times and key != "place":
            span = times[1].replace(":", ".")
            if times[2]:
                span += "–" + times[2].replace(":", ".")
            result["time"] = span
            value = value[:times.start()] + " " + value[times.end():]
        if key == "time":
            return
        place = _strip_dates(value)
        place = re.sub(r"\b(?:kl\.?|klockan)\s*$", "", place.strip(), flags=re.I)
        place = " ".join(place.split()).strip(" ,;–-")
        if place:
            result["place"] = place

    def _names(self, f: _Field) -> list[str]:
        """The names of a list of people, one a line or several on a line separated by
        commas; "tjänstgörande ersättare för X" names someone absent, who is left out
        even when X stands on the next line."""
        text = SERVING.sub(self._absent, "\n".join(f.lines))
        names = []
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            for part in self._parts(line):
                name = _person_name(part)
                if name:
                    names.append(name)
                    # The role written beside the name: "…, ordförande", "…, sekreterare".
                    role = PARTY.sub(" ", part).replace(name, "", 1).strip(" ,").lower()
                    if role == "ordförande" and f.key == "deciding":
                        self.roles.setdefault("chair", name)
                    elif role.endswith("sekreterare") and f.key == "others":
                        self.roles.setdefault("secretary", name)
                elif not self._is_role(part):
                    self.problems.append(
                        _("“%(text)s” could not be read as a name (%(label)s).")
                        % {"text": part, "label": f.label})
        return names

    @staticmethod
    def _absent(match: re.Match) -> str:
        """"tjänstgörande ersättare för X": X is away; the name is left out, with its
        party, also when it runs on to the next line ("för Anders" + "Johansson (V)";
        "för" + "Niklas Johansson (KD)")."""
        same, following = match["same"].strip(), match["next"]
        if following is None:
            return ""
        if PARTY.search(same) or len(same.split()) >= 2:
            return "\n" + following  # the absent person is on this line
        return ""  # "för" or "för Anders" at the end: the name runs on to the next line

    @staticmethod
    def _parts(line: str) -> list[str]:
        """A line of people split where a new person starts: "Bo Hedlund (S), Sara
        Johansson (M)" is two, "Andreas Halvarsson, sekreterare" one."""
        parts = [p.strip() for p in re.split(r"[,;](?![^()]*\))", line) if p.strip()]
        merged: list[str] = []
        for part in parts:
            if merged and (part[:1].islower() or not _person_name(part)):
                merged[-1] += ", " + part
            else:
                merged.append(part)
        return merged

    @staticmethod
    def _is_role(text: str) -> bool:
        """A line of a list that is a role or note, not a person ("ordförande")."""
        return bool(text) and text[:1].islower()

    def _approvers(self, f: _Field) -> list[str]:
        names = []
        text = " \n".join(f.lines)
        for part in re.split(r"\s*(?:,|;|\n|\boch\b|&)\s*(?![^()]*\))", text):
            part = part.strip()
            if not part or self._is_role(part):
                continue
            name = _person_name(part)
            if name:
                names.append(name)
            else:
                self.problems.append(_("“%(text)s” could not be read as a name (%(label)s).")
                                     % {"text": part, "label": f.label})
        return names

    def _range_so_far(self) -> None:
        """The range of the front page as soon as it is read: the paragraphs are checked
        against it while they are read."""
        for f in self.fields:
            if f.key == "paragraph_range" and f.lines:
                problems = len(self.problems)
                self._paragraph_range(f, _join_words(f.lines))
                del self.problems[problems:]  # said once, when the front is read
                return

    def _paragraph_range(self, f: _Field, value: str) -> None:
        if not value:
            return
        prefix = re.match(r"^([A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5})\s*(?:§|\d)", value)
        if prefix:
            self.prefix = prefix[1]
        span = RANGE.search(value)
        if span:
            first, last = int(span[1]), int(span[2])
        else:
            single = SINGLE.search(value)
            if not single:
                self.problems.append(_("The paragraph range “%(text)s” could not be read.")
                                     % {"text": value})
                return
            first = last = int(single[1])
        if last < first:
            self.problems.append(_("The paragraph range “%(text)s” could not be read.")
                                 % {"text": value})
            return
        self.range = [first, last]
        self.result["paragraph_range"] = [first, last]

    def _signatures(self) -> None:
        """Pair names with roles. Kansli writes the name above the role (two columns side
        by side: "Andreas Halvarsson Birgitta Holmén" over "Sekreterare Ordförande");
        many others write the role and then the name, or both on one line."""
        result = self.result
        rows = self.signs
        first = next((k for k, row in enumerate(rows) if row[0] == "roles"), None)
        if first is None:
            for _what, text, _roles in rows:
                self._unread(text)
            return
        name_first = first > 0 and rows[first - 1][0] == "names"
        used: set[int] = set()
        approvals: list[str] = []
        for k, (what, _text, roles) in enumerate(rows):
            if what != "roles":
                continue
            names: list[str | None] = [_person_name(rest) if rest else None
                                       for _key, rest in roles]
            missing = [n for n, name in enumerate(names) if not name]
            source = k - 1 if name_first else k + 1
            if missing and 0 <= source < len(rows) and rows[source][0] == "names" and \
                    source not in used:
                used.add(source)
                split = self._split_names(rows[source][1], len(missing))
                for n, name in zip(missing, split, strict=True):
                    names[n] = name
            for (key, rest), name in zip(roles, names, strict=True):
                date = find_date(rest) if rest else None
                if date:
                    approvals.append(date)
                if not name:
                    continue
                if key == "secretary" and not result["secretary"]:
                    result["secretary"] = name
                elif key == "chair" and not result["chair"]:
                    result["chair"] = name
                elif key == "approver" and name not in result["approvers"] and \
                        not self._named_approvers():
                    result["approvers"].append(name)
        if approvals:
            self._approved_from_signatures = max(approvals)
        for k, (what, text, _roles) in enumerate(rows):
            if what == "names" and k not in used:
                self._unread(text)

    def _split_names(self, text: str, count: int) -> list[str | None]:
        """A row of ``count`` names side by side, split where the names known from the
        front page (the decision-makers, the others) say, else into equal parts."""
        words = text.split()
        if count == 1 or len(words) < 2 * count:
            return [_person_name(text)] + [None] * (count - 1)
        known = set(self.result["deciding"]) | set(self.result["others"]) | set(
            self.result["approvers"])
        best, best_score = None, None
        for cuts in itertools.combinations(range(2, len(words) - 1), count - 1):
            bounds = [0, *cuts, len(words)]
            groups = [" ".join(words[x:y]) for x, y in zip(bounds, bounds[1:], strict=False)]
            if any(y - x < 2 or y - x > 5 for x, y in zip(bounds, bounds[1:], strict=False)):
                continue
            sizes = [y - x for x, y in zip(bounds, bounds[1:], strict=False)]
            score = (sum(g in known for g in groups), -(max(sizes) - min(sizes)))
            if best_score is None or score > best_score:
                best, best_score = groups, score
        if best is None:
            return [None] * count
        return [_person_name(group) for group in best]

    def _named_approvers(self) -> bool:
        return any(f.key == "approvers" for f in self.fields)

    # Paragraphs -----------------------------------------------------------------------

    def _expected(self) -> int | None:
        if self.paragraphs:
            return self.paragraphs[-1].number + 1
        return self.range[0] if self.range else None

    def _in_range(self, number: int) -> bool:
        return not self.range or self.range[0] <= number <= self.range[1]

    def _paragraph_start(self, line: str, zone: str) -> _Paragraph | None:
        last = self.paragraphs[-1].number if self.paragraphs else None
        if not self.range:
            self._range_so_far()
        if zone == "front" and self.fields and self.fields[-1].key == "paragraph_range" \
                and not self.fields[-1].lines:
            return None  # "Paragrafer" + "§ 1" on the next line: the range
        match = PARAGRAPH.match(line)
        if match:
            number = int(match["number"])
            if last is not None and number <= last:
                return None  # a reference in the text ("… enligt § 12")
            if not self._in_range(number):
                if last is None or number != last + 1:
                    return None
                self.problems.append(
                    _("Paragraph %(number)s is outside the range on the front page.")
                    % {"number": number})
            if match["prefix"] and not self.prefix:
                self.prefix = match["prefix"]
            self.signed += 1
            return _Paragraph(number, match["rest"].strip())
        match = CODED.match(line)
        if match and zone != "header":
            number = int(match["number"])
            prefix = match["prefix"]
            consistent = prefix == self.prefix or (
                prefix.isupper() and self.range and self.range[0] <= number <= self.range[1])
            if consistent and (last is None or number > last) and self._in_range(number) \
                    and (number == self._expected() or prefix == self.prefix):
                if self.signed:
                    # "Ks § 43" before, "Ks 44" now: the § sign was lost.
                    self.problems.append(
                        _("The § sign of paragraph %(number)s is missing; it was read from "
                          "the line “%(line)s”.") % {"number": number, "line": line})
                self.prefix = prefix
                return _Paragraph(number, match["rest"].strip())
        match = BARE.match(line)
        if match and zone != "header":
            number = int(match["number"])
            expected = self._expected()
            if expected is not None and number == expected and self._in_range(number) \
                    and (self.range or self.paragraphs):
                self.problems.append(
                    _("The § sign of paragraph %(number)s is missing; it was read from the "
                      "line “%(line)s”.") % {"number": number, "line": line})
                return _Paragraph(number, match["rest"].strip())
        return None

    def _read_paragraphs(self) -> None:
        if not self.paragraphs:
            self._recover_lost_paragraph()
        for p in self.paragraphs:
            self.result["paragraphs"].append(self._paragraph(p))

    def _recover_lost_paragraph(self) -> None:
        """With no paragraph found at all (an extract whose § sign was lost), a number
        alone on a line after the front is its paragraph — said as a problem."""
        if self.kind != "extract" or not self.fields:
            return
        last = self.fields[-1]
        for k, line in enumerate(last.lines):
            match = BARE.match(line)
            if match and (match["rest"] or k + 1 < len(last.lines)):
                number = int(match["number"])
                p = _Paragraph(number, match["rest"].strip(), last.lines[k + 1:])
                del last.lines[k:]
                self.problems.append(
                    _("The § sign of paragraph %(number)s is missing; it was read from the "
                      "line “%(line)s”.") % {"number": number, "line": line})
                self.paragraphs.append(p)
                return

    def _paragraph(self, p: _Paragraph) -> dict:
        lines = ([p.first] if p.first else []) + p.lines
        diary_number = ""
        content: list[str] = []
        # The diary number: "Dnr KS13/250-133" on its own line, on the § line or after
        # the heading, "Dnr" + the number on the next line, or the number alone.
        looking = 4
        k = 0
        while k < len(lines):
            line = lines[k]
            k += 1
            if looking > 0 and not diary_number and line:
                looking -= 1
                found = DNR_WITH_LABEL.search(line)
                if found:
                    diary_number = " ".join(found["number"].split())
                    line = (line[:found.start()] + " " + line[found.end():]).strip(" ,;")
                    line = " ".join(line.split())
                    if not line:
                        continue
                elif DNR_LABEL_ONLY.fullmatch(line) and not DNR_LABEL_ONLY.match(line)["after"] \
                        and k < len(lines) and re.fullmatch(DIARY_NUMBER, lines[k]):
                    diary_number = lines[k]
                    k += 1
                    continue
                elif BARE_DNR.fullmatch(line):
                    diary_number = line
                    continue
                elif re.match(rf"^{DNR_LABEL}\b", line, re.I):
                    self.problems.append(
                        _("The diary number “%(text)s” of paragraph %(number)s could not be "
                          "read.") % {"text": line, "number": p.number})
                    continue
            content.append(line)

        # The heading: the first line and what runs on from it.
        while content and not content[0]:
            content.pop(0)
        heading_lines: list[str] = []
        secret = False
        k = 0
        if content and not self._is_subheading(content[0]) and not SECRET.search(content[0]):
            # Lines joined by the extraction: "Val av revisorer Beslut att välja …".
            joined = re.match(r"^(?P<heading>.+?)\s+(?P<rest>Beslut(?::\s*|\s+)att\s.+)$",
                              content[0])
            if joined:
                content[0:1] = [joined["heading"], joined["rest"]]
            heading_lines.append(content[0])
            k = 1
            while k < len(content) and content[k] and self._runs_on(heading_lines[-1],
                                                                    content[k]):
                heading_lines.append(content[k])
                k += 1
        body = content[k:]

        # Sections by their headings; the decision is the text under "Beslut".
        intro: list[str] = []
        decision: list[str] | None = None
        current: list[str] | None = intro
        for line in body:
            if not line:
                if current is not None:
                    current.append("")
                continue
            joined = JOINED_DECISION.match(line)
            if DECISION_HEADINGS.match(line.rstrip(":")) and decision is None:
                decision = []
                current = decision
            elif joined and decision is None and current is intro and \
                    not SUBHEADINGS.match(line.rstrip(":")):
                decision = [joined["text"]]
                current = decision
            elif self._is_subheading(line):
                current = None
            elif current is not None:
                current.append(line)
        if any(SECRET.search(line) for line in intro if line):
            secret = True
            intro = [line for line in intro if not line or not SECRET.search(line)]
        elif heading_lines and not body and SECRET.search(heading_lines[0]):
            secret = True
        if decision is None:
            decision = intro
        decision = [line for line in decision if not IMMEDIATELY.match(line)]
        decision_text = _decision_text(decision)
        heading = _join_words(heading_lines)
        if not decision_text and not secret:
            self.problems.append(_("Paragraph %(number)s has no decision text.")
                                 % {"number": p.number})
        if not heading and not secret:
            self.problems.append(_("Paragraph %(number)s has no heading.")
                                 % {"number": p.number})
        return {"number": p.number, "diary_number": diary_number, "heading": heading,
                "decision": decision_text, "secret": secret}

    @staticmethod
    def _is_subheading(line: str) -> bool:
        line = line.rstrip(":")
        return bool(DECISION_HEADINGS.match(line) or SUBHEADINGS.match(line))

    @staticmethod
    def _runs_on(previous: str, line: str) -> bool:
        """Whether a heading broken by the line continues on this line."""
        if _Parser._is_subheading(line) or JOINED_DECISION.match(line) or SECRET.search(line):
            return False
        if re.search(r"[.!?:]$", previous):
            return False
        if line[:1].islower() or line.startswith("("):
            return True
        return bool(re.search(r"\b(?:om|och|för|av|till|med|på|i|från|samt|gällande|"
                              r"inom|mellan|angående|avseende|enligt|vid|under|över)$|[,–-]$",
                              previous))

    # The certification and the checks -------------------------------------------------

    def _certification(self) -> None:
        """"Rätt utdraget intygar" + the name; its role beside it or on the next line
        ("Sekreterare", "…, nämndsekreterare") tells the secretary too."""
        lines = self.certified
        for k, line in enumerate(lines):
            found = match_label(line)
            if found and found[0].key in ROLES:
                continue
            name = _person_name(line)
            if not name:
                continue
            self.result["certified_by"] = name
            beside = PARTY.sub(" ", line).replace(name, "", 1).strip(" ,").lower()
            below = match_label(lines[k + 1]) if k + 1 < len(lines) else None
            if beside.endswith("sekreterare") or (below and below[0].key == "secretary"):
                self.roles.setdefault("secretary", name)
            return

    def _check(self) -> None:
        result = self.result
        if not result["approved_on"] and self._approved_from_signatures:
            result["approved_on"] = self._approved_from_signatures
        for key, name in self.roles.items():
            if not result[key]:
                result[key] = name  # no signature says it; the list of people does
        if not result["meeting_date"]:
            self.problems.append(_("The meeting date could not be read."))
        if not result["body"]:
            self.problems.append(_("The body could not be read."))
        if not self.paragraphs:
            self.problems.append(_("No paragraph could be read."))
        if self.draft:
            self.problems.append(_("The minutes are a draft and not approved."))
        if self.kind == "extract" and not result["certified_by"]:
            self.problems.append(_("The extract is not certified (no name after “Rätt "
                                   "utdraget intygar” or “Utdragsbestyrkande”)."))
        if self.kind == "minutes" and self.range and self.paragraphs:
            numbers = [p.number for p in self.paragraphs]
            wanted = list(range(self.range[0], self.range[1] + 1))
            if numbers != wanted:
                self.problems.append(
                    _("The front page gives paragraphs %(first)s–%(last)s, but the text has "
                      "%(found)s.") % {"first": self.range[0], "last": self.range[1],
                                       "found": ", ".join(map(str, numbers))})
        if self.kind == "minutes" and self.paragraphs and not result["deciding"]:
            self.problems.append(_("No decision-makers could be read."))
