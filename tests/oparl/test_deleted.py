"""A cancelled case is a deleted Paper, a cancelled document's file a deleted File:
still listed (so a client syncing with modified_since learns of it), with only id, type,
created, modified and deleted."""

import pytest
from django.utils import timezone

from kansli.diary import actions
from kansli.diary.models import Case, Document

from .conftest import path_of

pytestmark = pytest.mark.django_db

MINIMAL = {"id", "type", "created", "modified", "deleted"}


@pytest.fixture
def cancelled_case(demo, registrar):
    case = Case.objects.filter(handlings__isnull=True, agenda_items__isnull=True) \
        .exclude(pk=demo.pk).order_by("pk").first()
    for document in case.documents.all():
        actions.do_cancel_document(document, acting_user=registrar, reason="Fel ärende")
    return actions.do_cancel_case(case, acting_user=registrar, reason="Registrerat av misstag")


def test_a_cancelled_case_is_a_deleted_paper(demo, client, cancelled_case, validate):
    paper = client.get(f"/oparl/v1.1/paper/{cancelled_case.pk}/").json()
    assert set(paper) == MINIMAL
    assert paper["deleted"] is True
    validate(paper)
    assert cancelled_case.diary_number not in str(paper)


def test_deleted_papers_stay_in_the_list_and_show_as_modified(demo, client, registrar):
    mark = timezone.now()
    case = Case.objects.filter(handlings__isnull=True, agenda_items__isnull=True) \
        .exclude(pk=demo.pk).order_by("-pk").first()
    for document in case.documents.all():
        actions.do_cancel_document(document, acting_user=registrar, reason="Fel")
    actions.do_cancel_case(case, acting_user=registrar, reason="Fel")
    data = client.get("/oparl/v1.1/body/1/paper/",
                      {"modified_since": mark.isoformat()}).json()["data"]
    assert [(p["id"].rstrip("/").rsplit("/", 1)[1], p.get("deleted")) for p in data] == [
        (str(case.pk), True)]


def test_a_cancelled_documents_file_is_a_deleted_file(demo, client, publish_files, registrar,
                                                      validate):
    document = Document.objects.filter(files__isnull=False, secrecy_ground="",
                                       doc_type="extract").first()
    file = document.files.get()
    before = client.get(f"/oparl/v1.1/file/{file.pk}/").json()
    assert before["accessUrl"]
    mark = timezone.now()
    actions.do_cancel_document(document, acting_user=registrar, reason="Fel handling")
    after = client.get(f"/oparl/v1.1/file/{file.pk}/").json()
    assert set(after) == MINIMAL | {"accessUrl"} and after["deleted"] is True
    validate(after)
    listed = client.get("/oparl/v1.1/body/1/file/",
                        {"modified_since": mark.isoformat()}).json()["data"]
    assert listed == [after]
    assert client.get(f"/oparl/v1.1/file/{file.pk}/download/").status_code == 410
    assert client.get(path_of(after["accessUrl"])).status_code == 410
