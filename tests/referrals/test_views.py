"""The staff pages, in Swedish: sending, answering, extending, the overview, its CSV,
the case panel, who may do what, and constant query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansli.diary import actions as diary
from kansli.referrals import actions
from kansli.referrals.models import Recipient, Referral
from tests.conftest import make_user

from .conftest import D, recipient, send


def test_a_case_officer_sends_a_referral_from_the_case(client, olle, case, members,
                                                       socialkontoret):
    client.force_login(olle)
    page = client.get(f"/arenden/{case.pk}/")
    assert f"/arenden/{case.pk}/ny-remiss/" in page.content.decode()
    form = client.get(f"/arenden/{case.pk}/ny-remiss/").content.decode()
    assert "Ekerö kommun" in form and "Socialkontoret" in form
    response = client.post(f"/arenden/{case.pk}/ny-remiss/", {
        "kind": "opinion", "question": "Yttrande över förslaget", "sent_on": "2013-06-05",
        "due": "2013-09-01", "parties": [members[0].pk, members[1].pk],
        "units": [socialkontoret.pk], "letter_text": "Vi ber om ert yttrande."})
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == f"/remisser/{referral.pk}/"
    assert referral.recipients.count() == 3 and referral.kind == "opinion"
    assert referral.letter.files.get().filename == "remiss.txt"


def test_a_referral_without_recipients_is_refused_in_swedish(client, olle, case, members):
    client.force_login(olle)
    response = client.post(f"/arenden/{case.pk}/ny-remiss/", {
        "kind": "decision", "question": "Anta", "sent_on": "2013-06-05",
        "due": "2013-11-15"})
    assert response.status_code == 400
    assert "En remiss måste ha minst en mottagare." in response.content.decode()
    assert not Referral.objects.exists()


def test_a_due_date_before_the_day_sent_is_refused_in_swedish(client, olle, case, members):
    client.force_login(olle)
    response = client.post(f"/arenden/{case.pk}/ny-remiss/", {
        "kind": "decision", "question": "Anta", "sent_on": "2013-06-05",
        "due": "2013-06-01", "parties": [members[0].pk]})
    assert response.status_code == 400
    assert "före den dag remissen skickas" in response.content.decode()


def test_the_overview_shows_counts_chart_and_rows(client, rita, olle, referral):
    actions.do_record_answer(recipient(referral, "Ekerö kommun"), acting_user=rita,
                             answered_on=D(2013, 12, 18), description="Protokollsutdrag",
                             outcome="adopted", decision_body="Kommunfullmäktige",
                             decision_date=D(2013, 12, 16), decision_paragraph="§ 90")
    client.force_login(olle)
    page = client.get(f"/remisser/{referral.pk}/").content.decode()
    assert "Kommunfullmäktige 2013-12-16 § 90" in page
    assert "<svg" in page and 'role="img"' in page and "<desc" in page
    assert "Diagrammet som tabell" in page and "Antagit: 1" in page
    assert "försenad" in page  # Nacka and Vaxholm, today long after 2013
    assert "<script" not in page
    # Coordinates keep their decimal point in Swedish (no "240,0").
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert not re.search(r'(x|y)[12]?="\d+,\d', svg), svg[:400]
    points = svg.split("points=")[1].split('"')[1]
    assert re.fullmatch(r"[\d.]+,[\d.]+( [\d.]+,[\d.]+)*", points), points


def test_the_status_filter(client, olle, rita, referral):
    actions.do_record_declined(recipient(referral, "Vaxholms stad"), acting_user=rita,
                               on=D(2013, 9, 2), reason="Berör inte kommunen")
    client.force_login(olle)
    response = client.get(f"/remisser/{referral.pk}/", {"status": "declined"})
    names = [row.recipient.name for row in response.context["overview"].rows]
    assert names == ["Vaxholms stad"]
    assert client.get(f"/remisser/{referral.pk}/", {"status": "nonsense"}).status_code == 200


def test_the_csv_is_utf8_with_bom_and_semicolons_a_row_per_recipient(client, olle, rita,
                                                                      referral):
    actions.do_extend_referral(recipient(referral, "Ekerö kommun"), acting_user=olle,
                               new_due=D(2013, 12, 19), granted_on=D(2013, 10, 24),
                               reason="KF i december")
    client.force_login(olle)
    response = client.get(f"/remisser/{referral.pk}/svar.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 4 and lines[0].startswith("Mottagare;Slag;Ursprungligt svarsdatum")
    assert lines[1].startswith("Ekerö kommun;extern;2013-11-15;2013-12-19;"
                               "2013-11-15 → 2013-12-19 (2013-10-24);försenad")
    # The overview's status filter applies to the export too.
    answered = client.get(f"/remisser/{referral.pk}/svar.csv", {"status": "answered"})
    assert len(answered.content.decode("utf-8-sig").splitlines()) == 1


def test_an_answer_through_the_form(client, olle, referral):
    client.force_login(olle)
    ekero = recipient(referral, "Ekerö kommun")
    response = client.post(f"/remisser/mottagare/{ekero.pk}/svar/", {
        "answered_on": "2013-12-18", "description": "Protokollsutdrag KF 2013-12-16 § 90",
        "outcome": "adopted", "decision_body": "Kommunfullmäktige",
        "decision_date": "2013-12-16", "decision_paragraph": "§ 90"})
    assert response.status_code == 302
    ekero.refresh_from_db()
    assert ekero.status == "answered" and ekero.decision_paragraph == "§ 90"
    again = client.post(f"/remisser/mottagare/{ekero.pk}/svar/", {
        "answered_on": "2013-12-18", "description": "x", "outcome": "adopted"})
    assert again.status_code == 400 and "har redan svarat" in again.content.decode()


def test_an_earlier_extension_is_refused_in_swedish(client, olle, referral):
    client.force_login(olle)
    ekero = recipient(referral, "Ekerö kommun")
    response = client.post(f"/remisser/mottagare/{ekero.pk}/anstand/", {
        "new_due": "2013-11-01", "granted_on": "2013-10-24", "reason": "x"})
    assert response.status_code == 400 and "senare än" in response.content.decode()
    response = client.post(f"/remisser/mottagare/{ekero.pk}/anstand/", {
        "new_due": "2013-12-19", "granted_on": "2013-10-24", "reason": "KF i december"})
    assert response.status_code == 302
    assert ekero.deadline.extensions.get().new_due == D(2013, 12, 19)


def test_declining_and_correcting_through_the_forms(client, olle, rita, referral):
    client.force_login(olle)
    vaxholm = recipient(referral, "Vaxholms stad")
    assert client.post(f"/remisser/mottagare/{vaxholm.pk}/avstar/", {
        "on": "2013-09-02", "reason": "Berör inte kommunen"}).status_code == 302
    vaxholm.refresh_from_db()
    assert vaxholm.status == "declined"
    response = client.post(f"/remisser/mottagare/{vaxholm.pk}/rattelse/", {
        "answered_on": "2013-09-03", "reason": "Fel datum"})
    assert response.status_code == 302
    vaxholm.refresh_from_db()
    assert vaxholm.answered_on == D(2013, 9, 3)
    nothing = client.post(f"/remisser/mottagare/{vaxholm.pk}/rattelse/", {
        "answered_on": "2013-09-03", "reason": "Inget"})
    assert nothing.status_code == 400 and "ändrar ingenting" in nothing.content.decode()


def test_who_may_do_what(client, karin, rita, referral, case):
    ekero = recipient(referral, "Ekerö kommun")
    # Karin is a case officer, not this case's: she reads, she does not change.
    client.force_login(karin)
    assert client.get(f"/remisser/{referral.pk}/").status_code == 200
    assert "/svar/" not in client.get(f"/remisser/{referral.pk}/").content.decode()
    assert client.get(f"/arenden/{case.pk}/ny-remiss/").status_code == 403
    assert client.post(f"/remisser/mottagare/{ekero.pk}/svar/", {}).status_code == 403
    assert client.post(f"/remisser/mottagare/{ekero.pk}/anstand/", {}).status_code == 403
    # The registrar may.
    client.force_login(rita)
    assert client.get(f"/remisser/mottagare/{ekero.pk}/svar/").status_code == 200
    # Someone without a role reads nothing.
    client.force_login(make_user("petra"))
    assert client.get(f"/remisser/{referral.pk}/").status_code == 403
    assert client.get("/remisser/").status_code == 403
    client.logout()
    assert client.get(f"/remisser/{referral.pk}/").status_code == 302


def test_the_list_shows_open_referrals_first(client, rita, olle, case, members):
    done = send(case, olle, members[0], kind="opinion", sent_on=D(2013, 8, 1))
    actions.do_record_answer(done.recipients.get(), acting_user=rita,
                             answered_on=D(2013, 9, 1), description="Yttrande")
    waiting = send(case, olle, members[1], sent_on=D(2013, 6, 5))
    client.force_login(rita)
    response = client.get("/remisser/")
    assert [r.pk for r in response.context["page"]] == [waiting.pk, done.pk]


def test_the_case_panel_counts_the_referrals_recipients(client, olle, rita, referral, case):
    actions.do_record_answer(recipient(referral, "Ekerö kommun"), acting_user=rita,
                             answered_on=D(2013, 12, 18), description="Utdrag",
                             outcome="adopted")
    client.force_login(olle)
    page = client.get(f"/arenden/{case.pk}/").content.decode()
    assert f'href="/remisser/{referral.pk}/"' in page
    assert "1 antagit" in page
    assert "Remiss skickad" in page  # the journal names the event in Swedish


def many_members(rita, n):
    return [diary.do_create_party(acting_user=rita, kind="organisation", name=f"Kommun {i:02}")
            for i in range(n)]


@pytest.mark.parametrize("url", ["/remisser/{pk}/", "/remisser/{pk}/svar.csv",
                                 "/arenden/{case}/", "/remisser/"])
def test_pages_run_a_constant_number_of_queries(client, rita, olle, ks, klass, url):
    from tests.conftest import open_case

    people = many_members(rita, 26)
    counts = []
    for n in (5, 26):
        case = open_case(rita, ks, klass, officer=olle)
        referral = send(case, olle, *people[:n])
        for r in list(referral.recipients.all())[:3]:
            actions.do_extend_referral(r, acting_user=olle, new_due=D(2013, 12, 19),
                                       granted_on=D(2013, 10, 1), reason="x")
        actions.do_record_answer(referral.recipients.last(), acting_user=rita,
                                 answered_on=D(2013, 11, 1), description="Svar",
                                 outcome="adopted")
        client.force_login(olle)
        client.get(url.format(pk=referral.pk, case=case.pk))  # warm up the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.format(pk=referral.pk, case=case.pk))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_recipients_are_ordered_as_sent(referral):
    assert [r.name for r in Recipient.objects.filter(referral=referral)] == [
        "Ekerö kommun", "Nacka kommun", "Vaxholms stad"]


def test_the_csv_does_not_let_a_name_become_a_formula(client, olle, rita, case):
    from kansli.referrals.views import cell

    assert [cell(v) for v in ("=HYPERLINK(1)", "+1", "-1", "@a", "Ekerö", None, "§ 90")] == [
        "'=HYPERLINK(1)", "'+1", "'-1", "'@a", "Ekerö", "", "§ 90"]
    odd = diary.do_create_party(acting_user=rita, kind="organisation", name="=1+1 kommun")
    referral = send(case, olle, odd)
    client.force_login(olle)
    text = client.get(f"/remisser/{referral.pk}/svar.csv").content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith("'=1+1 kommun;")


def test_the_recipients_page_shows_the_answer_its_extensions_and_corrections(client, olle,
                                                                             rita, referral):
    ekero = recipient(referral, "Ekerö kommun")
    actions.do_extend_referral(ekero, acting_user=olle, new_due=D(2013, 12, 19),
                               granted_on=D(2013, 10, 24), reason="KF i december")
    actions.do_record_answer(ekero, acting_user=rita, answered_on=D(2013, 12, 18),
                             description="Protokollsutdrag", outcome="adopted",
                             decision_body="Kommunfullmäktige", decision_date=D(2013, 12, 16),
                             decision_paragraph="§ 9")
    actions.do_correct_answer(ekero, acting_user=rita, reason="Fel paragraf",
                              decision_paragraph="§ 90", outcome="declined")
    client.force_login(olle)
    page = client.get(f"/remisser/mottagare/{ekero.pk}/").content.decode()
    assert "Kommunfullmäktige 2013-12-16 § 90" in page and "KF i december" in page
    assert "Remissvar rättat" in page and "Fel paragraf" in page
    assert "paragraf: § 9 → § 90" in page and "utfall: antagit → inte antagit" in page
    assert f"/remisser/mottagare/{ekero.pk}/rattelse/" in page
    assert f'href="/remisser/mottagare/{ekero.pk}/"' in client.get(
        f"/remisser/{referral.pk}/").content.decode()


def test_the_letter_and_the_answer_link_to_the_referral(client, olle, rita, referral):
    ekero = actions.do_record_answer(recipient(referral, "Ekerö kommun"), acting_user=rita,
                                     answered_on=D(2013, 12, 18), description="Utdrag",
                                     outcome="adopted")
    client.force_login(olle)
    letter = client.get(f"/handlingar/{referral.letter_id}/").content.decode()
    assert f'href="/remisser/{referral.pk}/"' in letter
    answer = client.get(f"/handlingar/{ekero.answer_id}/").content.decode()
    assert f'href="/remisser/mottagare/{ekero.pk}/"' in answer and "Ekerö kommun" in answer


def test_handlings_deadline_pages_send_a_recipients_deadline_to_its_referral(
        client, olle, referral):
    """Meeting, cancelling or extending it there would bypass the referral's status and
    journal (kansli.handling.owners)."""
    from tests.referrals.conftest import recipient as recipient_of

    member = recipient_of(referral, referral.recipients.first().party.name)
    client.force_login(olle)
    page = client.get(f"/bevakningar/{member.deadline_id}/").content.decode()
    assert 'id="deadline-owner"' in page and f"/remisser/mottagare/{member.pk}/" in page
    assert f"/bevakningar/{member.deadline_id}/uppfylld/" not in page
    for action in ("uppfylld", "avbryt", "anstand"):
        response = client.post(f"/bevakningar/{member.deadline_id}/{action}/",
                               {"on": "2013-11-01", "reason": "x", "new_due": "2014-01-01",
                                "granted_by": "KSL", "granted_on": "2013-10-01"})
        assert response.status_code == 302
        assert response["Location"] == f"/remisser/mottagare/{member.pk}/"
    member.deadline.refresh_from_db()
    assert member.deadline.is_open and not member.deadline.extensions.exists()
