"""Whatever a client sends, the API answers with a declared 4xx or a success, never a
server error; a refused write leaves nothing behind.

Hypothesis draws query strings, ids, tokens and bodies (random JSON, wrong types, huge
strings, unicode, broken base64, bytes that are not JSON). Each answer goes through
conftest.check: below 500, declared in the OpenAPI description for its path and status,
and valid against the declared schema. The number of cases is bounded so CI stays quick.
"""

import base64
import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kansli.diary import actions
from kansli.diary.models import Blob, Case, Document, DocumentFile, Event, Party
from tests.conftest import open_case, register

from .conftest import Api

# 50 cases per test in CI; KANSLI_FUZZ_EXAMPLES=1000 for a deeper search by hand.
FUZZ = settings(max_examples=int(os.environ.get("KANSLI_FUZZ_EXAMPLES", "50")),
                deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

HUGE = st.sampled_from(["x" * 100_000, "å" * 5000, "9" * 5000, "\U0001f600" * 1000])
TEXT = st.one_of(st.text(max_size=60), HUGE,
                 st.sampled_from(["", " ", "\x00", "\ud800", "null", "KS", "133",
                                  "KS13/1-133", "1e309", "-1", "0", "2013-02-30",
                                  "2013-06-05", "9999-12-31T23:59:59+14:00", "*", "%",
                                  "' OR 1=1 --", "\"", "samverkan*"]))
NUMBERS = st.one_of(st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=False), st.booleans())
JSON = st.recursive(st.none() | NUMBERS | TEXT,
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=12)
ANY = st.one_of(JSON, TEXT)
CASE_PARAMS = ["q", "diary_number", "status", "series", "updated_since", "page", "page_size"]


def enc(text: str, safe: str = "") -> str:
    """Percent-encoded as a client would send it; a lone surrogate becomes the bytes
    UTF-8 would give it (which are not valid UTF-8)."""
    return quote(text, safe=safe, errors="surrogatepass")


def counts():
    return tuple(m.objects.count() for m in (Case, Document, Party, Event, Blob, DocumentFile))


@pytest.fixture
def world(rita, ks, klass, make_api):
    case = open_case(rita, ks, klass)
    document = register(case, rita, files=[actions.NewFile("a.pdf", b"%PDF a")])
    api = make_api("cases:read", "cases:write", "documents:read", "documents:write",
                   name="fuzz")
    return api, case, document


@FUZZ
@given(params=st.dictionaries(st.one_of(st.sampled_from(CASE_PARAMS), st.text(max_size=10)),
                              st.one_of(TEXT, st.integers().map(str)), max_size=4))
def test_case_list_parameters(world, params):
    api, _case, _document = world
    response = api.get("/cases/?" + "&".join(f"{enc(k)}={enc(v)}" for k, v in params.items()))
    assert response.status_code in (200, 400, 404)


@FUZZ
@given(raw=st.text(max_size=200))
def test_raw_query_strings(world, raw):
    api, _case, _document = world
    response = api.get("/cases/?" + enc(raw, safe="=&;+%"))
    assert response.status_code in (200, 400, 404)


@FUZZ
@given(pk=st.integers(min_value=0, max_value=2**80), other=st.integers(min_value=0,
                                                                        max_value=2**80))
def test_ids(world, pk, other):
    api, _case, _document = world
    for path in (f"/cases/{pk}/", f"/documents/{pk}/", f"/documents/{pk}/files/{other}/"):
        assert api.get(path).status_code in (200, 404)


@FUZZ
@given(number=st.text(min_size=1, max_size=80))
def test_diary_numbers(world, number):
    api, _case, _document = world
    response = api.get(f"/cases/by-number/{enc(number, safe='/')}/")
    assert response.status_code in (200, 404)


@FUZZ
@given(header=st.one_of(st.text(max_size=100), st.text(max_size=100).map("Bearer ".__add__),
                        st.text(max_size=60).map("Bearer kansli_".__add__)))
def test_tokens(world, header):
    api, _case, _document = world
    stranger = Api(api.client, None)
    response = stranger.get("/cases/", Authorization=header)
    assert response.status_code == 401


def refused_write_leaves_nothing(api, path, body, content_type="application/json"):
    before = counts()
    response = api.post(path, raw=body, content_type=content_type)
    if response.status_code >= 400:
        assert counts() == before, response.json()
    return response


@FUZZ
@given(body=JSON)
def test_open_case_with_any_json(world, body):
    api, _case, _document = world
    response = refused_write_leaves_nothing(api, "/cases/", json.dumps(body))
    assert response.status_code in (201, 400)


@FUZZ
@given(body=st.fixed_dictionaries({}, optional={
    "series": st.one_of(ANY, st.just("KS")), "title": ANY, "public_title": ANY,
    "classification": st.one_of(ANY, st.just("133")), "secrecy_ground": ANY,
    "unit": ANY, "officer": ANY}))
def test_open_case_with_plausible_fields(world, body):
    api, _case, _document = world
    response = refused_write_leaves_nothing(api, "/cases/", json.dumps(body))
    assert response.status_code in (201, 400)


@FUZZ
@given(raw=st.binary(max_size=300), content_type=st.sampled_from(
    ["application/json", "text/plain", "multipart/form-data; boundary=x", ""]))
def test_register_with_any_bytes(world, raw, content_type):
    api, case, _document = world
    response = refused_write_leaves_nothing(api, f"/cases/{case.pk}/documents/", raw,
                                            content_type)
    assert response.status_code in (201, 400, 415)


FILES = st.lists(st.fixed_dictionaries({}, optional={
    "name": st.one_of(ANY, st.just("a.pdf")), "media_type": ANY,
    "content_base64": st.one_of(ANY, st.binary(min_size=1, max_size=50).map(
        lambda b: base64.b64encode(b).decode()))}), max_size=3)


@FUZZ
@given(body=st.fixed_dictionaries({}, optional={
    "description": ANY, "received_date": st.one_of(ANY, st.just("2013-06-05")),
    "document_date": ANY, "doc_type": st.one_of(ANY, st.just("letter")),
    "secrecy_ground": ANY,
    "sender": st.one_of(ANY, st.fixed_dictionaries({}, optional={
        "kind": st.one_of(ANY, st.sampled_from(["person", "organisation"])),
        "name": ANY, "email": st.one_of(ANY, st.emails())})),
    "files": st.one_of(ANY, FILES)}), pk=st.one_of(st.just(None),
                                                   st.integers(min_value=0, max_value=2**70)))
def test_register_with_plausible_fields(world, body, pk):
    api, case, _document = world
    response = refused_write_leaves_nothing(
        api, f"/cases/{case.pk if pk is None else pk}/documents/", json.dumps(body))
    assert response.status_code in (201, 400, 404)
