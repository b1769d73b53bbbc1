"""The API, version 1, mounted at /api/v1/. Every route here is described in
openapi.py (tests/api/test_openapi.py checks both ways)."""

from django.urls import path, re_path

from . import views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi_description, name="openapi"),
    path("cases/", views.case_collection, name="cases"),
    path("cases/by-number/<path:number>/", views.case_by_number, name="case-by-number"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/documents/", views.document_collection, name="case-documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/files/<int:file_pk>/", views.document_file, name="file"),
    # Anything else under /api/v1/ is a JSON 404, not an HTML page.
    re_path(r"^(?P<rest>(?s:.*))$", views.not_found, name="not-found"),
]
