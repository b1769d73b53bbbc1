from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("import/", views.queue, name="queue"),
    path("import/ladda-upp/", views.upload, name="upload"),
    path("import/<int:pk>/", views.detail, name="source"),
    path("import/<int:pk>/avvisa/", views.dismiss, name="dismiss"),
    path("import/<int:pk>/fil/", views.download, name="download"),
]
