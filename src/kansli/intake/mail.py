"""Reading an e-mail message: headers, the text to show, and the attachments.

Standard library only (``email`` with ``policy.default``). Mail comes in every shape:
encoded headers, RFC 2231 file names, charsets Python does not know, HTML without a
text part, multiparts inside multiparts, forwarded messages as attachments, and
headers that are missing or broken. What can be read is read; what cannot is noted in
``problems``. Only a message that is not e-mail at all, or too large, is refused, with
``UnreadableMessage`` and a message for the person who gave it.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import html
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_LIMIT = 50 * 1024 * 1024
# Header fields every message has, or nearly: one of them must be there for the bytes to
# count as e-mail rather than some other file.
MAIL_HEADERS = {"from", "to", "subject", "date", "message-id", "received", "mime-version",
                "return-path", "cc", "reply-to", "sender", "content-type"}
HEADER_LINE = re.compile(rb"^[!-9;-~]+:", re.MULTILINE)

logger = logging.getLogger(__name__)


class UnreadableMessage(ValidationError):
    """The bytes are not an e-mail message that can be read, or are too large."""


@dataclass
class Attachment:
    name: str
    media_type: str
    content: bytes


@dataclass
class Parsed:
    message_id: str = ""
    from_name: str = ""
    from_address: str = ""
    to: str = ""
    subject: str = ""
    date: datetime.datetime | None = None
    text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def size_limit() -> int:
    return getattr(settings, "KANSLI_MAX_UPLOAD_BYTES", DEFAULT_LIMIT)


def check_size(size: int) -> None:
    limit = size_limit()
    if size > limit:
        raise UnreadableMessage(
            _("The message is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)})


def parse(raw: bytes) -> Parsed:
    """Read ``raw``; raises UnreadableMessage for what is not e-mail or too large."""
    try:
        return _parse(raw)
    except ValidationError:
        raise
    except Exception as exc:
        # The readers below catch what they know to go wrong; this is the net under them
        # (a bug in them or in the standard library), so bad mail is an error message
        # to the registrar and a log entry, never a crash.
        logger.exception("intake: a message could not be read")
        raise UnreadableMessage(_("The message could not be read.")) from exc


def _parse(raw: bytes) -> Parsed:
    if not raw or not raw.strip():
        raise UnreadableMessage(_("The file is empty."))
    check_size(len(raw))
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    if b"\x00" in head or not HEADER_LINE.match(raw.lstrip()):
        raise UnreadableMessage(_("The file is not an e-mail message."))
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        names = {key.lower() for key in msg.keys()}
    except Exception as exc:  # noqa: BLE001 - the parser should not raise, but has bugs
        raise UnreadableMessage(_("The file is not an e-mail message.")) from exc
    if not names & MAIL_HEADERS:
        raise UnreadableMessage(_("The file is not an e-mail message."))

    parsed = Parsed()
    problems = parsed.problems
    parsed.message_id = _header(msg, "Message-ID", problems).strip()[:500]
    parsed.subject = " ".join(_header(msg, "Subject", problems).split())
    parsed.from_name, parsed.from_address = _sender(msg, problems)
    parsed.to = _addresses(msg, "To", problems)
    parsed.date = _date(msg, problems)
    parsed.text, body_parts = _body(msg, problems)
    parsed.attachments = _attachments(msg, body_parts, problems)
    return parsed


# Headers ------------------------------------------------------------------------------


def _header(msg, name: str, problems: list[str]) -> str:
    """A header's decoded value, or "" when it is missing. A header the parser chokes on
    is shown as it came, undecoded, rather than lost."""
    try:
        value = msg[name]
    except Exception:  # noqa: BLE001 - the stdlib's header parser has crash bugs
        raw = _raw_header(msg, name)
        problems.append(_("The %(header)s header could not be read.") % {"header": name})
        return raw
    if value is None:
        return ""
    return _clean(str(value))


def _raw_header(msg, name: str) -> str:
    for key, value in msg.raw_items():  # as they came, before any parsing
        if key.lower() == name.lower():
            return _clean(str(value))
    return ""


def _clean(text: str) -> str:
    """Unknown bytes (undecodable charsets) as replacement characters; no controls."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(c for c in text if c >= " " or c in "\t\n")


def _sender(msg, problems: list[str]) -> tuple[str, str]:
    try:
        header = msg["From"]
        addresses = list(header.addresses) if header is not None else []
    except Exception:  # noqa: BLE001 - see _header
        header, addresses = _raw_header(msg, "From"), []
    if addresses and "@" in (addresses[0].addr_spec or ""):
        first = addresses[0]
        return _clean(first.display_name or "")[:300], _clean(first.addr_spec)[:254]
    if header is None:
        problems.append(_("The message has no sender (From)."))
        return "", ""
    # An address the strict parser refused: the lenient one may still find it.
    name, address = email.utils.parseaddr(_clean(str(header)))
    if "@" not in address:
        problems.append(_("The sender (From) could not be read."))
        return _clean(str(header))[:300], ""
    return name[:300], address[:254]


def _addresses(msg, name: str, problems: list[str]) -> str:
    try:
        header = msg[name]
        if header is None:
            return ""
        return _clean(", ".join(str(a) for a in header.addresses) or str(header))
    except Exception:  # noqa: BLE001 - see _header
        return _header(msg, name, problems)


