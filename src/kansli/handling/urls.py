from django.urls import path

from . import views

app_name = "handling"
urlpatterns = [
    path("bevakningar/", views.overdue, name="overdue"),
    path("bevakningar/restlista.csv", views.overdue_csv, name="overdue_csv"),
    path("bevakningar/ny/", views.find_case, name="find_case"),
    path("bevakningar/<int:pk>/", views.detail, name="deadline"),
    path("bevakningar/<int:pk>/anstand/", views.extend, name="extend"),
    path("bevakningar/<int:pk>/uppfylld/", views.meet, name="meet"),
    path("bevakningar/<int:pk>/avbryt/", views.cancel, name="cancel"),
    path("arenden/<int:case_pk>/ny-bevakning/", views.create, name="create"),
    path("arenden/<int:case_pk>/forsening/", views.notify_delay, name="notify_delay"),
    path("arenden/<int:case_pk>/begaran-om-avgorande/", views.record_demand,
         name="record_demand"),
]
