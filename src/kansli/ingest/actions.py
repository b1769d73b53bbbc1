"""Registering what the importer read (docs/ingest.md, step 5), and the review queue.

One function per state change, each atomic and journalled:

- ``do_import_document`` registers a parsed officer's report, minutes, extract or
  notice, with its source file as the document's file;
- ``do_hold_for_review`` keeps a file the parser could not read fully, for a person;
- ``do_register_reviewed`` registers it with the fields as the reviewer corrected them;
- ``do_dismiss`` sets it aside with a reason.

``import_paths`` is what ``kansli import`` runs: every file on its own, so one bad file
never stops the batch, and a failure leaves nothing behind.
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kansli.diary import actions as diary_actions
from kansli.diary import journal
from kansli.diary.files import file_chunks, guess_media_type, hash_file, staging
from kansli.diary.models import Case, Document, Party, Series
from kansli.documents import render as document_render
from kansli.documents import store as document_store
from kansli.lib.diarynumber import DiaryNumberFormat, ParseError, normalise
from kansli.meetings import actions as meeting_actions
from kansli.meetings.models import Paragraph
from kansli.org.models import Body, Organisation, Unit

from . import text as text_module
from .models import Run, Source

DIARY_SUFFIXES = {".csv", ".xml"}


class NotRegistrable(ValidationError):
    """The parsed fields are not enough to register: the file waits for review."""


# The outcome of one file ------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one file: ``imported``, ``present`` (already in the diary),
    ``review``, ``failed`` — or, in a dry run, ``would_import``."""

    path: str
    status: str
    kind: str = ""
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    diary_number: str = ""
    document: str = ""
    rows: dict | None = None
    # The Source the file left or was known by (not part of the report).
    source: Source | None = None

    def as_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items()
                if key != "source" and value not in ("", None, [])}


# Storing the source file -------------------------------------------------------------------


def _new_source(chunks, *, filename: str, kind: str, status: str, acting_user, run,
                stage, text: str = "", data=None, problems=()) -> Source:
    blob = stage.store(chunks)
    return Source.objects.create(
        blob=blob, sha256=blob.sha256, filename=filename[:255],
        media_type=guess_media_type(filename), kind=kind, status=status, text=text,
        data=data or {}, problems=list(problems), run=run, created_at=timezone.now(),
        created_by=acting_user, **meeting_of(data or {}))


def meeting_of(data: dict) -> dict:
    """The body and meeting date of minutes or an extract, as a Source keeps them."""
    if data.get("kind") not in (Source.Kind.MINUTES, Source.Kind.EXTRACT):
        return {"body_name": "", "meeting_date": None}
    try:
        day = datetime.date.fromisoformat(str(data.get("meeting_date") or ""))
    except ValueError:
        day = None
    return {"body_name": (data.get("body") or "").strip()[:200], "meeting_date": day}


def source_facts(source: Source) -> dict:
    """How the journal names a source file."""
    return {"name": source.filename, "sha256": source.sha256,
            "run": source.run_id}


# Finding what the fields name ---------------------------------------------------------------


# During one import (``import_paths``), what does not change while it runs — the
# organisation, its bodies, series, classifications and units — is looked up once.
_RUN_CACHE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("ingest_lookups",
                                                                         default=None)


def _cached(key, make):
    cache = _RUN_CACHE.get()
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


def organisation() -> Organisation:
    org = _cached("organisation", lambda: Organisation.objects.order_by("pk").first())
    if org is None:
        raise NotRegistrable(_("There is no organisation to import into."))
    return org


def _date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise NotRegistrable(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) \
            from None


def _body(org: Organisation, name: str) -> Body:
    bodies = _cached(("bodies", org.pk), lambda: {
        b.name.casefold(): b for b in Body.objects.filter(organisation=org).order_by("-pk")})
    body = bodies.get((name or "").strip().casefold())
    if body is None:
        raise NotRegistrable(_("The body “%(name)s” is not one of the organisation's bodies.")
                             % {"name": name or "–"})
    return body


def _series(org: Organisation) -> dict[str, Series]:
    """The organisation's series by their codes in upper case."""
    return _cached(("series", org.pk), lambda: {
        s.code.upper(): s for s in Series.objects.filter(organisation=org).order_by("-pk")})


