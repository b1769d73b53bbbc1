from django.urls import path

from . import views

app_name = "diary"
urlpatterns = [
    path("", views.index, name="index"),
    path("arenden/nytt/", views.case_create, name="case_create"),
    path("arenden/<int:pk>/", views.case_detail, name="case"),
    path("arenden/<int:pk>/ny-handling/", views.document_create, name="document_create"),
    path("arenden/<int:pk>/rattelse/", views.case_correct, name="case_correct"),
    path("arenden/<int:pk>/makulera/", views.case_cancel, name="case_cancel"),
    path("arenden/<int:pk>/sekretess/", views.case_mark_secret, name="case_mark_secret"),
    path("arenden/<int:pk>/hav-sekretess/", views.case_lift_secrecy,
         name="case_lift_secrecy"),
    path("arenden/<int:pk>/status/", views.case_status, name="case_status"),
    path("arenden/<int:pk>/avsluta/", views.case_close, name="case_close"),
    path("arenden/<int:pk>/tilldela/", views.case_assign, name="case_assign"),
    path("arenden/<int:pk>/klassificera/", views.case_classify, name="case_classify"),
    path("arenden/<int:pk>/behorighet/", views.case_grant_access, name="case_grant_access"),
    path("handlingar/<int:pk>/", views.document_detail, name="document"),
    path("handlingar/<int:pk>/filer/<int:file_pk>/", views.document_file, name="file"),
    path("handlingar/<int:pk>/nya-filer/", views.document_add_files, name="document_add_files"),
    path("handlingar/<int:pk>/rattelse/", views.document_correct, name="document_correct"),
    path("handlingar/<int:pk>/makulera/", views.document_cancel, name="document_cancel"),
    path("handlingar/<int:pk>/sekretess/", views.document_mark_secret,
         name="document_mark_secret"),
    path("handlingar/<int:pk>/hav-sekretess/", views.document_lift_secrecy,
         name="document_lift_secrecy"),
    path("parter/", views.party_list, name="parties"),
    path("parter/ny/", views.party_create, name="party_create"),
]