def _date(msg, problems: list[str]) -> datetime.datetime | None:
    try:
        header = msg["Date"]
        value = header.datetime if header is not None else None
    except Exception:  # noqa: BLE001 - see _header
        header, value = True, None
    if header is None:
        problems.append(_("The message has no date."))
        return None
    if value is None:
        problems.append(_("The date of the message could not be read."))
        return None
    if timezone.is_naive(value):
        # "-0000": the sender's zone is unknown (RFC 5322 3.3); take it as UTC.
        value = value.replace(tzinfo=datetime.UTC)
    return value


# The text -----------------------------------------------------------------------------


def _leaves(part):
    """The parts that hold content, in order; a forwarded message is one leaf."""
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            yield from _leaves(sub)
    else:
        yield part


def _body(msg, problems: list[str]) -> tuple[str, set[int]]:
    """The text to show, and the ids of the parts it came from (not attachments)."""
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - see _header
        body = None
    if body is None:
        return "", set()
    used = {id(body)}
    # The other renderings of the same text (the HTML beside the plain text) are the
    # body too, not attachments.
    for alternative in _alternatives_holding(msg, body):
        for leaf in _leaves(alternative):
            if leaf.get_content_type() in ("text/plain", "text/html") \
                    and not leaf.get_filename():
                used.add(id(leaf))
    texts = [_text_of(body, problems)]
    # More text parts shown inline (a signature block, a second message part); of one
    # in two renderings, the plain text.
    parents = _parents(msg)
    for leaf in _leaves(msg):
        if id(leaf) in used or leaf.get_content_type() not in ("text/plain", "text/html"):
            continue
        if leaf.get_filename() or leaf.get_content_disposition() == "attachment":
            continue
        used.add(id(leaf))
        parent = parents.get(id(leaf))
        if leaf.get_content_subtype() == "html" and parent is not None \
                and parent.get_content_subtype() == "alternative" \
                and any(p.get_content_type() == "text/plain" for p in parent.iter_parts()):
            continue
        texts.append(_text_of(leaf, problems))
    return "\n\n".join(t for t in texts if t).strip(), used


def _parents(msg) -> dict[int, object]:
    parents = {}

    def walk(part):
        if part.is_multipart() and part.get_content_maintype() == "multipart":
            for sub in part.iter_parts():
                parents[id(sub)] = part
                walk(sub)

    walk(msg)
    return parents


def _alternatives_holding(msg, body):
    """The multipart/alternative parts that contain ``body``."""
    found = []

    def walk(part):
        if not part.is_multipart() or part.get_content_maintype() != "multipart":
            return part is body
        inside = any([walk(sub) for sub in part.iter_parts()])
        if inside and part.get_content_subtype() == "alternative":
            found.append(part)
        return inside

    walk(msg)
    return found


def _text_of(part, problems: list[str]) -> str:
    try:
        content = part.get_content()
    except Exception:  # noqa: BLE001 - a charset Python does not know, content that
        # does not match its charset or encoding: read the bytes as well as can be.
        problems.append(_("Part of the text is in an unknown character set; it is shown "
                          "as well as it can be."))
        payload = part.get_payload(decode=True) or b""
        content = _decode_leniently(payload)
    if not isinstance(content, str):
        content = _decode_leniently(content or b"")
    content = _clean(content)
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def _decode_leniently(payload: bytes) -> str:
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        # Mail in Sweden without a known charset is most often Windows-1252 / Latin-1.
        return payload.decode("cp1252", "replace")


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
              "blockquote", "pre", "hr", "ul", "ol", "dl", "dt", "dd", "section", "article",
              "header", "footer"}
    HIDDEN = {"script", "style", "head", "title", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")
        elif tag == "td" or tag == "th":
            self.out.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """The readable text of an HTML message: no tags, scripts or styles; block elements
    as line breaks."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient, but not on every input
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Attachments --------------------------------------------------------------------------


def _attachments(msg, body_parts: set[int], problems: list[str]) -> list[Attachment]:
    attachments = []
    for leaf in _leaves(msg):
        if id(leaf) in body_parts:
            continue
        number = len(attachments) + 1
        media_type = leaf.get_content_type()
        try:
            name = leaf.get_filename() or ""
        except Exception:  # noqa: BLE001 - see _header
            name = ""
        try:
            if leaf.get_content_maintype() == "message":
                inner = leaf.get_payload(0) if leaf.is_multipart() else leaf.get_payload()
                content = inner.as_bytes(policy=email.policy.default.clone(
                    refold_source="none", max_line_length=None)) if hasattr(
                    inner, "as_bytes") else str(inner).encode()
                if not name:
                    subject = " ".join(str(inner.get("Subject", "") or "").split())
                    name = _safe_stem(subject) or f"bilaga-{number}"
                    name += ".eml"
            else:
                content = leaf.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - a part beyond repair
            problems.append(_("Attachment %(number)d could not be read.") % {"number": number})
            continue
        name = _clean(name).replace("/", "_").replace("\\", "_").strip() or (
            f"bilaga-{number}{mimetypes.guess_extension(media_type) or '.bin'}")
        if not content:
            problems.append(_("The attachment %(name)s is empty.") % {"name": name})
            continue
        attachments.append(Attachment(name=name[:255], media_type=media_type,
                                      content=content))
    return attachments


def _safe_stem(text: str) -> str:
    return re.sub(r"[^\w\- ]+", "", text).strip()[:100]