def _parse_number(org: Organisation, text: str):
    codes = {code: series.code for code, series in _series(org).items()}
    try:
        return org.number_format.parse(text, codes)
    except ParseError:
        pass
    # Numbers written in a format the organisation used before.
    for template in ("{series}{yy}/{serial}-{class}", "{series} {yyyy}/{serial}",
                     "{yyyy}/{series} {serial}", "{series} {serial}/{yyyy}",
                     "{series}-{yyyy}-{serial}", "{series}{yy}/{serial}"):
        try:
            return DiaryNumberFormat(template).parse(text, codes)
        except ParseError:
            continue
    raise NotRegistrable(_("“%(number)s” is not a diary number of this organisation.")
                         % {"number": text})


def find_case(diary_number: str) -> Case | None:
    return Case.objects.filter(number_key=normalise(diary_number),
                               cancelled_at__isnull=True).first()


def case_for(diary_number: str, *, title: str, opened_on: datetime.date | None, acting_user,
             source: dict, org: Organisation | None = None, secrecy_ground: str = "",
             look: bool = True) -> Case:
    """The case of ``diary_number``: found in the diary, or brought in with its number
    (with a secret title when it is taken from a secret paragraph)."""
    if not (diary_number or "").strip():
        raise NotRegistrable(_("No diary number could be read."))
    case = find_case(diary_number) if look else None
    if case is not None:
        return case
    org = org or organisation()
    number = _parse_number(org, diary_number)
    series = _series(org).get(number.series.upper())
    if series is None:
        raise NotRegistrable(_("The diary series %(code)s does not exist.")
                             % {"code": number.series})
    classification = None
    if number.classification:
        from kansli.diary.models import Classification
        classification = _cached(
            ("classification", number.classification),
            lambda: Classification.objects.filter(code=number.classification).first())
    opened = opened_on or timezone.localdate()
    return diary_actions.do_import_case(
        series, acting_user=acting_user, diary_number=diary_number.strip(),
        year=number.year, serial=number.serial, title=title or diary_number,
        opened_at=timezone.make_aware(datetime.datetime.combine(opened, datetime.time(12))),
        classification=classification, source=source, secrecy_ground=secrecy_ground,
        public_title=_("Case %(number)s") % {"number": diary_number.strip()}
        if secrecy_ground else "")


def _party_or_unit(org: Organisation, name: str, email: str, acting_user):
    name, email = (name or "").strip(), (email or "").strip()
    units = _cached(("units", org.pk), lambda: {
        u.name.casefold(): u for u in Unit.objects.filter(organisation=org).order_by("-pk")})
    unit = units.get(name.casefold())
    if unit is not None and not email:
        return unit
    parties = Party.objects.filter(name__iexact=name)
    party = (parties.filter(email__iexact=email).first() if email else None) or \
        (parties.first() if not email else None)
    if party is None:
        party = diary_actions.do_create_party(acting_user=acting_user,
                                              kind=Party.Kind.ORGANISATION, name=name,
                                              email=email)
    return party


def _paragraph(body_name: str, on: datetime.date | None, number) -> Paragraph | None:
    """The paragraph of one of the organisation's bodies, by the numbering's own key
    (body, year, number), on the meeting's day."""
    if not (body_name and on and number):
        return None
    try:
        body = _body(organisation(), body_name)
    except NotRegistrable:
        return None  # another organisation's body: its paragraphs are not here
    paragraph = (Paragraph.objects.filter(body=body, year=on.year, number=number)
                 .select_related("meeting").first())
    return paragraph if paragraph is not None and paragraph.meeting.day == on else None


