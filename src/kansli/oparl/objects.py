"""The OParl objects: which rows each type serves (annotated with ``oparl_created`` and
``oparl_modified``, so lists can filter on them in the database) and how a row becomes
JSON. What is public is decided by ``kansli.diary.public`` and ``kansli.meetings.public``
only; this module maps, it does not judge. See docs/oparl.md for the mapping.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation

from kansli.diary import public as diary_public
from kansli.diary.files import CorruptFileError, read_verified
from kansli.diary.models import Case, Document, DocumentFile, Event
from kansli.documents.models import Rendering
from kansli.lib.personnummer import mask
from kansli.meetings import public as meetings_public
from kansli.meetings.models import AgendaItem, Handling, Meeting, Paragraph
from kansli.org.models import Body, Membership, Organisation, Person, PoliticalParty, Term

from .models import Digest, Stamp

logger = logging.getLogger(__name__)

SCHEMA = "https://schema.oparl.org/1.1/"
# Journal events that change nothing anyone outside sees: reading a secret document and
# granting access to one. They never move ``modified`` (which would also tell the world
# that someone read a secret document).
QUIET_ACTIONS = ("read_secret", "grant_access")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass
class Ctx:
    """What every serializer needs: where the API lives and the organisation served."""

    base: str
    org: Organisation
    fallback: datetime.datetime  # created/modified of register rows never stamped

    def url(self, name: str, *args) -> str:
        return self.base + reverse(f"oparl:{name}", args=args)

    @property
    def body_url(self) -> str:
        return self.url("body", self.org.pk)


def make_ctx() -> Ctx:
    org = Organisation.current()
    first = Event.objects.order_by("seq").values_list("at", flat=True).first()
    return Ctx(base=settings.KANSLI_SITE_URL.rstrip("/"), org=org, fallback=first or EPOCH)


# Timestamps --------------------------------------------------------------------------------


def ts(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _latest_event(*conditions: Q) -> Subquery:
    condition = conditions[0]
    for more in conditions[1:]:
        condition |= more
    return Subquery(Event.objects.filter(condition).exclude(action__in=QUIET_ACTIONS)
                    .order_by("-at").values("at")[:1], output_field=DateTimeField())


def _greatest(base, *others):
    """The latest of ``base`` (never null) and ``others`` (null when there is none)."""
    return Greatest(base, *(Coalesce(other, base) for other in others))


def _stamped(queryset: QuerySet, kind: str, ctx: Ctx, *also_modified) -> QuerySet:
    fallback = Value(ctx.fallback, output_field=DateTimeField())
    stamps = Stamp.objects.filter(kind=kind, object_id=OuterRef("pk"))
    created = Coalesce(Subquery(stamps.values("created")[:1]), fallback)
    modified = Coalesce(Subquery(stamps.values("modified")[:1]), fallback)
    return queryset.annotate(oparl_created=created,
                             oparl_modified=_greatest(modified, *also_modified)
                             if also_modified else modified)


def _dates(obj) -> dict:
    return {"created": ts(obj.oparl_created), "modified": ts(obj.oparl_modified)}


def _deleted(obj, ctx: Ctx, name: str, type_: str) -> dict:
    """A deleted object: only what the spec asks of it."""
    return {"id": ctx.url(name, obj.pk), "type": SCHEMA + type_, "deleted": True,
            **_dates(obj)}


def _sv(label) -> str:
    with translation.override("sv"):
        return str(label)


# Querysets ---------------------------------------------------------------------------------


def organisations(ctx: Ctx) -> QuerySet:
    """The Body embeds the terms of office: a changed term moves it too."""
    term_stamps = Stamp.objects.filter(
        kind="org.term",
        object_id__in=Term.objects.filter(organisation=OuterRef(OuterRef("pk"))).values("pk"))
    latest_term = Subquery(term_stamps.order_by("-modified").values("modified")[:1],
                           output_field=DateTimeField())
    return _stamped(Organisation.objects.filter(pk=ctx.org.pk), "org.organisation", ctx,
                    latest_term)


def terms(ctx: Ctx) -> QuerySet:
    return _stamped(Term.objects.filter(organisation=ctx.org).order_by("pk"), "org.term", ctx)


def bodies(ctx: Ctx) -> QuerySet:
    return _stamped(Body.objects.filter(organisation=ctx.org).order_by("pk"), "org.body", ctx) \
        .prefetch_related(Prefetch("memberships", Membership.objects.order_by("pk").only(
            "pk", "body_id")))


def parties(ctx: Ctx) -> QuerySet:
    return _stamped(PoliticalParty.objects.filter(organisation=ctx.org).order_by("pk"),
                    "org.politicalparty", ctx) \
        .prefetch_related(Prefetch("memberships", Membership.objects.order_by("pk").only(
            "pk", "political_party_id")))


def memberships(ctx: Ctx) -> QuerySet:
    return _stamped(Membership.objects.filter(body__organisation=ctx.org).order_by("pk"),
                    "org.membership", ctx)


def people(ctx: Ctx) -> QuerySet:
    """People who hold a seat in a body: elected members, whose names are public.
    Officials named in minutes are not OParl persons."""
    seat_stamps = Stamp.objects.filter(
        kind="org.membership",
        object_id__in=Membership.objects.filter(person=OuterRef(OuterRef("pk"))).values("pk"))
    latest_seat = Subquery(seat_stamps.order_by("-modified").values("modified")[:1],
                           output_field=DateTimeField())
    queryset = Person.objects.filter(organisation=ctx.org,
                                     pk__in=Membership.objects.values("person"))
    return _stamped(queryset.order_by("pk"), "org.person", ctx, latest_seat).prefetch_related(
        Prefetch("memberships", memberships(ctx).select_related("political_party")))


def _added_to(meeting_ref) -> QuerySet:
    """The ids of the agenda items ever added to a meeting, removed ones included (the
    journal's ``add_agenda_item`` events name the meeting)."""
    return Event.objects.filter(object_type="agendaitem", action="add_agenda_item") \
        .annotate(oparl_meeting=Cast(KeyTextTransform("meeting", "data"), BigIntegerField())) \
        .filter(oparl_meeting=meeting_ref).values("object_id")


def _removed(item_ids) -> Q:
    return Q(object_type="agendaitem", action="remove_agenda_item", object_id__in=item_ids)


def meetings(ctx: Ctx) -> QuerySet:
    # Inside the journal subquery: the meeting is two levels out.
    meeting = OuterRef(OuterRef("pk"))
    item_ids = AgendaItem.objects.filter(meeting=meeting).values("pk")
    paragraph_ids = Paragraph.objects.filter(meeting=meeting).values("pk")
    case_ids = AgendaItem.objects.filter(meeting=meeting, case__isnull=False) \
        .values("case_id")
    latest = _latest_event(Q(object_type="meeting", object_id=OuterRef("pk")),
                           Q(object_type="agendaitem", object_id__in=item_ids),
                           Q(object_type="paragraph", object_id__in=paragraph_ids),
                           Q(case_id__in=case_ids), _removed(_added_to(meeting)))
    return Meeting.objects.filter(body__organisation=ctx.org).order_by("pk").annotate(
        oparl_created=F("created_at"), oparl_modified=_greatest(F("created_at"), latest))


def meetings_full(ctx: Ctx) -> QuerySet:
    return meetings(ctx).select_related("body").prefetch_related(
        Prefetch("agenda", agenda_items(ctx, only_public=False)),
        Prefetch("attendance", queryset=_attendance()),
        Prefetch("renderings", queryset=Rendering.objects.filter(
            kind__in=[Rendering.Kind.NOTICE, Rendering.Kind.MINUTES]).order_by("created_at",
                                                                               "pk")),
    )


def _attendance():
    from kansli.meetings.models import Attendance

    return Attendance.objects.filter(person__in=Membership.objects.values("person")) \
        .order_by("pk")


def agenda_items(ctx: Ctx, *, only_public: bool = True) -> QuerySet:
    queryset = AgendaItem.objects.filter(meeting__body__organisation=ctx.org)
    if only_public:
        queryset = queryset.filter(meeting__notice_sent_at__isnull=False)
    earlier = AgendaItem.objects.filter(meeting=OuterRef("meeting_id"),
                                        position__lt=OuterRef("position")) \
        .order_by().values("meeting").annotate(n=Count("pk")).values("n")
    added = Subquery(Event.objects.filter(object_type="agendaitem", object_id=OuterRef("pk"))
                     .order_by("at").values("at")[:1], output_field=DateTimeField())
    # A removal renumbers the items after it: it moves every item of the meeting.
    latest = _latest_event(
        Q(object_type="meeting", object_id=OuterRef("meeting_id")),
        Q(object_type="agendaitem", object_id=OuterRef("pk")),
        Q(object_type="paragraph",
          object_id__in=Paragraph.objects.filter(agenda_item=OuterRef(OuterRef("pk")))
          .values("pk")),
        Q(case_id=OuterRef("case_id")),
        _removed(_added_to(OuterRef(OuterRef("meeting_id")))))
    return queryset.order_by("pk").annotate(
        oparl_order=Coalesce(Subquery(earlier), 0),
        oparl_created=Coalesce(added, F("meeting__created_at")),
        oparl_modified=_greatest(F("meeting__created_at"), latest),
    ).select_related("meeting", "case", "paragraph__case__series", "paragraph__meeting",
                     "paragraph__body").prefetch_related(
        Prefetch("handlings", Handling.objects.order_by("pk").only("pk", "agenda_item_id")))


def removed_agenda_items(ctx: Ctx) -> QuerySet:
    """Agenda items taken off an agenda (the row is deleted; the journal keeps the
    removal), served as deleted."""
    added = Event.objects.filter(object_type="agendaitem", action="add_agenda_item",
                                 object_id=OuterRef("object_id")).order_by("at")
    meeting_ids = Meeting.objects.filter(body__organisation=ctx.org).values("pk")
    ours = Event.objects.filter(object_type="agendaitem", action="add_agenda_item") \
        .annotate(oparl_meeting=Cast(KeyTextTransform("meeting", "data"), BigIntegerField())) \
        .filter(oparl_meeting__in=meeting_ids).values("object_id")
    return Event.objects.filter(_removed(ours)).order_by("pk").annotate(
        oparl_created=Coalesce(Subquery(added.values("at")[:1]), F("at")),
        oparl_modified=F("at"))


def removed_agenda_item(event: Event, ctx: Ctx) -> dict:
    # ``order`` is required of every AgendaItem: where it stood when it was removed.
    return {**_deleted(event, ctx, "agendaitem", "AgendaItem"),
            "id": ctx.url("agendaitem", event.object_id),
            "order": max(int(event.data.get("position") or 1) - 1, 0)}


def handlings(ctx: Ctx) -> QuerySet:
    latest = _latest_event(Q(object_type="handling", object_id=OuterRef("pk")),
                           Q(case_id=OuterRef("case_id")))
    return Handling.objects.filter(case__series__organisation=ctx.org).order_by("pk") \
        .annotate(oparl_created=F("referred_at"),
                  oparl_modified=_greatest(F("referred_at"), latest, F("case__cancelled_at"))) \
        .select_related("case", "agenda_item__meeting")


def cases(ctx: Ctx) -> QuerySet:
    latest = _latest_event(Q(case_id=OuterRef("pk")))
    return Case.objects.filter(series__organisation=ctx.org).order_by("pk").annotate(
        oparl_created=F("opened_at"),
        oparl_modified=_greatest(F("opened_at"), latest, F("cancelled_at")))


def cases_full(ctx: Ctx) -> QuerySet:
    documents = diary_public.public_documents().order_by("number").prefetch_related(
        *diary_public.PUBLIC_PREFETCH[:2], Prefetch("files", files(ctx, only_listed=False)))
    return cases(ctx).prefetch_related(Prefetch("documents", documents),
                                       Prefetch("handlings", handlings(ctx)))


def files(ctx: Ctx, *, only_listed: bool = True) -> QuerySet:
    """Files of documents that are not secret (a secret document's files never appear);
    those of cancelled documents or cases are served as deleted. Nothing when the
    organisation does not publish files."""
    # Stored renderings print what the data held: the minutes every paragraph as
    # approved, the notice every agenda heading as typed. Minutes with a paragraph
    # subject to secrecy, and a notice with an item of a case whose title is secret
    # under another heading than its public title, are withheld. See docs/oparl.md.
    secret_minutes = Exists(Paragraph.objects.filter(
        meeting__renderings__file=OuterRef("pk"),
        meeting__renderings__kind=Rendering.Kind.MINUTES).exclude(secrecy_ground=""))
    secret_notice = Exists(AgendaItem.objects.filter(
        meeting__renderings__file=OuterRef("pk"),
        meeting__renderings__kind=Rendering.Kind.NOTICE)
        .exclude(case__secrecy_ground="").exclude(case=None)
        .exclude(heading=F("case__public_title")))
    queryset = DocumentFile.objects.filter(document__case__series__organisation=ctx.org) \
        .annotate(oparl_withheld=secret_minutes | secret_notice)
    if only_listed:
        if not ctx.org.publish_files:
            queryset = queryset.none()
        queryset = queryset.filter(document__secrecy_ground="", oparl_withheld=False)
    latest = _latest_event(Q(object_type="document", object_id=OuterRef("document_id")))
    return queryset.order_by("pk").annotate(
        oparl_created=F("added_at"),
        oparl_modified=_greatest(F("added_at"), latest, F("document__cancelled_at"),
                                 F("document__case__cancelled_at")),
    ).select_related("blob__oparl_digest", "document__case")


def files_full(ctx: Ctx, queryset: QuerySet | None = None) -> QuerySet:
    """Files with what ``diary.public.document_entry`` reads of their documents."""
    queryset = files(ctx) if queryset is None else queryset
    return queryset.prefetch_related(
        *(Prefetch("document__" + p.prefetch_through, p.queryset)
          for p in diary_public.PUBLIC_PREFETCH[:2]),
        Prefetch("document__files", files(ctx, only_listed=False)))


# Serializers -------------------------------------------------------------------------------


def system(ctx: Ctx) -> dict:
    org = organisations(ctx).get()
    return {
        "id": ctx.url("system"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": ctx.url("body-list"),
        "name": f"Kansli – {mask(org.name)}",
        "website": ctx.base + "/",
        **_dates(org),
    }


def body(org: Organisation, ctx: Ctx) -> dict:
    pk = org.pk

    def listing(kind: str) -> str:
        return ctx.url("body-objects", pk, kind)

    return {
        "id": ctx.url("body", pk),
        "type": SCHEMA + "Body",
        "system": ctx.url("system"),
        "name": mask(org.name),
        "shortName": mask(org.name),
        "website": ctx.base + "/",
        "classification": "Kommun",
        "organization": listing("organization"),
        "person": listing("person"),
        "meeting": listing("meeting"),
        "paper": listing("paper"),
        "agendaItem": listing("agendaitem"),
        "consultation": listing("consultation"),
        "file": listing("file"),
        "locationList": listing("location"),
        "legislativeTermList": listing("legislativeterm"),
        "membership": listing("membership"),
        "legislativeTerm": [term(t, ctx) for t in terms(ctx)],
        **_dates(org),
    }


def term(t: Term, ctx: Ctx) -> dict:
    return {"id": ctx.url("legislativeterm", t.pk), "type": SCHEMA + "LegislativeTerm",
            "body": ctx.body_url, "name": mask(t.name), "startDate": t.start.isoformat(),
            "endDate": t.end.isoformat(), **_dates(t)}


# The spec's vocabulary ("Parlament" for the highest democratic body, "Ausschuss",
# "Partei"): clients classify by it. The Swedish kind goes in ``keyword``.
CLASSIFICATION = {Body.Kind.COUNCIL: "Parlament"}


def organization(b: Body, ctx: Ctx) -> dict:
    data = {
        "id": ctx.url("organization", b.pk),
        "type": SCHEMA + "Organization",
        "body": ctx.body_url,
        "name": mask(b.name),
        "shortName": mask(b.code),
        "organizationType": "Gremium",
        "classification": CLASSIFICATION.get(b.kind, "Ausschuss"),
        "keyword": [_sv(b.get_kind_display())],
        "membership": [ctx.url("membership", m.pk) for m in b.memberships.all()],
        **_dates(b),
    }
    if b.parent_id:
        data["subOrganizationOf"] = ctx.url("organization", b.parent_id)
    return data


def party(p: PoliticalParty, ctx: Ctx) -> dict:
    return {
        "id": ctx.url("party", p.pk),
        "type": SCHEMA + "Organization",
        "body": ctx.body_url,
        "name": mask(p.name),
        "shortName": mask(p.abbreviation),
        "organizationType": "Partei",
        "classification": "Partei",
        "membership": [ctx.url("membership", m.pk) for m in p.memberships.all()],
        **_dates(p),
    }


def membership(m: Membership, ctx: Ctx) -> dict:
    data = {
        "id": ctx.url("membership", m.pk),
        "type": SCHEMA + "Membership",
        "person": ctx.url("person", m.person_id),
        "organization": ctx.url("organization", m.body_id),
        "role": _sv(m.get_role_display()),
        "votingRight": m.votes,
        "startDate": m.start.isoformat(),
        "endDate": m.end.isoformat(),
        **_dates(m),
    }
    if m.political_party_id:
        data["onBehalfOf"] = ctx.url("party", m.political_party_id)
    return data


def person(p: Person, ctx: Ctx) -> dict:
    return {
        "id": ctx.url("person", p.pk),
        "type": SCHEMA + "Person",
        "body": ctx.body_url,
        "name": mask(p.name),
        "membership": [membership(m, ctx) for m in p.memberships.all()],
        **_dates(p),
    }


def location(m: Meeting, ctx: Ctx) -> dict:
    """A meeting's place. Kansli keeps the place as text on the meeting, so each meeting
    has its own Location (id = the meeting's)."""
    return {
        "id": ctx.url("location", m.pk),
        "type": SCHEMA + "Location",
        "description": mask(m.place),
        "meetings": [ctx.url("meeting", m.pk)],
        **_dates(m),
    }


MEETING_STATE = {  # the spec's recommended values
    Meeting.Status.PLANNED: "terminiert",
    Meeting.Status.NOTICE_SENT: "eingeladen",
    Meeting.Status.HELD: "eingeladen",
    Meeting.Status.APPROVED: "durchgeführt",
    Meeting.Status.POSTED: "durchgeführt",
}


def meeting(m: Meeting, ctx: Ctx, file_index: dict[int, DocumentFile]) -> dict:
    data = {
        "id": ctx.url("meeting", m.pk),
        "type": SCHEMA + "Meeting",
        "name": mask(f"{m.body.name} {m.day:%Y-%m-%d}"),
        "meetingState": MEETING_STATE.get(m.status, "terminiert"),
        "start": ts(m.start),
        "location": location(m, ctx),
        "organization": [ctx.url("organization", m.body_id)],
        **_dates(m),
    }
    if m.end:
        data["end"] = ts(m.end)
    if meetings_public.agenda_is_public(m):
        data["agendaItem"] = [agenda_item(item, ctx, meeting=m) for item in m.agenda.all()]
        notice = _rendering(m, Rendering.Kind.NOTICE)
        if notice and notice.file_id in file_index:
            data["invitation"] = file(file_index[notice.file_id], ctx)
    if meetings_public.minutes_are_public(m):
        data["participant"] = list(dict.fromkeys(
            ctx.url("person", a.person_id) for a in m.attendance.all() if a.decides))
        minutes = _rendering(m, Rendering.Kind.MINUTES)
        if minutes and minutes.file_id in file_index:
            data["resultsProtocol"] = file(file_index[minutes.file_id], ctx)
    return data


def _rendering(m: Meeting, kind: str) -> Rendering | None:
    found = [r for r in m.renderings.all() if r.kind == kind]
    return found[-1] if found else None


def meeting_files(meetings_: list[Meeting], ctx: Ctx) -> dict[int, DocumentFile]:
    """The public files of the notices and minutes of these meetings, by pk (one query
    and its prefetches for a page of meetings)."""
    ids = [r.file_id for m in meetings_ for r in m.renderings.all()]
    if not ids:
        return {}
    found = files_full(ctx, files(ctx).filter(pk__in=ids))
    return {f.pk: f for f in found if public_file(f, ctx)}


def agenda_item(item: AgendaItem, ctx: Ctx, meeting: Meeting | None = None) -> dict:
    data = {
        "id": ctx.url("agendaitem", item.pk),
        "type": SCHEMA + "AgendaItem",
        "meeting": ctx.url("meeting", item.meeting_id),
        "number": str(item.position),
        "order": item.oparl_order,
        "name": meetings_public.agenda_item_heading(item),
        **_dates(item),
    }
    handlings_ = list(item.handlings.all())
    if handlings_:
        data["consultation"] = ctx.url("consultation", handlings_[0].pk)
    paragraph = getattr(item, "paragraph", None)
    entry = meetings_public.paragraph_entry(paragraph) if paragraph is not None else None
    if entry is not None:
        data["public"] = not entry.secret
        if entry.outcome:
            data["result"] = _sv(Paragraph.Outcome(entry.outcome).label)
        if entry.decision:
            data["resolutionText"] = entry.decision
    return data


def consultation(h: Handling, ctx: Ctx) -> dict:
    if h.case.is_cancelled:
        return _deleted(h, ctx, "consultation", "Consultation")
    data = {
        "id": ctx.url("consultation", h.pk),
        "type": SCHEMA + "Consultation",
        "paper": ctx.url("paper", h.case_id),
        "organization": [ctx.url("organization", h.body_id)],
        "authoritative": h.role == Handling.Role.DECISION,
        "role": _sv(h.get_role_display()),
        **_dates(h),
    }
    if h.agenda_item_id and meetings_public.agenda_is_public(h.agenda_item.meeting):
        data["agendaItem"] = ctx.url("agendaitem", h.agenda_item_id)
        data["meeting"] = ctx.url("meeting", h.agenda_item.meeting_id)
    return data


def paper(c: Case, ctx: Ctx) -> dict:
    if c.is_cancelled:
        return _deleted(c, ctx, "paper", "Paper")
    data = {
        "id": ctx.url("paper", c.pk),
        "type": SCHEMA + "Paper",
        "body": ctx.body_url,
        "name": diary_public.case_title(c),
        "reference": mask(c.diary_number),
        "date": timezone.localtime(c.opened_at).date().isoformat(),
        "paperType": "Ärende",
        "consultation": [consultation(h, ctx) for h in c.handlings.all()],
        **_dates(c),
    }
    # The officer's report is the paper's main file where there is one; the files of
    # the other public documents are auxiliary.
    listed = []
    for document in c.documents.all():
        chosen = public_files(document, ctx)
        if document.doc_type == Document.Type.OFFICERS_REPORT:
            listed = chosen + listed
        else:
            listed += chosen
    if listed:
        data["mainFile"] = file(listed[0], ctx)
        if listed[1:]:
            data["auxiliaryFile"] = [file(f, ctx) for f in listed[1:]]
    return data


def public_files(document: Document, ctx: Ctx) -> list[DocumentFile]:
    """The files of ``document`` the public may have, as ``diary.public`` decides (and
    no stored rendering withheld by ``files``). Files come annotated by ``files``."""
    entry = diary_public.document_entry(document, publish_files=ctx.org.publish_files)
    allowed = {f.pk for f in entry.files}
    return [f for f in document.files.all()
            if f.pk in allowed and not f.oparl_withheld]


def public_file(f: DocumentFile, ctx: Ctx) -> bool:
    """Whether ``f`` is served in full (document and case not cancelled)."""
    document = f.document
    if document.is_cancelled or document.case.is_cancelled:
        return False
    return any(p.pk == f.pk for p in public_files(document, ctx))


def file_is_deleted(f: DocumentFile) -> bool:
    return f.document.is_cancelled or f.document.case.is_cancelled


def file(f: DocumentFile, ctx: Ctx) -> dict:
    if file_is_deleted(f):
        # accessUrl is required of every File, deleted ones too; it answers 410 Gone.
        return {**_deleted(f, ctx, "file", "File"), "accessUrl": ctx.url("file-access", f.pk)}
    document = f.document
    data = {
        "id": ctx.url("file", f.pk),
        "type": SCHEMA + "File",
        "name": mask(f.filename),
        "fileName": mask(f.filename),
        "mimeType": f.media_type or "application/octet-stream",
        "date": (document.document_date or document.received_date).isoformat(),
        "size": f.blob.size,
        "accessUrl": ctx.url("file-access", f.pk),
        "downloadUrl": ctx.url("file-download", f.pk),
        "paper": [ctx.url("paper", document.case_id)],
        **_dates(f),
    }
    checksum = sha512(f)
    if checksum:
        data["sha512Checksum"] = checksum
    return data


def sha512(f: DocumentFile) -> str | None:
    """The SHA-512 of the stored bytes, computed once per blob and kept."""
    try:
        return f.blob.oparl_digest.sha512
    except Digest.DoesNotExist:
        pass
    try:
        content = read_verified(f.blob)
    except CorruptFileError as exc:
        logger.error("No checksum for file %s: %s", f.pk, exc)
        return None
    digest, _created = Digest.objects.get_or_create(
        blob=f.blob, defaults={"sha512": hashlib.sha512(content).hexdigest()})
    f.blob.oparl_digest = digest
    return digest.sha512
