from django.urls import path

from . import feeds, views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("diarium/", views.diary, name="diary"),
    path("diarium/rss/", feeds.DiaryFeed(), name="diary_rss"),
    path("diarium/atom/", feeds.DiaryAtomFeed(), name="diary_atom"),
    path("arenden/<int:pk>/", views.case, name="case"),
    path("handlingar/<int:pk>/", views.document, name="document"),
    path("handlingar/<int:pk>/filer/<int:file_pk>/", views.document_file, name="file"),
    path("anslagstavla/", views.board, name="board"),
    path("anslagstavla/arkiv/", views.board_archive, name="board_archive"),
    path("anslagstavla/rss/", feeds.BoardFeed(), name="board_rss"),
    path("anslagstavla/atom/", feeds.BoardAtomFeed(), name="board_atom"),
    path("sammantraden/", views.meetings, name="meetings"),
    path("sammantraden/kalender.ics", views.calendar, name="calendar"),
    path("sammantraden/<int:pk>/", views.meeting, name="meeting"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("organ/<int:body_pk>/kalender.ics", views.calendar, name="body_calendar"),
    path("organ/<int:pk>/rss/", feeds.BodyFeed(), name="body_rss"),
    path("organ/<int:pk>/atom/", feeds.BodyAtomFeed(), name="body_atom"),
]
