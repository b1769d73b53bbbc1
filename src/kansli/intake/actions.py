"""Every change to the intake queue, one function per operation.

Each runs in one transaction, takes the acting user (None for the worker) and writes its
journal event in that same transaction. See docs/intake.md.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import journal
from kansli.diary.actions import NewFile, do_create_party, do_open_case, do_register_document
from kansli.diary.files import read_verified, staging
from kansli.diary.models import Blob, Case, Classification, Document, Party, Series
from kansli.lib.diarynumber import ParseError, normalise
from kansli.org.models import Organisation

from . import mail
from .models import IncomingMessage

MESSAGE_FILENAME = "meddelande.eml"


# Receiving ----------------------------------------------------------------------------


def existing(raw: bytes, message_id: str, *, mailbox: str = "", uidvalidity=None,
             uid=None) -> IncomingMessage | None:
    """The queued message these bytes (or this mailbox position) already are, if any."""
    sha = hashlib.sha256(raw).hexdigest()
    same = Q(message_id=message_id, raw__sha256=sha)
    if uid is not None:
        same |= Q(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid)
    return IncomingMessage.objects.filter(same).order_by("pk").first()


def do_receive(raw: bytes, *, source: str, acting_user=None, mailbox: str = "",
               uidvalidity: int | None = None, uid: int | None = None,
               received_at: datetime.datetime | None = None,
               parsed: mail.Parsed | None = None) -> tuple[IncomingMessage, bool]:
    """Queue a message from its bytes: (the message, whether it is new to the queue).

    The same message again (same Message-ID and bytes, or the same mailbox, UIDVALIDITY
    and UID) is not queued twice: the existing one comes back. Raises UnreadableMessage
    for what is not e-mail or is too large; nothing is stored then."""
    if source not in IncomingMessage.Source.values:
        raise ValidationError(_("Not a source of incoming mail."))
    parsed = parsed or mail.parse(raw)
    found = existing(raw, parsed.message_id, mailbox=mailbox, uidvalidity=uidvalidity,
                     uid=uid)
    if found:
        return found, False
    try:
        with transaction.atomic(), staging() as stage:
            raw_blob = stage.store([raw])
            attachments = []
            for attachment in parsed.attachments:
                blob = stage.store([attachment.content])
                attachments.append({"name": attachment.name,
                                    "media_type": attachment.media_type,
                                    "size": blob.size, "sha256": blob.sha256})
            message = IncomingMessage.objects.create(
                source=source, mailbox=mailbox if uid is not None else "",
                uidvalidity=uidvalidity if uid is not None else None, uid=uid,
                message_id=parsed.message_id, from_name=parsed.from_name,
                from_address=parsed.from_address, to=parsed.to, subject=parsed.subject,
                date=parsed.date, text=parsed.text, raw=raw_blob, attachments=attachments,
                problems=parsed.problems, received_at=received_at or timezone.now(),
                received_by=acting_user,
            )
            journal.record("intake.receive", message, acting_user=acting_user,
                           source=source, message_id=parsed.message_id,
                           sha256=raw_blob.sha256, size=raw_blob.size,
                           **({"mailbox": mailbox, "uidvalidity": uidvalidity, "uid": uid}
                              if uid is not None else {}))
    except IntegrityError:
        # Another process queued the same message between our look and our insert: the
        # constraint decided, and theirs is the one.
        found = existing(raw, parsed.message_id, mailbox=mailbox, uidvalidity=uidvalidity,
                         uid=uid)
        if found is None:
            raise
        return found, False
    return message, True


# Registering and dismissing ---------------------------------------------------------------


def _lock_new(message: IncomingMessage) -> IncomingMessage:
    message = IncomingMessage.objects.select_for_update().get(pk=message.pk)
    if message.status == IncomingMessage.Status.REGISTERED:
        raise ValidationError(_("The message is already registered."))
    if message.status == IncomingMessage.Status.DISMISSED:
        raise ValidationError(_("The message is already dismissed."))
    return message


def sender_party(message: IncomingMessage, *, acting_user) -> Party | None:
    """The party the message is from: found by its e-mail address, or created."""
    address = message.from_address.strip()
    try:
        validate_email(address)
    except ValidationError:
        address = ""
    if address:
        party = Party.objects.filter(email__iexact=address).order_by("pk").first()
        if party:
            return party
    name = message.from_name.strip() or address or message.from_address.strip()
    if not name:
        return None
    return do_create_party(acting_user=acting_user, kind=Party.Kind.PERSON, name=name[:300],
                           email=address)


def message_files(message: IncomingMessage) -> list[NewFile]:
    """The attachments, then the message itself as meddelande.eml."""
    blobs = {b.sha256: b for b in Blob.objects.filter(
        sha256__in=[a["sha256"] for a in message.attachments])}
    files = [NewFile(a["name"], read_verified(blobs[a["sha256"]]), a["media_type"])
             for a in message.attachments]
    files.append(NewFile(MESSAGE_FILENAME, read_verified(message.raw), "message/rfc822"))
    return files


def subject_or_default(message: IncomingMessage) -> str:
    return message.subject.strip() or _("E-mail without a subject")


def received_date(message: IncomingMessage) -> datetime.date:
    return timezone.localdate(message.date or message.received_at)


@transaction.atomic
def do_register(message: IncomingMessage, *, acting_user, case: Case,
                description: str = "", doc_type: str = Document.Type.EMAIL,
                secrecy_ground: str = "") -> Document:
    """Register the message as an incoming document in an existing case."""
    message = _lock_new(message)
    sender = sender_party(message, acting_user=acting_user)
    document = do_register_document(
        case, acting_user=acting_user, direction=Document.Direction.INCOMING,
        doc_type=doc_type, description=(description.strip() or subject_or_default(message))[:500],
        received_date=received_date(message),
        document_date=timezone.localdate(message.date) if message.date else None,
        senders=[sender] if sender else [], files=message_files(message),
        secrecy_ground=secrecy_ground)
    message.status = IncomingMessage.Status.REGISTERED
    message.document = document
    message.registered_at = document.registered_at
    message.registered_by = acting_user
    message.save(update_fields=["status", "document", "registered_at", "registered_by"])
    journal.record("intake.register", message, acting_user=acting_user, case=case,
                   document=document.pk, reference=document.reference)
    return document


@transaction.atomic
def do_register_new_case(message: IncomingMessage, *, acting_user, series: Series,
                         title: str = "", classification: Classification | None = None,
                         public_title: str = "", case_secrecy_ground: str = "",
                         unit=None, officer=None, description: str = "",
                         doc_type: str = Document.Type.EMAIL,
                         secrecy_ground: str = "") -> Document:
    """Open a case for the message (titled by its subject unless told otherwise) and
    register the message in it. Both, or neither."""
    message = _lock_new(message)
    case = do_open_case(series, acting_user=acting_user,
                        title=(title.strip() or subject_or_default(message))[:500],
                        public_title=public_title, classification=classification,
                        secrecy_ground=case_secrecy_ground, unit=unit, officer=officer)
    return do_register(message, acting_user=acting_user, case=case, description=description,
                       doc_type=doc_type, secrecy_ground=secrecy_ground)


@transaction.atomic
def do_dismiss(message: IncomingMessage, *, acting_user, reason: str) -> IncomingMessage:
    """Dismiss a message that is not to be registered (junk, a duplicate), with a
    reason. It stays in the queue, marked dismissed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason must be given."))
    message = _lock_new(message)
    message.status = IncomingMessage.Status.DISMISSED
    message.dismissed_reason = reason
    message.dismissed_at = timezone.now()
    message.dismissed_by = acting_user
    message.save(update_fields=["status", "dismissed_reason", "dismissed_at", "dismissed_by"])
    journal.record("intake.dismiss", message, acting_user=acting_user, reason=reason)
    return message


# Finding a case -------------------------------------------------------------------------


def find_case(number: str) -> Case | None:
    """The case with this diary number, however it is typed: exactly (white space and
    letter case aside), or parsed in the organisation's format (``KS 13/250-133`` for
    ``KS13/250-133``)."""
    number = number.strip()
    if not number or len(number) > 50:
        return None
    case = Case.objects.filter(number_key=normalise(number)).order_by("pk").first()
    if case is not None:
        return case
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        return None
    codes = {s.code.upper(): s.code for s in Series.objects.filter(organisation=organisation)}
    try:
        # Where the format has a space, any white space or none matches it: so none.
        parsed = organisation.number_format.parse("".join(number.split()), codes)
    except (ParseError, ValueError):
        return None
    return (Case.objects.filter(series__organisation=organisation,
                                series__code=parsed.series, year=parsed.year,
                                serial=parsed.serial).order_by("pk").first())
