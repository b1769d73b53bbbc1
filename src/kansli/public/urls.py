from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, journal, views
from .cache import cached

app_name = "public"
# Pages and feeds are cached until the journal moves (cache.py); files are not.
urlpatterns = [
    path("", cached(views.index), name="index"),
    path("diarium/", cached(views.diary), name="diary"),
    path("diarium/rss/", cached(require_safe(feeds.DiaryFeed())), name="diary_rss"),
    path("diarium/atom/", cached(require_safe(feeds.DiaryAtomFeed())), name="diary_atom"),
    path("arenden/<int:pk>/", cached(views.case), name="case"),
    path("handlingar/<int:pk>/", cached(views.document), name="document"),
    path("handlingar/<int:pk>/filer/<int:file_pk>/", views.document_file, name="file"),
    path("anslagstavla/", cached(views.board), name="board"),
    path("anslagstavla/arkiv/", cached(views.board_archive), name="board_archive"),
    path("anslagstavla/rss/", cached(require_safe(feeds.BoardFeed())), name="board_rss"),
    path("anslagstavla/atom/", cached(require_safe(feeds.BoardAtomFeed())),
         name="board_atom"),
    path("sammantraden/", cached(views.meetings), name="meetings"),
    path("sammantraden/kalender.ics", cached(views.calendar), name="calendar"),
    path("sammantraden/<int:pk>/", cached(views.meeting), name="meeting"),
    path("sammantraden/<int:pk>/kallelse.pdf", views.notice_pdf, name="notice_pdf"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("organ/<int:body_pk>/kalender.ics", cached(views.calendar), name="body_calendar"),
    path("organ/<int:pk>/rss/", cached(require_safe(feeds.BodyFeed())), name="body_rss"),
    path("organ/<int:pk>/atom/", cached(require_safe(feeds.BodyAtomFeed())), name="body_atom"),
    path("journal/", cached(journal.journal_heads), name="journal"),
]
