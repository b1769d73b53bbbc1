"""Reading cases: the list with its filters and pages, one case, a case by number, and
what a secret title shows."""

import datetime

from django.utils import timezone

from kansli.diary import actions
from tests.conftest import open_case, register


def test_the_list_shows_cases_newest_first(etjanst, rita, ks, klass):
    first = open_case(rita, ks, klass, title="Överenskommelse om samverkan")
    second = open_case(rita, ks, klass, title="Skolskjuts")
    data = etjanst.get("/cases/").json()
    assert [c["id"] for c in data["results"]] == [second.pk, first.pk]
    assert data["results"][1]["diary_number"] == first.diary_number
    assert data["results"][1]["title"] == "Överenskommelse om samverkan"
    assert data["links"]["next"] is None and data["links"]["previous"] is None


def test_pages_link_to_each_other(etjanst, rita, ks, klass):
    for n in range(5):
        open_case(rita, ks, klass, title=f"Ärende {n}")
    first = etjanst.get("/cases/", {"page_size": 2}).json()
    assert [c["title"] for c in first["results"]] == ["Ärende 4", "Ärende 3"]
    assert first["links"]["previous"] is None
    second = etjanst.get(first["links"]["next"].split("/api/v1")[1]).json()
    assert [c["title"] for c in second["results"]] == ["Ärende 2", "Ärende 1"]
    third = etjanst.get(second["links"]["next"].split("/api/v1")[1]).json()
    assert [c["title"] for c in third["results"]] == ["Ärende 0"]
    assert third["links"]["next"] is None
    assert "page=2" in third["links"]["previous"]


def test_a_page_beyond_the_last_is_404_and_a_huge_one_400(etjanst, rita, ks, klass):
    open_case(rita, ks, klass)
    assert etjanst.get("/cases/", {"page": 2}).json()["error"]["code"] == "page_not_found"
    for page in ("10001", "99999999999999999999", "0", "-1", "1.5", "ett"):
        response = etjanst.get("/cases/", {"page": page})
        assert response.status_code == 400, page
        assert "page" in response.json()["error"]["fields"]
    assert etjanst.get("/cases/", {"page_size": 101}).status_code == 400


def test_unknown_or_repeated_parameters_are_refused(etjanst):
    response = etjanst.get("/cases/?updated_sinse=2013-01-01")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"updated_sinse": ["Okänd parameter."]}
    assert etjanst.get("/cases/?page=1&page=2").status_code == 400


def test_q_searches_words_or_a_diary_number(etjanst, rita, ks, klass):
    ekero = open_case(rita, ks, klass, title="Överenskommelse om samverkan")
    open_case(rita, ks, klass, title="Skolskjuts")
    found = etjanst.get("/cases/", {"q": "samverkan"}).json()["results"]
    assert [c["id"] for c in found] == [ekero.pk]
    found = etjanst.get("/cases/", {"q": ekero.diary_number.lower()}).json()["results"]
    assert [c["id"] for c in found] == [ekero.pk]


def test_filters_by_diary_number_series_and_status(etjanst, rita, ks, sn, klass):
    ekero = open_case(rita, ks, klass)
    social = open_case(rita, sn, klass)
    actions.do_close_case(social, acting_user=rita)
    by_number = etjanst.get("/cases/", {"diary_number": ekero.diary_number.lower()}).json()
    assert [c["id"] for c in by_number["results"]] == [ekero.pk]
    assert [c["id"] for c in etjanst.get("/cases/", {"series": "sn"}).json()["results"]] \
        == [social.pk]
    closed = etjanst.get("/cases/", {"status": "closed"}).json()["results"]
    assert [c["id"] for c in closed] == [social.pk]
    assert etjanst.get("/cases/", {"status": "stängd"}).status_code == 400


def test_updated_since_finds_cases_with_newer_events(etjanst, rita, ks, klass):
    old = open_case(rita, ks, klass, title="Gammalt")
    new = open_case(rita, ks, klass, title="Nytt")
    cut = timezone.now()
    register(old, rita)
    found = etjanst.get("/cases/", {"updated_since": cut.isoformat()}).json()["results"]
    assert [c["id"] for c in found] == [old.pk]
    assert found[0]["updated_at"] >= timezone.localtime(cut).isoformat()[:19]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    found = etjanst.get("/cases/", {"updated_since": yesterday}).json()["results"]
    assert {c["id"] for c in found} == {old.pk, new.pk}
    for bad in ("igår", "2013-13-01", "0000-01-01T00:00:00", "2013-02-30"):
        assert etjanst.get("/cases/", {"updated_since": bad}).status_code == 400, bad


