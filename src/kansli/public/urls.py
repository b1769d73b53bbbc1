from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("diarium/", views.diary, name="diary"),
    path("diarium/rss/", require_safe(feeds.DiaryFeed()), name="diary_rss"),
    path("diarium/atom/", require_safe(feeds.DiaryAtomFeed()), name="diary_atom"),
    path("arenden/<int:pk>/", views.case, name="case"),
    path("handlingar/<int:pk>/", views.document, name="document"),
    path("handlingar/<int:pk>/filer/<int:file_pk>/", views.document_file, name="file"),
    path("anslagstavla/", views.board, name="board"),
    path("anslagstavla/arkiv/", views.board_archive, name="board_archive"),
    path("anslagstavla/rss/", require_safe(feeds.BoardFeed()), name="board_rss"),
    path("anslagstavla/atom/", require_safe(feeds.BoardAtomFeed()), name="board_atom"),
    path("sammantraden/", views.meetings, name="meetings"),
    path("sammantraden/kalender.ics", views.calendar, name="calendar"),
    path("sammantraden/<int:pk>/", views.meeting, name="meeting"),
    path("sammantraden/<int:pk>/kallelse.pdf", views.notice_pdf, name="notice_pdf"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("organ/<int:body_pk>/kalender.ics", views.calendar, name="body_calendar"),
    path("organ/<int:pk>/rss/", require_safe(feeds.BodyFeed()), name="body_rss"),
    path("organ/<int:pk>/atom/", require_safe(feeds.BodyAtomFeed()), name="body_atom"),
]