def _imported_minutes(body_name: str, on: datetime.date | None, number) -> Document | None:
    """The imported minutes or extract of ``body_name`` of ``on`` that hold paragraph
    ``number``: where a paragraph imported from an earlier system lives."""
    if not (body_name and on and number):
        return None
    # By the meeting's day (indexed); there are few sources of one day.
    sources = Source.objects.filter(
        meeting_date=on, status=Source.Status.IMPORTED,
        kind__in=[Source.Kind.MINUTES, Source.Kind.EXTRACT],
    ).only("pk", "kind", "body_name", "data", "document_id").order_by("kind", "pk")
    wanted = body_name.strip().casefold()
    for source in sources:
        if source.body_name.casefold() == wanted and any(
                p.get("number") == number for p in source.data.get("paragraphs", [])):
            document = Document.objects.select_related("case").get(pk=source.document_id)
            if not document.is_cancelled:
                return document
    return None


def _paragraph_label(line: dict, on: datetime.date | None) -> str:
    title = (line.get("title") or "").strip()
    if "§" in title:
        return title
    return " ".join(filter(None, [title, f"{on:%Y-%m-%d}" if on else "",
                                  f"§ {line['paragraph']}"]))


def written_line(line: dict) -> str:
    """A basis line as the report printed it."""
    if line.get("text"):
        return line["text"]
    title, on = (line.get("title") or "").strip(), line.get("date")
    return f"{title}, {on}" if on else title


def _document_in(documents: list[Document], title: str,
                 on: datetime.date | None) -> Document | None:
    """The live document of the case (``documents``, in number order) that a basis line
    names: its description is the line's title or begins with it ("Tjänsteutlåtande
    socialkontoret – …"), and its date is the line's date."""
    title = title.casefold()
    for document in documents:
        description = document.description.casefold()
        if description != title and not description.startswith(f"{title} "):
            continue
        if on is None or (document.document_date or document.received_date) == on:
            return document
    return None


def _document_entry(document: Document, line: dict) -> dict:
    """Label and date shown so that the entry reads as the line was written."""
    written = written_line(line)
    own = document.document_date or document.received_date
    title = (line.get("title") or "").strip()
    # A description that carries its date ("…, justerat förslag 2013-05-06") is printed
    # as it is.
    if document.description in (written, f"{title} {own:%Y-%m-%d}"):
        return {"document": document, "show_date": False}
    if written == f"{document.description}, {own:%Y-%m-%d}":
        return {"document": document}
    if line.get("date") and written == f"{title}, {own:%Y-%m-%d}":
        return {"document": document, "label": title}
    return {"document": document, "label": written, "show_date": False}


def basis_entries(case: Case, basis: list[dict]) -> list[dict]:
    """Each basis line linked to the paragraph or document it names where that is in the
    diary, else kept as written."""
    entries = []
    documents = list(case.documents.filter(cancelled_at__isnull=True).order_by("number")
                     .only("pk", "case_id", "number", "description", "document_date",
                           "received_date"))
    for line in basis:
        on = _date(line.get("date"))
        paragraph = _paragraph(line.get("body", ""), on, line.get("paragraph"))
        if paragraph is not None:
            entries.append({"paragraph": paragraph})
            continue
        title = (line.get("title") or "").strip()
        minutes = _imported_minutes(line.get("body", ""), on, line.get("paragraph"))
        if minutes is not None:
            entries.append({"document": minutes, "label": _paragraph_label(line, on),
                            "show_date": False})
            continue
        document = _document_in(documents, title, on) if title else None
        if document is not None:
            entries.append(_document_entry(document, line))
        elif line.get("paragraph"):
            entries.append({"label": _paragraph_label(line, on), "show_date": False})
        elif on is not None and written_line(line) == f"{title}, {on:%Y-%m-%d}":
            entries.append({"label": title, "date": on})
        else:
            entries.append({"label": written_line(line), "date": on, "show_date": False})
    return entries


def _earliest(*dates) -> datetime.date | None:
    known = [d for d in dates if d]
    return min(known) if known else None


def _latest(*dates) -> datetime.date | None:
    known = [d for d in dates if d]
    return max(known) if known else None


# Registering, per kind -----------------------------------------------------------------------


@dataclass
class Plan:
    """What registering a parsed file comes to: the case, and the document's facts."""

    case_number: str
    case_title: str
    opened_on: datetime.date | None
    direction: str
    doc_type: str
    description: str
    document_date: datetime.date | None
    received_date: datetime.date
    org: Organisation | None = None
    # The body a report is addressed to, or whose meeting the minutes or notice are of.
    body: Body | None = None
    # The case, once looked for (None: not in the diary, to be brought in).
    case: Case | None = None
    looked_for_case: bool = False


