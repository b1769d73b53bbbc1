"""Opening a case through the API: the same action as the web form, the journal naming
the integration, and clear 400s with nothing written."""

import pytest

from kansli.diary.models import Case, Event
from kansli.org.models import Unit
from tests.conftest import make_user


@pytest.fixture
def diariet(make_api):
    return make_api("cases:read", "cases:write", name="diariet")


def test_it_opens_a_case_with_the_next_number(diariet, ks, klass):
    response = diariet.post("/cases/", {"series": "KS", "title": "Skolskjuts",
                                        "classification": "133"})
    assert response.status_code == 201
    data = response.json()
    case = Case.objects.get()
    assert data["id"] == case.pk
    assert data["diary_number"] == case.diary_number
    assert response["Location"] == f"/api/v1/cases/{case.pk}/"
    assert data["status"] == "open"


def test_the_journal_names_the_integration(diariet, ks, klass):
    diariet.post("/cases/", {"series": "KS", "title": "Skolskjuts", "classification": "133"})
    event = Event.objects.get(action="open")
    assert event.actor_name == "api-diariet"
    assert event.actor == diariet.integration.user


def test_officer_unit_and_secret_title(diariet, arkiv, ks, klass, org, olle):
    unit = Unit.objects.create(organisation=org, name="Socialkontoret")
    data = diariet.post("/cases/", {
        "series": "KS", "title": "Orosanmälan om Kalle", "public_title": "Orosanmälan",
        "secrecy_ground": "OSL 26 kap. 1 §", "classification": "133", "unit": unit.pk,
        "officer": "olle"}).json()
    assert data["officer"] == "olle"
    assert data["unit"] == "Socialkontoret"
    assert data["title"] == "Orosanmälan"  # diariet lacks secret:read
    case = Case.objects.get()
    assert case.title == "Orosanmälan om Kalle" and case.is_secret


def test_field_errors_are_400_by_name_and_nothing_is_written(diariet, ks, klass):
    make_user("petra")  # no Kansli role: not a case officer
    response = diariet.post("/cases/", {
        "series": "XX", "title": 7, "classification": "999", "unit": 0, "officer": "petra",
        "colour": "red"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"series", "title", "classification", "unit", "officer",
                                    "colour"}
    assert not Case.objects.exists() and not Event.objects.exists()


def test_an_action_refusal_is_400_with_its_message(diariet, ks, klass):
    """Ekerö's numbers carry a classification code: the action refuses without one."""
    response = diariet.post("/cases/", {"series": "KS", "title": "Skolskjuts"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["__all__"]
    assert not Case.objects.exists() and not Event.objects.exists()


def test_a_secret_title_needs_a_public_title(diariet, ks, klass):
    response = diariet.post("/cases/", {"series": "KS", "title": "Hemligt",
                                        "classification": "133", "secrecy_ground": "OSL"})
    assert response.status_code == 400
    assert not Case.objects.exists()


@pytest.mark.parametrize("raw,code", [
    ("{", "invalid_json"), ("[]", "invalid_json"), ('"text"', "invalid_json"),
    ('{"title": NaN}', "invalid_json"), ("\xff", "invalid_json"),
    ("[" * 100000, "invalid_json"),
])
def test_malformed_json_is_400(diariet, ks, raw, code):
    response = diariet.post("/cases/", raw=raw.encode("latin-1"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_a_body_not_sent_as_json_is_415(diariet, ks):
    response = diariet.post("/cases/", raw="series=KS", content_type="text/plain")
    assert response.status_code == 415
