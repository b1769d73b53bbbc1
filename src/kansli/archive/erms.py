"""The ERMS XML of an archive package: CITS ERMS v3 (Riksarkivet's FGS Ärendehantering
2.0), namespace ``https://DILCIS.eu/XML/ERMS``.

One ``aggregation`` (``aggregationType="caseFile"``) per case and one ``record`` per
registered document in it. What goes where (docs/archive-export.md has the table):

- identifiers: ``objectId`` is the diary number (``KS13/250-133``) or the document
  reference (``KS13/250-133:4``), also given as ``identification``; ``systemIdentifier``
  is a UUID derived from the organisation and that identifier, so the same case gets the
  same UUID in every export;
- titles: ``title`` is the real title (a document's: what it concerns); a case whose
  title is secret has its public title as ``otherTitle titleType="public_title"`` and a
  ``restriction restrictionType="confidential"`` whose ``regulation`` is the legal
  ground (OSL); a secret document or party likewise;
- classification, status, dates (``opened``/``created``, ``received``/``created``/
  ``sent`` by direction, ``originated`` for the document's own date, ``captured`` for
  the registration, ``decision``, ``closed``);
- agents: case officer (``responsible_person``), registrar (``opening_person`` for the
  case, ``other``/``registrar`` for a document), senders and recipients (parties and
  the organisation's own units), signatories of an officer's report;
- relations: the decision basis of an officer's report (``own_relation_definition``,
  ``decision_basis``), the rendered versions of a document (``has_rendition_version``,
  the rendered file's path), an extract's paragraph;
- the files: ``additionalInformation/appendix`` (name, path, media type), with their
  SHA-256 and size in Kansli's extension (``additionalXMLData``, namespace ``K``);
- the journal: each event of the case as an ``archivalHistory/historyLine``, and whole
  (its canonical JSON, previous hash and hash) in Kansli's extension, so anyone can
  recompute each event's hash (docs/journal.md).

Everything is written with ``lxml.etree.xmlfile`` one case at a time: a package of any
size is never held in memory.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.text import get_valid_filename
from lxml import etree

from kansli.diary import journal
from kansli.diary.models import Case, Document, DocumentFile, DocumentParty, DocumentUnit, Event

NS = "https://DILCIS.eu/XML/ERMS"
# Kansli's own extension, inside additionalXMLData / agentExtendingXMLInformation /
# extraMetadataInformation (``xs:any``, processContents="lax").
K = "urn:kansli:archive:1"
NSMAP = {None: NS, "k": K}
SCHEMA_ID = "kansli-classification"
UUID_NAMESPACE = uuid.UUID("6f0e4b3c-5d59-4b54-9a0e-2f9f7f2e6a11")
DATA_DIR = "representations/rep1/data"

DIRECTIONS = {
    Document.Direction.INCOMING: ("incoming", None),
    Document.Direction.OUTGOING: ("outgoing", None),
    Document.Direction.DRAWN_UP: ("other", "drawn_up"),
}
# The ERMS date type of the day a document came in, was drawn up or went out.
RECEIVED_DATE_TYPE = {
    Document.Direction.INCOMING: "received",
    Document.Direction.DRAWN_UP: "created",
    Document.Direction.OUTGOING: "sent",
}
RECORD_STATUS = {
    Document.Direction.INCOMING: "received",
    Document.Direction.DRAWN_UP: "closed",
    Document.Direction.OUTGOING: "expedited",
}


def e(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def k(tag: str) -> str:
    return f"{{{K}}}{tag}"


def sub(parent, tag: str, text=None, **attrs):
    element = etree.SubElement(parent, e(tag), {a: str(v) for a, v in attrs.items()
                                                if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def system_id(organisation: str, kind: str, identifier: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, f"{organisation}\n{kind}\n{identifier}"))


def moment(value: datetime.datetime) -> str:
    """A point in time: xs:dateTime in UTC."""
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds").replace(
        "+00:00", "Z")


def day(value: datetime.date) -> str:
    """A calendar day as xs:dateTime without a time zone (midnight, local)."""
    return f"{value.isoformat()}T00:00:00"


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "system"


# Files --------------------------------------------------------------------------------


@dataclass
class FileEntry:
    """A file of a document and where it lies in the package."""

    file: DocumentFile
    path: str  # relative to the package root, with "/"
    sha256: str
    size: int
    media_type: str


def case_folder(case: Case) -> str:
    return get_valid_filename(case.diary_number.replace("/", "_")) or f"case-{case.pk}"


def file_entries(case: Case, documents: list[Document]) -> dict[int, list[FileEntry]]:
    """The files of each document, by document id, with their paths in the package:
    ``representations/rep1/data/<diary number>/<document number>/<file name>``."""
    folder = case_folder(case)
    out: dict[int, list[FileEntry]] = {}
    for document in documents:
        used: set[str] = set()
        entries = []
        for f in document.archive_files:
            name = get_valid_filename(f.filename) or "fil"
            stem, dot, suffix = name.rpartition(".")
            candidate, n = name, 1
            while candidate.lower() in used:
                n += 1
                candidate = f"{stem}-{n}.{suffix}" if dot and stem else f"{name}-{n}"
            used.add(candidate.lower())
            path = str(PurePosixPath(DATA_DIR, folder, str(document.number), candidate))
            entries.append(FileEntry(f, path, f.blob.sha256, f.blob.size, f.media_type))
        out[document.pk] = entries
    return out


# Loading what a chunk of cases needs, in a fixed number of queries -------------------------


def _grouped(rows, key, attribute: str, owners: dict) -> None:
    for row in rows:
        getattr(owners[getattr(row, key)], attribute).append(row)


def load_cases(case_ids: list[int]) -> list[Case]:
    """The cases of ``case_ids`` (in that order) with what their ERMS needs, in a fixed
    number of queries: ``case.archive_documents``, ``case.archive_events``,
    ``case.archive_paragraphs``; per document ``archive_parties``, ``archive_units``,
    ``archive_files`` and ``archive_report`` (an officer's report, with
    ``archive_basis`` and ``archive_signatories``). Plain lists rather than Django's
    prefetching, which builds a queryset per object and per relation."""
    from kansli.meetings.models import BasisEntry, OfficersReport, Paragraph, Signatory

    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids).select_related(
        "series", "series__body", "series__organisation", "classification", "unit",
        "officer", "opened_by")}
    for case in cases.values():
        case.archive_documents, case.archive_events, case.archive_paragraphs = [], [], []
    documents = {}
    for document in (Document.objects.filter(case_id__in=case_ids)
                     .select_related("registered_by").order_by("case_id", "number")):
        document.case = cases[document.case_id]
        document.archive_parties, document.archive_units, document.archive_files = [], [], []
        document.archive_report = None
        documents[document.pk] = document
        document.case.archive_documents.append(document)
    _grouped(DocumentParty.objects.filter(document__case_id__in=case_ids)
             .select_related("party").order_by("role", "pk"),
             "document_id", "archive_parties", documents)
    _grouped(DocumentUnit.objects.filter(document__case_id__in=case_ids)
             .select_related("unit").order_by("role", "pk"),
             "document_id", "archive_units", documents)
    _grouped(DocumentFile.objects.filter(document__case_id__in=case_ids).select_related(
        "blob", "rendering__paragraph__meeting", "rendering__paragraph__body")
        .order_by("added_at", "pk"), "document_id", "archive_files", documents)
    reports = {}
    for report in OfficersReport.objects.filter(document__case_id__in=case_ids):
        report.archive_basis, report.archive_signatories = [], []
        documents[report.document_id].archive_report = report
        reports[report.pk] = report
    _grouped(BasisEntry.objects.filter(report_id__in=reports).select_related(
        "document__case", "paragraph__meeting", "paragraph__body").order_by("order"),
        "report_id", "archive_basis", reports)
    _grouped(Signatory.objects.filter(report_id__in=reports).order_by("order"),
             "report_id", "archive_signatories", reports)
    _grouped(Event.objects.filter(case_id__in=case_ids).order_by("seq"),
             "case_id", "archive_events", cases)
    _grouped(Paragraph.objects.filter(case_id__in=case_ids).select_related("meeting", "body")
             .order_by("meeting__start", "number"), "case_id", "archive_paragraphs", cases)
    return [cases[pk] for pk in case_ids if pk in cases]


# The control section ---------------------------------------------------------------------


@dataclass
class Control:
    package_id: str
    organisation: object  # org.models.Organisation
    created: datetime.datetime
    classifications: list = field(default_factory=list)  # Classification rows
    head: tuple[int, str] | None = None  # the journal head at the export
    agent: str = "Kansli"
    version: str = ""


def control(info: Control) -> etree._Element:
    org = info.organisation
    root = etree.Element(e("control"), nsmap=NSMAP)
    sub(root, "identification", info.package_id, identificationType="package_id")
    sub(root, "identification", org.name, identificationType="organisation")
    schema = sub(root, "classificationSchema", classificationSchemaId=SCHEMA_ID,
                 classificationSchemaStatus="current")
    text = sub(schema, "textualDescriptionOfClassificationSchema")
    sub(text, "p", "The classification structure of the diary (KLASSA or the "
                   "organisation's own codes); each case names its code.")
    extra = sub(sub(schema, "additionalInformation"), "additionalXMLData")
    classes = etree.SubElement(extra, k("classification"))
    for node in info.classifications:
        item = etree.SubElement(classes, k("class"), code=node.code, title=node.title)
        if node.parent_id:
            item.set("parent", node.parent.code)
        if node.description:
            item.text = node.description
    sub(sub(root, "dates"), "date", moment(info.created), dateType="created")
    maintenance = sub(root, "maintenanceInformation")
    sub(maintenance, "maintenanceStatus", value="new")
    agency = sub(maintenance, "maintenanceAgency")
    if org.organisation_number:
        sub(agency, "agencyCode", org.organisation_number, type="organisation_number")
    sub(agency, "agencyName", org.name)
    history = sub(maintenance, "maintenanceHistory")
    event = sub(history, "maintenanceEvent")
    sub(event, "eventType", value="created")
    sub(event, "eventDateTime", moment(info.created))
    agent = sub(event, "agent", agentType="creator")
    sub(agent, "name", info.agent)
    sub(agent, "role", "export")
    system = sub(root, "systemInformation")
    meta = sub(system, "extraMetadataInformation")
    facts = etree.SubElement(meta, k("system"), name="Kansli", version=info.version,
                             numberFormat=org.diary_number_format)
    if info.head is not None:
        facts.set("journalSeq", str(info.head[0]))
        facts.set("journalHead", info.head[1])
    return root


# Agents -----------------------------------------------------------------------------------


def agent(parent, agent_type: str, name: str, *, other: str | None = None,
          extension: etree._Element | None = None, organisation: str | None = None,
          unit: str | None = None, id_number: tuple[str, str] | None = None,
          role: str | None = None, address: str = "", email: str = "",
          protected: bool | None = None, tag: str = "agent"):
    node = sub(parent, tag, agentType=agent_type,
               otherAgentType=other if agent_type == "other" else None)
    sub(node, "name", name)
    if extension is not None:
        holder = sub(sub(node, "agentExtendingInformation"), "agentExtendingXMLInformation")
        holder.append(extension)
    if organisation:
        sub(node, "organisation", organisation)
    if unit:
        sub(node, "unitName", unit)
    if id_number and id_number[1]:
        sub(node, "idNumber", id_number[1], idNumberType=id_number[0])
    if role:
        sub(node, "role", role)
    if address or email:
        contact = sub(node, "addressContactInformation")
        if address:
            sub(contact, "addressLine", address, addressType="postal_address")
        if email:
            sub(contact, "contactLine", email, contactType="email")
    if protected is not None:
        sub(node, "protectedIdentity", "true" if protected else "false")
    return node


def user_agent(parent, agent_type: str, user, *, role: str, other: str | None = None,
               unit: str | None = None):
    return agent(parent, agent_type, user_name(user), other=other, unit=unit,
                 id_number=("username", user.get_username()) if user else None, role=role)


def party_agent(parent, agent_type: str, party, organisation: str):
    extension = etree.Element(k("party"), id=str(party.pk), kind=party.kind)
    if party.secrecy_ground:
        extension.set("secrecyGround", party.secrecy_ground)
    number_type = ("personal_identity_number" if party.kind == "person"
                   else "organisation_number")
    return agent(parent, agent_type, party.name, extension=extension,
                 id_number=(number_type, party.identity_number), address=party.address,
                 email=party.email, protected=party.is_secret,
                 role=str(party.get_kind_display()))


def unit_agent(parent, agent_type: str, unit, organisation: str):
    extension = etree.Element(k("unit"))
    return agent(parent, agent_type, unit.name, extension=extension,
                 organisation=organisation, unit=unit.name, email=unit.email,
                 role="unit")


def restriction(parent, ground: str, explanation: str, marked_at=None):
    node = sub(parent, "restriction", restrictionType="confidential")
    sub(node, "explanatoryText", explanation)
    sub(node, "regulation", ground)
    if marked_at:
        sub(sub(node, "dates"), "date", moment(marked_at), dateType="confidentiality_assessed")
    return node


# Records ----------------------------------------------------------------------------------


def basis_text(entry) -> tuple[str, str]:
    """(what the relation names, its kind): a document's reference, a paragraph's
    citation, or the line as written."""
    if entry.document_id:
        return f"{entry.document.case.diary_number}:{entry.document.number}", "document"
    if entry.paragraph_id:
        return entry.paragraph.citation, "paragraph"
    return entry.text, "label"


def record(case: Case, document: Document, files: list[FileEntry], org_name: str):
    reference = f"{case.diary_number}:{document.number}"
    node = etree.Element(e("record"), nsmap=NSMAP, systemIdentifier=system_id(
        org_name, "document", reference), recordType=document.doc_type,
        recordPhysicalOrDigital="digital" if files else "does_not_apply",
        classificationSchemaUsed=SCHEMA_ID)
    sub(node, "objectId", reference)
    sub(node, "identification", reference, identificationType="document_reference")
    if case.classification_id:
        sub(node, "classification", case.classification.title,
            classificationCode=case.classification.code)
    sub(node, "title", document.description)
    status = "obliterated" if document.is_cancelled else RECORD_STATUS[document.direction]
    sub(node, "status", value=status)
    sub(node, "runningNumber", document.number)
    report = document.archive_report
    if report is not None:
        for entry in report.archive_basis:
            text, kind = basis_text(entry)
            sub(node, "relation", text, relationType="own_relation_definition",
                otherRelationType=f"decision_basis_{kind}")
    renders = [f for f in files if hasattr(f.file, "rendering")]
    for entry in renders:
        sub(node, "relation", entry.path, relationType="has_rendition_version")
        rendering = entry.file.rendering
        if rendering.paragraph_id:
            sub(node, "relation", rendering.paragraph.citation,
                relationType="own_relation_definition", otherRelationType="extract_of")
    if document.is_secret:
        restriction(node, document.secrecy_ground,
                    "The document is subject to secrecy.", document.secrecy_marked_at)
    direction, other = DIRECTIONS[document.direction]
    sub(node, "direction", directionDefinition=direction,
        otherDirectionDefinition=other)
    agents = sub(node, "agents")
    for link in document.archive_parties:
        party_agent(agents, "sender" if link.role == DocumentParty.Role.SENDER
                    else "recipient", link.party, org_name)
    for link in document.archive_units:
        unit_agent(agents, "sender" if link.role == DocumentParty.Role.SENDER
                   else "recipient", link.unit, org_name)
    if report is not None:
        for position, signatory in enumerate(report.archive_signatories):
            agent(agents, "main_signatory" if position == 0 else "other_signatory",
                  signatory.name, role=signatory.title)
    user_agent(agents, "other", document.registered_by, role="registrar", other="registrar")
    dates = sub(node, "dates")
    sub(dates, "date", day(document.received_date),
        dateType=RECEIVED_DATE_TYPE[document.direction])
    if document.document_date:
        sub(dates, "date", day(document.document_date), dateType="originated")
    sub(dates, "date", moment(document.registered_at), dateType="captured")
    for entry in renders:
        rendering = entry.file.rendering
        if rendering.paragraph_id:
            sub(dates, "date", day(rendering.paragraph.meeting.day), dateType="decision")
        sub(dates, "date", moment(rendering.created_at), dateType="rendered")
    if document.is_cancelled:
        notes = sub(node, "notes")
        sub(notes, "note", document.cancel_reason, noteType="cancellation",
            noteDate=moment(document.cancelled_at))
    if files:
        info = sub(node, "additionalInformation")
        for entry in files:
            description = None
            if hasattr(entry.file, "rendering"):
                description = f"Rendering: {entry.file.rendering.get_kind_display()}"
            sub(info, "appendix", name=entry.file.filename, path=f"file:///{entry.path}",
                fileFormat=entry.media_type, description=description)
        extra = sub(info, "additionalXMLData")
        for entry in files:
            item = etree.SubElement(extra, k("file"), name=entry.file.filename,
                                    path=entry.path, sha256=entry.sha256,
                                    size=str(entry.size), mediaType=entry.media_type,
                                    added=moment(entry.file.added_at))
            if hasattr(entry.file, "rendering"):
                item.set("rendering", entry.file.rendering.kind)
    return node


# Aggregations -----------------------------------------------------------------------------


def history_line(event: Event) -> str:
    return (f"Journal event {event.seq}, {moment(event.at)}, {event.actor_name}: "
            f"{event.action} {event.object_type} {event.object_id}; hash {event.hash}")


def journal_body(event: Event) -> str:
    """The canonical JSON the event's hash covers (after its previous hash)."""
    return journal.canonical({
        "seq": event.seq,
        "at": event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_name,
        "action": event.action,
        "object": [event.object_type, event.object_id],
        "case": event.case_id,
        "data": event.data,
    })


