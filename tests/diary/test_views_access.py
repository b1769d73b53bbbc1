"""Logging in and out, and who may use the staff interface at all."""

import pytest
from django.contrib.auth.models import User

PASSWORD = "test-password-123"


@pytest.fixture
def petra(db):
    """Petra has an account but no Kansli role."""
    return User.objects.create_user("petra", "petra@example.se", PASSWORD)


def test_the_login_page_is_swedish(client, db):
    response = client.get("/logga-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_a_registrar_logs_in_and_reaches_the_diary(client, rita):
    response = client.post("/logga-in/", {"username": "rita", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_in_swedish(client, rita):
    response = client.post("/logga-in/", {"username": "rita", "password": "wrong"})
    assert response.status_code == 200
    assert "role=\"alert\"" in response.content.decode()
    assert "användarnamn" in response.content.decode().lower()


def test_logging_out_takes_a_post(client, rita):
    client.force_login(rita)
    response = client.post("/logga-ut/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_someone_not_logged_in_is_sent_to_the_login_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/logga-in/")


@pytest.mark.parametrize("url", ["/", "/arenden/nytt/", "/parter/", "/parter/ny/",
                                 "/arenden/1/", "/handlingar/1/"])
def test_someone_without_a_kansli_role_gets_403(client, petra, url):
    client.force_login(petra)
    response = client.get(url)
    assert response.status_code == 403
    assert "behörighet" in response.content.decode()


def test_a_case_officer_may_not_open_cases(client, olle, ks):
    client.force_login(olle)
    assert client.get("/arenden/nytt/").status_code == 403
    assert client.post("/arenden/nytt/", {"series": ks.pk, "title": "X"}).status_code == 403


def test_non_numeric_and_huge_ids_give_404_not_500(client, rita):
    client.force_login(rita)
    for url in ["/arenden/abc/", "/handlingar/x/", "/arenden/99999999999999999999999/",
                "/handlingar/1/filer/99999999999999999999/", "/arenden/-1/"]:
        assert client.get(url).status_code == 404, url


def test_the_pages_are_plain_accessible_html(client, rita):
    client.force_login(rita)
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html
    assert "<header" in html and "<nav" in html and "<main" in html
    assert "<script" not in html
    assert 'style="' not in html
