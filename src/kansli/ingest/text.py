"""Reading a file's bytes into cleaned text (docs/ingest.md, steps 1 and 2).

``read`` refuses what cannot be read — empty, too large, binary that is not a PDF, a
corrupt, encrypted or image-only PDF — with ``Unreadable``, whose text is the reason in
the user's language. What it can read comes back as a ``Text``: the pages as extracted
and the cleaned text the parsers work on.

Cleaning keeps the line structure (the parsers decide which lines make a paragraph) and
removes what the page layout added:

- lines that repeat on most pages (letterhead, footer) when there are two pages or more,
  and page-number lines ("1 (3)", "Sida 2 av 5", "2/5");
- the letterhead's address or contact lines at the edge of a page ("Box 205, 178 23
  Ekerö"), which the first page alone carries and so never repeat;
- hyphenation at a line end: "ny-" + "anlända" is "nyanlända". A hyphen that belongs to
  the text stays: a suspended compound ("utbildnings- och", next line starting with
  "och", "eller", "samt" or ","), an abbreviation or number before it ("KS-beslut"), and
  the dash of a diary number broken after it ("KS13/250-" + "133" is "KS13/250-133");
- non-breaking and repeated spaces and trailing white space.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 200 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read; ``str()`` is the reason, for the person importing."""


@dataclass
class Text:
    pages: list[str]
    text: str


# Reading ------------------------------------------------------------------------------


def max_bytes() -> int:
    return getattr(settings, "KANSLI_IMPORT_MAX_BYTES", None) or DEFAULT_MAX_BYTES


def check_size(size: int) -> None:
    """Refuse an empty file or one over the limit, before its bytes are read."""
    if size == 0:
        raise Unreadable(_("The file is empty."))
    limit = max_bytes()
    if size > limit:
        raise Unreadable(_("The file is too large (%(size)s MB; the limit is %(limit)s MB).")
                         % {"size": _megabytes(size), "limit": _megabytes(limit)})


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def read(content: bytes, filename: str = "") -> Text:
    """The text of a PDF or plain-text file, page by page and cleaned."""
    check_size(len(content))
    if is_pdf(content):
        pages = pdf_pages(content)
    else:
        pages = decode(content).split("\f")
    return Text(pages=pages, text=clean(pages))


def is_pdf(content: bytes) -> bool:
    # The PDF header may follow a little junk (some scanners write it).
    return b"%PDF-" in content[:1024]


