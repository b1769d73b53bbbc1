"""Dispatch (expediering): every change through one function. See docs/dispatch.md.

``do_dispatch`` records the dispatch and its outgoing registration in one transaction;
e-mail goes out after commit. Sending is claimed with a conditional UPDATE
(queued/failed → sending), so two senders never both send one dispatch, and a sender
killed mid-conversation leaves the row in "sending", which is never sent again by
itself: at most once, rather than twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import journal
from kansli.diary.actions import do_register_document
from kansli.diary.models import Document, DocumentParty, Party
from kansli.org.models import Unit

from .models import Dispatch

logger = logging.getLogger(__name__)

# Stored in the diary as written; the registration's description is a record, not UI.
CHANNEL_TERMS = {"email": "e-post", "post": "post", "hand": "bud"}
MAX_ATTEMPTS = 10
# A queued e-mail whose after-commit send never ran (the process died) is picked up by
# the retry job after this long.
QUEUED_GRACE = datetime.timedelta(minutes=2)
RECEIPT_SALT = "kansli.dispatch.receipt"


def backoff(attempts: int) -> datetime.timedelta:
    """How long after a failed attempt the next one is due: 1, 2, 4 … at most 60 minutes."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _recipient_key(recipient) -> tuple[str, int]:
    return ("party" if isinstance(recipient, Party) else "unit", recipient.pk)


def _is_registered_recipient(document: Document, recipient) -> bool:
    if isinstance(recipient, Party):
        return document.party_links.filter(party=recipient,
                                           role=DocumentParty.Role.RECIPIENT).exists()
    return document.unit_links.filter(unit=recipient,
                                      role=DocumentParty.Role.RECIPIENT).exists()


@transaction.atomic
def do_dispatch(
    document: Document,
    *,
    acting_user,
    recipients: Iterable[Party | Unit],
    channel: str,
    confirm_repeat: bool = False,
) -> list[Dispatch]:
    """Dispatch ``document`` to each recipient by ``channel``; one Dispatch per recipient."""
    if channel not in Dispatch.Channel.values:
        raise ValidationError(_("Not a channel of dispatch."))
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        raise ValidationError(_("Choose at least one recipient."))
    for r in recipients:
        if not isinstance(r, Party | Unit):
            raise TypeError(f"not a party or unit: {r!r}")
    # Lock the document: two dispatches of it at once would both pass the repeat check.
    document = Document.objects.select_for_update().select_related("case").get(pk=document.pk)
    if document.is_cancelled:
        raise ValidationError(_("The registration is cancelled and cannot be changed."))
    if channel == Dispatch.Channel.EMAIL and document.is_secret:
        raise ValidationError(_("A document marked secret is not sent by e-mail (open "
                                "networks); dispatch it by post or by hand."))
    if channel == Dispatch.Channel.EMAIL:
        missing = [str(r) for r in recipients if not r.email]
        if missing:
            raise ValidationError(
                _("No e-mail address for: %(names)s.") % {"names": ", ".join(missing)})
    if channel == Dispatch.Channel.POST:
        # The organisation's own units get internal mail; others need an address.
        missing = [str(r) for r in recipients if isinstance(r, Party) and not r.address]
        if missing:
            raise ValidationError(
                _("No postal address for: %(names)s.") % {"names": ", ".join(missing)})
    earlier = {("party", d.party_id) if d.party_id else ("unit", d.unit_id)
               for d in document.dispatches.all()}
    repeated = [r for r in recipients if _recipient_key(r) in earlier]
    if repeated and not confirm_repeat:
        raise ValidationError(
            _("Already dispatched to: %(names)s. Confirm to send it again.")
            % {"names": ", ".join(str(r) for r in repeated)})

    now = timezone.now()
    # The rule (docs/dispatch.md): an outgoing document already registered with these
    # recipients is itself the record of its first dispatch to them; anything else gets
    # an outgoing registration of its own.
    if (document.direction == Document.Direction.OUTGOING and not repeated
            and all(_is_registered_recipient(document, r) for r in recipients)):
        registration = document
    else:
        registration = do_register_document(
            document.case, acting_user=acting_user, direction=Document.Direction.OUTGOING,
            doc_type=document.doc_type,
            description=(f"Expediering av {document.reference} {document.description} "
                         f"({CHANNEL_TERMS[channel]})")[:500],
            received_date=timezone.localdate(now), registered_at=now,
            recipients=[r for r in recipients if isinstance(r, Party)],
            recipient_units=[r for r in recipients if isinstance(r, Unit)],
            # The record of a secret document's dispatch names it: as secret as it is.
            secrecy_ground=document.secrecy_ground,
        )
    by_hand = channel != Dispatch.Channel.EMAIL
    dispatches = [
        Dispatch.objects.create(
            document=document, registration=registration, channel=channel,
            party=r if isinstance(r, Party) else None, unit=r if isinstance(r, Unit) else None,
            address=(r.email if channel == Dispatch.Channel.EMAIL
                     else getattr(r, "address", "")),
            # Post and hand are done by the acting user: sent as they are recorded.
            status=Dispatch.Status.SENT if by_hand else Dispatch.Status.QUEUED,
            sent_at=now if by_hand else None, created_at=now, created_by=acting_user,
        )
        for r in recipients
    ]
    journal.record(
        "dispatch", document, acting_user=acting_user, case=document.case, channel=channel,
        registration=registration.pk, repeat=bool(repeated),
        recipients=[f"{kind}:{pk}" for kind, pk in map(_recipient_key, recipients)],
        dispatches=[d.pk for d in dispatches],
    )
    if not by_hand:
        ids = [d.pk for d in dispatches]
        transaction.on_commit(lambda: send_queued(ids))
    return dispatches


