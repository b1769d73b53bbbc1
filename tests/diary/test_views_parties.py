"""The list of parties and the form that creates one."""

import pytest

from kansli.diary import actions
from kansli.diary.models import Event, Party


@pytest.fixture
def protected(rita):
    return actions.do_create_party(acting_user=rita, kind="person", name="Skyddad Person",
                                   secrecy_ground="OSL 21 kap. 3 §")


def test_the_parties_are_listed_and_searched_by_name(client, olle, ksl):
    actions.do_create_party(acting_user=olle, kind="person", name="Anna Andersson")
    client.force_login(olle)
    response = client.get("/parter/")
    assert [p.name for p in response.context["parties"]] == [
        "Anna Andersson", "Kommunförbundet Stockholms län"]
    response = client.get("/parter/", {"name": "förbund"})
    assert [p.name for p in response.context["parties"]] == ["Kommunförbundet Stockholms län"]
    assert "registrator@ksl.se" in response.content.decode()


def test_a_secret_party_is_listed_only_for_the_registrar(client, rita, olle, protected):
    client.force_login(olle)
    assert list(client.get("/parter/", {"name": "Skyddad"}).context["parties"]) == []
    assert "Skyddad" not in client.get("/parter/").content.decode()
    client.force_login(rita)
    html = client.get("/parter/").content.decode()
    assert "Skyddad" in html and "OSL 21 kap. 3 §" in html


def test_a_case_officer_creates_a_party(client, olle):
    client.force_login(olle)
    assert client.get("/parter/ny/").status_code == 200
    response = client.post("/parter/ny/", {"kind": "person", "name": "Anna Andersson",
                                            "email": "anna@example.se",
                                            "address": "Storgatan 1\n178 30 Ekerö"})
    assert response.status_code == 302
    party = Party.objects.get()
    assert party.address == "Storgatan 1\n178 30 Ekerö"
    assert Event.objects.filter(action="create", object_id=party.pk).exists()


@pytest.mark.parametrize("data", [
    {}, {"kind": "robot", "name": "X"}, {"kind": "person", "name": "   "},
    {"kind": "person", "name": "X", "email": "nope"}, {"kind": "person", "name": "x" * 400},
])
def test_bad_input_to_the_party_form_is_explained(client, olle, data):
    client.force_login(olle)
    response = client.post("/parter/ny/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Party.objects.exists()


def test_the_party_list_pages(client, rita, monkeypatch):
    from kansli.diary import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in ["A", "B", "C"]:
        actions.do_create_party(acting_user=rita, kind="person", name=name)
    client.force_login(rita)
    first = client.get("/parter/")
    assert [p.name for p in first.context["parties"]] == ["A", "B"]
    second = client.get("/parter/" + first.context["next"])
    assert [p.name for p in second.context["parties"]] == ["C"]
    assert client.get("/parter/", {"offset": "x"}).status_code == 200
