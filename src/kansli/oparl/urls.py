"""OParl 1.1 at /oparl/v1.1/: the System, its one Body, the Body's lists and every
object by id. Unknown paths below /oparl/v1.1/ answer with a JSON 404."""

from django.urls import path, re_path, register_converter

from kansli.public.cache import cached

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
# Objects and lists are cached until the journal moves (kansli.public.cache); file
# contents are not.
urlpatterns = [
    path("", cached(views.system), name="system"),
    path("body/", cached(views.body_list), name="body-list"),
    path("body/<oparlid:pk>/", cached(views.body), name="body"),
    path("body/<oparlid:pk>/<slug:kind>/", cached(views.body_objects), name="body-objects"),
    path("organization/<oparlid:pk>/", cached(views.organization), name="organization"),
    path("organization/party/<oparlid:pk>/", cached(views.party), name="party"),
    path("person/<oparlid:pk>/", cached(views.person), name="person"),
    path("membership/<oparlid:pk>/", cached(views.membership), name="membership"),
    path("legislativeterm/<oparlid:pk>/", cached(views.legislativeterm), name="legislativeterm"),
    path("meeting/<oparlid:pk>/", cached(views.meeting), name="meeting"),
    path("location/<oparlid:pk>/", cached(views.location), name="location"),
    path("agendaitem/<oparlid:pk>/", cached(views.agendaitem), name="agendaitem"),
    path("paper/<oparlid:pk>/", cached(views.paper), name="paper"),
    path("consultation/<oparlid:pk>/", cached(views.consultation), name="consultation"),
    path("file/<oparlid:pk>/", cached(views.file), name="file"),
    path("file/<oparlid:pk>/access/", views.file_content, {"download": False},
         name="file-access"),
    path("file/<oparlid:pk>/download/", views.file_content, {"download": True},
         name="file-download"),
    re_path(r"^(?P<rest>[\s\S]*)\Z", views.unknown),
]
