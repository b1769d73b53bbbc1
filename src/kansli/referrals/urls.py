from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("remisser/", views.index, name="index"),
    path("remisser/<int:pk>/", views.detail, name="detail"),
    path("remisser/<int:pk>/svar.csv", views.export_csv, name="csv"),
    path("remisser/mottagare/<int:pk>/", views.recipient_detail, name="recipient"),
    path("remisser/mottagare/<int:pk>/svar/", views.answer, name="answer"),
    path("remisser/mottagare/<int:pk>/avstar/", views.decline, name="decline"),
    path("remisser/mottagare/<int:pk>/anstand/", views.extend, name="extend"),
    path("remisser/mottagare/<int:pk>/rattelse/", views.correct, name="correct"),
    path("arenden/<int:case_pk>/ny-remiss/", views.send, name="send"),
]