def printed_secrets(data: dict) -> list:
    """The numbers of secret paragraphs whose heading or decision the file prints — as
    read now, or as first read (``printed_secrets``: a reviewer who marks a paragraph
    secret takes its text out of the fields, not out of the file)."""
    numbers = [p.get("number") for p in data.get("paragraphs") or []
               if p.get("secret") and (p.get("heading") or p.get("decision"))]
    return sorted(set(numbers) | set(data.get("printed_secrets") or []),
                  key=lambda n: (n is None, n))


def _require_secrecy_ground(data: dict) -> None:
    """Minutes that print a secret paragraph are registered secret, under the ground a
    person gives: the importer cannot know it, and must not publish the file."""
    numbers = printed_secrets(data)
    if numbers and not (data.get("secrecy_ground") or "").strip():
        raise NotRegistrable(
            _("§ %(numbers)s is secret and its content is printed: the document is "
              "registered as secret once its secrecy ground is given.")
            % {"numbers": ", ".join(str(n) for n in numbers)})


def plan(data: dict) -> Plan:
    """Work out, without writing anything, what the fields register as. Raises
    ``NotRegistrable`` with the reason when they are not enough."""
    kind = data.get("kind")
    org = organisation()
    if kind in ("minutes", "extract"):
        _require_secrecy_ground(data)
    if kind == "report":
        if not (data.get("title") or "").strip():
            raise NotRegistrable(_("The report has no title."))
        if not (data.get("proposal") or "").strip():
            raise NotRegistrable(_("The report has no proposed decision."))
        body = _body(org, data.get("body", ""))
        basis_dates = [_date(line.get("date")) for line in data.get("basis", [])]
        written = _date(data.get("date"))
        # A report is drawn up on its date; one without a date, no earlier than the
        # newest document it rests on.
        drawn_up = written or _latest(*basis_dates)
        if drawn_up is None:
            raise NotRegistrable(_("The report has no date, and none of its decision basis "
                                   "has one."))
        return Plan(data.get("diary_number", ""), data["title"].strip(),
                    _earliest(written, *basis_dates), Document.Direction.DRAWN_UP,
                    Document.Type.OFFICERS_REPORT, data["title"].strip(), written, drawn_up,
                    org, body)
    if kind in ("minutes", "notice"):
        body = _body(org, data.get("body", ""))
        day = _date(data.get("meeting_date") if kind == "minutes" else data.get("date"))
        if day is None:
            raise NotRegistrable(_("The meeting date could not be read."))
        title = f"{document_render.TERMS['meetings_case']} {body.name} {day.year}"
        if kind == "minutes":
            numbers = [p["number"] for p in data.get("paragraphs", []) if p.get("number")]
            description = (f"{document_render.TERMS['minutes']} {body.name} {day:%Y-%m-%d} "
                           f"{document_render.paragraph_range(sorted(numbers))}").strip()
            return Plan("", title, day, Document.Direction.DRAWN_UP, Document.Type.MINUTES,
                        description, day, _date(data.get("approved_on")) or day, org, body)
        return Plan("", title, day, Document.Direction.DRAWN_UP, Document.Type.OTHER,
                    f"{document_render.TERMS['notice']} {body.name} {day:%Y-%m-%d}", day, day,
                    org, body)
    if kind == "extract":
        paragraphs = data.get("paragraphs") or []
        if len(paragraphs) != 1:
            raise NotRegistrable(_("An extract holds one paragraph; %(count)s were read.")
                                 % {"count": len(paragraphs)})
        paragraph = paragraphs[0]
        day = _date(data.get("meeting_date"))
        if day is None:
            raise NotRegistrable(_("The meeting date could not be read."))
        if not paragraph.get("diary_number"):
            raise NotRegistrable(_("The extract's paragraph has no diary number."))
        body = data.get("body", "")
        ours = Body.objects.filter(organisation=org, name__iexact=body).exists()
        return Plan(paragraph["diary_number"], paragraph.get("heading") or body,
                    day, Document.Direction.DRAWN_UP if ours else Document.Direction.INCOMING,
                    Document.Type.EXTRACT,
                    f"Protokollsutdrag {body} {day:%Y-%m-%d} § {paragraph.get('number')}",
                    day, _date(data.get("approved_on")) or day, org)
    raise NotRegistrable(_("The kind of document was not recognised."))


