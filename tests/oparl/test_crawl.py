"""A client that starts at the System object and follows every URL finds every type of
object, each valid under the OParl 1.1 schemas, and every object's own URL serves it."""

import hashlib

import pytest

from kansli.diary.models import Case, DocumentFile
from kansli.meetings.models import Meeting
from kansli.org.models import Body, Membership

from .conftest import path_of

pytestmark = pytest.mark.django_db

ALL_KINDS = {"System", "Body", "Organization", "Person", "Membership", "LegislativeTerm",
             "Meeting", "AgendaItem", "Paper", "Consultation", "File", "Location"}


def test_everything_reachable_is_valid_and_every_kind_is_there(demo, publish_files, crawl):
    seen = crawl()
    assert seen.kinds == ALL_KINDS


def test_every_object_is_served_at_its_id_as_embedded(demo, publish_files, crawl, client):
    seen = crawl()
    for obj in seen.objects.values():
        if obj["type"].endswith("/Body") or obj["type"].endswith("/System"):
            continue
        served = client.get(path_of(obj["id"])).json()
        assert served == obj


def test_the_crawl_finds_every_public_case_member_and_meeting(demo, publish_files, crawl):
    seen = crawl()
    papers = {p["reference"] for p in seen.of_kind("Paper")}
    assert papers == set(Case.objects.values_list("diary_number", flat=True))
    assert "KS13/250-133" in papers
    assert len(seen.of_kind("Meeting")) == Meeting.objects.count()
    assert len(seen.of_kind("Membership")) == Membership.objects.count()
    organizations = seen.of_kind("Organization")
    assert {o["shortName"] for o in organizations} >= {"KF", "KS", "SN"}
    kf = next(o for o in organizations if o["shortName"] == "KF")
    assert kf["classification"] == "Parlament"
    assert {o["classification"] for o in organizations} == {"Parlament", "Ausschuss", "Partei"}
    assert len(organizations) == Body.objects.count() + 8  # the demo's eight parties


def test_the_reference_case_is_a_paper_with_its_consultations(demo, publish_files, crawl):
    seen = crawl()
    paper = next(p for p in seen.of_kind("Paper") if p["reference"] == "KS13/250-133")
    assert paper["name"] == demo.title
    roles = {(c["role"], c["authoritative"]) for c in paper["consultation"]}
    assert roles == {("yttrande", False), ("beredning", False), ("beslut", True)}
    for consultation in paper["consultation"]:
        item = seen.objects[consultation["agendaItem"]]
        assert item["meeting"] == consultation["meeting"]
        assert item["consultation"] == consultation["id"]
        assert item["result"] == "beslut enligt förslag"


def test_approved_minutes_are_the_stored_pdf_with_its_checksum(demo, publish_files, crawl):
    seen = crawl()
    approved = [m for m in seen.of_kind("Meeting") if m["meetingState"] == "durchgeführt"]
    assert len(approved) == Meeting.objects.filter(approved_on__isnull=False).count() == 3
    for m in approved:
        protocol = m["resultsProtocol"]
        content = seen.files[protocol["accessUrl"]]
        assert content.startswith(b"%PDF")
        assert protocol["sha512Checksum"] == hashlib.sha512(content).hexdigest()
        assert protocol["size"] == len(content)
        assert seen.files[protocol["downloadUrl"]] == content
    planned = [m for m in seen.of_kind("Meeting") if m["meetingState"] == "terminiert"]
    assert planned and all("agendaItem" not in m and "resultsProtocol" not in m
                           for m in planned)


def test_every_file_of_a_public_document_is_served(demo, publish_files, crawl):
    seen = crawl()
    served = {f["id"] for f in seen.of_kind("File")}
    public = DocumentFile.objects.filter(document__secrecy_ground="",
                                         document__cancelled_at=None)
    assert len(served) == public.count()


def test_responses_are_json_with_cors(demo, client):
    response = client.get("/oparl/v1.1/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["oparlVersion"] == "https://schema.oparl.org/1.1/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(demo, client, method):
    response = getattr(client, method)("/oparl/v1.1/body/1/paper/")
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405
    assert "GET" in response["Allow"]


def test_it_answers_options_and_head(demo, client):
    assert client.options("/oparl/v1.1/").status_code == 204
    assert client.head("/oparl/v1.1/body/1/").status_code == 200
