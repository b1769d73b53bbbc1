from django.urls import path

from . import views

app_name = "dispatch"
urlpatterns = [
    path("expediering/", views.index, name="index"),
    path("expediering/handling/<int:pk>/", views.document, name="document"),
    path("kvitto/<str:token>/", views.receipt, name="receipt"),
]
