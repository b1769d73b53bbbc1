"""The OpenAPI description: served at its stable URL, sound in structure, its schemas
valid JSON Schema, and its paths exactly the API's routes. (That every answer matches
its declared schema is checked on every call the tests make: conftest.check.)"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, get_resolver
from jsonschema import Draft202012Validator

from kansli.api import openapi
from kansli.api.models import SCOPES

from .conftest import DOC

METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}

# The part of the OpenAPI 3.1 schema (spec.openapis.org/oas/3.1/schema) this description
# uses, written out: the official one is not available offline.
REF = {"type": "object", "required": ["$ref"], "properties": {"$ref": {"type": "string"}}}
PARAMETER = {
    "type": "object", "required": ["name", "in", "schema"],
    "properties": {"name": {"type": "string"},
                   "in": {"enum": ["query", "header", "path", "cookie"]},
                   "required": {"type": "boolean"}, "description": {"type": "string"},
                   "schema": {"type": "object"}},
    "if": {"properties": {"in": {"const": "path"}}},
    "then": {"required": ["required"], "properties": {"required": {"const": True}}},
    "additionalProperties": False,
}
MEDIA = {"type": "object", "additionalProperties": {
    "type": "object", "required": ["schema"], "properties": {"schema": {"type": "object"}},
    "additionalProperties": False}}
RESPONSE = {"oneOf": [REF, {
    "type": "object", "required": ["description"],
    "properties": {"description": {"type": "string"}, "content": MEDIA,
                   "headers": {"type": "object", "additionalProperties": {
                       "type": "object", "required": ["schema"]}}},
    "additionalProperties": False}]}
SECURITY = {"type": "array", "items": {"type": "object", "additionalProperties": {
    "type": "array", "items": {"type": "string"}}}}
OPERATION = {
    "type": "object", "required": ["responses", "operationId"],
    "properties": {
        "operationId": {"type": "string"}, "summary": {"type": "string"},
        "description": {"type": "string"}, "security": SECURITY,
        "parameters": {"type": "array", "items": PARAMETER},
        "requestBody": {"type": "object", "required": ["content"],
                        "properties": {"required": {"type": "boolean"}, "content": MEDIA},
                        "additionalProperties": False},
        "responses": {"type": "object", "minProperties": 1,
                      "propertyNames": {"pattern": "^([1-5][0-9][0-9]|default)$"},
                      "additionalProperties": RESPONSE},
    },
    "additionalProperties": False,
}
OPENAPI_31 = {
    "type": "object", "required": ["openapi", "info", "paths"],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.1\.\d+$"},
        "jsonSchemaDialect": {"type": "string"},
        "info": {"type": "object", "required": ["title", "version"],
                 "properties": {"title": {"type": "string"}, "version": {"type": "string"},
                                "summary": {"type": "string"},
                                "description": {"type": "string"},
                                "license": {"type": "object", "required": ["name"]}},
                 "additionalProperties": False},
        "servers": {"type": "array", "items": {"type": "object", "required": ["url"]}},
        "security": SECURITY,
        "paths": {"type": "object",
                  "propertyNames": {"pattern": "^/"},
                  "additionalProperties": {"type": "object",
                                           "propertyNames": {"enum": sorted(METHODS)},
                                           "additionalProperties": OPERATION}},
        "components": {"type": "object", "properties": {
            "schemas": {"type": "object", "additionalProperties": {"type": "object"}},
            "responses": {"type": "object", "additionalProperties": RESPONSE},
            "securitySchemes": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["type"]}},
        }, "additionalProperties": False},
    },
    "additionalProperties": False,
}


def test_it_is_served_without_a_token_at_its_stable_url(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == openapi.description()


def test_its_structure_is_openapi_3_1():
    Draft202012Validator.check_schema(OPENAPI_31)
    Draft202012Validator(OPENAPI_31).validate(DOC)


@pytest.mark.parametrize("name", sorted(DOC["components"]["schemas"]))
def test_each_component_schema_is_valid_json_schema(name):
    Draft202012Validator.check_schema(DOC["components"]["schemas"][name])


def walk(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield where, key, value
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


def test_every_reference_resolves():
    for where, key, value in walk(DOC):
        if key == "$ref":
            target = DOC
            for part in value.removeprefix("#/").split("/"):
                assert part in target, f"{where}: {value} does not resolve"
                target = target[part]


def test_every_parameter_schema_is_valid_and_path_parameters_match():
    for path, item in DOC["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, path
            for parameter in operation.get("parameters", []):
                Draft202012Validator.check_schema(parameter["schema"])


def test_operation_ids_are_unique_and_scopes_known():
    ids = [op["operationId"] for item in DOC["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    for item in DOC["paths"].values():
        for operation in item.values():
            for requirement in operation.get("security", DOC["security"]):
                for scheme, scopes in requirement.items():
                    assert scheme in DOC["components"]["securitySchemes"]
                    assert set(scopes) <= set(SCOPES)


def routes() -> set[str]:
    """The API's routes as OpenAPI paths (<int:pk> as {pk}), the catch-all left out."""
    resolver = next(p for p in get_resolver().url_patterns
                    if getattr(p, "namespace", None) == "api")
    out = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name == "not-found":
            continue
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        out.add("/" + route)
    return out


def test_every_route_is_described_and_every_path_is_a_route():
    assert routes() == set(DOC["paths"])


def test_each_view_answers_only_the_methods_described(client, db):
    """A method the description lacks gets 405 from the view, not a 200 by accident."""
    for path, item in DOC["paths"].items():
        url = "/api/v1" + path.format(pk=1, file_pk=1, number="KS13/1-1")
        for method in ("PUT", "PATCH", "DELETE"):
            assert method.lower() not in item
            assert client.generic(method, url).status_code == 405, (method, path)


def test_the_guide_names_every_scope_and_error_code():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text("utf-8")
    for word in [*SCOPES, *openapi.ERROR_CODES]:
        assert f"`{word}`" in guide, word
