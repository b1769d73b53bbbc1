"""The case page: its facts, documents, parties and journal."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansli.diary import actions
from kansli.diary.actions import NewFile
from tests.conftest import open_case, register


def test_the_case_page_shows_the_case_its_documents_parties_and_journal(
        client, rita, olle, ks, klass, unit, ksl):
    case = open_case(rita, ks, klass, unit=unit, officer=olle)
    register(case, rita, senders=[ksl], files=[NewFile("rekommendation.pdf", b"%PDF-1.4")])
    actions.do_change_status(case, acting_user=rita, status="in_progress")
    client.force_login(rita)
    response = client.get(f"/arenden/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert case.diary_number in html
    assert "Överenskommelse om samverkan" in html
    assert "Kommunkansliet" in html and "Olle" in html
    assert "rekommendation.pdf" in html
    assert f"/handlingar/{case.documents.get().pk}/filer/" in html
    assert "registrator@ksl.se" in html
    journal = response.context["journal"]
    assert [row["event"].action for row in journal] == ["open", "register", "change_status"]
    assert journal[-1]["changes"][0]["after"] == "pågående"
    assert "Ärendet öppnat" in html


def test_the_journal_shows_the_reason_of_a_correction(client, rita, ks, klass):
    case = open_case(rita, ks, klass)
    actions.do_correct_case(case, acting_user=rita, reason="Stavfel i rubriken",
                            title="Överenskommelse om samverkan kring nyanlända")
    client.force_login(rita)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Stavfel i rubriken" in html
    assert "Överenskommelse om samverkan → Överenskommelse om samverkan kring nyanlända" in html


def test_a_cancelled_case_is_marked_with_its_reason(client, rita, ks, klass):
    case = open_case(rita, ks, klass)
    actions.do_cancel_case(case, acting_user=rita, reason="Dubbelregistrering")
    client.force_login(rita)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "makulerat" in html.lower()
    assert "Dubbelregistrering" in html
    # Nothing more can be done with it from the page.
    assert f"/arenden/{case.pk}/ny-handling/" not in html


def test_a_secret_title_is_shown_only_to_those_who_may_read_it(client, rita, olle, karin, ks,
                                                               klass):
    case = open_case(rita, ks, klass, title="Placering av Kalle Svensson", officer=olle,
                     public_title="Placering", secrecy_ground="OSL 26 kap. 1 §")
    client.force_login(karin)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Kalle" not in html
    assert "Placering" in html and "OSL 26 kap. 1 §" in html
    client.force_login(olle)
    assert "Kalle" in client.get(f"/arenden/{case.pk}/").content.decode()


def test_a_secret_document_is_masked_on_the_case_page(client, rita, olle, karin, ks, klass,
                                                      ksl):
    case = open_case(rita, ks, klass, officer=olle)
    register(case, rita, "Utredning om familjen Svensson", senders=[ksl],
             secrecy_ground="OSL 26 kap. 1 §", files=[NewFile("utredning.pdf", b"secret")])
    actions.do_correct_document(case.documents.get(), acting_user=rita,
                                reason="Fel namn Svensson", description="Utredning")
    client.force_login(karin)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Sekretess enligt OSL 26 kap. 1 §" in html
    assert "Svensson" not in html
    assert "utredning.pdf" not in html
    assert "Kommunförbundet" not in html
    client.force_login(olle)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "utredning.pdf" in html and "Kommunförbundet" in html


def test_access_granted_lets_a_case_officer_read_the_secret_documents(
        client, rita, olle, karin, ks, klass):
    case = open_case(rita, ks, klass, officer=olle)
    register(case, rita, "Utredning om familjen Svensson", secrecy_ground="OSL 26 kap. 1 §")
    actions.do_grant_access(case, acting_user=rita, user=karin)
    client.force_login(karin)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert "Utredning om familjen Svensson" in html
    assert "karin" in html  # the journal names whom access was granted to


def fill(case, user, parties, n):
    for i in range(n):
        document = register(case, user, f"Handling {i}", senders=parties,
                            files=[NewFile(f"bilaga-{i}.pdf", f"innehåll {i}".encode()),
                                   NewFile(f"scan-{i}.pdf", f"skanning {i}".encode())])
        if i % 3 == 0:
            actions.do_mark_secret(document, acting_user=user, ground="OSL 26 kap. 1 §")


@pytest.mark.parametrize("who", ["rita", "olle", "karin"])
def test_the_case_page_runs_a_constant_number_of_queries(client, rita, olle, karin, ks, klass,
                                                         ksl, who):
    people = {"rita": rita, "olle": olle, "karin": karin}
    other = actions.do_create_party(acting_user=rita, kind="person", name="Anna Andersson")
    small = open_case(rita, ks, klass, officer=olle)
    large = open_case(rita, ks, klass, officer=olle)
    fill(small, rita, [ksl, other], 2)
    fill(large, rita, [ksl, other], 20)
    client.force_login(people[who])
    client.get(f"/arenden/{small.pk}/")  # warm up the session

    with CaptureQueriesContext(connection) as two:
        response = client.get(f"/arenden/{small.pk}/")
    assert len(response.context["documents"]) == 2
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(f"/arenden/{large.pk}/")
    assert len(response.context["documents"]) == 20
    assert len(twenty) == len(two), [q["sql"] for q in twenty.captured_queries]
