"""What the public may see of the diary: the one place of the rules that every public
output — the public pages, feeds, OParl, exports — follows. See docs/public-access.md.

- Cancelled registrations are not public entries (they were wrong; they may hold what
  should never have been written down).
- A case whose title is secret shows its public title.
- A secret document is an entry that says it is secret and on which ground: its
  number, dates, direction and type, never its description, parties or files.
- A party subject to secrecy shows as such; a private person shows as "private person"
  (names of individuals are not published); organisations and the organisation's own
  units by name.
- Every text passes through ``kansli.lib.personnummer.mask``.
- Files of public documents are offered only when the organisation publishes files
  (``Organisation.publish_files``); otherwise the page says how to ask for them.

These functions read what the queryset gives them; callers prefetch (``PUBLIC_PREFETCH``)
so a page of entries costs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from kansli.lib.personnummer import mask

from .models import Case, Document, DocumentFile, DocumentParty, DocumentUnit, Party


def public_cases():
    return Case.objects.filter(cancelled_at=None)


def public_documents():
    return Document.objects.filter(cancelled_at=None, case__cancelled_at=None)


PUBLIC_PREFETCH = (
    Prefetch("party_links", queryset=DocumentParty.objects.select_related("party")
             .order_by("role", "party__name", "pk")),
    Prefetch("unit_links", queryset=DocumentUnit.objects.select_related("unit")
             .order_by("role", "unit__name", "pk")),
    Prefetch("files", queryset=DocumentFile.objects.select_related("blob").order_by("pk")),
)


def case_title(case: Case) -> str:
    return mask(case.shown_title)


def party_name(party: Party) -> str:
    if party.is_secret:
        return _("Party subject to secrecy")
    if party.kind == Party.Kind.PERSON:
        return _("Private person")
    return mask(party.name)


@dataclass(frozen=True)
class PublicFile:
    pk: int
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass
class PublicDocument:
    pk: int
    case_id: int
    number: int
    reference: str
    direction: str
    doc_type: str
    received_date: datetime.date
    document_date: datetime.date | None
    secret: bool
    secrecy_ground: str
    # None when secret: the entry says only that it is secret, and why.
    description: str | None
    senders: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    files: list[PublicFile] = field(default_factory=list)
    files_withheld: bool = False  # public, but the organisation does not publish files


def document_entry(document: Document, *, publish_files: bool) -> PublicDocument:
    """The public entry of a registered document (``document.case`` loaded, links
    prefetched with ``PUBLIC_PREFETCH``)."""
    entry = PublicDocument(
        pk=document.pk, case_id=document.case_id, number=document.number,
        reference=document.reference, direction=document.direction,
        doc_type=document.doc_type, received_date=document.received_date,
        document_date=document.document_date, secret=document.is_secret,
        secrecy_ground=document.secrecy_ground,
        description=None if document.is_secret else mask(document.description))
    if document.is_secret:
        return entry
    for link in document.party_links.all():
        names = entry.senders if link.role == DocumentParty.Role.SENDER else entry.recipients
        names.append(party_name(link.party))
    for link in document.unit_links.all():
        names = entry.senders if link.role == DocumentParty.Role.SENDER else entry.recipients
        names.append(mask(link.unit.name))
    files = list(document.files.all())
    if publish_files:
        entry.files = [PublicFile(f.pk, mask(f.filename), f.media_type, f.blob.size,
                                  f.blob.sha256) for f in files]
    else:
        entry.files_withheld = bool(files)
    return entry


def public_file(document: Document, file_pk: int, *, publish_files: bool
                ) -> DocumentFile | None:
    """A file the public may download, or None."""
    if not publish_files or document.is_secret or document.is_cancelled \
            or document.case.is_cancelled:
        return None
    return document.files.filter(pk=file_pk).select_related("blob").first()
