from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("overenskommelser/", views.agreement_list, name="list"),
    path("overenskommelser/ny/", views.agreement_create, name="create"),
    path("overenskommelser/<int:pk>/", views.agreement_detail, name="agreement"),
    path("overenskommelser/<int:pk>/ny-version/", views.version_create, name="version_create"),
    path("overenskommelser/<int:pk>/ny-part/", views.party_add, name="party_add"),
    path("overenskommelser/<int:pk>/beslut/", views.adopt, name="adopt"),
    path("overenskommelser/<int:pk>/ny-period/", views.open_period, name="open_period"),
    path("overenskommelser/perioder/<int:pk>/", views.period_detail, name="period"),
    path("overenskommelser/perioder/<int:pk>/oversikt.csv", views.period_csv,
         name="period_csv"),
    path("overenskommelser/perioder/<int:pk>/sammanstall/", views.compile_overview,
         name="compile"),
    path("overenskommelser/perioder/<int:pk>/ny-rapport/", views.report_create,
         name="report_create"),
    path("overenskommelser/sammanstallningar/<int:pk>.csv", views.compilation_csv,
         name="compilation_csv"),
    path("overenskommelser/rapporter/<int:pk>/", views.report_detail, name="report"),
    path("overenskommelser/rapporter/<int:pk>/rattelse/", views.report_correct,
         name="report_correct"),
]
