"""The API's tests: integrations with tokens, and a client that checks every answer
against the schema the OpenAPI description declares for it.

- ``etjanst``: the e-service that registers incoming documents (cases:read,
  documents:read, documents:write).
- ``arkiv``: a system that reads everything, secrets included.
"""

import pytest
from django.urls import resolve
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kansli.api import openapi
from kansli.api.models import create_integration

BASE = "/api/v1"
DOC = openapi.description()
REGISTRY = Registry().with_resource("urn:kansli-api", Resource.from_contents(
    DOC, default_specification=DRAFT202012))


def validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"urn:kansli-api{pointer}"}, registry=REGISTRY)


def template(path: str) -> str | None:
    """The OpenAPI path of a request path, from the route that serves it."""
    match = resolve(path.split("?")[0])
    if match.url_name == "not-found":
        return None
    route = match.route.removeprefix("api/v1/")
    for converter in ("int:", "path:"):
        route = route.replace("<" + converter, "{")
    return "/" + route.replace(">", "}")


def check(response, method: str, path: str) -> None:
    """The answer is one the description declares, and matches its schema."""
    status = str(response.status_code)
    assert response.status_code < 500, response.content[:500]
    found = template(path)
    if found is None:
        assert status == "404"
        validator("#/components/schemas/Error").validate(response.json())
        return
    operations = DOC["paths"][found]
    operation = operations.get(method.lower())
    if operation is None:
        assert status == "405"
        validator("#/components/schemas/Error").validate(response.json())
        return
    declared = operation["responses"]
    assert status in declared, f"{method} {found} answered {status}, not declared"
    answer = declared[status]
    if "$ref" in answer:
        answer = DOC["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    content = answer["content"]
    if "application/json" in content:
        assert response["Content-Type"] == "application/json"
        schema = content["application/json"]["schema"]
        Draft202012Validator(schema, registry=REGISTRY).validate(response.json()) \
            if "$ref" not in schema else validator(
                "#" + schema["$ref"].removeprefix("#")).validate(response.json())


class Api:
    """A test client speaking for one token."""

    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    def headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path, params=None, **headers):
        response = self.client.get(BASE + path, params or {},
                                   headers={**self.headers(), **headers})
        check(response, "GET", BASE + path)
        return response

    def post(self, path, data=None, *, raw=None, content_type="application/json",
             **headers):
        import json

        body = raw if raw is not None else json.dumps(data)
        response = self.client.generic("POST", BASE + path, body, content_type=content_type,
                                       headers={**self.headers(), **headers})
        check(response, "POST", BASE + path)
        if response.status_code == 201:
            # What was accepted is what the description says may be sent.
            operation = DOC["paths"][template(BASE + path)]["post"]
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            validator("#" + schema["$ref"].removeprefix("#")).validate(json.loads(body))
        return response

    def call(self, method, path, **headers):
        response = self.client.generic(method, BASE + path,
                                       headers={**self.headers(), **headers})
        check(response, method, BASE + path)
        return response


@pytest.fixture
def make_api(client, db):
    def make(*scopes, name=None):
        integration, token = create_integration(
            name or "-".join(s.replace(":", "-") for s in scopes)[:50], scopes)
        api = Api(client, token)
        api.integration = integration
        return api
    return make


@pytest.fixture
def etjanst(make_api):
    return make_api("cases:read", "documents:read", "documents:write", name="e-tjanst")


@pytest.fixture
def arkiv(make_api):
    return make_api("cases:read", "cases:write", "documents:read", "secret:read", name="arkiv")
