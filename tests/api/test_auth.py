"""Tokens and scopes: who may call the API, and what a refusal says."""

import hashlib

import pytest

from kansli.api.models import Integration, revoke_integration
from tests.conftest import open_case

from .conftest import Api


def test_a_request_without_a_token_is_refused_with_401(client, db):
    response = Api(client, None).get("/cases/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_token"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer kansli_not-a-real-token", "Bearer", "Basic dXNlcjpwYXNz", "kansli_abc",
    "Bearer " + "x" * 5000, "Bearer kansli_\u00e5\u00e4\u00f6",
])
def test_an_invalid_token_is_refused_with_401(client, db, header):
    response = Api(client, None).get("/cases/", Authorization=header)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_is_accepted(etjanst):
    assert etjanst.get("/cases/").status_code == 200


def test_a_revoked_token_is_refused(etjanst):
    revoke_integration("e-tjanst")
    response = etjanst.get("/cases/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_missing_scope_is_refused_with_403_naming_it(make_api):
    reader = make_api("cases:read")
    response = reader.post("/cases/", {"series": "KS", "title": "x"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "insufficient_scope"
    assert error["scope"] == "cases:write"
    assert "cases:write" in error["message"]
    assert 'scope="cases:write"' in response["WWW-Authenticate"]


def test_the_token_is_kept_only_as_its_hash(etjanst):
    integration = Integration.objects.get(name="e-tjanst")
    assert integration.token_hash == hashlib.sha256(etjanst.token.encode()).hexdigest()
    stored = " ".join(str(v) for v in Integration.objects.values_list().get())
    assert etjanst.token not in stored
    assert etjanst.token.startswith(integration.token_prefix)


def test_use_is_recorded(etjanst):
    assert Integration.objects.get(name="e-tjanst").last_used_at is None
    etjanst.get("/cases/")
    assert Integration.objects.get(name="e-tjanst").last_used_at is not None


def test_a_logged_in_session_is_not_a_token(client, rita, ks, klass):
    """The staff interface's session cookie gives no access to the API."""
    open_case(rita, ks, klass)
    client.force_login(rita)
    response = Api(client, None).get("/cases/")
    assert response.status_code == 401


def test_writes_need_no_csrf_token(make_api, ks, klass, settings):
    from django.test import Client

    api = make_api("cases:write")
    api.client = Client(enforce_csrf_checks=True)
    response = api.post("/cases/", {"series": "KS", "title": "Skolskjuts",
                                    "classification": "133"})
    assert response.status_code == 201


def test_a_method_not_allowed_is_405_with_allow(etjanst):
    response = etjanst.call("DELETE", "/cases/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_an_unknown_path_under_the_api_is_a_json_404(etjanst):
    response = etjanst.get("/nothing/here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_path_with_a_line_break_is_a_json_404_too(etjanst):
    assert etjanst.get("/cases/by-number/%0A/").status_code == 404
    assert etjanst.get("/x%0Ay/").status_code == 404
