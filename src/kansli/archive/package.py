"""The archive package (E-ARK SIP 2 / FGS Paketstruktur 2.0 layout) of closed cases:

    <package id>/
      METS.xml                         the package: header, the ERMS file, the
                                       representation's METS and every file with SHA-256,
                                       size and media type, structure
      metadata/descriptive/erms.xml    CITS ERMS v3 (kansli.archive.erms)
      representations/rep1/METS.xml    the representation: its files
      representations/rep1/data/<diary number>/<document number>/<file name>
      manifest-sha256.txt              "<sha256>  <path>" for every file above

The package is written into a hidden folder beside its final place and renamed when it
is complete and valid, so a package folder is never half written. Files are streamed
from the file store, each checked against its recorded SHA-256 and size on the way; a
file that does not match stops the export. See docs/archive-export.md.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from kansli.diary import journal
from kansli.diary.files import CHUNK, blob_path, hash_file
from kansli.diary.models import Case, Classification, JournalHead
from kansli.org.models import Organisation

from . import erms, validate

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
METS_NSMAP = {"mets": METS, "xlink": XLINK, "csip": CSIP, "sip": SIP}
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml"
ERMS_PATH = "metadata/descriptive/erms.xml"
METS_PATH = "METS.xml"
REP_DIR = "representations/rep1/"
REP_METS_PATH = f"{REP_DIR}METS.xml"
MANIFEST = "manifest-sha256.txt"
CASES_PER_QUERY = 200


class ExportError(Exception):
    """The export cannot be made (nothing to export, a stored file that does not match
    its hash, an ERMS document that does not validate). Nothing is left behind."""


@dataclass
class PackageFile:
    path: str
    sha256: str
    size: int
    media_type: str
    created: datetime.datetime | None = None


@dataclass
class ExportResult:
    path: Path
    package_id: str
    cases: int = 0
    documents: int = 0
    files: int = 0
    bytes: int = 0
    messages: list = field(default_factory=list)


def version() -> str:
    try:
        return importlib_metadata.version("kansli")
    except importlib_metadata.PackageNotFoundError:
        return ""


# Selection --------------------------------------------------------------------------------


def _with_descendants(codes: Iterable[str]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    by_code = {}
    for pk, code, parent in Classification.objects.values_list("pk", "code", "parent_id"):
        children.setdefault(parent, []).append(pk)
        by_code[code] = pk
    found: set[int] = set()
    todo = [by_code[c] for c in codes if c in by_code]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def select_cases(*, closed_from: datetime.date | None = None,
                 closed_to: datetime.date | None = None, series: Iterable[str] = (),
                 classification: Iterable[str] = ()):
    """Closed cases, by the day they were closed (local time), their series and their
    classification (a code takes its sub-codes along)."""
    cases = Case.objects.filter(status=Case.Status.CLOSED, closed_at__isnull=False)
    if closed_from:
        cases = cases.filter(closed_at__date__gte=closed_from)
    if closed_to:
        cases = cases.filter(closed_at__date__lte=closed_to)
    series = [s for s in series if s]
    if series:
        cases = cases.filter(series__code__in=series)
    classification = [c for c in classification if c]
    if classification:
        cases = cases.filter(classification__in=_with_descendants(classification))
    return cases.order_by("series__code", "year", "serial", "pk")


# Writing ----------------------------------------------------------------------------------


def copy_verified(entry: erms.FileEntry, root: Path, reference: str,
                  folders: set | None = None) -> None:
    """Stream a stored file into the package, checking its hash and size. ``folders``
    remembers the folders made already."""
    source = blob_path(entry.sha256)
    target = root / entry.path
    if folders is None or target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    digest = hashlib.sha256()
    size = 0
    try:
        with open(source, "rb") as src, open(target, "wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except FileNotFoundError as exc:
        raise ExportError(_("The file %(name)s of %(reference)s is missing from the file "
                            "store (%(sha256)s).") % {
            "name": entry.file.filename, "reference": reference, "sha256": entry.sha256},
        ) from exc
    if digest.hexdigest() != entry.sha256 or size != entry.size:
        raise ExportError(_("The file %(name)s of %(reference)s does not match its "
                            "recorded hash: expected %(expected)s, found %(found)s.") % {
            "name": entry.file.filename, "reference": reference,
            "expected": entry.sha256, "found": digest.hexdigest()})


def _cases_with_files(case_ids: list[int], root: Path, result: ExportResult,
                      files: list[PackageFile]):
    folders: set[Path] = set()
    for start in range(0, len(case_ids), CASES_PER_QUERY):
        chunk = case_ids[start:start + CASES_PER_QUERY]
        for case in erms.load_cases(chunk):
            documents = case.archive_documents
            entries = erms.file_entries(case, documents)
            for document in documents:
                reference = f"{case.diary_number}:{document.number}"
                for entry in entries[document.pk]:
                    copy_verified(entry, root, reference, folders)
                    files.append(PackageFile(entry.path, entry.sha256, entry.size,
                                             entry.media_type, entry.file.added_at))
                    result.files += 1
                    result.bytes += entry.size
            result.documents += len(documents)
            result.cases += 1
            yield case, entries


@dataclass
class FileGroup:
    """A ``fileGrp`` of a METS file: its USE and files, their paths relative to the
    folder of that METS file (``base`` is that folder, relative to the package)."""

    use: str
    files: list[PackageFile]
    base: str = ""


def write_mets(path: Path, object_id: str, organisation: Organisation, created,
               groups: list[FileGroup], *, erms_file: PackageFile | None = None,
               label: str = "") -> None:
    """A METS file (E-ARK CSIP): header, the ERMS file as descriptive metadata (root
    only), a fileSec with each file's SHA-256, size and media type, a physical
    structMap. Streamed: a package of any number of files."""
    def m(tag):
        return f"{{{METS}}}{tag}"

    href = f"{{{XLINK}}}href"
    kind = f"{{{XLINK}}}type"
    stamp = erms.moment(created)
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(m("mets"), nsmap=METS_NSMAP, OBJID=object_id, TYPE="OTHER",
                        LABEL=label or f"{organisation.name}: closed cases", PROFILE=PROFILE,
                        attrib={f"{{{CSIP}}}OTHERTYPE": "ERMS",
                                f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "OTHER",
                                f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE": "CITS ERMS v3"}):
            header = etree.Element(m("metsHdr"), CREATEDATE=stamp, RECORDSTATUS="NEW",
                                   attrib={f"{{{CSIP}}}OAISPACKAGETYPE": "SIP"})
            software = etree.SubElement(header, m("agent"), ROLE="CREATOR", TYPE="OTHER",
                                        OTHERTYPE="SOFTWARE")
            etree.SubElement(software, m("name")).text = "Kansli"
            etree.SubElement(software, m("note"),
                             attrib={f"{{{CSIP}}}NOTETYPE": "SOFTWARE VERSION"}).text = \
                version() or "unknown"
            owner = etree.SubElement(header, m("agent"), ROLE="ARCHIVIST",
                                     TYPE="ORGANIZATION")
            etree.SubElement(owner, m("name")).text = organisation.name
            xf.write(header, pretty_print=True)
            if erms_file is not None:
                dmd = etree.Element(m("dmdSec"), ID="dmd-erms", CREATED=stamp,
                                    STATUS="CURRENT")
                etree.SubElement(dmd, m("mdRef"), LOCTYPE="URL", MDTYPE="OTHER",
                                 OTHERMDTYPE="ERMS", MIMETYPE="application/xml",
                                 SIZE=str(erms_file.size), CREATED=stamp,
                                 CHECKSUM=erms_file.sha256, CHECKSUMTYPE="SHA-256",
                                 attrib={kind: "simple", href: erms_file.path})
                xf.write(dmd, pretty_print=True)
            ids: list[list[str]] = []
            with xf.element(m("fileSec"), ID="filesec"):
                for g, group in enumerate(groups, start=1):
                    ids.append([])
                    with xf.element(m("fileGrp"), ID=f"grp-{g}", USE=group.use):
                        for n, f in enumerate(group.files, start=1):
                            ident = f"file-{g}-{n}"
                            ids[-1].append(ident)
                            item = etree.Element(
                                m("file"), ID=ident, MIMETYPE=f.media_type or
                                "application/octet-stream", SIZE=str(f.size),
                                CHECKSUM=f.sha256, CHECKSUMTYPE="SHA-256",
                                **({"CREATED": erms.moment(f.created)} if f.created else {}))
                            etree.SubElement(item, m("FLocat"), LOCTYPE="URL", attrib={
                                kind: "simple", href: f.path.removeprefix(group.base)})
                            xf.write(item, pretty_print=True)
            with xf.element(m("structMap"), ID="structmap", TYPE="PHYSICAL", LABEL="CSIP"):
                with xf.element(m("div"), ID="div-root", LABEL=object_id):
                    if erms_file is not None:
                        xf.write(etree.Element(m("div"), ID="div-metadata",
                                               LABEL="Metadata", DMDID="dmd-erms"))
                    for g, group in enumerate(groups, start=1):
                        with xf.element(m("div"), ID=f"div-{g}", LABEL=group.use):
                            for ident in ids[g - 1]:
                                xf.write(etree.Element(m("fptr"), FILEID=ident))


def write_manifest(root: Path, entries: list[tuple[str, str]]) -> None:
    with open(root / MANIFEST, "w", encoding="utf-8", newline="\n") as out:
        for sha, path in sorted(entries, key=lambda item: item[1]):
            out.write(f"{sha}  {path}\n")


def export(out_dir: Path | str, cases, *, package_id: str = "", acting_user=None,
           check: bool = True, schematron: bool = True,
           progress: Callable[[int], None] | None = None,
           record_events: bool = True) -> ExportResult:
    """Write the package of ``cases`` (a queryset of closed cases) into ``out_dir``.

    ``check`` validates the ERMS document (XML Schema, and the Schematron rules when
    ``schematron``) before the package is put in place. With ``record_events`` each
    exported case gets an ``archive.export`` event naming the package, written after
    the package is complete."""
    out_dir = Path(out_dir)
    package_id = package_id or f"urn:uuid:{uuid.uuid4()}"
    folder_name = package_id.removeprefix("urn:uuid:").replace("/", "_").replace(":", "_")
    final = out_dir / folder_name
    if final.exists():
        raise ExportError(_("%(path)s already exists.") % {"path": final})
    case_ids = list(cases.values_list("pk", flat=True))
    if not case_ids:
        raise ExportError(_("No closed cases match the selection."))
    organisation = Organisation.current()
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".{folder_name}.partial-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    result = ExportResult(path=final, package_id=package_id)
    try:
        created = timezone.now()
        head = JournalHead.objects.filter(pk=1).values_list("seq", "hash").first()
        info = erms.Control(
            package_id=package_id, organisation=organisation, created=created,
            classifications=list(Classification.objects.select_related("parent")
                                 .order_by("code")),
            head=head, version=version())
        (work / ERMS_PATH).parent.mkdir(parents=True)
        files: list[PackageFile] = []
        erms.write(str(work / ERMS_PATH), info,
                   _cases_with_files(case_ids, work, result, files),
                   on_case=(lambda case: progress(1)) if progress else None)
        if check:
            try:
                problems = validate.validate(work / ERMS_PATH, schematron=schematron)
            except validate.SchemaMissing as exc:
                raise ExportError(str(exc)) from exc
            if problems:
                result.messages = problems
                raise ExportError(_("The ERMS document does not validate: %(messages)s") % {
                    "messages": "; ".join(str(p) for p in problems[:5])})
        sha, size = hash_file(work / ERMS_PATH)
        erms_file = PackageFile(ERMS_PATH, sha, size, "application/xml", created)
        # The representation's own METS lists its data; the root METS points to it and,
        # so one file says it all, lists every data file too.
        write_mets(work / REP_METS_PATH, f"{package_id}/rep1", organisation, created,
                   [FileGroup("Data", files, REP_DIR)], label="rep1")
        rep_sha, rep_size = hash_file(work / REP_METS_PATH)
        rep_mets = PackageFile(REP_METS_PATH, rep_sha, rep_size, "application/xml", created)
        write_mets(work / METS_PATH, package_id, organisation, created,
                   [FileGroup("Representations/rep1", [rep_mets]),
                    FileGroup("Representations/rep1/Data", files)], erms_file=erms_file)
        mets_sha, _size = hash_file(work / METS_PATH)
        write_manifest(work, [(mets_sha, METS_PATH), (sha, ERMS_PATH),
                              (rep_sha, REP_METS_PATH)]
                       + [(f.sha256, f.path) for f in files])
        os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if record_events:
        _record_export(case_ids, package_id, erms_file.sha256, acting_user)
    return result


def _record_export(case_ids: list[int], package_id: str, erms_sha256: str,
                   acting_user) -> None:
    for start in range(0, len(case_ids), 1000):
        with transaction.atomic():
            for case in Case.objects.filter(pk__in=case_ids[start:start + 1000]):
                journal.record("archive.export", case, acting_user=acting_user, case=case,
                               package=package_id, erms_sha256=erms_sha256)


# The command ------------------------------------------------------------------------------


def user_named(name: str, error: type[Exception]):
    """The user of that user name (None for no name); ``error`` if there is none."""
    from django.contrib.auth import get_user_model

    if not name:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(name)
    except get_user_model().DoesNotExist as exc:
        raise error(_("No user %(name)s.") % {"name": name}) from exc


def export_command(command, options) -> ExportResult:
    """``kansli archive export``: the selection from the options, a progress bar."""
    from tqdm import tqdm

    user = user_named(options.get("user"), ExportError)
    cases = select_cases(closed_from=options.get("closed_from"),
                         closed_to=options.get("closed_to"),
                         series=options.get("series") or (),
                         classification=options.get("classification") or ())
    total = cases.count()
    show = not options.get("no_progress") and options.get("verbosity", 1) > 0
    with tqdm(total=total, unit="case", disable=not show, file=command.stderr._out) as bar:
        return export(options.get("out") or ".", cases, package_id=options.get("package_id")
                      or "", acting_user=user, check=not options.get("no_validate"),
                      progress=bar.update)

