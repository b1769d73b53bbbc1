"""RSS and Atom feeds (django.contrib.syndication): the public diary (also per search),
the notice board, and each body's approved paragraphs. Items are the public entries of
``kansli.diary.public`` and ``kansli.meetings.public``; a malformed search is a 400."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from kansli.diary import search
from kansli.diary.models import Document
from kansli.lib.personnummer import mask
from kansli.meetings.models import Paragraph, Posting
from kansli.meetings.public import paragraph_entry
from kansli.org.models import Body

from . import views
from .forms import SearchForm


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def document_title(row: views.Row) -> str:
    entry = row.entry
    kind = dict(Document.Type.choices).get(entry.doc_type, entry.doc_type)
    if entry.secret:
        return _("%(reference)s %(type)s: subject to secrecy (%(ground)s)") % {
            "reference": entry.reference, "type": kind, "ground": entry.secrecy_ground}
    return f"{entry.reference} {kind}: {entry.description}"


class DiaryFeed(Feed):
    """The newest public diary entries, or those of a search (the search page's query
    string)."""

    feed_type = Rss201rev2Feed
    language = "sv"

    def get_object(self, request):
        form = SearchForm(request.GET or None)
        if request.GET and not form.is_valid():
            raise BadRequest("malformed search")
        criteria = views.criteria_of(form) if request.GET else search.Criteria()
        org = views.organisation()
        query = request.GET.urlencode()
        return {"criteria": criteria, "org": org, "query": query,
                "publish_files": views.publishes_files(org)}

    def title(self, obj):
        name = obj["org"].name if obj["org"] else "Kansli"
        if obj["query"]:
            return _("%(org)s: diary search") % {"org": name}
        return _("%(org)s: the public diary") % {"org": name}

    def link(self, obj):
        url = reverse("public:diary")
        return f"{url}?{obj['query']}" if obj["query"] else url

    def description(self, obj):
        return _("Newest registered documents first.")

    subtitle = description

    def items(self, obj):
        rows, _more = views.search_documents(obj["criteria"], limit=views.FEED_SIZE,
                                             offset=0, publish_files=obj["publish_files"])
        return rows

    def item_title(self, row):
        return document_title(row)

    def item_description(self, row):
        entry = row.entry
        parts = [f"{row.diary_number} {row.case_title}",
                 _("Date: %(date)s") % {"date": entry.received_date.isoformat()}]
        if entry.senders:
            parts.append(_("From: %(names)s") % {"names": ", ".join(entry.senders)})
        if entry.recipients:
            parts.append(_("To: %(names)s") % {"names": ", ".join(entry.recipients)})
        return "\n".join(parts)

    def item_link(self, row):
        return reverse("public:document", args=[row.entry.pk])

    def item_pubdate(self, row):
        return _midnight(row.entry.received_date)

    def item_updateddate(self, row):
        return _midnight(row.entry.received_date)


class DiaryAtomFeed(DiaryFeed):
    feed_type = Atom1Feed


class BoardFeed(Feed):
    """What is on the notice board now."""

    feed_type = Rss201rev2Feed
    language = "sv"

    def title(self):
        org = views.organisation()
        return _("%(org)s: notice board") % {"org": org.name if org else "Kansli"}

    def link(self):
        return reverse("public:board")

    def description(self):
        return _("Approvals of minutes and announcements of council meetings.")

    subtitle = description

    def items(self):
        today = timezone.localdate()
        return list(Posting.objects.filter(posted_on__lte=today, taken_down_on__gt=today)
                    .select_related("meeting__body").order_by("-posted_on", "-pk"))

    def item_title(self, posting):
        return f"{posting.get_kind_display().capitalize()}: {mask(posting.meeting.body.name)} " \
               f"{posting.meeting.day:%Y-%m-%d}"

    def item_description(self, posting):
        lines = [_("Posted on %(date)s") % {"date": posting.posted_on.isoformat()},
                 _("Taken down on %(date)s") % {"date": posting.taken_down_on.isoformat()}]
        if posting.approved_on:
            lines.append(_("Minutes approved on %(date)s")
                         % {"date": posting.approved_on.isoformat()})
        if posting.appeal_last_day:
            lines.append(_("Last day to appeal: %(date)s")
                         % {"date": posting.appeal_last_day.isoformat()})
        if posting.kind == Posting.Kind.APPROVAL:
            lines.append(_("The minutes are kept at: %(place)s")
                         % {"place": mask(posting.minutes_kept_at)})
        else:
            lines.append(_("Place: %(place)s") % {"place": mask(posting.meeting.place)})
        return "\n".join(lines)

    def item_link(self, posting):
        return reverse("public:meeting", args=[posting.meeting_id])

    def item_guid(self, posting):
        return f"{reverse('public:board')}#posting-{posting.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, posting):
        return _midnight(posting.posted_on)

    def item_updateddate(self, posting):
        return _midnight(posting.posted_on)


class BoardAtomFeed(BoardFeed):
    feed_type = Atom1Feed


class BodyFeed(Feed):
    """A body's approved paragraphs, newest first."""

    feed_type = Rss201rev2Feed
    language = "sv"

    def get_object(self, request, pk):
        return get_object_or_404(Body, pk=pk)

    def title(self, body):
        return _("%(body)s: decisions") % {"body": mask(body.name)}

    def link(self, body):
        return f"{reverse('public:meetings')}?organ={body.pk}"

    def description(self, body):
        return _("Approved paragraphs of the minutes, newest first.")

    subtitle = description

    def items(self, body):
        paragraphs = (Paragraph.objects.filter(body=body, approved_on__isnull=False)
                      .select_related("meeting__body", "body", "case__series")
                      .order_by("-approved_on", "-year", "-number")[:views.FEED_SIZE])
        return [(p.meeting_id, paragraph_entry(p), p.approved_on) for p in paragraphs]

    def item_title(self, item):
        _meeting, entry, _on = item
        if entry.secret:
            return _("%(citation)s: subject to secrecy (%(ground)s)") % {
                "citation": entry.citation, "ground": entry.secrecy_ground}
        return f"{entry.citation}: {entry.heading}"

    def item_description(self, item):
        _meeting, entry, _on = item
        if entry.secret:
            return ""
        parts = [entry.decision or ""]
        if entry.diary_number:
            parts.append(_("Diary number %(number)s") % {"number": entry.diary_number})
        return "\n".join(p for p in parts if p)

    def item_link(self, item):
        meeting_pk, entry, _on = item
        return f"{reverse('public:meeting', args=[meeting_pk])}#p{entry.number}"

    def item_pubdate(self, item):
        return _midnight(item[2])

    def item_updateddate(self, item):
        return _midnight(item[2])


class BodyAtomFeed(BodyFeed):
    feed_type = Atom1Feed