def aggregation(case: Case, files: dict[int, list[FileEntry]], org_name: str):
    node = etree.Element(e("aggregation"), nsmap=NSMAP, systemIdentifier=system_id(
        org_name, "case", case.diary_number), aggregationType="caseFile",
        classificationSchemaUsed=SCHEMA_ID)
    sub(node, "objectId", case.diary_number)
    sub(node, "identification", case.diary_number, identificationType="diary_number")
    if case.classification_id:
        sub(node, "classification", case.classification.title,
            classificationCode=case.classification.code)
    sub(node, "levelName", "ärende")
    sub(node, "title", case.title)
    if case.public_title:
        sub(node, "otherTitle", case.public_title, titleType="public_title")
    sub(node, "status", value="obliterated" if case.is_cancelled else "closed")
    info = sub(node, "additionalInformation")
    extra = sub(info, "additionalXMLData")
    facts = etree.SubElement(extra, k("case"), series=case.series.code,
                             seriesName=case.series.name, year=str(case.year),
                             serial=str(case.serial), status=case.status,
                             imported="true" if case.imported else "false")
    if case.series.body_id:
        facts.set("seriesBody", case.series.body.code)
    events = case.archive_events
    chain = etree.SubElement(extra, k("journal"))
    for event in events:
        item = etree.SubElement(chain, k("event"), seq=str(event.seq),
                                prevHash=event.prev_hash, hash=event.hash)
        item.text = journal_body(event)
    if case.is_secret:
        restriction(node, case.secrecy_ground,
                    "The case title is subject to secrecy; the public title is the "
                    "otherTitle of type public_title.", case.secrecy_marked_at)
    agents = sub(node, "agents")
    if case.officer_id:
        user_agent(agents, "responsible_person", case.officer, role="case_officer",
                   unit=case.unit.name if case.unit_id else None)
    elif case.unit_id:
        unit_agent(agents, "responsible_person", case.unit, org_name)
    user_agent(agents, "opening_person", case.opened_by, role="registrar")
    dates = sub(node, "dates")
    sub(dates, "date", moment(case.opened_at), dateType="created")
    sub(dates, "date", moment(case.opened_at), dateType="opened")
    for paragraph in case.archive_paragraphs:
        if paragraph.outcome or paragraph.decision:
            sub(dates, "date", day(paragraph.meeting.day), dateType="decision")
    if case.closed_at:
        sub(dates, "date", moment(case.closed_at), dateType="closed")
    if events:
        history = sub(node, "archivalHistory")
        for event in events:
            sub(history, "historyLine", history_line(event))
    if case.is_cancelled:
        notes = sub(node, "notes")
        sub(notes, "note", case.cancel_reason, noteType="cancellation",
            noteDate=moment(case.cancelled_at))
    for document in case.archive_documents:
        node.append(record(case, document, files.get(document.pk, []), org_name))
    return node


def write(out, info: Control, cases, *, on_case=None):
    """Write the ERMS document to ``out`` (a path or a binary file), one aggregation per
    case of ``cases``: an iterable of (case, file entries by document id).
    ``on_case(case)`` is called after each."""
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(e("erms"), nsmap=NSMAP):
            xf.write(control(info), pretty_print=True)
            with xf.element(e("aggregations")):
                for case, files in cases:
                    xf.write(aggregation(case, files, info.organisation.name),
                             pretty_print=True)
                    if on_case:
                        on_case(case)
    return out


def now() -> datetime.datetime:
    return timezone.now()
