from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("inkommande/", views.queue, name="queue"),
    path("inkommande/ladda-upp/", views.upload, name="upload"),
    path("inkommande/<int:pk>/", views.detail, name="message"),
    path("inkommande/<int:pk>/meddelande.eml", views.raw, name="raw"),
    path("inkommande/<int:pk>/bilaga/<int:number>/", views.attachment, name="attachment"),
    path("inkommande/<int:pk>/nytt-arende/", views.register_new, name="register_new"),
    path("inkommande/<int:pk>/befintligt-arende/", views.register_existing,
         name="register_existing"),
    path("inkommande/<int:pk>/avfarda/", views.dismiss, name="dismiss"),
]
