"""Only public data: in a full crawl nothing of a secret document appears (not its
description, not its file), a case whose title is secret shows only its public title
(on the paper and on the agenda), a paragraph subject to secrecy shows no decision, and
a personnummer in a title is masked."""

import datetime

import pytest

from kansli.diary import actions
from kansli.diary.actions import NewFile
from kansli.diary.models import Series
from kansli.documents import store
from kansli.documents.models import Rendering
from kansli.meetings import actions as meeting_actions
from kansli.meetings.models import AgendaItem, Meeting, Paragraph
from kansli.org.models import Organisation
from tests.conftest import open_case, register

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Placering av Kalle Hemligsson"
PUBLIC_TITLE = "Placering enligt LVU"


@pytest.fixture
def secret_case(demo, registrar, publish_files):
    """A case with a secret title on the agenda of a meeting whose notice is sent, a
    public document with a file and a secret document with a file."""
    series = Series.objects.get(code="KS")
    case = open_case(registrar, series, demo.classification, title=SECRET_TITLE)
    register(case, registrar, description="Ansökan om förlängning",
             files=[NewFile("ansokan.pdf", b"%PDF-1.4 public", "application/pdf")])
    secret = register(case, registrar, description="Utredning om Kalle Hemligsson",
                      files=[NewFile("hemligsson-utredning.pdf", b"%PDF-1.4 Hemligsson",
                                     "application/pdf")])
    actions.do_mark_secret(secret, acting_user=registrar, ground="OSL 26 kap. 1 §")
    actions.do_mark_secret(case, acting_user=registrar, ground="OSL 26 kap. 1 §",
                           public_title=PUBLIC_TITLE)
    meeting = Meeting.objects.filter(status=Meeting.Status.PLANNED).order_by("start").first()
    meeting_actions.do_add_agenda_item(meeting, acting_user=registrar, heading=SECRET_TITLE,
                                       case=case)
    meeting_actions.do_send_notice(meeting, acting_user=registrar,
                                   on=datetime.date(2013, 12, 1))
    return case, secret


def test_nothing_secret_is_served_anywhere(secret_case, crawl, client):
    case, secret = secret_case
    seen = crawl()
    assert "Hemligsson" not in seen.text
    assert all(b"Hemligsson" not in content for content in seen.files.values())
    paper = next(p for p in seen.of_kind("Paper") if p["reference"] == case.diary_number)
    assert paper["name"] == PUBLIC_TITLE
    assert paper["mainFile"]["fileName"] == "ansokan.pdf"
    assert "auxiliaryFile" not in paper
    items = [i for i in seen.of_kind("AgendaItem") if i["name"] == PUBLIC_TITLE]
    assert len(items) == 1
    for file in secret.files.all():
        assert client.get(f"/oparl/v1.1/file/{file.pk}/").status_code == 404
        assert client.get(f"/oparl/v1.1/file/{file.pk}/download/").status_code == 404


def test_a_notice_printing_a_secret_title_is_not_served(secret_case, crawl, client,
                                                         registrar):
    case, _secret = secret_case
    meeting = case.agenda_items.get().meeting
    notice = store.store_notice(meeting, acting_user=registrar).file
    seen = crawl()
    assert "invitation" not in seen.objects[f"http://127.0.0.1:8000/oparl/v1.1/meeting/"
                                            f"{meeting.pk}/"]
    assert f"/file/{notice.pk}/" not in seen.text
    assert client.get(f"/oparl/v1.1/file/{notice.pk}/download/").status_code == 404


def test_a_notice_with_the_public_title_is_served(secret_case, crawl, registrar):
    case, _secret = secret_case
    item = case.agenda_items.get()
    AgendaItem.objects.filter(pk=item.pk).update(heading=PUBLIC_TITLE)
    notice = store.store_notice(item.meeting, acting_user=registrar).file
    seen = crawl()
    meeting = seen.objects[f"http://127.0.0.1:8000/oparl/v1.1/meeting/{item.meeting_id}/"]
    assert meeting["invitation"]["id"].endswith(f"/file/{notice.pk}/")
    assert seen.files[meeting["invitation"]["accessUrl"]].startswith(b"%PDF")


def test_no_files_at_all_when_the_organisation_does_not_publish_them(secret_case, crawl,
                                                                      client):
    Organisation.objects.update(publish_files=False)
    seen = crawl()
    assert seen.of_kind("File") == [] and seen.files == {}
    assert client.get("/oparl/v1.1/body/1/file/").json()["data"] == []
    assert all("mainFile" not in p for p in seen.of_kind("Paper"))
    assert all("resultsProtocol" not in m for m in seen.of_kind("Meeting"))


def test_a_secret_paragraph_shows_no_decision(demo, publish_files, crawl, client):
    paragraph = Paragraph.objects.filter(approved_on__isnull=False).exclude(decision="") \
        .order_by("pk").first()
    Paragraph.objects.filter(pk=paragraph.pk).update(
        secrecy_ground="OSL 26 kap. 1 §", decision="Beslut om Kalle Hemligsson")
    seen = crawl()
    assert "Hemligsson" not in seen.text
    item = seen.objects[f"http://127.0.0.1:8000/oparl/v1.1/agendaitem/"
                        f"{paragraph.agenda_item_id}/"]
    assert item["public"] is False
    assert "resolutionText" not in item
    meeting = seen.objects[item["meeting"]]
    # The stored minutes hold the paragraph as approved: they are not served at all.
    assert "resultsProtocol" not in meeting
    minutes = Rendering.objects.get(kind="minutes", meeting=paragraph.meeting).file
    assert f"/file/{minutes.pk}/" not in seen.text
    assert client.get(f"/oparl/v1.1/file/{minutes.pk}/").status_code == 404
    assert client.get(f"/oparl/v1.1/file/{minutes.pk}/download/").status_code == 404


def test_a_personnummer_in_a_title_is_masked(demo, registrar, crawl):
    series = Series.objects.get(code="KS")
    case = open_case(registrar, series, demo.classification,
                     title="Ansökan från 19121212-1212 om bostadsanpassning")
    seen = crawl()
    assert "1212-1212" not in seen.text and "121212" not in seen.text
    paper = next(p for p in seen.of_kind("Paper") if p["reference"] == case.diary_number)
    assert paper["name"] == "Ansökan från XXXXXX-XXXX om bostadsanpassning"
