"""Files of public documents are downloaded only when the organisation publishes them;
otherwise the page says how to ask for a copy. Secret, cancelled or unknown: 404."""

import pytest
from django.urls import reverse

from tests.public.conftest import publish_files

pytestmark = pytest.mark.django_db


def file_url(document):
    return reverse("public:file", args=[document.pk, document.files.get().pk])


def test_without_publishing_the_page_says_how_to_ask_and_the_file_is_404(client, diary):
    text = client.get(reverse("public:document",
                              args=[diary.recommendation.pk])).content.decode()
    assert "rekommendation.pdf" not in text
    assert diary.recommendation.reference in text and "Ekerö kommun" in text
    assert "kopia" in text  # the Swedish text says how to ask for a copy
    assert client.get(file_url(diary.recommendation)).status_code == 404


def test_published_files_are_downloaded(client, diary, org):
    publish_files(org)
    text = client.get(reverse("public:document",
                              args=[diary.recommendation.pk])).content.decode()
    assert "rekommendation.pdf" in text and file_url(diary.recommendation) in text
    response = client.get(file_url(diary.recommendation))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 public"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_secret_documents_file_is_never_served(client, diary, org):
    publish_files(org)
    assert client.get(file_url(diary.secret)).status_code == 404
    text = client.get(reverse("public:document", args=[diary.secret.pk])).content.decode()
    assert file_url(diary.secret) not in text


def test_a_cancelled_documents_file_is_not_served(client, diary, org, rita):
    from kansli.diary.actions import do_cancel_document

    publish_files(org)
    url = file_url(diary.recommendation)
    do_cancel_document(diary.recommendation, acting_user=rita, reason="Fel")
    assert client.get(url).status_code == 404


def test_a_file_of_another_document_or_an_unknown_one_is_404(client, diary, org):
    publish_files(org)
    other = diary.recommendation.files.get().pk
    assert client.get(reverse("public:file", args=[diary.private_letter.pk, other])
                      ).status_code == 404
    assert client.get(reverse("public:file", args=[999999, other])).status_code == 404
    assert client.get(reverse("public:document", args=[999999])).status_code == 404
