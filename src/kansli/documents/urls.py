from django.urls import path, register_converter

from . import views


class KindConverter:
    regex = "report|notice|minutes|extract"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(KindConverter, "kind")

app_name = "documents"
urlpatterns = [
    path("dokument/<kind:kind>/<int:pk>/", views.preview, name="preview"),
    path("dokument/<kind:kind>/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("dokument/<kind:kind>/<int:pk>/skapa-pdf/", views.store_pdf, name="store"),
]
