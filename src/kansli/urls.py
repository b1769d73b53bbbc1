from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("kansli.diary.urls")),
    path("", include("kansli.meetings.urls")),
    path("", include("kansli.documents.urls")),
    path("", include("kansli.handling.urls")),
    path("", include("kansli.dispatch.urls")),
    path("", include("kansli.intake.urls")),
    path("", include("kansli.referrals.urls")),
    path("", include("kansli.agreements.urls")),
    path("", include("kansli.ingest.urls")),
    path("insyn/", include("kansli.public.urls")),
    path("oparl/v1.1/", include("kansli.oparl.urls")),
    path("api/v1/", include("kansli.api.urls")),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