def _meetings_case(plan_: Plan, acting_user) -> Case:
    body = plan_.body
    existing = Case.objects.filter(title=plan_.case_title, cancelled_at__isnull=True,
                                   series__organisation=body.organisation).first()
    return existing or document_store.meetings_case(body, plan_.opened_on.year,
                                                    acting_user=acting_user)


def already_registered(data: dict, plan_: Plan | None = None) -> Document | None:
    """The document these fields describe, if it is in the diary already: the same case,
    kind and document date."""
    if plan_ is None:
        try:
            plan_ = plan(data)
        except ValidationError:
            return None
    if plan_.case_number:
        case = find_case(plan_.case_number)
        plan_.case, plan_.looked_for_case = case, True
    else:
        case = Case.objects.filter(title=plan_.case_title, cancelled_at__isnull=True).first()
    if case is None:
        return None
    same = case.documents.filter(doc_type=plan_.doc_type, cancelled_at__isnull=True)
    if plan_.doc_type in (Document.Type.EXTRACT, Document.Type.OFFICERS_REPORT):
        same = same.filter(Q(description__iexact=plan_.description)
                           | Q(report__title__iexact=plan_.description))
    if plan_.document_date is not None or plan_.doc_type != Document.Type.OFFICERS_REPORT:
        # A report need not print its date; then its title in its case identifies it.
        same = same.filter(document_date=plan_.document_date)
    return same.first()


def _register(facts: dict, data: dict, content: bytes, *, acting_user,
              plan_: Plan | None = None) -> Document:
    """Register the document the fields describe; ``facts`` name the source file."""
    plan_ = plan_ or plan(data)
    ground = (data.get("secrecy_ground") or "").strip()
    if plan_.case_number and plan_.looked_for_case and plan_.case is not None:
        case = plan_.case
    elif plan_.case_number:
        case = case_for(plan_.case_number, title=plan_.case_title, opened_on=plan_.opened_on,
                        acting_user=acting_user, source=facts, org=plan_.org,
                        look=not plan_.looked_for_case,
                        secrecy_ground=ground if printed_secrets(data) else "")
    else:
        case = _meetings_case(plan_, acting_user)
    senders = []
    if plan_.direction == Document.Direction.INCOMING and data.get("body"):
        sender = " ".join(filter(None, [data.get("organisation", ""), data["body"]]))
        senders = [_party_or_unit(plan_.org, sender, "", acting_user)]
    document = diary_actions.do_register_document(
        case, acting_user=acting_user, direction=plan_.direction, doc_type=plan_.doc_type,
        description=plan_.description, document_date=plan_.document_date,
        received_date=plan_.received_date, senders=senders, secrecy_ground=ground,
        files=[diary_actions.NewFile(facts["name"], content)],
        imported_from={**facts, "kind": data.get("kind")})
    if plan_.doc_type == Document.Type.OFFICERS_REPORT:
        recipients = [_party_or_unit(plan_.org, r.get("name", ""), r.get("email", ""),
                                     acting_user)
                      for r in data.get("recipients", []) if (r.get("name") or "").strip()]
        meeting_actions.do_write_report(
            document, acting_user=acting_user, body=plan_.body,
            title=data["title"], proposal=data["proposal"], summary=data.get("summary", ""),
            sections=[(s.get("heading", ""), s.get("text", ""))
                      for s in data.get("sections", [])],
            basis=basis_entries(case, data.get("basis", [])), recipients=recipients,
            signatories=[(s.get("name", ""), s.get("title", ""))
                         for s in data.get("signatories", [])],
            imported=True)
    return document


