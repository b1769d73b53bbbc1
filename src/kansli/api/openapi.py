"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Written by hand beside the views it describes; the tests check that every route is in
``paths`` and every path a route, that the schemas are valid JSON Schema (2020-12), and
that every answer the tests get matches the schema declared for it.
"""

from __future__ import annotations

import copy

from .models import SCOPES

VERSION = "1.0.0"


def nullable(schema: dict) -> dict:
    out = {**schema, "type": [schema["type"], "null"]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
ID = {"type": "integer", "minimum": 1}
URL = {"type": "string", "format": "uri"}

ERROR_CODES = [
    "missing_token", "invalid_token", "insufficient_scope", "method_not_allowed",
    "not_found", "page_not_found", "invalid_parameter", "invalid_json",
    "unsupported_media_type", "validation_failed", "request_too_large", "file_corrupt",
]

CASE_PROPERTIES = {
    "id": ID,
    "url": URL,
    "diary_number": {**STRING, "examples": ["KS13/250-133"]},
    "title": {**STRING, "description": "The title; for a case whose title is secret, the "
              "public title unless the token has secret:read."},
    "public_title": {**STRING, "description": "What the public and staff without access "
                     "see (the title itself when it is not secret)."},
    "title_secret": {"type": "boolean"},
    "secrecy_ground": {**STRING, "description": "The legal ground (OSL) when the title is "
                       "secret, else empty."},
    "series": STRING,
    "year": {"type": "integer"},
    "serial": {"type": "integer"},
    "classification": nullable(STRING),
    "status": {"type": "string", "enum": ["open", "in_progress", "decided", "closed"]},
    "unit": nullable(STRING),
    "officer": nullable({**STRING, "description": "The case officer's user name."}),
    "opened_at": DATE_TIME,
    "closed_at": nullable(DATE_TIME),
    "updated_at": {**DATE_TIME, "description": "The time of the case's newest journal "
                   "event (a registration, correction, status change…)."},
    "cancelled": {"type": "boolean"},
}

DOCUMENT_PROPERTIES = {
    "id": ID,
    "url": URL,
    "case_id": ID,
    "reference": {**STRING, "examples": ["KS13/250-133:4"]},
    "number": {"type": "integer"},
    "direction": {"type": "string", "enum": ["incoming", "drawn_up", "outgoing"]},
    "doc_type": STRING,
    "description": nullable({**STRING, "description": "null when the document is secret "
                             "and the token lacks secret:read."}),
    "secret": {"type": "boolean"},
    "secrecy_ground": STRING,
    "masked": {"type": "boolean", "description": "true when secret content is left out: "
               "no description, senders, recipients or files."},
    "received_date": DATE,
    "document_date": nullable(DATE),
    "registered_at": DATE_TIME,
    "cancelled": {"type": "boolean"},
    "senders": {"type": "array", "items": {"$ref": "#/components/schemas/Correspondent"}},
    "recipients": {"type": "array", "items": {"$ref": "#/components/schemas/Correspondent"}},
    "files": {"type": "array", "items": {"$ref": "#/components/schemas/File"}},
}


def closed(properties: dict, required=None, **extra) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": False, **extra}


SCHEMAS = {
    "Error": closed({
        "error": closed({
            "code": {"type": "string", "enum": ERROR_CODES},
            "message": {**STRING, "description": "For people, in Swedish."},
            "scope": {**STRING, "description": "The scope needed (insufficient_scope)."},
            "fields": {"type": "object", "description": "Messages by field name; nested "
                       "fields as sender.name, files[0].content_base64; __all__ for the "
                       "input as a whole.",
                       "additionalProperties": {"type": "array", "items": STRING}},
        }, required=["code", "message"]),
    }),
    "Case": closed(CASE_PROPERTIES),
    "CaseDetail": closed({
        **CASE_PROPERTIES,
        "documents": {"type": "array", "description": "Present when the token has "
                      "documents:read.", "items": {"$ref": "#/components/schemas/Document"}},
    }, required=list(CASE_PROPERTIES)),
    "CaseList": closed({
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1, "maximum": 100},
        "links": closed({"self": URL, "next": nullable(URL), "previous": nullable(URL)}),
    }),
    "Document": closed(DOCUMENT_PROPERTIES),
    "Correspondent": closed({
        "id": nullable({**ID, "description": "The party's id; null for a unit of the "
                        "organisation or a party subject to secrecy."}),
        "kind": {"type": "string", "enum": ["person", "organisation", "unit"]},
        "name": STRING,
        "email": STRING,
        "secret": {"type": "boolean"},
    }),
    "File": closed({
        "id": ID, "url": URL, "name": STRING, "media_type": STRING,
        "size": {"type": "integer", "minimum": 0},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    }),
    "NewCase": closed({
        "series": {**STRING, "maxLength": 10, "description": "The diary series' code."},
        "title": {**STRING, "minLength": 1, "maxLength": 500},
        "public_title": {**STRING, "maxLength": 500,
                         "description": "Required with secrecy_ground."},
        "classification": {**STRING, "maxLength": 30,
                           "description": "A classification code; required when the "
                           "organisation's diary numbers carry one."},
        "secrecy_ground": {**STRING, "maxLength": 200,
                           "description": "Marks the title secret on this legal ground."},
        "unit": {**ID, "description": "The responsible unit's id."},
        "officer": {**STRING, "maxLength": 150,
                    "description": "User name of a case officer or registrar."},
    }, required=["series", "title"]),
    "NewDocument": closed({
        "description": {**STRING, "minLength": 1, "maxLength": 500,
                        "description": "Briefly what the document concerns."},
        "received_date": DATE,
        "document_date": DATE,
        "doc_type": {"type": "string", "default": "letter", "enum": [
            "letter", "recommendation", "agreement", "officers_report", "memo", "extract",
            "minutes", "decision", "application", "referral", "referral_answer", "email",
            "other"]},
        "secrecy_ground": {**STRING, "maxLength": 200},
        "sender": closed({
            "kind": {"type": "string", "enum": ["person", "organisation"]},
            "name": {**STRING, "minLength": 1, "maxLength": 300},
            "email": {**STRING, "format": "email", "maxLength": 254},
        }, required=["kind", "name"], description="Found (same kind, name and e-mail "
           "address, not secret) or created as a party."),
        "files": {"type": "array", "maxItems": 20,
                  "items": {"$ref": "#/components/schemas/NewFile"}},
    }, required=["description", "received_date"]),
    "NewFile": closed({
        "name": {**STRING, "minLength": 1, "maxLength": 255},
        "media_type": {**STRING, "maxLength": 100,
                       "description": "Used when the name's extension says nothing."},
        "content_base64": {**STRING, "contentEncoding": "base64",
                           "description": "The content, base64 (RFC 4648, standard "
                           "alphabet, padded)."},
    }, required=["name", "content_base64"]),
}


def _null_as_absent(schema: dict) -> None:
    """In a request, null is the same as leaving an optional field out."""
    for name, prop in schema["properties"].items():
        if name not in schema["required"] and "type" in prop:
            schema["properties"][name] = nullable(prop)
        if prop.get("type") == "object":
            _null_as_absent(prop)


for _name in ("NewCase", "NewDocument", "NewFile"):
    _null_as_absent(SCHEMAS[_name])


def error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


RESPONSES = {
    "BadRequest": error("Malformed input: invalid_parameter, invalid_json or "
                        "validation_failed, with the messages by field."),
    "Unauthorized": {**error("No token, or a token that is not valid or is revoked "
                             "(missing_token, invalid_token)."),
                     "headers": {"WWW-Authenticate": {"schema": STRING}}},
    "Forbidden": error("The token lacks the scope named in the answer "
                       "(insufficient_scope)."),
    "NotFound": error("No such object (not_found), or a page beyond the last "
                      "(page_not_found)."),
    "MethodNotAllowed": error("The method is not allowed on this path."),
    "TooLarge": error("The body is larger than the limit (request_too_large)."),
    "UnsupportedMediaType": error("The body is not sent as application/json."),
}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def json_ok(description: str, schema: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def errors(*names: str) -> dict:
    codes = {"BadRequest": "400", "Unauthorized": "401", "Forbidden": "403",
             "NotFound": "404", "MethodNotAllowed": "405", "TooLarge": "413",
             "UnsupportedMediaType": "415"}
    return {codes[n]: ref(n) for n in ("Unauthorized", "Forbidden", "MethodNotAllowed", *names)}


def path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 0}}


def query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


def secured(scope: str, operation: dict) -> dict:
    operation["security"] = [{"bearer": [scope]}]
    operation["description"] = (operation.get("description", "") +
                                 f"\n\nScope: `{scope}`.").strip()
    return operation


PATHS = {
    "/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This description.", "security": [],
        "responses": {"200": {"description": "The OpenAPI description.",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "405": ref("MethodNotAllowed")},
    }},
    "/cases/": {
        "get": secured("cases:read", {
            "operationId": "listCases", "summary": "List and search cases, newest first.",
            "description": "Unknown or repeated parameters are refused (400). A text "
                           "search (q) reads at most the first 1000 hits, as in the staff "
                           "interface.",
            "parameters": [
                query("q", "Words of the title, or a diary number (or part of one), as in "
                      "the staff interface's quick search.", {**STRING, "maxLength": 200}),
                query("diary_number", "A diary number, exactly (letter case and spaces "
                      "aside).", {**STRING, "maxLength": 50}),
                query("series", "A series code.", {**STRING, "maxLength": 10}),
                query("status", "A status.", CASE_PROPERTIES["status"]),
                query("updated_since", "Cases with a journal event at or after this time "
                      "(ISO 8601; a date means its midnight, local time).", STRING),
                query("page", "The page, from 1.",
                      {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1}),
                query("page_size", "Cases per page.",
                      {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}),
            ],
            "responses": {"200": json_ok("A page of cases.", "CaseList"),
                          **errors("BadRequest", "NotFound")},
        }),
        "post": secured("cases:write", {
            "operationId": "openCase", "summary": "Open a case; it gets the next diary number.",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/NewCase"}}}},
            "responses": {"201": {**json_ok("The case opened.", "CaseDetail"),
                                  "headers": {"Location": {"schema": STRING}}},
                          **errors("BadRequest", "TooLarge", "UnsupportedMediaType")},
        }),
    },
    "/cases/by-number/{number}/": {"get": secured("cases:read", {
        "operationId": "getCaseByNumber", "summary": "A case by its diary number.",
        "description": "The number as people write it (the organisation's format, any "
                       "letter case and spacing; '/' as is), or exactly as registered.",
        "parameters": [{"name": "number", "in": "path", "required": True,
                        "schema": STRING, "description": "A diary number."}],
        "responses": {"200": json_ok("The case (with its documents given documents:read).",
                                     "CaseDetail"), **errors("NotFound")},
    })},
    "/cases/{pk}/": {"get": secured("cases:read", {
        "operationId": "getCase", "summary": "A case.",
        "parameters": [path_id("pk", "The case's id.")],
        "responses": {"200": json_ok("The case (with its documents given documents:read).",
                                     "CaseDetail"), **errors("NotFound")},
    })},
    "/cases/{pk}/documents/": {"post": secured("documents:write", {
        "operationId": "registerDocument",
        "summary": "Register an incoming document in a case.",
        "description": "The sender is found or created as a party, the files stored, the "
                       "document registered with the case's next number, and the journal "
                       "written, all in one transaction: on any error nothing is kept. "
                       "Each file, and all together, at most KANSLI_MAX_UPLOAD_BYTES "
                       "(50 MiB by default).",
        "parameters": [path_id("pk", "The case's id.")],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/NewDocument"}}}},
        "responses": {"201": {**json_ok("The document registered.", "Document"),
                              "headers": {"Location": {"schema": STRING}}},
                      **errors("BadRequest", "NotFound", "TooLarge", "UnsupportedMediaType")},
    })},
    "/documents/{pk}/": {"get": secured("documents:read", {
        "operationId": "getDocument", "summary": "A document entry.",
        "description": "A secret document is masked unless the token has secret:read; "
                       "reading one with it is written to the journal.",
        "parameters": [path_id("pk", "The document's id.")],
        "responses": {"200": json_ok("The document.", "Document"), **errors("NotFound")},
    })},
    "/documents/{pk}/files/{file_pk}/": {"get": secured("documents:read", {
        "operationId": "getFile", "summary": "Download a file of a document.",
        "description": "A secret document's file needs secret:read too; the download is "
                       "written to the journal.",
        "parameters": [path_id("pk", "The document's id."),
                       path_id("file_pk", "The file's id.")],
        "responses": {
            "200": {"description": "The file, as its media type.",
                    "content": {"application/octet-stream": {"schema": {}}}},
            **errors("NotFound"),
            "409": error("The stored file does not match its checksum (file_corrupt)."),
        },
    })},
}

DESCRIPTION = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
    "info": {
        "title": "Kansli internal API",
        "version": VERSION,
        "summary": "Cases and documents of the diary, for integrations.",
        "description": "Each integration has a token and scopes (`kansli integration "
                       "create`). Changes go through the same operations as the web "
                       "interface; the journal names the integration's service user. "
                       "See docs/api.md.",
        "license": {"name": "GPL-3.0-or-later", "identifier": "GPL-3.0-or-later"},
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "responses": RESPONSES,
        "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "A token from `kansli integration create`. Scopes: " +
                           "; ".join(f"`{name}`: {text}" for name, text in SCOPES.items()),
        }},
    },
}


def description() -> dict:
    return copy.deepcopy(DESCRIPTION)