def decode(content: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252; binary refused."""
    if b"\x00" in content[:65536]:
        raise Unreadable(_("The file is binary: neither a PDF nor text."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise Unreadable(_("The file is binary: neither a PDF nor text.")) from None
    if _control_share(text[:65536]) > 0.05:
        raise Unreadable(_("The file is binary: neither a PDF nor text."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / len(text)


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page. pypdf's layout mode keeps the vertical gaps between
    paragraphs as blank lines; the plain mode is the fallback where layout fails."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise Unreadable(_("The PDF is encrypted; it can be imported once the "
                               "protection is removed."))
        pages = [_page_text(page) for page in reader.pages]
    except Unreadable:
        raise
    except Exception as error:  # pypdf raises many kinds of error on broken files
        raise Unreadable(_("The PDF is damaged and cannot be read (%(error)s).")
                         % {"error": type(error).__name__}) from error
    if not any(page.strip() for page in pages):
        if any(_has_images(page) for page in reader.pages):
            raise Unreadable(_("The PDF has no text layer, only images (a scan): it "
                               "needs text recognition (OCR) before it can be imported."))
        raise Unreadable(_("The PDF contains no text."))
    return pages


def _page_text(page) -> str:
    try:
        return page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode is the more fragile; plain mode reads most pages
        return page.extract_text()


def _has_images(page) -> bool:
    try:
        return bool(page.images)
    except Exception:
        return True


# Cleaning -----------------------------------------------------------------------------

PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.?|page)\s*)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|(?:av|/|of)\s*\d{1,4})?$",
    re.IGNORECASE)
# A page number at the end of a header line: "Ekerö kommun Sida 1 av 2", "… 1 (3)".
PAGE_NUMBER_AFTER = re.compile(
    r"\s+(?:sida(?: \d{1,4}(?: av \d{1,4}| \(\d{1,4}\))?)?|\d{1,4} \(\d{1,4}\))$",
    re.IGNORECASE)
# The letterhead's address or contact block: a postal code and town, "Box 205", a
# telephone number or web address, organisation number.
ADDRESS = re.compile(
    r"\b\d{3} ?\d{2} [A-ZÅÄÖ][\wåäö]+|^Box \d+|\b(?:Telefon|Tel\.?|Växel|Fax|E-post|"
    r"Org\.? ?nr|Organisationsnummer|Postadress|Besöksadress|Bankgiro)\b|\bwww\.",
    re.IGNORECASE)
SUSPENDED_NEXT = re.compile(r"^(?:och|eller|samt|resp\.?|respektive)\b|^,")
SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009]+")
EDGE_LINES = 3


def clean(pages: list[str]) -> str:
    """One text of the pages, without what the page layout added (see the module)."""
    pages = [_normalise_spaces(page) for page in pages]
    repeated = _repeated_lines(pages)
    kept: list[str] = []
    for number, page in enumerate(pages):
        kept.extend(_page_content(page.split("\n"), repeated, first=number == 0))
        kept.append("")
    text = _join_hyphenated("\n".join(kept))
    return _collapse_blank_lines(text).strip("\n")


HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def _normalise_spaces(text: str) -> str:
    """One kind of space, one kind of hyphen (PDFs write U+2010 and soft hyphens)."""
    text = text.translate(HYPHENS).replace("\u00ad\n", "-\n").replace("\u00ad", "")
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def _repeated_lines(pages: list[str]) -> set[str]:
    """Lines at the top or foot of more than half of the pages (at least two): a header
    or footer. Digits do not count, so "Sida 1 av 3" and "Sida 2 av 3" are one line."""
    if len(pages) < 2:
        return set()
    counts = Counter()
    for page in pages:
        lines = page.split("\n")
        counts.update({_layout_key(lines[i]) for i in _edges(lines)})
    needed = max(2, len(pages) // 2 + 1)
    return {key for key, n in counts.items() if n >= needed}


def _layout_key(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the first and last few non-empty lines of a page."""
    filled = [i for i, line in enumerate(lines) if line]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def _page_content(lines: list[str], repeated: set[str], first: bool) -> list[str]:
    """The page without its header and footer. The first page keeps its header: it is
    the top of the document, and may be the only place that names the organisation or
    the body."""
    edges = _edges(lines)
    top = set(sorted(edges)[:EDGE_LINES]) if first else set()
    kept = []
    for i, line in enumerate(lines):
        if PAGE_NUMBER.match(line) and (i in edges and len(line) <= 3 or not line.isdigit()):
            continue  # a bare number is a page number only at the top or foot (not a year)
        if i in edges and (_is_address(line) or i not in top
                           and _layout_key(line) in repeated):
            continue
        kept.append(PAGE_NUMBER_AFTER.sub("", line) if i in edges else line)
    return kept


def _is_address(line: str) -> bool:
    return bool(ADDRESS.search(line)) and "@" not in line and len(line) < 160


def _join_hyphenated(text: str) -> str:
    """Join words broken at line ends. The rest of the word moves up to the first half;
    the next line keeps what follows it, so line lengths (which the parsers read
    paragraph breaks from) stay much as they were."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if previous.endswith("-") and line and _joins(previous, line):
            rest, _space, remainder = line.partition(" ")
            out[-1] = _joined(previous, rest)
            if not remainder:
                continue  # the line was only the rest of the word
            line = remainder
        out.append(line)
    return "\n".join(out)


def _joins(line: str, following: str) -> bool:
    """Whether a line ending in "-" continues on the next line as one word."""
    word = line.rsplit(" ", 1)[-1][:-1]
    if not word or SUSPENDED_NEXT.match(following):
        return False
    if following[0].isdigit():
        return "/" in word and word[-1].isdigit()  # a diary number's dash
    return following[0].islower() and word[-1].isalpha()


def _joined(line: str, following: str) -> str:
    word = line.rsplit(" ", 1)[-1][:-1]
    keep_dash = following[0].isdigit() or (word.isupper() and len(word) > 1)
    return (line if keep_dash else line[:-1]) + following


def _collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)