@transaction.atomic
def do_import_document(content: bytes, filename: str, data: dict, *, acting_user,
                       run: Run | None = None, text: str = "",
                       plan_: Plan | None = None) -> Source:
    """Register a parsed file: its case (found, or brought in with its number), the
    document with the file, its structure, and an ``import`` event naming the source."""
    facts = {"name": filename[:255], "sha256": hashlib.sha256(content).hexdigest(),
             "run": run.pk if run else None}
    document = _register(facts, data, content, acting_user=acting_user, plan_=plan_)
    # The document's file is the source, stored once.
    blob = document.files.select_related("blob").get().blob
    return Source.objects.create(
        blob=blob, sha256=blob.sha256, filename=facts["name"],
        media_type=guess_media_type(filename), kind=data.get("kind", "unknown"),
        status=Source.Status.IMPORTED, text=text, data=data, run=run,
        created_at=timezone.now(), created_by=acting_user, document=document,
        case=document.case, **meeting_of(data))


@transaction.atomic
def do_link_present(content: bytes, filename: str, data: dict, document: Document, *,
                    acting_user, run: Run | None = None, text: str = "") -> Source:
    """Keep a file whose document is already in the diary, linked to it, so the same
    file is known at once next time."""
    with staging() as stage:
        source = _new_source([content], filename=filename, kind=data.get("kind", "unknown"),
                             status=Source.Status.IMPORTED, acting_user=acting_user, run=run,
                             stage=stage, text=text, data=data)
        Source.objects.filter(pk=source.pk).update(document=document, case=document.case)
        source.document, source.case = document, document.case
        journal.record("ingest.present", source, acting_user=acting_user, case=document.case,
                       source=source_facts(source), document=document.pk)
        return source


@transaction.atomic
def do_hold_for_review(content: bytes, filename: str, data: dict, problems: list[str], *,
                       acting_user, run: Run | None = None, text: str = "") -> Source:
    """Keep a file whose fields are incomplete, for a person to correct or dismiss."""
    with staging() as stage:
        source = _new_source([content], filename=filename, kind=data.get("kind", "unknown"),
                             status=Source.Status.REVIEW, acting_user=acting_user, run=run,
                             stage=stage, text=text, data=data, problems=problems)
        journal.record("ingest.hold", source, acting_user=acting_user,
                       source=source_facts(source), problems=problems)
        return source


@transaction.atomic
def do_register_reviewed(source: Source, data: dict, *, acting_user) -> Source:
    """Register a held file with the fields as the reviewer corrected them."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    if source.status != Source.Status.REVIEW:
        raise ValidationError(_("This file is not waiting for review."))
    from kansli.diary.files import read_verified
    content = read_verified(source.blob)
    data = {**data, "problems": [], "printed_secrets": printed_secrets(
        {"paragraphs": data.get("paragraphs"),
         "printed_secrets": printed_secrets(source.data)})}
    if data.get("kind") in ("minutes", "extract"):
        _require_secrecy_ground(data)
    document = _register(source_facts(source), data, content, acting_user=acting_user)
    journal.record("ingest.review", document, acting_user=acting_user, case=document.case,
                   source=source_facts(source), before=source.data, after=data)
    Source.objects.filter(pk=source.pk).update(
        status=Source.Status.IMPORTED, data=data, document=document, case=document.case,
        kind=data.get("kind", source.kind), **meeting_of(data))
    source.refresh_from_db()
    return source


@transaction.atomic
def do_dismiss(source: Source, *, acting_user, reason: str) -> Source:
    """Set a held file aside, with the reason; it stays stored, and is known if it is
    imported again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason."))
    source = Source.objects.select_for_update().get(pk=source.pk)
    if source.status != Source.Status.REVIEW:
        raise ValidationError(_("This file is not waiting for review."))
    Source.objects.filter(pk=source.pk).update(status=Source.Status.DISMISSED,
                                               dismiss_reason=reason)
    journal.record("ingest.dismiss", source, acting_user=acting_user,
                   source=source_facts(source), reason=reason)
    source.refresh_from_db()
    return source


# One file, then many ---------------------------------------------------------------------------


def read_and_parse(content: bytes, filename: str) -> tuple[dict, str]:
    """(fields, cleaned text); raises ``text.Unreadable``."""
    from .recognise import parse

    read = text_module.read(content, filename)
    return parse(read.text), read.text


