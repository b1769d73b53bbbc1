"""Importing an archive package (as ``kansli.archive.package`` writes it) into an empty
database: ``kansli archive import PACKAGE``.

The package is checked whole before anything is written:

1. the database has no cases (a package is restored into an empty installation);
2. every file of ``manifest-sha256.txt`` is there and has its hash (a changed file is
   refused naming it with both hashes; a missing one naming it), and nothing is in the
   package that the manifest does not list;
3. the METS file lists the same files with the same checksums;
4. ``metadata/descriptive/erms.xml`` passes the XML Schema and the Schematron rules.

Then, in one transaction, the organisation (when there is none yet), the classification,
the series, the parties and units, and each case with its documents and files are
rebuilt through the diary's actions — the cases with their original diary numbers
(``do_import_case``), the documents with their numbers, dates, directions, parties and
secrecy grounds (``do_register_document``), the files from the package — and each case
gets an ``archive.import`` event naming the package and the original journal's last hash
for the case. The original journal itself stays in the package (it is the case's
history; the new database's chain starts anew). See docs/archive-export.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from kansli.diary import actions, journal
from kansli.diary.files import CHUNK, hash_file
from kansli.diary.models import Case, Classification, Document, Series
from kansli.org.models import Body, Organisation, Unit

from . import erms, package, validate

E = erms.e
K = erms.k


class ImportRefused(Exception):
    """The package cannot be imported; the message says why. Nothing was written."""


@dataclass
class ImportResult:
    package_id: str = ""
    cases: int = 0
    documents: int = 0
    files: int = 0
    messages: list = field(default_factory=list)


# Checking the package -----------------------------------------------------------------------


def read_manifest(root: Path) -> dict[str, str]:
    """path → sha256 from ``manifest-sha256.txt``."""
    manifest = root / package.MANIFEST
    if not manifest.is_file():
        raise ImportRefused(_("%(path)s is not an archive package: it has no %(manifest)s.")
                            % {"path": root, "manifest": package.MANIFEST})
    listed = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        sha, sep, path = line.partition("  ")
        pure = PurePosixPath(path)
        if (not sep or len(sha) != 64 or pure.is_absolute() or ".." in pure.parts
                or not path):
            raise ImportRefused(_("Line %(number)d of the manifest is not \"<sha256>  "
                                  "<path>\": %(line)s") % {"number": number, "line": line})
        listed[path] = sha.lower()
    return listed


def check_files(root: Path, listed: dict[str, str]) -> None:
    for path, expected in listed.items():
        target = root / path
        if not target.is_file():
            raise ImportRefused(_("The file %(path)s listed in the manifest is missing from "
                                  "the package.") % {"path": path})
        found, _size = hash_file(target)
        if found != expected:
            raise ImportRefused(_("The file %(path)s has been changed: the manifest says "
                                  "SHA-256 %(expected)s, the file has %(found)s.") % {
                "path": path, "expected": expected, "found": found})
    for target in sorted(root.rglob("*")):
        if target.is_file():
            path = target.relative_to(root).as_posix()
            if path != package.MANIFEST and path not in listed:
                raise ImportRefused(_("The file %(path)s is in the package but not in its "
                                      "manifest.") % {"path": path})


def check_mets(root: Path, listed: dict[str, str]) -> None:
    mets = f"{{{package.METS}}}"
    href = f"{{{package.XLINK}}}href"
    seen = set()
    try:
        for _event, element in etree.iterparse(str(root / package.METS_PATH),
                                               events=("end",), huge_tree=True):
            if element.tag in (f"{mets}file", f"{mets}mdRef"):
                location = element.get(href) if element.tag == f"{mets}mdRef" else \
                    element.find(f"{mets}FLocat").get(href)
                checksum = (element.get("CHECKSUM") or "").lower()
                if listed.get(location) != checksum:
                    raise ImportRefused(_("METS.xml lists %(path)s with SHA-256 %(mets)s; "
                                          "the manifest says %(manifest)s.") % {
                        "path": location, "mets": checksum,
                        "manifest": listed.get(location, "-")})
                seen.add(location)
                element.clear(keep_tail=True)
    except etree.XMLSyntaxError as exc:
        raise ImportRefused(_("METS.xml is not well-formed XML: %(error)s")
                            % {"error": exc}) from exc
    missing = sorted(set(listed) - seen - {package.METS_PATH})
    if missing:
        raise ImportRefused(_("METS.xml does not list %(path)s.") % {"path": missing[0]})


def check_package(root: Path | str) -> dict[str, str]:
    """Everything the import needs to trust the package, before writing anything.
    Returns the manifest; raises ImportRefused with the reason."""
    root = Path(root)
    if not root.is_dir():
        raise ImportRefused(_("%(path)s is not a folder.") % {"path": root})
    listed = read_manifest(root)
    for required in (package.METS_PATH, package.ERMS_PATH):
        if required not in listed:
            raise ImportRefused(_("The manifest does not list %(path)s.") % {"path": required})
    check_files(root, listed)
    check_mets(root, listed)
    try:
        problems = validate.validate(root / package.ERMS_PATH)
    except validate.SchemaMissing as exc:
        raise ImportRefused(str(exc)) from exc
    if problems:
        raise ImportRefused(_("%(path)s does not validate: %(messages)s") % {
            "path": package.ERMS_PATH,
            "messages": "; ".join(str(p) for p in problems[:5])})
    return listed


# Reading the ERMS document ------------------------------------------------------------------


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value[:10])


def _moment(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _dates(node) -> dict[str, str]:
    found = {}
    for date in node.iterfind(f"{E('dates')}/{E('date')}"):
        found.setdefault(date.get("dateType"), date.text.strip())
    return found


def _secrecy(node) -> str:
    for item in node.iterfind(E("restriction")):
        if item.get("restrictionType") == "confidential":
            return (item.findtext(E("regulation")) or "").strip()
    return ""


def _cancellation(node) -> str | None:
    for note in node.iterfind(f"{E('notes')}/{E('note')}"):
        if note.get("noteType") == "cancellation":
            return (note.text or "").strip() or "-"
    return None


class PackageFile:
    """A file of the package as the diary's actions take an upload: streamed."""

    def __init__(self, path: Path, name: str, media_type: str, size: int):
        self.path, self.name, self.content_type, self.size = path, name, media_type, size

    def chunks(self):
        with open(self.path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk


@dataclass
class Builder:
    root: Path
    listed: dict[str, str]
    acting_user: object
    package_id: str = ""
    organisation: Organisation | None = None
    classes: dict[str, Classification] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    parties: dict[str, object] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    result: ImportResult = field(default_factory=ImportResult)

    def control(self, node) -> None:
        for ident in node.iterfind(E("identification")):
            if ident.get("identificationType") == "package_id":
                self.package_id = ident.text.strip()
        self.result.package_id = self.package_id
        system = node.find(f"{E('systemInformation')}/{E('extraMetadataInformation')}/"
                           f"{K('system')}")
        agency = node.find(f"{E('maintenanceInformation')}/{E('maintenanceAgency')}")
        self.organisation = Organisation.objects.order_by("pk").first()
        if self.organisation is None:
            fmt = system.get("numberFormat") if system is not None else None
            self.organisation = Organisation.objects.create(
                name=agency.findtext(E("agencyName")).strip(),
                organisation_number=(agency.findtext(E("agencyCode")) or "").strip(),
                **({"diary_number_format": fmt} if fmt else {}))
        pending = list(node.iter(K("class")))
        while pending:
            rest = []
            for item in pending:
                parent = item.get("parent")
                if parent and parent not in self.classes:
                    if any(other.get("code") == parent for other in pending):
                        rest.append(item)
                        continue
                    parent = None
                self.classes[item.get("code")], _created = \
                    Classification.objects.get_or_create(
                        code=item.get("code"), defaults={
                            "title": item.get("title"), "description": item.text or "",
                            "parent": self.classes.get(parent) if parent else None})
            if len(rest) == len(pending):  # a cycle: take them without parents
                for item in rest:
                    item.attrib.pop("parent")
            pending = rest

    def _series(self, facts) -> Series:
        code = facts.get("series")
        if code not in self.series:
            body = Body.objects.filter(organisation=self.organisation,
                                       code=facts.get("seriesBody") or code).first() \
                if facts.get("seriesBody") else None
            self.series[code], _created = Series.objects.get_or_create(
                organisation=self.organisation, code=code,
                defaults={"name": facts.get("seriesName") or code, "body": body})
        return self.series[code]

    def _agent(self, node):
        """(party or None, unit or None): who an agent element names."""
        extension = node.find(f"{E('agentExtendingInformation')}/"
                              f"{E('agentExtendingXMLInformation')}")
        if extension is None:
            return None, None
        party = extension.find(K("party"))
        if party is not None:
            key = party.get("id")
            if key not in self.parties:
                contact = node.find(E("addressContactInformation"))
                address = email = ""
                if contact is not None:
                    for line in contact.iterfind(E("addressLine")):
                        address = line.text or ""
                    for line in contact.iterfind(E("contactLine")):
                        if line.get("contactType") == "email":
                            email = line.text or ""
                self.parties[key] = actions.do_create_party(
                    acting_user=self.acting_user, kind=party.get("kind"),
                    name=node.findtext(E("name")), email=email, address=address,
                    identity_number=(node.findtext(E("idNumber")) or ""),
                    secrecy_ground=party.get("secrecyGround", ""))
            return self.parties[key], None
        if extension.find(K("unit")) is not None:
            name = node.findtext(E("name"))
            if name not in self.units:
                self.units[name], _created = Unit.objects.get_or_create(
                    organisation=self.organisation, name=name)
            return None, self.units[name]
        return None, None

    def case(self, node) -> Case:
        facts = node.find(f"{E('additionalInformation')}/{E('additionalXMLData')}/"
                          f"{K('case')}")
        if facts is None:
            raise ImportRefused(_("The case %(number)s has no Kansli case facts (series, "
                                  "year, serial).") % {"number": node.findtext(E("objectId"))})
        dates = _dates(node)
        public_title = ""
        for other in node.iterfind(E("otherTitle")):
            if other.get("titleType") == "public_title":
                public_title = other.text or ""
        classification = node.find(E("classification"))
        code = classification.get("classificationCode") if classification is not None \
            else None
        case = actions.do_import_case(
            self._series(facts), acting_user=self.acting_user,
            diary_number=node.findtext(E("objectId")), year=int(facts.get("year")),
            serial=int(facts.get("serial")), title=node.findtext(E("title")),
            opened_at=_moment(dates.get("opened") or dates["created"]),
            public_title=public_title, classification=self.classes.get(code),
            secrecy_ground=_secrecy(node))
        for record in node.iterfind(E("record")):
            self.document(case, record)
        reason = _cancellation(node)
        if reason is not None:
            actions.do_cancel_case(case, acting_user=self.acting_user, reason=reason)
        elif facts.get("status") == Case.Status.CLOSED:
            closed = dates.get("closed")
            actions.do_close_case(case, acting_user=self.acting_user,
                                  closed_at=_moment(closed) if closed else None)
        events = node.findall(f"{E('additionalInformation')}/{E('additionalXMLData')}/"
                              f"{K('journal')}/{K('event')}")
        journal.record("archive.import", case, acting_user=self.acting_user, case=case,
                       package=self.package_id, original_events=len(events),
                       original_last_hash=events[-1].get("hash") if events else "")
        self.result.cases += 1
        return case

    def document(self, case: Case, node) -> Document:
        number = int(node.findtext(E("runningNumber")))
        direction_node = node.find(E("direction"))
        direction = direction_node.get("directionDefinition")
        if direction == "other":
            direction = direction_node.get("otherDirectionDefinition")
        dates = _dates(node)
        received = dates.get("received") or dates.get("created") or dates.get("sent")
        senders, recipients, sender_units, recipient_units = [], [], [], []
        for agent in node.iterfind(f"{E('agents')}/{E('agent')}"):
            kind = agent.get("agentType")
            if kind not in ("sender", "recipient"):
                continue
            party, unit = self._agent(agent)
            if party is not None:
                (senders if kind == "sender" else recipients).append(party)
            elif unit is not None:
                (sender_units if kind == "sender" else recipient_units).append(unit)
        files = []
        for item in node.iterfind(f"{E('additionalInformation')}/{E('additionalXMLData')}/"
                                  f"{K('file')}"):
            path = item.get("path")
            if self.listed.get(path) != item.get("sha256"):
                raise ImportRefused(_("The ERMS document gives %(path)s the SHA-256 "
                                      "%(erms)s; the manifest says %(manifest)s.") % {
                    "path": path, "erms": item.get("sha256"),
                    "manifest": self.listed.get(path, "-")})
            files.append(PackageFile(self.root / path, item.get("name"),
                                     item.get("mediaType", ""), int(item.get("size"))))
        # Numbers run without gaps in Kansli; a package from elsewhere may skip some.
        current = Case.objects.values_list("last_document_number", flat=True).get(pk=case.pk)
        if number <= current:
            raise ImportRefused(_("%(case)s has document %(number)d twice.") % {
                "case": case.diary_number, "number": number})
        if number != current + 1:
            Case.objects.filter(pk=case.pk).update(last_document_number=number - 1)
        try:
            document = actions.do_register_document(
                case, acting_user=self.acting_user, direction=direction,
                doc_type=node.get("recordType") or Document.Type.OTHER,
                description=node.findtext(E("title")), received_date=_date(received),
                document_date=_date(dates["originated"]) if "originated" in dates else None,
                senders=senders, recipients=recipients, sender_units=sender_units,
                recipient_units=recipient_units, files=files,
                secrecy_ground=_secrecy(node),
                registered_at=_moment(dates["captured"]) if "captured" in dates else None)
        except ValidationError as exc:
            raise ImportRefused(_("%(reference)s cannot be registered: %(error)s") % {
                "reference": node.findtext(E("objectId")),
                "error": " ".join(exc.messages)}) from exc
        reason = _cancellation(node)
        if reason is not None:
            actions.do_cancel_document(document, acting_user=self.acting_user, reason=reason)
        self.result.documents += 1
        self.result.files += len(files)
        return document


def refuse_unless_empty() -> None:
    cases = Case.objects.count()
    if cases:
        raise ImportRefused(_("The database already has %(count)d cases: a package is "
                              "imported only into an empty database.") % {"count": cases})


def import_package(root: Path | str, *, acting_user=None, progress=None) -> ImportResult:
    """Check the package, then rebuild its cases in one transaction."""
    root = Path(root)
    refuse_unless_empty()
    listed = check_package(root)
    builder = Builder(root, listed, acting_user)
    with transaction.atomic():
        aggregations = E("aggregations")
        for _event, element in etree.iterparse(str(root / package.ERMS_PATH),
                                               events=("end",), huge_tree=True):
            if element.tag == E("control"):
                builder.control(element)
                element.clear(keep_tail=True)
            elif element.tag == E("aggregation") and \
                    element.getparent().tag == aggregations:
                try:
                    builder.case(element)
                except ValidationError as exc:
                    raise ImportRefused(_("%(number)s cannot be imported: %(error)s") % {
                        "number": element.findtext(E("objectId")),
                        "error": " ".join(exc.messages)}) from exc
                element.clear(keep_tail=True)
                if progress:
                    progress(1)
    return builder.result


# What a round trip keeps ----------------------------------------------------------------------


def snapshot() -> dict:
    """The facts an export followed by an import keeps, per diary number: titles,
    public titles, secrecy grounds, status and the documents with their numbers,
    descriptions, dates, directions, types, secrecy grounds, parties and files (name,
    SHA-256, size). Compare two databases with it."""
    out = {}
    cases = Case.objects.select_related("classification").prefetch_related(
        "documents__files__blob", "documents__party_links__party",
        "documents__unit_links__unit").order_by("diary_number")
    for case in cases:
        documents = []
        for d in sorted(case.documents.all(), key=lambda d: d.number):
            documents.append({
                "number": d.number, "description": d.description,
                "direction": d.direction, "type": d.doc_type,
                "received": d.received_date.isoformat(),
                "date": d.document_date.isoformat() if d.document_date else None,
                "secrecy": d.secrecy_ground, "cancelled": d.is_cancelled,
                "parties": sorted([link.role, link.party.name, link.party.secrecy_ground]
                                  for link in d.party_links.all()),
                "units": sorted([link.role, link.unit.name] for link in d.unit_links.all()),
                "files": [[f.filename, f.blob.sha256, f.blob.size]
                          for f in d.files.all()],
            })
        out[case.diary_number] = {
            "title": case.title, "public_title": case.public_title,
            "secrecy": case.secrecy_ground, "status": case.status,
            "classification": case.classification.code if case.classification_id else None,
            "documents": documents,
        }
    return out


# The command ------------------------------------------------------------------------------


def import_command(command, options) -> ImportResult:
    from tqdm import tqdm

    user = package.user_named(options.get("user"), ImportRefused)
    refuse_unless_empty()  # before the progress bar shows
    show = not options.get("no_progress") and options.get("verbosity", 1) > 0
    with tqdm(unit="case", disable=not show, file=command.stderr._out) as bar:
        return import_package(options["package"], acting_user=user, progress=bar.update)
