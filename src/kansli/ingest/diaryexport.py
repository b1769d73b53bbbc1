"""Diary exports: the rows of an earlier system's diary (CSV, or a municipal postlista
as XML) brought in as cases and documents, in batches. See docs/ingest.md, "Diary
exports".

- A **mapping** names, for each field, the export's column (CSV) or element (XML):
  ``Mapping.from_pairs(["diary_number=Dnr", "date=Datum", …])`` or
  ``Mapping.from_file("mapping.json")``. A mapping that names a column the file does not
  have is refused before anything is registered.
- The file is **streamed**: CSV row by row (delimiter ``;``, ``,`` or tab, sniffed from
  the header; UTF-8 with or without BOM, else Windows-1252), XML post by post with
  ``iterparse``, each post cleared once read. XML with a document type declaration is
  refused (no entities, no external anything).
- Every row is **checked** first (diary number in the organisation's format or a common
  one, a series that exists, a date, a subject); a bad row is reported with its reason
  and skipped, and never leaves anything behind.
- The good rows are **registered in batches**, one transaction each: the journal head
  is locked once, cases, documents, parties, links and ``SourceRow``s are inserted in
  bulk, one journal event per created case, party and document (chained as
  ``journal.record`` chains them, through ``journal.record_many``), the search index
  written in bulk (``search.index_many``), the serial counters raised past the imported
  serials. A batch that commits stays: an interrupted import resumes, since every row
  is recognised by its key (``SourceRow.key``) whatever file it comes from.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import enum
import functools
import hashlib
import io
import itertools
import json
import operator
import pyexpat
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kansli.diary import journal, search
from kansli.diary.actions import CASE_FIELDS, DOCUMENT_FIELDS, _snapshot
from kansli.diary.generate import Table
from kansli.diary.models import (
    Case,
    Classification,
    Document,
    DocumentParty,
    JournalHead,
    Party,
    SerialCounter,
    Series,
)
from kansli.lib.diarynumber import DiaryNumberFormat, ParseError, normalise
from kansli.org.models import Organisation

from .models import Run, Source, SourceRow

FIELDS = ("diary_number", "document_number", "date", "direction", "party", "subject",
          "secrecy", "case_title", "classification")
REQUIRED = ("diary_number", "date", "subject")
BATCH_SIZE = 1000
# XML: the elements a mapping may name are looked for among this many first posts.
XML_LOOKAHEAD = 1000

# Dates: the mapping's own ``date_format`` (strptime), else these, in this order. A time
# after the date (``2014-03-05 10:12``, ``2014-03-05T10:12:00``) is ignored.
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y")
DATE_FORMATS_SHOWN = "ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD, DD.MM.ÅÅÅÅ"

# Directions as the earlier systems write them (upper-cased, white space collapsed).
DIRECTIONS = {
    **dict.fromkeys(["I", "IN", "INK", "INKOM", "INKOMMEN", "INKOMMET", "INKOMMANDE",
                     "INKOMMANDE HANDLING", "INCOMING"], Document.Direction.INCOMING),
    **dict.fromkeys(["U", "UT", "UTG", "UTGÅENDE", "UTGÅENDE HANDLING", "EXPEDIERAD",
                     "EXPEDIERAT", "SKICKAD", "OUTGOING"], Document.Direction.OUTGOING),
    **dict.fromkeys(["UPP", "UPPR", "UPPRÄTTAD", "UPPRÄTTAT", "UPPRÄTTAD HANDLING", "N",
                     "X", "INTERN", "INTERNT", "INTERN HANDLING", "DRAWN UP", "DRAWN_UP"],
                    Document.Direction.DRAWN_UP),
}
# A secrecy column that only says yes or no; any other text is the legal ground.
SECRECY_NO = {"", "-", "0", "N", "NEJ", "NO", "FALSE", "FALSKT", "EJ SEKRETESS", "OFFENTLIG"}
SECRECY_YES = {"1", "J", "JA", "Y", "YES", "TRUE", "SANT", "X", "S", "SEKRETESS", "HEMLIG",
               "SEKRETESSMARKERAD"}
# The diary number's format when it is not the organisation's own (older systems, other
# organisations' exports), tried in this order; the year must be plausible.
FALLBACK_FORMATS = ("{series} {yyyy}/{serial}", "{series}{yy}/{serial}-{class}",
                    "{series}{yy}/{serial}", "{series} {serial}/{yyyy}",
                    "{yyyy}/{series} {serial}", "{series}-{yyyy}-{serial}",
                    "{series}.{yyyy}.{serial}")
# Words that make a party an organisation; anyone else is a person, whose name the
# public side does not show (public.party_name).
ORGANISATION_WORDS = re.compile(
    r"\b(ab|hb|kb|aktiebolag|kommun|kommuns|region|regionen|landsting|län|läns|"
    r"förening|föreningen|förbund|förbundet|stiftelse|stiftelsen|bolag|bolaget|nämnd|"
    r"nämnden|styrelse|styrelsen|myndighet|myndigheten|kyrka|kyrkan|församling|skola|"
    r"skolan|universitet|högskola|domstol|tingsrätt|förvaltningsrätt|kammarrätt|"
    r"inspektion|inspektionen|ombud|företag|koncern|brf|ek\.\s?för|ideell|partiet)\b"
    r"|(verket|styrelsen|myndigheten|kassan|inspektionen|polisen|rätten|förbundet|"
    r"bolaget|kommun)$",
    re.IGNORECASE)

MAX_LENGTHS = {"diary_number": 50, "subject": 500, "case_title": 500, "party": 300,
               "secrecy": 200}


class MappingError(ValueError):
    """The mapping cannot be used with this file; nothing was registered."""


class ExportError(ValueError):
    """The file cannot be read as a diary export; nothing was registered."""


# The mapping -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """Which column (CSV) or element (XML) holds each field, and how dates are written."""

    columns: dict[str, str]
    date_format: str = ""

    def __post_init__(self):
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise MappingError(_("Unknown field %(field)s in the mapping (known: %(fields)s).")
                               % {"field": ", ".join(unknown), "fields": ", ".join(FIELDS)})
        missing = [f for f in REQUIRED if not (self.columns.get(f) or "").strip()]
        if missing:
            raise MappingError(_("The mapping needs %(fields)s.")
                               % {"fields": ", ".join(missing)})
        if self.date_format and "%" not in self.date_format:
            raise MappingError(_("%(format)s is not a date format (write it like %%d/%%m/%%Y).")
                               % {"format": self.date_format})

    @classmethod
    def from_pairs(cls, pairs: Iterable[str], date_format: str = "") -> Mapping:
        """From ``--map field=Column`` pairs; ``date_format=%d/%m/%Y`` is a pair too."""
        columns = {}
        for pair in pairs:
            name, sep, column = pair.partition("=")
            if not sep or not name.strip() or not column.strip():
                raise MappingError(_("A mapping is field=Column, not %(pair)s.") % {"pair": pair})
            name = name.strip()
            if name == "date_format":
                date_format = column.strip()
            else:
                columns[name] = column.strip()
        return cls(columns, date_format)

    @classmethod
    def from_file(cls, path: str | Path) -> Mapping:
        """From a JSON file: ``{"diary_number": "Dnr", …, "date_format": "%d/%m/%Y"}``."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise MappingError(_("The mapping file cannot be read: %(error)s")
                               % {"error": exc}) from exc
        if not isinstance(data, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise MappingError(_("The mapping file is not a JSON object of field names "
                                 "and column names."))
        date_format = data.pop("date_format", "")
        return cls({k: v.strip() for k, v in data.items()}, date_format.strip())

    def resolve(self, names: Iterable[str]) -> dict[str, str]:
        """Field → the file's own spelling of its column. A column is matched exactly,
        else ignoring letter case. Refuses a mapping naming columns the file lacks."""
        names = list(names)
        folded = {}
        for name in names:
            folded.setdefault(name.casefold(), name)
        resolved, missing = {}, []
        for name, column in self.columns.items():
            if not column:
                continue
            if column in names:
                resolved[name] = column
            elif column.casefold() in folded:
                resolved[name] = folded[column.casefold()]
            else:
                missing.append(column)
        if missing:
            raise MappingError(_("The file has no columns %(missing)s; it has %(present)s.")
                               % {"missing": ", ".join(missing),
                                  "present": ", ".join(names) or "–"})
        return resolved

    def check(self, path: str | Path) -> None:
        """Whether the mapping fits the file (its columns, or the elements of its first
        posts) and the file is a diary export; raises ValidationError with the reason."""
        from django.core.exceptions import ValidationError

        try:
            with open_export(Path(path), self):
                pass
        except (MappingError, ExportError) as exc:
            raise ValidationError(str(exc)) from exc
        except OSError as exc:
            raise ValidationError(_("The file cannot be read (%(error)s).")
                                  % {"error": exc.strerror or exc}) from exc

    def as_dict(self) -> dict:
        return {**self.columns, **({"date_format": self.date_format}
                                   if self.date_format else {})}


# Reading -----------------------------------------------------------------------------------

UTF8_BOM = codecs.BOM_UTF8


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if every byte of the file decodes so, else
    Windows-1252. Streamed: the file is never in memory whole."""
    with open(path, "rb") as f:
        if f.read(3) == UTF8_BOM:
            return "utf-8-sig"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def is_xml(path: Path) -> bool:
    with open(path, "rb") as f:
        start = f.read(512).removeprefix(UTF8_BOM).lstrip()
    return start.startswith(b"<")


def _csv_records(f, path: Path, mapping: Mapping) -> tuple[dict, Iterator[tuple[int, dict]]]:
    encoding = _encoding(path)
    text = io.TextIOWrapper(f, encoding=encoding, errors="replace", newline="")
    header_line = text.readline()
    if not header_line.strip():
        raise ExportError(_("The file is empty."))
    delimiter = _delimiter(header_line)
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    columns = mapping.resolve(header)
    index = {name: header.index(column) for name, column in columns.items()}

    def rows():
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # A damaged line (a NUL byte, an overlong field) is a bad row; the
                # reader has moved past it.
                yield reader.line_num, exc
                continue
            if not any(v.strip() for v in values):
                continue
            # Row 1 is the header, as a spreadsheet numbers them.
            yield reader.line_num, {name: values[i].strip() if i < len(values) else ""
                                    for name, i in index.items()}

    return {"format": "csv", "encoding": encoding, "delimiter": delimiter}, rows()


class _Guarded(io.RawIOBase):
    """A file that refuses, while it is read, XML with a document type declaration: the
    only place entities can be declared (billion laughs, external entities). Checked
    with expat over the prologue, up to the root element's start tag."""

    def __init__(self, f):
        self.f = f
        self.checker = pyexpat.ParserCreate()
        self.checker.StartDoctypeDeclHandler = self._refuse
        self.checker.EntityDeclHandler = self._refuse
        self.checker.StartElementHandler = self._root
        self.checking = True

    def _refuse(self, *args):
        raise ExportError(_("The XML has a document type declaration (DTD); for safety it "
                            "is not read."))

    def _root(self, *args):
        self.checking = False

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.f.read(size)
        if self.checking and data:
            try:
                self.checker.Parse(data, False)
            except pyexpat.ExpatError as exc:
                # Before the root element: refused here, so the check is never skipped
                # (the same parser as iterparse's, so that could not read it either).
                # After it, no declaration can come; iterparse reports the error where
                # it is, after the posts before it.
                if self.checking:
                    raise ExportError(_("The file is not a diary export: %(error)s")
                                      % {"error": exc}) from exc
                self.checking = False
        return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_posts(f) -> Iterator[tuple[int, dict]]:
    """The children of the root element (``<post>``, whatever they are called), each as
    {element name: text}, attributes of the post too; cleared once read."""
    depth = 0
    number = 0
    root = None
    try:
        for event, element in ET.iterparse(_Guarded(f), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1:
                    root = element
                continue
            depth -= 1
            if depth == 1:
                number += 1
                values = {_local(k): v.strip() for k, v in element.attrib.items()}
                for child in element:
                    values[_local(child.tag)] = " ".join((child.text or "").split())
                yield number, values
                element.clear()
                root.clear()  # drop the finished posts from the tree
    except ET.ParseError as exc:
        raise ExportError(_("The file is not a diary export: %(error)s")
                          % {"error": exc}) from exc


def _xml_records(f, path: Path, mapping: Mapping) -> tuple[dict, Iterator[tuple[int, dict]]]:
    posts = _xml_posts(f)
    ahead, names = [], {}
    for item in posts:
        ahead.append(item)
        for name in item[1]:
            names.setdefault(name)
        if len(ahead) >= XML_LOOKAHEAD:
            break
    if not ahead:
        raise ExportError(_("The file is empty."))
    columns = mapping.resolve(names)

    def rows():
        for number, values in itertools.chain(ahead, posts):
            yield number, {name: values.get(column, "") for name, column in columns.items()}

    return {"format": "xml"}, rows()


@contextlib.contextmanager
def open_export(path: Path, mapping: Mapping):
    """The file as ``({"format": "csv" | "xml", …}, rows)``, rows being (row number,
    {field: text}) — or (row number, error) for a CSV line that cannot be read. Raises
    MappingError or ExportError before the first row; an XML file broken further on
    raises ExportError where it breaks."""
    path = Path(path)
    with open(path, "rb") as f:
        reader = _xml_records if is_xml(path) else _csv_records
        yield reader(f, path, mapping)


# Checking a row ------------------------------------------------------------------------------


class RowError(ValueError):
    """A row that cannot be registered; its message is the reason."""


@dataclass(slots=True)
class Row:
    row: int
    key: str
    series: Series
    year: int
    serial: int
    diary_number: str
    document_number: int | None
    date: datetime.date
    direction: str
    party: str
    subject: str
    secrecy: str
    case_title: str
    classification_id: int | None

    @property
    def triple(self) -> tuple[int, int, int]:
        return (self.series.pk, self.year, self.serial)


def row_key(series: str, year: int, serial: int, document_number: int | None,
            date: datetime.date, subject: str) -> str:
    """What identifies the document a row describes, whatever file it comes from: the
    diary number (series, year, serial: however it is written) with the document number,
    or without one the document date and subject (letter case and spacing ignored)."""
    number = f"{series.upper()}/{year}/{serial}"
    if document_number is not None:
        text = f"{number}:{document_number}"
    else:
        text = f"{number}|{date.isoformat()}|{' '.join(subject.casefold().split())}"
    return hashlib.sha256(text.encode()).hexdigest()


class Checker:
    """Turns a row's texts into a ``Row``, or raises RowError with the reason."""

    def __init__(self, organisation: Organisation, mapping: Mapping):
        self.formats = [organisation.number_format] + [
            DiaryNumberFormat(t) for t in FALLBACK_FORMATS
            if t != organisation.diary_number_format]
        self.series = {s.code.upper(): s for s in Series.objects.filter(
            organisation=organisation)}
        self.classes = dict(Classification.objects.values_list("code", "id"))
        self.date_format = mapping.date_format
        self.columns = mapping.columns
        self.numbered = bool(mapping.columns.get("document_number"))
        self.this_year = datetime.date.today().year
        with translation.override(settings.LANGUAGE_CODE):
            self.flag_ground = _("Marked secret in the earlier diary")

    def check(self, number: int, values: dict) -> Row:
        for name, limit in MAX_LENGTHS.items():
            if len(values.get(name, "")) > limit:
                raise RowError(_("The column %(column)s is longer than %(max)s characters.")
                               % {"column": self.columns[name], "max": limit})
        text = " ".join(values.get("diary_number", "").split())
        if not text:
            raise RowError(_("The diary number is missing."))
        code, year, serial, klass = self.number(text)
        series = self.series.get(code.upper())
        if series is None:
            raise RowError(_("Unknown series %(series)s (diary number %(number)s): create "
                             "the series first.") % {"series": code, "number": text})
        date = self.date(values.get("date", ""))
        subject = " ".join(values.get("subject", "").split())
        if not subject:
            raise RowError(_("What the document concerns is missing."))
        document_number = None
        if self.numbered:
            raw = values.get("document_number", "").strip()
            if not raw:
                raise RowError(_("The document number is missing."))
            if not raw.isdigit() or not 0 < int(raw) < 2**31:
                raise RowError(_("%(value)s is not a document number.") % {"value": raw})
            document_number = int(raw)
        direction = self.direction(values.get("direction", ""))
        code_class = values.get("classification", "").strip() or klass
        return Row(
            row=number,
            key=row_key(series.code, year, serial, document_number, date, subject),
            series=series, year=year, serial=serial, diary_number=text,
            document_number=document_number, date=date, direction=direction,
            party=" ".join(values.get("party", "").split()), subject=subject,
            secrecy=self.secrecy(values.get("secrecy", "")),
            case_title=" ".join(values.get("case_title", "").split()),
            classification_id=self.classes.get(code_class),
        )

    def number(self, text: str) -> tuple[str, int, int, str]:
        # As written, then without its spaces (``KS 13/250-133`` is ``KS13/250-133``).
        for candidate in dict.fromkeys((text, "".join(text.split()))):
            for fmt in self.formats:
                try:
                    number = fmt.parse(candidate)
                except ParseError:
                    continue
                if 1900 <= number.year <= self.this_year + 1 and 0 < number.serial < 2**31:
                    return number.series, number.year, number.serial, number.classification
        raise RowError(_("%(number)s is not a diary number in a known format.")
                       % {"number": text})

    def date(self, text: str) -> datetime.date:
        text = text.strip()
        if not text:
            raise RowError(_("The date is missing."))
        if self.date_format:
            formats, shown = (self.date_format,), self.date_format
            candidates = (text,)
        else:
            formats, shown = DATE_FORMATS, DATE_FORMATS_SHOWN
            candidates = (text.replace("T", " ").split(" ", 1)[0],)
        for candidate in candidates:
            for fmt in formats:
                try:
                    day = datetime.datetime.strptime(candidate, fmt).date()
                except ValueError:
                    continue
                if day.year >= 1900:
                    return day
        raise RowError(_("%(value)s is not a date (%(formats)s).")
                       % {"value": text, "formats": shown})

    def direction(self, text: str) -> str:
        value = " ".join(text.upper().split())
        if not value:
            return Document.Direction.DRAWN_UP
        try:
            return DIRECTIONS[value]
        except KeyError:
            raise RowError(_("%(value)s is not a direction (incoming, outgoing or drawn "
                             "up).") % {"value": text}) from None

    def secrecy(self, text: str) -> str:
        value = " ".join(text.split())
        if value.upper() in SECRECY_NO:
            return ""
        if value.upper() in SECRECY_YES:
            return self.flag_ground
        return value


# The result -------------------------------------------------------------------------------


@dataclass
class DiaryResult:
    rows: int = 0
    imported: int = 0
    already_present: int = 0
    cases_created: int = 0
    parties_created: int = 0
    failed: list[dict] = field(default_factory=list)
    dry_run: bool = False
    file: dict = field(default_factory=dict)

    def fail(self, row: int, reason: str) -> None:
        self.failed.append({"row": row, "reason": reason})

    def as_dict(self) -> dict:
        return {"rows": self.rows, "imported": self.imported,
                "already_present": self.already_present,
                "cases_created": self.cases_created,
                "parties_created": self.parties_created, "failed": self.failed,
                "dry_run": self.dry_run, "file": self.file}


# Planning and writing a batch --------------------------------------------------------------


@dataclass(slots=True)
class _CaseState:
    pk: int | None
    diary_number: str
    last: int
    cancelled: bool = False
    new: Case | None = None  # a case this batch creates
    changed: bool = False
    numbers: set = field(default_factory=set)
    contents: set = field(default_factory=set)  # (date, subject) of its documents


@dataclass(slots=True)
class _Planned:
    row: Row
    case: _CaseState
    number: int
    creates_case: bool


class _PartyText(NamedTuple):
    """What the search index takes of a party."""

    name: str
    is_secret: bool


class _Ref(NamedTuple):
    """A case the journal names by its id."""

    pk: int


@functools.lru_cache(maxsize=4096)
def _stockholm_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _is_organisation(name: str) -> bool:
    return bool(ORGANISATION_WORDS.search(name))


_tables: dict = {}


def _converter(field):
    """How a value of ``field`` goes to the database: what ``get_db_prep_save`` does for
    the few kinds of field these models have, without its cost per value."""
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        adapt = connection.ops.adapt_datetimefield_value
        if field.auto_now_add or field.auto_now:
            return lambda obj, v: adapt(v if v is not None else timezone.now())
        return lambda obj, v: None if v is None else adapt(v)
    if kind == "DateField":
        adapt = connection.ops.adapt_datefield_value
        return lambda obj, v: None if v is None else adapt(v)
    if kind in ("CharField", "TextField", "EmailField", "BooleanField", "ForeignKey",
                "BigAutoField", "AutoField", "PositiveIntegerField", "BigIntegerField",
                "PositiveSmallIntegerField", "PositiveBigIntegerField", "IntegerField"):
        return lambda obj, v: v.value if isinstance(v, enum.Enum) else v
    return lambda obj, v: field.get_db_prep_save(field.pre_save(obj, True), connection)


def _insert(model, objects: list) -> None:
    """Insert ``objects`` in one statement, giving them their ids first: as
    ``bulk_create``, but never split by the backend's limit on parameters, so a batch
    costs the same number of queries whatever its size. Ids as ``generate.Table`` takes
    them (on SQLite the batch holds the write lock; on PostgreSQL the table's sequence)."""
    if not objects:
        return
    key = (model, connection.alias, connection.vendor)
    plan = _tables.get(key)
    if plan is None:
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        plan = _tables[key] = (
            Table(model, ["id"]),
            [(f.attname, _converter(f)) for f in fields],
            f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})")
    table, converters, sql = plan
    for obj, pk in zip(objects, table.next_ids(len(objects)), strict=True):
        obj.pk = pk
    rows = [[convert(obj, getattr(obj, name)) for name, convert in converters]
            for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Rows of plain values (the database numbers them) in one statement."""
    key = (model, tuple(columns), connection.alias, connection.vendor)
    table = _tables.get(key)
    if table is None:
        table = _tables[key] = Table(model, columns)
    table.insert(rows)


def _update(model, column: str, values: list[tuple[int, int]]) -> None:
    """``UPDATE … SET column = value WHERE id = pk`` for each (pk, value), one statement."""
    if values:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s "
                               "WHERE id = %s", [(value, pk) for pk, value in values])


class _Importer:
    PARTY_CACHE = 50_000

    def __init__(self, source: Source | None, path: Path, mapping: Mapping, *, acting_user,
                 run, dry_run, result: DiaryResult):
        self.source, self.mapping, self.user, self.run = source, mapping, acting_user, run
        self.dry_run, self.result = dry_run, result
        self.checker = Checker(Organisation.current(), mapping)
        self.parties: dict[str, tuple[int, str]] = {}  # name → (id, secrecy ground)
        # A dry run commits nothing, so what earlier batches would have registered is
        # kept here: the keys (as 64-bit numbers) and the cases' last numbers.
        self.seen_keys: set[int] = set()
        self.pending_cases: dict[tuple, int] = {}
        with translation.override(settings.LANGUAGE_CODE):
            self.public_title = _("Case subject to secrecy")
        # As ingest.actions.source_facts names a source in the journal, and the row.
        self.facts = {"source": {
            "name": source.filename if source else path.name,
            "sha256": source.sha256 if source else "",
            "run": run.pk if run else source.run_id if source else None}}

    # one batch
    COUNTS = ("imported", "already_present", "cases_created", "parties_created")

    def batch(self, rows: list[Row]) -> None:
        if self.dry_run:
            self.plan(rows, lock=False)
            return
        result = self.result
        counts = [getattr(result, name) for name in self.COUNTS], len(result.failed)
        try:
            with transaction.atomic():
                self.commit(rows)
            return
        except IntegrityError as exc:
            # Something the plan could not see (a registration at the same moment on
            # PostgreSQL, a number taken another way). Nothing of the batch stays, so
            # neither do its counts or the parties it made; each row is tried on its
            # own, so only the row at fault fails.
            for name, value in zip(self.COUNTS, counts[0], strict=True):
                setattr(result, name, value)
            del result.failed[counts[1]:]
            self.parties.clear()
            if len(rows) == 1:
                result.fail(rows[0].row, _("The row could not be registered: %(error)s")
                            % {"error": exc})
                return
        for row in rows:
            self.batch([row])

    def commit(self, rows: list[Row]) -> None:
        # Every change to the diary writes an event, so holding the journal head holds
        # off every other registration until this batch commits (on SQLite the write
        # lock taken at BEGIN does the same).
        JournalHead.objects.select_for_update().get_or_create(pk=1)
        planned = self.plan(rows, lock=True)
        if planned:
            self.write(planned)

    def plan(self, rows: list[Row], *, lock: bool) -> list[_Planned]:
        result = self.result
        keys = [r.key for r in rows]
        known = set(SourceRow.objects.filter(key__in=keys).values_list("key", flat=True))
        triples = {r.triple for r in rows}
        query = functools.reduce(operator.or_, (Q(series_id=s, year=y, serial=n)
                                                for s, y, n in triples))
        cases = Case.objects.filter(query).only(
            "id", "series_id", "year", "serial", "diary_number", "last_document_number",
            "cancelled_at")
        if lock:
            cases = cases.select_for_update()
        states: dict[tuple, _CaseState] = {}
        for case in cases:
            states[(case.series_id, case.year, case.serial)] = _CaseState(
                case.pk, case.diary_number, case.last_document_number,
                cancelled=case.cancelled_at is not None)
        by_id = {s.pk: s for s in states.values()}
        for case_id, number, date, description in Document.objects.filter(
                case_id__in=list(by_id)).values_list("case_id", "number", "document_date",
                                                     "description"):
            by_id[case_id].numbers.add(number)
            by_id[case_id].contents.add((date, " ".join(description.casefold().split())))
        planned, batch_keys = [], set()
        for row in rows:
            short = int(row.key[:16], 16)
            if row.key in known or row.key in batch_keys or short in self.seen_keys:
                result.already_present += 1
                continue
            state = states.get(row.triple)
            creates = False
            if state is None:
                last = self.pending_cases.get(row.triple, 0)
                state = states[row.triple] = _CaseState(None, row.diary_number, last)
                if not last:
                    creates = True
                    state.new = self.new_case(row)
            if state.cancelled:
                result.fail(row.row, _("The case %(number)s is cancelled and takes no more "
                                       "documents.") % {"number": state.diary_number})
                continue
            if row.document_number is not None:
                number = row.document_number
                if number in state.numbers:
                    # Registered another way: the same document if the date agrees.
                    if any(d == row.date for d, _s in state.contents) and state.pk:
                        result.already_present += 1
                    else:
                        result.fail(row.row, _("Document %(reference)s is already registered "
                                               "with other details.") % {
                            "reference": f"{state.diary_number}:{number}"})
                    continue
            else:
                content = (row.date, " ".join(row.subject.casefold().split()))
                if state.pk and content in state.contents:
                    result.already_present += 1
                    continue
                number = state.last + 1
            state.numbers.add(number)
            if number > state.last:
                state.last = number
                state.changed = True
            batch_keys.add(row.key)
            planned.append(_Planned(row, state, number, creates))
            result.imported += 1
            result.cases_created += creates
        if self.dry_run:
            self.seen_keys.update(int(k[:16], 16) for k in batch_keys)
            for triple, state in states.items():
                if state.pk is None:
                    self.pending_cases[triple] = state.last
            self.result.parties_created += len(
                {p.row.party for p in planned if p.row.party} - set(self.parties)
                - set(Party.objects.filter(name__in={p.row.party for p in planned
                                                     if p.row.party})
                      .values_list("name", flat=True)))
            self.parties.update(dict.fromkeys(
                (p.row.party for p in planned if p.row.party), (0, "")))
            if len(self.parties) > self.PARTY_CACHE:
                self.parties.clear()
        return planned

    def new_case(self, row: Row) -> Case:
        # A case opened by a secret row is secret too: its title may be the secret
        # subject. The public sees a generic public title.
        secret = row.secrecy
        opened = _stockholm_midnight(row.date)
        return Case(
            series_id=row.series.pk, year=row.year, serial=row.serial,
            diary_number=row.diary_number, number_key=normalise(row.diary_number),
            imported=True, title=row.case_title or row.subject,
            public_title=self.public_title if secret else "",
            classification_id=row.classification_id, opened_at=opened, opened_by=self.user,
            secrecy_ground=secret, secrecy_marked_at=opened if secret else None,
            secrecy_marked_by=self.user if secret else None,
        )

    def find_parties(self, planned: list[_Planned]) -> list[Party]:
        """Parties by name, found or created once (and cached). A party first met on a
        secret row is created secret. Returns the parties created."""
        wanted = {}
        for p in planned:
            if p.row.party and p.row.party not in self.parties:
                wanted.setdefault(p.row.party, p.row.secrecy)
        if not wanted:
            return []
        if len(self.parties) + len(wanted) > self.PARTY_CACHE:
            self.parties.clear()
        for pk, name, ground in Party.objects.filter(name__in=list(wanted)).order_by(
                "-pk").values_list("id", "name", "secrecy_ground"):
            self.parties[name] = (pk, ground)  # the oldest wins, being last
            wanted.pop(name, None)
        now = timezone.now()
        created = [Party(kind=Party.Kind.ORGANISATION if _is_organisation(name)
                         else Party.Kind.PERSON, name=name, secrecy_ground=ground,
                         secrecy_marked_at=now if ground else None,
                         secrecy_marked_by=self.user if ground else None)
                   for name, ground in wanted.items()]
        _insert(Party, created)
        for party in created:
            self.parties[party.name] = (party.pk, party.secrecy_ground)
        return created

    def write(self, planned: list[_Planned]) -> None:
        user = self.user
        new_parties = self.find_parties(planned)
        new_cases = [p.case.new for p in planned if p.creates_case]
        for p in planned:
            if p.creates_case:
                p.case.new.last_document_number = p.case.last
        _insert(Case, new_cases)
        for p in planned:
            if p.creates_case:
                p.case.pk = p.case.new.pk
        changed = {id(p.case): p.case for p in planned if not p.creates_case and
                   p.case.changed and p.case.new is None}
        _update(Case, "last_document_number", [(s.pk, s.last) for s in changed.values()])
        self.raise_counters(new_cases)
        documents, links, texts_parties = [], [], []
        for p in planned:
            row = p.row
            at = _stockholm_midnight(row.date)
            document = Document(
                case_id=p.case.pk, number=p.number, direction=row.direction,
                doc_type=(Document.Type.OTHER if row.direction == Document.Direction.DRAWN_UP
                          else Document.Type.LETTER),
                description=row.subject, document_date=row.date, received_date=row.date,
                registered_at=at, registered_by=user, secrecy_ground=row.secrecy,
                secrecy_marked_at=at if row.secrecy else None,
                secrecy_marked_by=user if row.secrecy else None)
            documents.append(document)
        _insert(Document, documents)
        events = []
        case_of = {}
        for party in new_parties:
            events.append(("import", party, None, {
                **self.facts, "after": _snapshot(party, ("kind", "name")),
                "secrecy_ground": party.secrecy_ground}))
        for p, document in zip(planned, documents, strict=True):
            row = p.row
            case = p.case.new if p.creates_case else case_of.setdefault(
                p.case.pk, _Ref(p.case.pk))
            senders, recipients, parties = [], [], []
            if row.party:
                pk, ground = self.parties[row.party]
                role = (DocumentParty.Role.SENDER
                        if row.direction == Document.Direction.INCOMING
                        else DocumentParty.Role.RECIPIENT)
                (senders if role == DocumentParty.Role.SENDER else recipients).append(pk)
                links.append((document.pk, pk, role.value))
                parties.append(_PartyText(row.party, bool(ground)))
            texts_parties.append((document, parties))
            if p.creates_case:
                events.append(("import", case, case, {
                    **self.facts, "row": row.row, "after": _snapshot(case, CASE_FIELDS),
                    "secrecy_ground": case.secrecy_ground}))
            events.append(("import", document, case, {
                **self.facts, "row": row.row, "after": _snapshot(document, DOCUMENT_FIELDS),
                "senders": senders, "recipients": recipients, "files": [],
                "secrecy_ground": document.secrecy_ground}))
        _insert_rows(DocumentParty, ["document_id", "party_id", "role"], links)
        _insert_rows(SourceRow, ["source_id", "row", "key", "document_id"],
                     [(self.source.pk, p.row.row, p.row.key, d.pk)
                      for p, d in zip(planned, documents, strict=True)])
        journal.record_many(events, acting_user=user)
        search.index_many(cases=new_cases, documents=texts_parties)
        self.result.parties_created += len(new_parties)

    def raise_counters(self, new_cases: list[Case]) -> None:
        """Each series and year's counter to at least its highest imported serial
        (docs/numbering.md, "Imported numbers")."""
        highest: dict[tuple[int, int], int] = {}
        for case in new_cases:
            pair = (case.series_id, case.year)
            highest[pair] = max(highest.get(pair, 0), case.serial)
        if not highest:
            return
        query = functools.reduce(operator.or_, (Q(series_id=s, year=y) for s, y in highest))
        counters = {(c.series_id, c.year): c for c in
                    SerialCounter.objects.select_for_update().filter(query)}
        raised = []
        for pair, serial in highest.items():
            counter = counters.get(pair)
            if counter is not None and counter.last_serial < serial:
                counter.last_serial = serial
                raised.append(counter)
        _update(SerialCounter, "last_serial", [(c.pk, c.last_serial) for c in raised])
        _insert(SerialCounter,
            [SerialCounter(series_id=s, year=y, last_serial=serial)
             for (s, y), serial in highest.items() if (s, y) not in counters])


# The entry point ---------------------------------------------------------------------------


def import_rows(source: Source | None, path: Path, mapping: Mapping, *, acting_user,
                run: Run | None = None, dry_run: bool = False,
                progress: Callable[[int], None] | None = None,
                batch_size: int = BATCH_SIZE) -> DiaryResult:
    """Register the rows of the diary export at ``path`` (the file of ``source``; a dry
    run of a file not stored yet has none).

    Raises MappingError or ExportError, registering nothing, when the mapping does not
    fit the file or the file is not a diary export. Otherwise every row is registered,
    recognised as already present, or failed with its reason; ``progress(n)`` is called
    with the number of rows read since the last call, once a batch. An XML file broken
    part way stops there: what came before is registered, the break is a failure, and
    the source stays ``partial``. ``dry_run`` checks and counts everything and writes
    nothing."""
    if source is None and not dry_run:
        raise ValueError("a diary export is imported from its stored source")
    path = Path(path)
    result = DiaryResult(dry_run=dry_run)
    with open_export(path, mapping) as (facts, records):
        result.file = facts
        importer = _Importer(source, path, mapping, acting_user=acting_user, run=run,
                             dry_run=dry_run, result=result)
        if not dry_run and source.status != Source.Status.PARTIAL:
            Source.objects.filter(pk=source.pk).update(status=Source.Status.PARTIAL)
            source.status = Source.Status.PARTIAL
        batch: list[Row] = []
        read = number = 0
        try:
            for number, values in records:
                result.rows += 1
                read += 1
                try:
                    if isinstance(values, Exception):
                        raise RowError(_("The line cannot be read: %(error)s")
                                       % {"error": values})
                    batch.append(importer.checker.check(number, values))
                except RowError as exc:
                    result.fail(number, str(exc))
                if len(batch) >= batch_size:
                    importer.batch(batch)
                    batch = []
                    if progress:
                        progress(read)
                    read = 0
        except ExportError as exc:
            broken = exc
        else:
            broken = None
        if batch:
            importer.batch(batch)
        if progress and read:
            progress(read)
    if broken is not None:
        result.fail(number + 1, str(broken))
    result.failed.sort(key=operator.itemgetter("row"))
    if not dry_run and broken is None:
        Source.objects.filter(pk=source.pk).update(status=Source.Status.IMPORTED)
        source.status = Source.Status.IMPORTED
    return result