def import_document_file(path: Path, *, acting_user, run: Run | None, dry_run: bool,
                         shown: str) -> Outcome:
    """Read, parse and register one document file; never raises for bad input."""
    try:
        text_module.check_size(os.path.getsize(path))
        content = path.read_bytes()
    except text_module.Unreadable as problem:
        return Outcome(shown, "failed", reason=str(problem))
    except OSError as error:
        return Outcome(shown, "failed", reason=_("The file cannot be read (%(error)s).")
                       % {"error": error.strerror or error})
    sha = hashlib.sha256(content).hexdigest()
    known = Source.objects.filter(sha256=sha).select_related("document__case").first()
    if known is not None and known.status == Source.Status.PARTIAL:
        # The same bytes are a diary export being imported.
        return Outcome(shown, "failed", kind=Source.Kind.DIARY, reason=_(
            "A diary export needs a column mapping (--map or --mapping)."))
    if known is not None:
        return _known(shown, known)
    try:
        data, cleaned = read_and_parse(content, path.name)
    except text_module.Unreadable as problem:
        return Outcome(shown, "failed", reason=str(problem))
    kind, problems = data.get("kind", "unknown"), list(data.get("problems", []))
    number = data.get("diary_number", "")
    plan_ = None
    if not problems:
        try:
            plan_ = plan(data)
        except NotRegistrable as reason:
            problems = [reason.messages[0]]
    present = already_registered(data, plan_) if plan_ is not None else None
    if present is not None:
        source = None if dry_run else do_link_present(
            content, path.name, data, present, acting_user=acting_user, run=run, text=cleaned)
        return Outcome(shown, "present", kind=kind, diary_number=present.case.diary_number,
                       document=present.reference, source=source)
    if problems:
        source = None if dry_run else do_hold_for_review(
            content, path.name, data, problems, acting_user=acting_user, run=run, text=cleaned)
        return Outcome(shown, "review", kind=kind, problems=problems, diary_number=number,
                       source=source)
    if dry_run:
        return Outcome(shown, "would_import", kind=kind, diary_number=number)
    try:
        source = do_import_document(content, path.name, data, acting_user=acting_user,
                                    run=run, text=cleaned, plan_=plan_)
    except ValidationError as reason:
        problems = reason.messages
        source = do_hold_for_review(content, path.name, data, problems,
                                    acting_user=acting_user, run=run, text=cleaned)
        return Outcome(shown, "review", kind=kind, problems=problems, diary_number=number,
                       source=source)
    return Outcome(shown, "imported", kind=kind, diary_number=source.case.diary_number,
                   document=source.document.reference, source=source)


def _known(shown: str, source: Source) -> Outcome:
    """What a file seen before comes to (a diary export still being imported is
    resumed by its caller instead)."""
    if source.status == Source.Status.REVIEW:
        return Outcome(shown, "review", kind=source.kind, problems=source.problems,
                       reason=_("Already waiting for review."), source=source)
    if source.status == Source.Status.DISMISSED:
        return Outcome(shown, "present", kind=source.kind,
                       reason=_("Dismissed earlier: %(reason)s") % {"reason":
                                                                   source.dismiss_reason},
                       source=source)
    return Outcome(shown, "present", kind=source.kind,
                   diary_number=source.case.diary_number if source.case else "",
                   document=source.document.reference if source.document else "",
                   source=source)


def files_in(paths: list[Path]) -> list[Path]:
    """The files named, and the files in the folders named (in name order), leaving out
    the annotations of an evaluation set and hidden files."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and not p.name.startswith(".")
                            and not p.name.endswith(".expected.json"))
        else:
            found.append(path)
    return found


@dataclass
class Report:
    started_at: datetime.datetime
    dry_run: bool
    by: str
    outcomes: list[Outcome] = field(default_factory=list)
    finished_at: datetime.datetime | None = None

    def counts(self) -> dict[str, int]:
        counts = {"imported": 0, "present": 0, "review": 0, "failed": 0}
        if self.dry_run:
            counts["would_import"] = 0
        for outcome in self.outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts

    def as_dict(self) -> dict:
        return {"started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "by": self.by, "dry_run": self.dry_run, "counts": self.counts(),
                "files": [o.as_dict() for o in self.outcomes]}


def import_paths(paths: list[Path], *, acting_user, dry_run: bool = False, mapping=None,
                 progress=None, row_progress=None) -> Report:
    """Import every file named or found in the folders named. ``mapping`` (a
    ``diaryexport.Mapping``) is needed for diary exports. ``progress(outcome)`` is
    called after each file, ``row_progress(rows)`` as a diary export's rows are read."""
    token = _RUN_CACHE.set({})
    try:
        return _import_paths(paths, acting_user=acting_user, dry_run=dry_run,
                             mapping=mapping, progress=progress, row_progress=row_progress)
    finally:
        _RUN_CACHE.reset(token)


