"""RSS and Atom feeds: the public diary (also per search), the notice board, per body.
Each parses as XML and holds only public entries."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def test_the_diary_feeds_parse_and_list_entries_newest_first(client, diary):
    rss = parse(client, reverse("public:diary_rss"))
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles[0].startswith(diary.secret_case.diary_number)
    assert any(t.startswith(diary.recommendation.reference) for t in titles)
    atom = parse(client, reverse("public:diary_atom"))
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == len(titles)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert f"http://testserver{reverse('public:document', args=[diary.recommendation.pk])}" \
        in links


def test_a_search_has_its_own_feed(client, diary):
    rss = parse(client, reverse("public:diary_rss") + "?q=rekommendation")
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert len(titles) == 1 and titles[0].startswith(diary.recommendation.reference)
    assert "q=rekommendation" in rss.find("channel").findtext("link")


def test_a_secret_entry_in_the_feed_says_secret_and_ground(client, diary):
    atom = parse(client, reverse("public:diary_atom"))
    secret = [e for e in atom.findall(f"{ATOM}entry")
              if e.findtext(f"{ATOM}title").startswith(diary.secret.reference)]
    assert len(secret) == 1
    text = ET.tostring(secret[0], encoding="unicode")
    assert "OSL 26 kap. 1 §" in text and "Hemlighetsfullt" not in text


def test_a_malformed_search_feed_is_400(client, diary):
    response = client.get(reverse("public:diary_atom"), {"date_from": "not a date"})
    assert response.status_code == 400


def test_the_board_and_body_feeds_parse(client, story):
    from kansli.org.models import Body

    parse(client, reverse("public:board_rss"))
    parse(client, reverse("public:board_atom"))
    kf = Body.objects.get(code="KF")
    rss = parse(client, reverse("public:body_rss", args=[kf.pk]))
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert any("§ 90" in t for t in titles)
    parse(client, reverse("public:body_atom", args=[kf.pk]))
    assert client.get(reverse("public:body_rss", args=[99999])).status_code == 404
