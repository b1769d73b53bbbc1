import datetime

from kansli.handling.models import Deadline

D = datetime.date


def test_the_overdue_list_shows_open_deadlines_and_filters_by_responsible(
        client, rita, olle, karin, deadline):
    client.force_login(rita)
    page = client.get("/bevakningar/")
    assert page.status_code == 200 and "Svar till KSL" in page.content.decode()
    page = client.get("/bevakningar/", {"responsible": karin.pk})
    assert "Svar till KSL" not in page.content.decode()


def test_the_overdue_list_exports_csv_with_swedish_headings(client, rita, deadline):
    client.force_login(rita)
    response = client.get("/bevakningar/restlista.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Förfallodag;Försenad")
    assert "Svar till KSL" in text and ";ja;" in text


def test_a_bad_filter_gives_no_error_page(client, rita, deadline):
    client.force_login(rita)
    assert client.get("/bevakningar/", {"until": "inte-ett-datum", "unit": "x"}
                      ).status_code == 200


def test_an_earlier_extension_is_refused_in_swedish(client, olle, deadline):
    client.force_login(olle)
    response = client.post(f"/bevakningar/{deadline.pk}/anstand/", {
        "new_due": "2013-11-01", "granted_by": "KSL", "granted_on": "2013-10-24",
        "reason": "x"})
    assert response.status_code == 400
    assert "senare än" in response.content.decode()


def test_an_extension_through_the_form_is_shown_in_the_history(client, olle, deadline):
    client.force_login(olle)
    response = client.post(f"/bevakningar/{deadline.pk}/anstand/", {
        "new_due": "2013-12-19", "granted_by": "KSL", "granted_on": "2013-10-24",
        "reason": "Sammanträde i december"})
    assert response.status_code == 302
    page = client.get(f"/bevakningar/{deadline.pk}/").content.decode()
    assert "2013-12-19" in page and "Sammanträde i december" in page


def test_an_empty_form_validates_in_swedish(client, olle, deadline, case):
    client.force_login(olle)
    response = client.post(f"/arenden/{case.pk}/ny-bevakning/", {})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i" in response.content.decode()
    response = client.post(f"/bevakningar/{deadline.pk}/avbryt/", {"reason": " "})
    assert response.status_code == 400


def test_a_case_officer_adds_a_deadline_to_a_case(client, olle, case):
    client.force_login(olle)
    response = client.post(f"/arenden/{case.pk}/ny-bevakning/", {
        "kind": "internal", "description": "Skriv tjänsteutlåtande", "due": "2013-11-05",
        "responsible": olle.pk, "document": ""})
    assert response.status_code == 302
    assert Deadline.objects.get(description="Skriv tjänsteutlåtande").case == case


def test_someone_without_a_role_gets_403(client, deadline, django_user_model):
    user = django_user_model.objects.create_user("petra", password="x-secret-123")
    client.force_login(user)
    assert client.get("/bevakningar/").status_code == 403


def test_a_met_deadline_cannot_be_met_again_and_says_so(client, olle, deadline):
    client.force_login(olle)
    assert client.post(f"/bevakningar/{deadline.pk}/uppfylld/", {"on": "2013-11-14"}
                       ).status_code == 302
    response = client.post(f"/bevakningar/{deadline.pk}/uppfylld/", {"on": "2013-11-14"})
    assert response.status_code == 400


def test_the_filter_keeps_what_was_chosen(client, rita, olle, deadline):
    client.force_login(rita)
    page = client.get("/bevakningar/", {"responsible": olle.pk, "kind": "external"}
                      ).content.decode()
    assert f'<option value="{olle.pk}" selected>' in page
    assert '<option value="external" selected>' in page
    assert "Svar till KSL" in page


def test_a_new_deadline_starts_from_the_diary_number(client, olle, case):
    client.force_login(olle)
    response = client.post("/bevakningar/ny/", {"diary_number": case.diary_number.lower()})
    assert response.status_code == 302 and response.url == f"/arenden/{case.pk}/ny-bevakning/"
    response = client.post("/bevakningar/ny/", {"diary_number": "KS99/1"})
    assert response.status_code == 400
    assert "Inget ärende har det diarienumret" in response.content.decode()


def test_the_case_page_lists_its_deadlines_with_extensions_and_a_link(
        client, rita, olle, case, deadline):
    from kansli.handling import actions

    actions.do_extend(deadline, acting_user=olle, new_due=D(2013, 12, 19), granted_by="KSL",
                      granted_on=D(2013, 10, 24), reason="Sammanträde i december")
    client.force_login(rita)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert 'id="deadlines-heading"' in html
    assert f'href="/bevakningar/{deadline.pk}/"' in html and "2013-12-19" in html
    assert '<span class="mark extensions">1 ' in html
    assert '<span class="mark overdue">' in html
    assert f'href="/arenden/{case.pk}/ny-bevakning/"' in html


def test_the_case_page_offers_no_new_deadline_to_who_may_not_change_the_case(
        client, karin, case, deadline):
    client.force_login(karin)
    html = client.get(f"/arenden/{case.pk}/").content.decode()
    assert f'href="/bevakningar/{deadline.pk}/"' in html
    assert "/ny-bevakning/" not in html