def _import_paths(paths, *, acting_user, dry_run, mapping, progress, row_progress) -> Report:
    report = Report(timezone.now(), dry_run, acting_user.get_username() if acting_user
                    else "system")
    run = None
    if not dry_run:
        run = Run.objects.create(started_at=report.started_at, started_by=acting_user,
                                 options={"paths": [str(p) for p in paths],
                                          "mapping": getattr(mapping, "columns", None)})
    for path in files_in(paths):
        shown = str(path)
        if not path.exists():
            outcome = Outcome(shown, "failed", reason=_("There is no such file."))
        elif path.suffix.lower() in DIARY_SUFFIXES:
            outcome = import_diary_file(path, mapping, acting_user=acting_user, run=run,
                                        dry_run=dry_run, shown=shown,
                                        row_progress=row_progress)
        else:
            outcome = import_document_file(path, acting_user=acting_user, run=run,
                                           dry_run=dry_run, shown=shown)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    report.finished_at = timezone.now()
    if run is not None:
        Run.objects.filter(pk=run.pk).update(finished_at=report.finished_at,
                                             report=report.as_dict())
    return report


def import_diary_file(path: Path, mapping, *, acting_user, run, dry_run: bool,
                      shown: str, row_progress=None) -> Outcome:
    """Import a diary export (CSV or postlista XML) row by row; see ``diaryexport``."""
    from . import diaryexport

    if mapping is None:
        return Outcome(shown, "failed", kind="diary",
                       reason=_("A diary export needs a column mapping (--map or --mapping)."))
    try:
        if os.path.getsize(path) == 0:
            return Outcome(shown, "failed", kind="diary", reason=_("The file is empty."))
        sha, _size = hash_file(path)
    except OSError as error:
        return Outcome(shown, "failed", reason=_("The file cannot be read (%(error)s).")
                       % {"error": error.strerror or error})
    source = Source.objects.filter(sha256=sha).first()
    if source is not None and source.status != Source.Status.PARTIAL:
        return _known(shown, source)
    try:
        mapping.check(path)
    except ValidationError as reason:
        return Outcome(shown, "failed", kind="diary", reason=" ".join(reason.messages))
    if source is None and not dry_run:
        with transaction.atomic(), staging() as stage:
            source = _new_source(file_chunks(path), filename=path.name,
                                 kind=Source.Kind.DIARY, status=Source.Status.PARTIAL,
                                 acting_user=acting_user, run=run, stage=stage)
    try:
        result = diaryexport.import_rows(source, path, mapping, acting_user=acting_user,
                                         run=run, dry_run=dry_run, progress=row_progress)
    except (diaryexport.MappingError, diaryexport.ExportError) as error:
        return Outcome(shown, "failed", kind="diary", reason=str(error))
    rows = result.as_dict()
    if dry_run:
        return Outcome(shown, "would_import", kind="diary", rows=rows)
    if source is not None:
        source.refresh_from_db(fields=["status"])
    if not result.imported and not result.already_present:
        return Outcome(shown, "failed", kind="diary", rows=rows,
                       reason=_("No row could be imported."))
    if source is not None and source.status == Source.Status.PARTIAL:
        return Outcome(shown, "failed", kind="diary", rows=rows,
                       reason=_("The import stopped part way; importing the file again "
                                "continues after the last registered row."))
    return Outcome(shown, "imported", kind="diary", rows=rows)