def _claim(pk: int, now, condition: Q) -> bool:
    """Take one dispatch for sending. Only one caller's UPDATE matches the condition."""
    return bool(
        Dispatch.objects.filter(condition, pk=pk, channel=Dispatch.Channel.EMAIL).update(
            status=Dispatch.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _send_claimed(pk: int) -> bool:
    """Send a claimed dispatch and record the outcome. True when the server accepted it."""
    from .email import transport

    dispatch = Dispatch.objects.select_related("document__case", "party", "unit").get(pk=pk)
    try:
        transport.send(dispatch)
    except Exception as exc:  # noqa: BLE001 - any failure of the transport is a failure
        logger.warning("dispatch %s failed: %s", pk, exc)
        with transaction.atomic():
            Dispatch.objects.filter(pk=pk, status=Dispatch.Status.SENDING).update(
                status=Dispatch.Status.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000])
            journal.record("dispatch_failed", dispatch, acting_user=None,
                           case=dispatch.document.case, error=str(exc)[:500])
        return False
    with transaction.atomic():
        Dispatch.objects.filter(pk=pk, status=Dispatch.Status.SENDING).update(
            status=Dispatch.Status.SENT, sent_at=timezone.now(), last_error="")
        journal.record("dispatch_sent", dispatch, acting_user=None,
                       case=dispatch.document.case, address=dispatch.address)
    return True


def send_queued(ids: Iterable[int]) -> int:
    """Send queued e-mail dispatches (run after the dispatch's commit)."""
    sent = 0
    for pk in ids:
        if _claim(pk, timezone.now(), Q(status=Dispatch.Status.QUEUED)):
            sent += _send_claimed(pk)
    return sent


def retry_failed(now) -> int:
    """The worker's job: send failed e-mail dispatches whose wait is over, and queued ones
    whose after-commit send never happened. Returns how many the server accepted."""
    due = Dispatch.objects.filter(
        Q(status=Dispatch.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(status=Dispatch.Status.QUEUED, created_at__lte=now - QUEUED_GRACE),
        channel=Dispatch.Channel.EMAIL,
    ).order_by("created_at").values_list("pk", "status", "attempts", "claimed_at")[:100]
    sent = 0
    for pk, status, attempts, claimed_at in due:
        if status == Dispatch.Status.FAILED:
            if claimed_at and claimed_at + backoff(attempts) > now:
                continue
            condition = Q(status=Dispatch.Status.FAILED, attempts=attempts)
        else:
            condition = Q(status=Dispatch.Status.QUEUED)
        if _claim(pk, now, condition):
            sent += _send_claimed(pk)
    return sent


# Receipts ---------------------------------------------------------------------------


def receipt_token(dispatch: Dispatch) -> str:
    return signing.dumps(dispatch.pk, salt=RECEIPT_SALT)


def dispatch_for_token(token: str) -> Dispatch | None:
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT)
    except signing.BadSignature:
        return None
    return Dispatch.objects.filter(pk=pk).select_related("document__case").first()


@transaction.atomic
def do_confirm_receipt(dispatch: Dispatch, *, acting_user=None) -> bool:
    """Record the recipient's receipt, once. False when it was confirmed before."""
    now = timezone.now()
    if not Dispatch.objects.filter(pk=dispatch.pk, receipt_at__isnull=True).update(
            receipt_at=now):
        return False
    dispatch.receipt_at = now
    journal.record("dispatch_receipt", dispatch, acting_user=acting_user,
                   case=dispatch.document.case)
    return True
