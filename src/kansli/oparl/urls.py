"""OParl 1.1 at /oparl/v1.1/: the System, its one Body, the Body's lists and every
object by id. Unknown paths below /oparl/v1.1/ answer with a JSON 404."""

from django.urls import path, re_path, register_converter

from . import views


class IdConverter:
    """An id that fits a 64-bit database column; longer digit strings are not ids."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "oparlid")

app_name = "oparl"
urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body-list"),
    path("body/<oparlid:pk>/", views.body, name="body"),
    path("body/<oparlid:pk>/<slug:kind>/", views.body_objects, name="body-objects"),
    path("organization/<oparlid:pk>/", views.organization, name="organization"),
    path("organization/party/<oparlid:pk>/", views.party, name="party"),
    path("person/<oparlid:pk>/", views.person, name="person"),
    path("membership/<oparlid:pk>/", views.membership, name="membership"),
    path("legislativeterm/<oparlid:pk>/", views.legislativeterm, name="legislativeterm"),
    path("meeting/<oparlid:pk>/", views.meeting, name="meeting"),
    path("location/<oparlid:pk>/", views.location, name="location"),
    path("agendaitem/<oparlid:pk>/", views.agendaitem, name="agendaitem"),
    path("paper/<oparlid:pk>/", views.paper, name="paper"),
    path("consultation/<oparlid:pk>/", views.consultation, name="consultation"),
    path("file/<oparlid:pk>/", views.file, name="file"),
    path("file/<oparlid:pk>/access/", views.file_content, {"download": False},
         name="file-access"),
    path("file/<oparlid:pk>/download/", views.file_content, {"download": True},
         name="file-download"),
    re_path(r"^(?P<rest>[\s\S]*)\Z", views.unknown),
]
