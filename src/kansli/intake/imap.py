"""Fetching the registrar's mailbox over IMAP (standard ``imaplib``).

Each round takes the messages whose UID is above the mailbox's cursor, in UID order.
Each message is stored in its own transaction, and only then marked \\Seen on the
server; the cursor moves past it after that. A crash between the two leaves a message
stored but unmarked and the cursor behind it: the next round fetches it again, finds
it queued (by mailbox, UIDVALIDITY and UID, or by Message-ID and content), and only
marks it. Messages are taken whether or not someone has read them in a mail client
first: seen or not, what came in must reach the queue. See docs/intake.md.
"""

from __future__ import annotations

import imaplib
import logging
import os
import re
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import actions, mail
from .models import IncomingMessage, MailboxCursor

logger = logging.getLogger(__name__)

TIMEOUT = 60
FETCH_LINE = re.compile(rb"UID (\d+)")
SIZE_LINE = re.compile(rb"RFC822\.SIZE (\d+)")


class ImapError(Exception):
    """The mailbox could not be reached or answered with an error."""


@dataclass(frozen=True)
class MailboxUrl:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str

    @property
    def name(self) -> str:
        """How the mailbox is named in the database: no password."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def configured_url() -> str:
    """KANSLI_INTAKE_IMAP_URL from the settings, else from the environment."""
    return (getattr(settings, "KANSLI_INTAKE_IMAP_URL", "")
            or os.environ.get("KANSLI_INTAKE_IMAP_URL", "")).strip()


def parse_url(url: str) -> MailboxUrl:
    """``imap://user:password@host:port/folder`` or ``imaps://…``; user and password
    percent-encoded where needed; the folder defaults to INBOX."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ImapError("the intake URL must start with imap:// or imaps://")
    if not parts.hostname or not parts.username:
        raise ImapError("the intake URL needs a user and a host")
    secure = parts.scheme == "imaps"
    try:
        port = parts.port or (993 if secure else 143)
    except ValueError as exc:
        raise ImapError("the intake URL has a bad port") from exc
    return MailboxUrl(secure=secure, host=parts.hostname, port=port,
                      user=unquote(parts.username), password=unquote(parts.password or ""),
                      folder=unquote(parts.path.lstrip("/")) or "INBOX")


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(result, what: str):
    status, data = result
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise ImapError(f"{what}: {status} {detail}")
    return data


def connect(box: MailboxUrl) -> imaplib.IMAP4:
    try:
        if box.secure:
            client = imaplib.IMAP4_SSL(box.host, box.port,
                                       ssl_context=ssl.create_default_context(),
                                       timeout=TIMEOUT)
        else:
            client = imaplib.IMAP4(box.host, box.port, timeout=TIMEOUT)
        client.login(box.user, box.password)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(f"could not log in to {box.name}: {exc}") from exc
    return client


def uidvalidity(client: imaplib.IMAP4, box: MailboxUrl) -> int:
    _check(client.select(_quote(box.folder)), f"select {box.folder}")
    _name, data = client.response("UIDVALIDITY")
    if not data or data[-1] is None:
        raise ImapError(f"{box.name} gave no UIDVALIDITY")
    return int(data[-1])


def uids_after(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    data = _check(client.uid("SEARCH", None, f"UID {last_uid + 1}:*"), "search")
    # "n:*" always matches the highest UID, even one below n (RFC 3501 6.4.8).
    return sorted(u for u in (int(x) for x in b" ".join(data or [b""]).split()) if u > last_uid)


def fetch_size(client: imaplib.IMAP4, uid: int) -> int:
    data = _check(client.uid("FETCH", str(uid), "(RFC822.SIZE)"), f"fetch size of {uid}")
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if isinstance(line, bytes) and (match := SIZE_LINE.search(line)):
            return int(match.group(1))
    raise ImapError(f"no size for message {uid}")


def fetch_raw(client: imaplib.IMAP4, uid: int) -> bytes:
    # BODY.PEEK leaves \Seen alone: it is set only once the message is stored.
    data = _check(client.uid("FETCH", str(uid), "(BODY.PEEK[])"), f"fetch {uid}")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    raise ImapError(f"message {uid} came without content")


def mark_seen(client: imaplib.IMAP4, uid: int) -> None:
    _check(client.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)"), f"mark {uid} seen")


def fetch(url: str | None = None, *, now=None) -> int:
    """One round over the mailbox; returns how many messages were newly queued."""
    box = parse_url(url or configured_url())
    client = connect(box)
    try:
        validity = uidvalidity(client, box)
        cursor, _created = MailboxCursor.objects.get_or_create(mailbox=box.name,
                                                               uidvalidity=validity)
        queued = 0
        for uid in uids_after(client, cursor.last_uid):
            taken = _take(client, box, validity, uid, now)
            if taken is not None:
                queued += taken
                mark_seen(client, uid)
            MailboxCursor.objects.filter(pk=cursor.pk).update(last_uid=uid,
                                                              fetched_at=timezone.now())
        return queued
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def _take(client, box: MailboxUrl, validity: int, uid: int, now) -> int | None:
    """Store one message: 1 if it is new to the queue, 0 if it was there already. A
    message that cannot be queued (too large, not e-mail) is logged and passed over
    (None): it stays in the mailbox unseen, for the registrar to deal with in a mail
    client, and the cursor moves past it so it is not tried every round."""
    if IncomingMessage.objects.filter(mailbox=box.name, uidvalidity=validity,
                                      uid=uid).exists():
        return 0
    try:
        mail.check_size(fetch_size(client, uid))
        raw = fetch_raw(client, uid)
        _message, created = actions.do_receive(
            raw, source=IncomingMessage.Source.IMAP, mailbox=box.name,
            uidvalidity=validity, uid=uid, received_at=now)
    except ValidationError as exc:
        logger.warning("intake: message %s in %s not queued: %s", uid, box.name,
                       "; ".join(exc.messages))
        return None
    return int(created)


def fetch_job(now) -> int:
    """The worker's job (kansli.handling.work): one round, when a mailbox is set."""
    if not configured_url():
        return 0
    return fetch(now=now)
