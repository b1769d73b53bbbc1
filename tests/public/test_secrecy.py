"""Secrecy in every public output: a secret document is an entry saying it is secret and
on which ground, never its description, parties or files; a case with a secret title
shows its public title; cancelled registrations are not public."""

import pytest
from django.urls import reverse

from tests.public.conftest import SECRET_WORDS, publish_files

pytestmark = pytest.mark.django_db


def public_outputs(client, diary):
    urls = [reverse("public:index"), reverse("public:diary"),
            reverse("public:diary") + "?q=intyg", reverse("public:diary") + "?q=Orosanmälan",
            reverse("public:case", args=[diary.case.pk]),
            reverse("public:case", args=[diary.secret_case.pk]),
            reverse("public:document", args=[diary.secret.pk]),
            reverse("public:diary_rss"), reverse("public:diary_atom"),
            reverse("public:diary_rss") + "?q=Orosanmälan"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


@pytest.mark.parametrize("files_published", [False, True])
def test_no_secret_word_reaches_any_page_or_feed(client, diary, org, files_published):
    publish_files(org, files_published)
    for url, text in public_outputs(client, diary):
        for word in SECRET_WORDS:
            assert word not in text, (word, url)


def test_a_secret_document_says_it_is_secret_and_on_which_ground(client, diary):
    text = client.get(reverse("public:document", args=[diary.secret.pk])).content.decode()
    assert diary.secret.reference in text
    assert "OSL 26 kap. 1 §" in text
    assert "Sekretess" in text or "sekretess" in text


def test_a_case_with_a_secret_title_shows_its_public_title(client, diary):
    text = client.get(reverse("public:case", args=[diary.secret_case.pk])).content.decode()
    assert "Orosanmälan" in text and "Kalle" not in text
    text = client.get(reverse("public:diary")).content.decode()
    assert diary.secret_case.diary_number in text and "Kalle" not in text


def test_a_secret_party_and_a_private_person_are_not_named(client, diary):
    text = client.get(reverse("public:case", args=[diary.case.pk])).content.decode()
    assert "Sven Svensson" not in text and "Skyddad Person" not in text
    assert "Privatperson" in text or "Private person" in text
    assert "Kommunförbundet Stockholms län" in text


def test_a_cancelled_document_is_not_public(client, diary, rita):
    from kansli.diary.actions import do_cancel_document

    do_cancel_document(diary.recommendation, acting_user=rita, reason="Fel ärende")
    assert client.get(reverse("public:document",
                              args=[diary.recommendation.pk])).status_code == 404
    text = client.get(reverse("public:case", args=[diary.case.pk])).content.decode()
    assert diary.recommendation.reference not in text
    text = client.get(reverse("public:diary_atom")).content.decode()
    assert diary.recommendation.reference not in text
