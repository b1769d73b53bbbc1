from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("sammantraden/", views.meeting_list, name="list"),
    path("sammantraden/nytt/", views.meeting_create, name="create"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sammantraden/<int:pk>/kallelse/", views.meeting_notice, name="notice"),
    path("sammantraden/<int:pk>/skicka-kallelse/", views.notice_send, name="notice_send"),
    path("sammantraden/<int:pk>/punkter/ny/", views.item_create, name="item_create"),
    path("sammantraden/<int:pk>/punkter/<int:item_pk>/flytta/", views.item_move,
         name="item_move"),
    path("sammantraden/<int:pk>/punkter/<int:item_pk>/ta-bort/", views.item_remove,
         name="item_remove"),
    path("sammantraden/<int:pk>/remisser/<int:handling_pk>/", views.handling_add,
         name="handling_add"),
    path("sammantraden/<int:pk>/delegationsbeslut/", views.delegation_report,
         name="delegation_report"),
    path("sammantraden/<int:pk>/narvaro/", views.attendance_record, name="attendance"),
    path("sammantraden/<int:pk>/justerare/", views.approvers_name, name="approvers"),
    path("sammantraden/<int:pk>/genomfort/", views.meeting_held, name="held"),
    path("sammantraden/<int:pk>/uppratta-protokoll/", views.minutes_draw_up,
         name="draw_up"),
    path("sammantraden/<int:pk>/protokoll/", views.minutes, name="minutes"),
    path("sammantraden/<int:pk>/protokoll/justera/", views.minutes_approve,
         name="approve"),
    path("sammantraden/<int:pk>/protokoll/anslag/", views.minutes_post, name="post"),
    path("sammantraden/paragrafer/<int:pk>/", views.paragraph_detail, name="paragraph"),
    path("sammantraden/paragrafer/<int:pk>/<slug:what>/", views.paragraph_action,
         name="paragraph_action"),
    path("sammantraden/arenden/<int:pk>/lamna-till-organ/", views.refer_case, name="refer"),
    path("sammantraden/arenden/<int:pk>/delegationsbeslut/", views.delegation_register,
         name="delegation_register"),
    path("sammantraden/handlingar/<int:pk>/tjansteutlatande/", views.report_write,
         name="report_write"),
    path("anslagstavla/", views.board, name="board"),
]
