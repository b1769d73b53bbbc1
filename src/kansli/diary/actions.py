"""Every change to the diary, one function per operation.

Each function runs in one transaction, takes the acting user, validates, changes the
records and writes its journal event in that same transaction. Views, commands and the
API call these; nothing else writes registered facts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.lib.diarynumber import DiaryNumber, normalise
from kansli.org.models import Unit

from . import journal, search
from .files import guess_media_type, staging
from .models import (
    Case,
    CaseAccess,
    Classification,
    Document,
    DocumentFile,
    DocumentParty,
    DocumentUnit,
    Party,
    SerialCounter,
    Series,
)


@dataclass
class NewFile:
    """A file to register, from memory. Uploaded files (Django's UploadedFile) work too:
    anything with ``name``, ``size``, ``chunks()`` and optionally ``content_type``."""

    name: str
    content: bytes
    content_type: str = ""

    @property
    def size(self) -> int:
        return len(self.content)

    def chunks(self):
        yield self.content


def _snapshot(obj, fields: Iterable[str]) -> dict:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, datetime.date | datetime.datetime):
            value = value.isoformat()
        out[name] = value
    return out


CASE_FIELDS = ("diary_number", "title", "public_title", "classification_id", "unit_id",
               "officer_id", "status")
DOCUMENT_FIELDS = ("number", "direction", "doc_type", "description", "document_date",
                   "received_date")
PARTY_FIELDS = ("kind", "name", "email", "address", "identity_number")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason must be given."))
    return reason


def _require_live(obj) -> None:
    if obj.is_cancelled:
        raise ValidationError(_("The registration is cancelled and cannot be changed."))


# Cases ----------------------------------------------------------------------------


def allocate_serial(series: Series, year: int) -> int:
    """The next serial of a series and year. The counter row stays locked until the
    transaction ends; the unique constraint on cases backs it up."""
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(
        series=series, year=year
    )
    counter.last_serial += 1
    SerialCounter.objects.filter(pk=counter.pk).update(last_serial=counter.last_serial)
    return counter.last_serial


@transaction.atomic
def do_open_case(
    series: Series,
    *,
    acting_user,
    title: str,
    public_title: str = "",
    classification: Classification | None = None,
    unit=None,
    officer=None,
    secrecy_ground: str = "",
    opened_at: datetime.datetime | None = None,
) -> Case:
    title = title.strip()
    if not title:
        raise ValidationError(_("A case needs a title."))
    if secrecy_ground and not public_title.strip():
        raise ValidationError(_("A case whose title is secret needs a public title."))
    opened_at = opened_at or timezone.now()
    year = timezone.localtime(opened_at).year
    serial = allocate_serial(series, year)
    fmt = series.organisation.number_format
    if fmt.has_classification and classification is None:
        raise ValidationError(_("This organisation's diary numbers need a classification."))
    number = DiaryNumber(series.code, year, serial, classification.code if classification else "")
    diary_number = fmt.format(number)
    case = Case.objects.create(
        series=series, year=year, serial=serial, diary_number=diary_number,
        number_key=normalise(diary_number), title=title, public_title=public_title.strip(),
        classification=classification, unit=unit, officer=officer, opened_at=opened_at,
        opened_by=acting_user,
    )
    if secrecy_ground:
        case.secrecy_ground = secrecy_ground.strip()
        case.secrecy_marked_at = opened_at
        case.secrecy_marked_by = acting_user
        case.save(update_fields=["secrecy_ground", "secrecy_marked_at", "secrecy_marked_by"])
    journal.record("open", case, acting_user=acting_user, case=case,
                   after=_snapshot(case, CASE_FIELDS), secrecy_ground=case.secrecy_ground)
    search.index_case(case, new=True)
    return case


@transaction.atomic
def do_import_case(
    series: Series,
    *,
    acting_user,
    diary_number: str,
    year: int,
    serial: int,
    title: str,
    opened_at: datetime.datetime,
    public_title: str = "",
    classification: Classification | None = None,
    secrecy_ground: str = "",
    source: dict | None = None,
) -> Case:
    """Bring in a case from an earlier system with the number it had. The counter of its
    series and year is raised to at least its serial, so new numbers follow it
    (docs/numbering.md, "Imported numbers"). ``source`` names the file it came from, for
    the journal."""
    title, diary_number = title.strip(), diary_number.strip()
    if not title or not diary_number:
        raise ValidationError(_("A case needs a title."))
    if secrecy_ground and not public_title.strip():
        raise ValidationError(_("A case whose title is secret needs a public title."))
    if Case.objects.filter(series=series, year=year, serial=serial).exists() or \
            Case.objects.filter(diary_number=diary_number).exists():
        raise ValidationError(_("The diary number %(number)s is already registered.")
                              % {"number": diary_number})
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(
        series=series, year=year)
    if counter.last_serial < serial:
        SerialCounter.objects.filter(pk=counter.pk).update(last_serial=serial)
    case = Case.objects.create(
        series=series, year=year, serial=serial, diary_number=diary_number,
        number_key=normalise(diary_number), imported=True, title=title,
        public_title=public_title.strip(), classification=classification,
        opened_at=opened_at, opened_by=acting_user,
        secrecy_ground=secrecy_ground.strip(),
        secrecy_marked_at=opened_at if secrecy_ground else None,
        secrecy_marked_by=acting_user if secrecy_ground else None,
    )
    journal.record("import", case, acting_user=acting_user, case=case,
                   after=_snapshot(case, CASE_FIELDS), secrecy_ground=case.secrecy_ground,
                   **({"source": source} if source else {}))
    search.index_case(case, new=True)
    return case


def _lock(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


@transaction.atomic
def do_correct_case(case: Case, *, acting_user, reason: str, **changes) -> Case:
    """Correct the title or public title of a case."""
    reason = _require_reason(reason)
    allowed = {"title", "public_title"}
    if not changes or set(changes) - allowed:
        raise ValidationError(_("Only the title and the public title can be corrected."))
    case = _lock(case)
    _require_live(case)
    before = _snapshot(case, changes)
    for name, value in changes.items():
        setattr(case, name, value.strip())
    if not case.title:
        raise ValidationError(_("A case needs a title."))
    if case.is_secret and not case.public_title:
        raise ValidationError(_("A case whose title is secret needs a public title."))
    if before == _snapshot(case, changes):
        raise ValidationError(_("The correction changes nothing."))
    case.save(update_fields=list(changes))
    journal.record("correct", case, acting_user=acting_user, case=case, reason=reason,
                   before=before, after=_snapshot(case, changes))
    search.index_case(case)
    return case


@transaction.atomic
def do_classify_case(case: Case, *, acting_user, classification: Classification,
                     reason: str = "") -> Case:
    """Set or change the classification. The diary number keeps the code it was given."""
    case = _lock(case)
    _require_live(case)
    if case.classification_id == classification.pk:
        raise ValidationError(_("The case already has this classification."))
    if case.classification_id is not None:
        reason = _require_reason(reason)
    before = _snapshot(case, ["classification_id"])
    case.classification = classification
    case.save(update_fields=["classification"])
    journal.record("classify", case, acting_user=acting_user, case=case, reason=reason,
                   before=before, after=_snapshot(case, ["classification_id"]))
    return case


@transaction.atomic
def do_assign_case(case: Case, *, acting_user, officer=None, unit=None) -> Case:
    """Give the case a (new) case officer and/or responsible unit."""
    case = _lock(case)
    _require_live(case)
    fields = []
    if officer is not None and officer.pk != case.officer_id:
        case.officer = officer
        fields.append("officer_id")
    if unit is not None and unit.pk != case.unit_id:
        case.unit = unit
        fields.append("unit_id")
    if not fields:
        raise ValidationError(_("The assignment changes nothing."))
    before = _snapshot(Case.objects.get(pk=case.pk), fields)
    case.save(update_fields=[f.removesuffix("_id") for f in fields])
    journal.record("assign", case, acting_user=acting_user, case=case, before=before,
                   after=_snapshot(case, fields))
    return case


STATUS_ORDER = [Case.Status.OPEN, Case.Status.IN_PROGRESS, Case.Status.DECIDED, Case.Status.CLOSED]


@transaction.atomic
def do_change_status(case: Case, *, acting_user, status: str, reason: str = "") -> Case:
    """Move a case forward (open → in progress → decided); closing is ``do_close_case``.
    Moving back, including reopening a closed case, needs a reason."""
    case = _lock(case)
    _require_live(case)
    if status not in Case.Status.values or status == Case.Status.CLOSED:
        raise ValidationError(_("Not a status a case can be given here."))
    if status == case.status:
        raise ValidationError(_("The case already has this status."))
    backwards = STATUS_ORDER.index(status) < STATUS_ORDER.index(case.status)
    if backwards:
        reason = _require_reason(reason)
    before = case.status
    case.status = status
    case.closed_at = None
    case.save(update_fields=["status", "closed_at"])
    journal.record("reopen" if before == Case.Status.CLOSED else "change_status", case,
                   acting_user=acting_user, case=case, reason=reason,
                   before={"status": before}, after={"status": status})
    return case


@transaction.atomic
def do_close_case(case: Case, *, acting_user, closed_at=None) -> Case:
    case = _lock(case)
    _require_live(case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is already closed."))
    before = case.status
    case.status = Case.Status.CLOSED
    case.closed_at = closed_at or timezone.now()
    case.save(update_fields=["status", "closed_at"])
    journal.record("close", case, acting_user=acting_user, case=case,
                   before={"status": before}, after={"status": case.status,
                                                     "closed_at": case.closed_at.isoformat()})
    return case


@transaction.atomic
def do_cancel_case(case: Case, *, acting_user, reason: str) -> Case:
    """Cancel (makulera) a wrong registration. It stays in the diary, marked cancelled."""
    reason = _require_reason(reason)
    case = _lock(case)
    _require_live(case)
    if case.documents.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(_("Cancel the case's documents first."))
    case.cancelled_at = timezone.now()
    case.cancelled_by = acting_user
    case.cancel_reason = reason
    case.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    journal.record("cancel", case, acting_user=acting_user, case=case, reason=reason)
    return case


@transaction.atomic
def do_grant_access(case: Case, *, acting_user, user) -> CaseAccess:
    """Let ``user`` (a case officer) read the secret documents of this case."""
    from . import access

    case = _lock(case)
    _require_live(case)
    if access.CASE_OFFICER not in access.roles(user):
        raise ValidationError(_("Access can be granted only to a case officer."))
    if case.access_grants.filter(user=user).exists():
        raise ValidationError(_("The user already has access to this case."))
    grant = CaseAccess.objects.create(case=case, user=user, granted_at=timezone.now(),
                                      granted_by=acting_user)
    journal.record("grant_access", case, acting_user=acting_user, case=case,
                   user=user.get_username())
    return grant


# Parties --------------------------------------------------------------------------


@transaction.atomic
def do_create_party(*, acting_user, kind: str, name: str, email: str = "", address: str = "",
                    identity_number: str = "", secrecy_ground: str = "") -> Party:
    name = name.strip()
    if not name:
        raise ValidationError(_("A party needs a name."))
    if kind not in Party.Kind.values:
        raise ValidationError(_("Not a kind of party."))
    party = Party(kind=kind, name=name, email=email.strip(), address=address.strip(),
                  identity_number=identity_number.strip())
    party.full_clean()
    if secrecy_ground:
        party.secrecy_ground = secrecy_ground.strip()
        party.secrecy_marked_at = timezone.now()
        party.secrecy_marked_by = acting_user
    party.save()
    journal.record("create", party, acting_user=acting_user,
                   after=_snapshot(party, ("kind", "name")), secrecy_ground=party.secrecy_ground)
    return party


@transaction.atomic
def do_correct_party(party: Party, *, acting_user, reason: str, **changes) -> Party:
    reason = _require_reason(reason)
    if not changes or set(changes) - set(PARTY_FIELDS):
        raise ValidationError(_("Not a field of a party."))
    party = _lock(party)
    before = _snapshot(party, changes)
    for name, value in changes.items():
        setattr(party, name, value.strip())
    party.full_clean()
    if before == _snapshot(party, changes):
        raise ValidationError(_("The correction changes nothing."))
    party.save(update_fields=list(changes))
    # A party's details are not secret-free by default: the journal keeps which fields
    # changed, and the values only for a party that is not secret.
    values = not party.is_secret
    journal.record("correct", party, acting_user=acting_user, reason=reason,
                   before=before if values else list(before),
                   after=_snapshot(party, changes) if values else list(changes))
    for document in party.documents.all():
        search.index_document(document)
    return party


# Documents ------------------------------------------------------------------------


def _attach_files(document: Document, files, stage, acting_user, at) -> list[DocumentFile]:
    from django.conf import settings
    from django.utils.text import get_valid_filename

    attached = []
    for upload in files:
        if not upload.size:
            raise ValidationError(_("The file %(name)s is empty.") % {"name": upload.name})
        if upload.size > settings.KANSLI_MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file %(name)s is larger than the limit.")
                                  % {"name": upload.name})
        blob = stage.store(upload.chunks())
        # Only the last part of the name, cleaned: shown to people, never a path.
        name = upload.name.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            name = get_valid_filename(name)
        except Exception:  # noqa: BLE001 - a name of only odd characters
            name = "fil"
        attached.append(DocumentFile.objects.create(
            document=document, blob=blob, filename=name[:255],
            media_type=guess_media_type(name, getattr(upload, "content_type", "") or ""),
            added_at=at, added_by=acting_user,
        ))
    return attached


def _file_facts(files: list[DocumentFile]) -> list[dict]:
    return [{"name": f.filename, "sha256": f.blob.sha256, "size": f.blob.size,
             "media_type": f.media_type} for f in files]


def do_register_document(
    case: Case,
    *,
    acting_user,
    direction: str,
    doc_type: str,
    description: str,
    received_date: datetime.date,
    document_date: datetime.date | None = None,
    senders: Iterable[Party] = (),
    recipients: Iterable[Party] = (),
    files=(),
    secrecy_ground: str = "",
    registered_at: datetime.datetime | None = None,
    sender_units: Iterable[Unit] = (),
    recipient_units: Iterable[Unit] = (),
    imported_from: dict | None = None,
) -> Document:
    """Register a document in a case; it gets the case's next document number. Senders
    and recipients are parties, or the organisation's own units. A document brought in
    from an earlier system names its source file (``imported_from``: name, SHA-256, …):
    its journal event is then ``import``."""
    with transaction.atomic(), staging() as stage:
        description = description.strip()
        if not description:
            raise ValidationError(_("Say briefly what the document concerns."))
        if direction not in Document.Direction.values:
            raise ValidationError(_("Not a direction of a document."))
        if doc_type not in Document.Type.values:
            raise ValidationError(_("Not a type of document."))
        senders, recipients = list(senders), list(recipients)
        sender_units, recipient_units = list(sender_units), list(recipient_units)
        if direction == Document.Direction.INCOMING and (recipients or recipient_units):
            raise ValidationError(_("An incoming document has senders, not recipients."))
        if direction == Document.Direction.OUTGOING and (senders or sender_units):
            raise ValidationError(_("An outgoing document has recipients, not senders."))
        case = _lock(case)
        _require_live(case)
        number = case.last_document_number + 1
        Case.objects.filter(pk=case.pk).update(last_document_number=number)
        at = registered_at or timezone.now()
        document = Document.objects.create(
            case=case, number=number, direction=direction, doc_type=doc_type,
            description=description, document_date=document_date, received_date=received_date,
            registered_at=at, registered_by=acting_user,
        )
        if secrecy_ground:
            document.secrecy_ground = secrecy_ground.strip()
            document.secrecy_marked_at = at
            document.secrecy_marked_by = acting_user
            document.save(update_fields=["secrecy_ground", "secrecy_marked_at",
                                         "secrecy_marked_by"])
        links = [DocumentParty(document=document, party=p, role=DocumentParty.Role.SENDER)
                 for p in senders]
        links += [DocumentParty(document=document, party=p, role=DocumentParty.Role.RECIPIENT)
                  for p in recipients]
        DocumentParty.objects.bulk_create(links)
        DocumentUnit.objects.bulk_create(
            [DocumentUnit(document=document, unit=u, role=DocumentParty.Role.SENDER)
             for u in sender_units]
            + [DocumentUnit(document=document, unit=u, role=DocumentParty.Role.RECIPIENT)
               for u in recipient_units])
        attached = _attach_files(document, files, stage, acting_user, at)
        journal.record(
            "import" if imported_from else "register", document, acting_user=acting_user,
            case=case,
            **({"source": imported_from} if imported_from else {}),
            after=_snapshot(document, DOCUMENT_FIELDS),
            senders=[p.pk for p in senders], recipients=[p.pk for p in recipients],
            files=_file_facts(attached), secrecy_ground=document.secrecy_ground,
            **({"sender_units": [u.name for u in sender_units]} if sender_units else {}),
            **({"recipient_units": [u.name for u in recipient_units]}
               if recipient_units else {}),
        )
        search.index_document(document, new=True, parties=senders + recipients, files=attached,
                              units=sender_units + recipient_units)
        return document


def do_add_files(document: Document, *, acting_user, files) -> list[DocumentFile]:
    """Add files to a registered document (a scan, an attachment that came later)."""
    with transaction.atomic(), staging() as stage:
        document = _lock(document)
        _require_live(document)
        files = list(files)
        if not files:
            raise ValidationError(_("Choose at least one file."))
        attached = _attach_files(document, files, stage, acting_user, timezone.now())
        journal.record("add_files", document, acting_user=acting_user, case=document.case,
                       files=_file_facts(attached))
        return attached


@transaction.atomic
def do_correct_document(document: Document, *, acting_user, reason: str,
                        senders=None, recipients=None, **changes) -> Document:
    """Correct registered facts of a document, with a reason."""
    reason = _require_reason(reason)
    allowed = set(DOCUMENT_FIELDS) - {"number"}
    if set(changes) - allowed:
        raise ValidationError(_("Not a field that can be corrected."))
    document = _lock(document)
    _require_live(document)
    before = _snapshot(document, changes)
    for name, value in changes.items():
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    after = _snapshot(document, changes)
    if "description" in changes and not document.description:
        raise ValidationError(_("Say briefly what the document concerns."))
    if "direction" in changes and document.direction not in Document.Direction.values:
        raise ValidationError(_("Not a direction of a document."))
    if "doc_type" in changes and document.doc_type not in Document.Type.values:
        raise ValidationError(_("Not a type of document."))
    for role, parties in ((DocumentParty.Role.SENDER, senders),
                          (DocumentParty.Role.RECIPIENT, recipients)):
        if parties is None:
            continue
        old = sorted(document.party_links.filter(role=role).values_list("party_id", flat=True))
        new = sorted(p.pk for p in parties)
        if old != new:
            before[role + "s"] = old
            after[role + "s"] = new
            document.party_links.filter(role=role).delete()
            DocumentParty.objects.bulk_create(
                [DocumentParty(document=document, party=p, role=role) for p in parties])
    if before == after:
        raise ValidationError(_("The correction changes nothing."))
    if changes:
        document.save(update_fields=list(changes))
    journal.record("correct", document, acting_user=acting_user, case=document.case,
                   reason=reason, before=before, after=after)
    search.index_document(document)
    return document


@transaction.atomic
def do_cancel_document(document: Document, *, acting_user, reason: str) -> Document:
    reason = _require_reason(reason)
    document = _lock(document)
    _require_live(document)
    document.cancelled_at = timezone.now()
    document.cancelled_by = acting_user
    document.cancel_reason = reason
    document.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    journal.record("cancel", document, acting_user=acting_user, case=document.case,
                   reason=reason)
    return document


# Secrecy --------------------------------------------------------------------------


@transaction.atomic
def do_mark_secret(obj: Case | Document | Party, *, acting_user, ground: str,
                   public_title: str = ""):
    """Mark a document, a case title or a party secret on a legal ground (e.g.
    "OSL 26 kap. 1 §"). A case title needs a public title to show instead."""
    ground = (ground or "").strip()
    if not ground:
        raise ValidationError(_("Give the legal ground for secrecy."))
    obj = _lock(obj)
    if not isinstance(obj, Party):
        _require_live(obj)
    if isinstance(obj, Case):
        public_title = (public_title or obj.public_title).strip()
        if not public_title:
            raise ValidationError(_("A case whose title is secret needs a public title."))
        obj.public_title = public_title
    before = {"secrecy_ground": obj.secrecy_ground}
    obj.secrecy_ground = ground
    obj.secrecy_marked_at = timezone.now()
    obj.secrecy_marked_by = acting_user
    fields = ["secrecy_ground", "secrecy_marked_at", "secrecy_marked_by"]
    obj.save(update_fields=fields + (["public_title"] if isinstance(obj, Case) else []))
    case = obj if isinstance(obj, Case) else getattr(obj, "case", None)
    journal.record("mark_secret", obj, acting_user=acting_user, case=case, before=before,
                   after={"secrecy_ground": ground})
    _reindex(obj)
    return obj


@transaction.atomic
def do_lift_secrecy(obj: Case | Document | Party, *, acting_user, reason: str):
    """Secrecy no longer applies (the ground lapsed, or a review found it does not)."""
    reason = _require_reason(reason)
    obj = _lock(obj)
    if not obj.is_secret:
        raise ValidationError(_("This is not marked secret."))
    before = {"secrecy_ground": obj.secrecy_ground}
    obj.secrecy_ground = ""
    obj.save(update_fields=["secrecy_ground"])
    case = obj if isinstance(obj, Case) else getattr(obj, "case", None)
    journal.record("lift_secrecy", obj, acting_user=acting_user, case=case, reason=reason,
                   before=before, after={"secrecy_ground": ""})
    _reindex(obj)
    return obj


def _reindex(obj):
    if isinstance(obj, Case):
        search.index_case(obj)
    elif isinstance(obj, Document):
        search.index_document(obj)
    else:
        for document in obj.documents.all():
            search.index_document(document)


@transaction.atomic
def record_secret_read(document: Document, *, acting_user, what: str = "document"):
    """Reading a secret document is logged: who read which, and what (the entry or a
    file)."""
    journal.record("read_secret", document, acting_user=acting_user, case=document.case,
                   what=what)
