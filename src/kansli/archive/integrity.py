"""The whole of ``kansli verify``: the journal's hash chain, every stored file against its
recorded SHA-256, and every registered record against its creation event. See
docs/integrity.md.

Each check reports what it found as ``Finding``s naming the records affected (the case,
document or party of a broken event; the documents of a broken file; the record without
its creation event), so whoever reads the report knows what to look at.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from kansli.diary import journal
from kansli.diary.files import CHUNK, blob_path
from kansli.diary.models import Blob, Case, Document, DocumentFile, Event, JournalHead, Party

# The events that create a record, per object type. "import" comes from the e-archive
# import (kansli.archive.importer) and the import of diary exports (kansli.ingest).
CREATION_ACTIONS = {
    "case": ("open", "import"),
    "document": ("register", "import"),
    "party": ("create", "import"),
}
# `kansli generate` (benchmark data) writes one event per batch naming the id ranges of
# the cases and documents (and parties) it loaded.
GENERATE_ACTION = "generate"
# At most this many findings of one kind are listed; the rest are counted.
LISTED = 20


@dataclass
class Finding:
    check: str  # "chain", "file" or "record"
    message: str
    records: list[str] = field(default_factory=list)

    def __str__(self):
        if not self.records:
            return self.message
        return _("%(message)s — affected: %(records)s") % {
            "message": self.message, "records": "; ".join(self.records)}


@dataclass
class Report:
    events: int = 0
    head: str = journal.GENESIS
    files: int = 0
    bytes: int = 0
    records: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Findings beyond those listed, per check.
    more: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings


# Naming records -----------------------------------------------------------------------


def describe(object_type: str, object_id: int | None, case_id: int | None = None) -> str:
    """A record as a person looks for it: a case by its diary number, a document by its
    reference, a party by its id (never its name: the report may be read by anyone
    running the command, and a party may be secret)."""
    if object_type == "case":
        number = Case.objects.filter(pk=object_id).values_list("diary_number", flat=True)
        if number:
            return _("case %(number)s (id %(id)s)") % {"number": number[0], "id": object_id}
        return _("case id %(id)s (not in the database)") % {"id": object_id}
    if object_type == "document":
        row = Document.objects.filter(pk=object_id).values_list(
            "case__diary_number", "number").first()
        if row:
            return _("document %(reference)s (id %(id)s)") % {
                "reference": f"{row[0]}:{row[1]}", "id": object_id}
        return _("document id %(id)s (not in the database)") % {"id": object_id}
    if object_type == "party":
        return _("party id %(id)s") % {"id": object_id}
    text = f"{object_type} id {object_id}"
    if case_id is not None:
        text += ", " + describe("case", case_id)
    return text


def records_of_event(seq: int) -> list[str]:
    """The records an event concerns: its object, and its case if that is another."""
    row = Event.objects.filter(seq=seq).values_list("object_type", "object_id",
                                                    "case_id").first()
    if row is None:
        return []
    object_type, object_id, case_id = row
    records = [describe(object_type, object_id)]
    if case_id is not None and not (object_type == "case" and object_id == case_id):
        records.append(describe("case", case_id))
    return records


# The chain ----------------------------------------------------------------------------


def check_chain(report: Report, progress: Callable[[int], None] | None = None) -> None:
    count, problem = journal.verify(progress=progress)
    report.events = count
    head = JournalHead.objects.filter(pk=1).first()
    report.head = head.hash if head else journal.GENESIS
    if problem is None:
        return
    records = records_of_event(problem.seq)
    if problem.message.startswith("does not link"):
        # The event before it may be the one that was rewritten (its hash recomputed).
        for record in records_of_event(problem.seq - 1):
            if record not in records:
                records.append(record)
    if not records:
        records = [_("unknown: the event is no longer in the journal")]
    # The chain's line keeps the journal's own wording (docs/journal.md), untranslated,
    # so scripts can match it.
    report.findings.append(Finding(
        "chain", f"BROKEN: {problem} ({count} events verified before it)", records))


# Files --------------------------------------------------------------------------------


def file_owners(blob_id: int) -> list[str]:
    return [_("document %(reference)s (id %(id)s), file %(name)s") % {
        "reference": f"{diary_number}:{number}", "id": document_id, "name": name}
        for document_id, diary_number, number, name in DocumentFile.objects.filter(
            blob_id=blob_id).values_list("document_id", "document__case__diary_number",
                                         "document__number", "filename")[:LISTED]]


def check_files(report: Report, progress: Callable[[int], None] | None = None) -> None:
    """Hash every stored file and compare with its ``Blob``: missing, wrong size, or
    altered content. ``progress`` gets the bytes read."""
    found = 0
    for blob_id, sha256, size in Blob.objects.order_by("pk").values_list(
            "pk", "sha256", "size").iterator(chunk_size=2000):
        path = blob_path(sha256)
        digest = hashlib.sha256()
        read = 0
        problem = None
        try:
            with open(path, "rb") as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    read += len(chunk)
                    if progress:
                        progress(len(chunk))
        except FileNotFoundError:
            problem = _("file %(sha256)s is missing from the file store") % {"sha256": sha256}
        else:
            if read != size:
                problem = _("file %(sha256)s has %(read)d bytes, recorded %(size)d") % {
                    "sha256": sha256, "read": read, "size": size}
            elif digest.hexdigest() != sha256:
                problem = _("file %(sha256)s does not match its SHA-256") % {"sha256": sha256}
        report.files += 1
        report.bytes += read
        if problem:
            found += 1
            if found <= LISTED:
                report.findings.append(Finding("file", problem, file_owners(blob_id)))
    if found > LISTED:
        report.more["file"] = found - LISTED


def total_file_bytes() -> int:
    from django.db.models import Sum

    return Blob.objects.aggregate(total=Sum("size"))["total"] or 0


# Records ------------------------------------------------------------------------------


def _generated_ranges(key: str) -> Q:
    """The ids ``kansli generate`` loaded under its batch events (``key``: case_ids,
    document_ids or party_ids, each ``[first, last]``), as a filter."""
    query = Q(pk__in=[])
    for data in Event.objects.filter(action=GENERATE_ACTION).values_list("data", flat=True):
        first_last = data.get(key) if isinstance(data, dict) else None
        if first_last and len(first_last) == 2:
            query |= Q(pk__range=(first_last[0], first_last[1]))
    return query


def without_creation_event(model, object_type: str):
    created = Event.objects.filter(object_type=object_type, object_id=OuterRef("pk"),
                                   action__in=CREATION_ACTIONS[object_type])
    missing = model.objects.filter(~Exists(created)).exclude(
        _generated_ranges(f"{object_type}_ids"))
    return missing.order_by("pk")


def check_records(report: Report) -> None:
    for model, object_type in ((Case, "case"), (Document, "document"), (Party, "party")):
        report.records[object_type] = model.objects.count()
        missing = without_creation_event(model, object_type)
        count = missing.count()
        if not count:
            continue
        actions = " / ".join(CREATION_ACTIONS[object_type])
        for pk in missing.values_list("pk", flat=True)[:LISTED]:
            report.findings.append(Finding(
                "record", _("no creation event (%(actions)s) in the journal") % {
                    "actions": actions},
                [describe(object_type, pk)]))
        if count > LISTED:
            report.more["record"] = report.more.get("record", 0) + count - LISTED


# All of it ----------------------------------------------------------------------------


def verify_all(*, chain_progress=None, file_progress=None, files: bool = True,
               records: bool = True) -> Report:
    report = Report()
    check_chain(report, chain_progress)
    if files:
        check_files(report, file_progress)
    if records:
        check_records(report)
    return report