def test_a_case_comes_with_its_documents_given_documents_read(etjanst, make_api, rita, ks,
                                                              klass, ksl):
    case = open_case(rita, ks, klass)
    register(case, rita, senders=[ksl])
    data = etjanst.get(f"/cases/{case.pk}/").json()
    assert data["diary_number"] == case.diary_number
    assert data["classification"] == "133"
    assert [d["description"] for d in data["documents"]] == ["Rekommendation"]
    assert data["documents"][0]["senders"][0]["name"] == "Kommunförbundet Stockholms län"
    cases_only = make_api("cases:read")
    assert "documents" not in cases_only.get(f"/cases/{case.pk}/").json()


def test_an_unknown_case_is_404(etjanst):
    assert etjanst.get("/cases/999999/").status_code == 404
    assert etjanst.get(f"/cases/{2**64}/").status_code == 404


def test_a_case_by_its_number_however_it_is_typed(etjanst, rita, ks, klass):
    case = open_case(rita, ks, klass)
    assert case.diary_number.startswith("KS")
    for typed in (case.diary_number, case.diary_number.lower(),
                  case.diary_number.replace("/", " / ")):
        response = etjanst.get(f"/cases/by-number/{typed}/")
        assert response.json()["id"] == case.pk, typed
    assert etjanst.get("/cases/by-number/KS13/99999-133/").status_code == 404
    wrong_class = case.diary_number.replace("-133", "-999")
    assert etjanst.get(f"/cases/by-number/{wrong_class}/").status_code == 404
    assert etjanst.get("/cases/by-number/inget nummer/").status_code == 404
    assert etjanst.get("/cases/by-number/KS%00/").status_code == 404  # PostgreSQL takes no NUL
    assert etjanst.get(f"/cases/by-number/{'KS' * 100}/").status_code == 404


def test_an_imported_number_is_found_as_registered(etjanst, rita, ks, klass):
    case = actions.do_import_case(ks, acting_user=rita, diary_number="KS 2009/0017",
                                  year=2009, serial=17, title="Gammalt ärende",
                                  opened_at=timezone.now())
    assert etjanst.get("/cases/by-number/ks 2009/0017/").json()["id"] == case.pk


def test_a_secret_title_shows_the_public_title_without_secret_read(etjanst, arkiv, rita,
                                                                   ks, klass):
    case = open_case(rita, ks, klass, title="Orosanmälan om Kalle",
                     public_title="Orosanmälan", secrecy_ground="OSL 26 kap. 1 §")
    shown = etjanst.get(f"/cases/{case.pk}/").json()
    assert shown["title"] == "Orosanmälan"
    assert shown["title_secret"] is True
    assert shown["secrecy_ground"] == "OSL 26 kap. 1 §"
    assert "Kalle" not in str(etjanst.get("/cases/").json())
    assert arkiv.get(f"/cases/{case.pk}/").json()["title"] == "Orosanmälan om Kalle"


def test_too_many_parameters_is_400(etjanst):
    response = etjanst.get("/cases/?" + "&".join(f"p{n}=1" for n in range(1200)))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"


def test_a_page_costs_a_fixed_number_of_queries(etjanst, rita, ks, klass, ksl,
                                                django_assert_max_num_queries):
    for n in range(30):
        case = open_case(rita, ks, klass, title=f"Ärende {n}")
    for n in range(5):
        register(case, rita, senders=[ksl], files=[actions.NewFile(f"{n}.pdf", b"%PDF")])
    etjanst.get("/cases/")  # the integration's "last used" is written once a minute
    with django_assert_max_num_queries(4):
        assert len(etjanst.get("/cases/").json()["results"]) == 25
    with django_assert_max_num_queries(8):
        assert len(etjanst.get(f"/cases/{case.pk}/").json()["documents"]) == 5
