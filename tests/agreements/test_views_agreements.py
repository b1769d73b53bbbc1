"""The staff pages of agreements, in Swedish: reading for all staff, recording for case
officers, registrars and administrators; fixed query counts at 5 and 26 parties."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansli.agreements import actions
from kansli.agreements.models import Adoption, FollowUpPeriod, FollowUpReport
from kansli.diary import access
from tests.agreements.conftest import build, entries
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

D = datetime.date


FEB_10 = D(2015, 2, 10)


def report(w, user, i, status="active", on=FEB_10):
    return actions.do_submit_report(w.period, w.parties[i], acting_user=user,
                                    submitted_on=on, entries=entries(w.period, status))


@pytest.fixture
def secretary(db):
    return make_user("sam", access.SECRETARY)


def test_the_agreement_page_shows_versions_areas_parties_and_decisions(client, rita, world,
                                                                       secretary):
    party = world.parties[0]
    client.force_login(secretary)
    page = client.get(f"/overenskommelser/{world.agreement.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Justerat förslag 2013-05-06" in text and "Ersätter" in text
    assert "Barn och unga" in text and "Utbildningsinsatser för gode män" in text
    assert party.name in text and "antog</span> Kommunfullmäktige 2013-10-21 § 12" in text
    assert "Anslöt" not in text  # no party's day of joining is known
    assert "KSL:s kansli" in text  # who follows up
    assert "Registrera beslut" not in text  # the secretary reads only
    assert "0 av 5" in text  # period 2014: nobody has reported yet


def test_the_list_shows_the_agreement_with_its_case(client, rita, world):
    client.force_login(rita)
    text = client.get("/overenskommelser/").content.decode()
    assert world.agreement.title in text and world.case.diary_number in text


def test_the_period_page_shows_who_has_reported_and_the_overview_per_area(client, rita,
                                                                         world):
    report(world, rita, 0)
    report(world, rita, 1, status="planned")
    client.force_login(rita)
    text = client.get(f"/overenskommelser/perioder/{world.period.pk}/").content.decode()
    assert "2 av 5 parter som antagit versionen har rapporterat; 3 har inte" in text
    assert text.count("ej rapporterat") == 3
    assert "Lämnad 2015-02-10" in text
    assert "Pågående samverkan" in text and "Samverkan pågår: Hälsofrågor" in text


def test_the_overview_exports_as_csv_with_swedish_headings(client, rita, world):
    report(world, rita, 0)
    client.force_login(rita)
    response = client.get(f"/overenskommelser/perioder/{world.period.pk}/oversikt.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Period;Målgrupp;Område;Part;Status;Beskrivning"
    first = world.parties[0].name
    assert (f"2014;Vuxna;Utbildnings- och arbetslivsinriktade insatser för vuxna;{first};"
            "Pågående samverkan;Samverkan pågår: Utbildnings- och arbetslivsinriktade "
            "insatser för vuxna") in lines
    # Four areas: one answer and four missing parties each.
    assert len(lines) == 1 + 4 * 5
    assert sum(";Ingen rapport;" in line for line in lines) == 16


def test_compiling_through_the_page_keeps_a_csv_of_its_own(client, rita, world):
    report(world, rita, 0)
    client.force_login(rita)
    response = client.post(f"/overenskommelser/perioder/{world.period.pk}/sammanstall/")
    assert response.status_code == 302
    compilation = world.period.compilations.get()
    report(world, rita, 1)
    page = client.get(f"/overenskommelser/perioder/{world.period.pk}/").content.decode()
    assert "1 rapport har lämnats eller rättats efter den senaste sammanställningen" in page
    lines = client.get(f"/overenskommelser/sammanstallningar/{compilation.pk}.csv"
                       ).content.decode("utf-8-sig").splitlines()
    assert sum(world.parties[1].name in line for line in lines) == 4  # missing, then


def test_compiling_with_no_reports_says_so(client, rita, world):
    client.force_login(rita)
    response = client.post(f"/overenskommelser/perioder/{world.period.pk}/sammanstall/",
                           follow=True)
    assert "Ingen part har rapporterat för 2014" in response.content.decode()
    assert client.get(f"/overenskommelser/perioder/{world.period.pk}/sammanstall/"
                      ).status_code == 405


def test_a_case_officer_records_a_decision_through_the_form(client, olle, rita, case):
    w = build(rita, case, 2, adopt=False, period=False)
    client.force_login(olle)
    url = f"/overenskommelser/{w.agreement.pk}/beslut/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "party": w.parties[1].pk, "version": w.version.pk, "decision": "declined",
        "body": "Kommunstyrelsen", "decided_on": "2013-11-04", "paragraph": "§ 172",
        "document": w.document.pk, "meeting_paragraph": ""})
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.member.party, adoption.reference, adoption.document) == (
        w.parties[1], "Kommunstyrelsen 2013-11-04 § 172", w.document)
    again = client.post(url, {
        "party": w.parties[1].pk, "version": w.version.pk, "decision": "adopted",
        "body": "Kommunfullmäktige", "decided_on": "2013-12-04"})
    assert again.status_code == 400
    assert "redan registrerat" in again.content.decode()


def test_a_period_is_opened_through_the_form(client, olle, rita, case):
    w = build(rita, case, 1, period=False)
    client.force_login(olle)
    response = client.post(f"/overenskommelser/{w.agreement.pk}/ny-period/", {
        "label": "2014", "start": "2014-01-01", "end": "2014-12-31",
        "reports_due": "2015-02-27", "version": w.version.pk})
    period = FollowUpPeriod.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/perioder/{period.pk}/")
    assert period.deadline.responsible == olle
    bad = client.post(f"/overenskommelser/{w.agreement.pk}/ny-period/", {
        "label": "2015", "start": "2015-12-31", "end": "2015-01-01", "version": w.version.pk})
    assert bad.status_code == 400 and "slutar innan den börjar" in bad.content.decode()


def answers(period, status="active", text="Pågår"):
    data = {}
    for area in period.version.areas.all():
        data[f"status_{area.pk}"] = status
        data[f"text_{area.pk}"] = f"{text} {area.name}"
    return data


def test_a_report_is_registered_and_corrected_through_the_forms(client, olle, world):
    client.force_login(olle)
    party = world.parties[2]
    form = client.get(f"/overenskommelser/perioder/{world.period.pk}/ny-rapport/"
                      f"?part={party.pk}")
    assert form.status_code == 200 and "Modersmålsundervisning (barn och unga)" in (
        form.content.decode())
    response = client.post(f"/overenskommelser/perioder/{world.period.pk}/ny-rapport/", {
        "party": party.pk, "submitted_on": "2015-02-12", "reported_by": "Eva",
        "document": "", "text": "Bra år", **answers(world.period, "planned")})
    first = FollowUpReport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/rapporter/{first.pk}/")
    assert first.member.party == party and first.entries.filter(status="planned").count() == 4

    url = f"/overenskommelser/rapporter/{first.pk}/rattelse/"
    prefilled = client.get(url).content.decode()
    assert "Pågår Hälsofrågor" in prefilled
    missing_reason = client.post(url, {"submitted_on": "2015-03-02",
                                       **answers(world.period)})
    assert missing_reason.status_code == 400
    response = client.post(url, {"submitted_on": "2015-03-02", "reason": "Fel status",
                                 **answers(world.period, "active", "Rättat")})
    corrected = FollowUpReport.objects.get(supersedes=first)
    assert response.url.endswith(f"/rapporter/{corrected.pk}/")
    page = client.get(f"/overenskommelser/rapporter/{first.pk}/").content.decode()
    assert "Gällande rapport, lämnad 2015-03-02" in page
    assert "Ersatt rapport, lämnad 2015-02-12" in page and "Fel status" in page
    assert page.count("Rätta rapporten") == 1  # only the current one


def test_a_report_form_missing_an_area_is_refused_in_swedish(client, olle, world):
    client.force_login(olle)
    data = answers(world.period)
    data.pop(next(k for k in data if k.startswith("status_")))
    response = client.post(f"/overenskommelser/perioder/{world.period.pk}/ny-rapport/", {
        "party": world.parties[0].pk, "submitted_on": "2015-02-12", **data})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i" in response.content.decode()


@pytest.mark.parametrize("url", ["{a}/beslut/", "{a}/ny-period/", "perioder/{p}/ny-rapport/"])
def test_other_staff_read_but_do_not_record(client, secretary, world, url):
    client.force_login(secretary)
    url = "/overenskommelser/" + url.format(a=world.agreement.pk, p=world.period.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert client.get(f"/overenskommelser/perioder/{world.period.pk}/").status_code == 200


def test_someone_without_a_role_gets_403(client, world, django_user_model):
    user = django_user_model.objects.create_user("petra", password="x-secret-123")
    client.force_login(user)
    assert client.get("/overenskommelser/").status_code == 403
    assert client.get(f"/overenskommelser/{world.agreement.pk}/").status_code == 403


def test_the_case_page_shows_the_agreements_kept_in_it(client, rita, world):
    client.force_login(rita)
    text = client.get(f"/arenden/{world.case.pk}/").content.decode()
    assert "Överenskommelser" in text and f"/overenskommelser/{world.agreement.pk}/" in text
    assert "Överenskommelse registrerad" in text  # the journal names the event


def counted(client, url):
    client.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, queries


@pytest.mark.parametrize("page", ["agreement", "period", "csv", "case"])
def test_pages_run_a_fixed_number_of_queries_at_5_and_26_parties(client, rita, ks, klass,
                                                                 olle, page):
    from tests.conftest import open_case

    worlds = []
    for count in (5, 26):
        w = build(rita, open_case(rita, ks, klass, officer=olle), count)
        for i in range(count - 1):  # all but one report, one corrected
            r = report(w, rita, i, status=["active", "planned", "none"][i % 3])
            if i == 0:
                actions.do_correct_report(r, acting_user=rita, reason="Rättelse",
                                          submitted_on=D(2015, 3, 1),
                                          entries=entries(w.period))
        actions.do_compile_overview(w.period, acting_user=rita)
        worlds.append(w)
    urls = {"agreement": "/overenskommelser/{a}/", "period": "/overenskommelser/perioder/{p}/",
            "csv": "/overenskommelser/perioder/{p}/oversikt.csv", "case": "/arenden/{c}/"}
    client.force_login(rita)
    counts = []
    for w in worlds:
        url = urls[page].format(a=w.agreement.pk, p=w.period.pk, c=w.case.pk)
        response, queries = counted(client, url)
        counts.append(queries)
        if page == "period":
            assert len(response.context["overview"].reported) == len(w.parties) - 1
        elif page == "agreement":
            assert len(response.context["rows"]) == len(w.parties)
    assert len(counts[0]) == len(counts[1]), [q["sql"] for q in counts[1].captured_queries]


def test_an_agreement_is_recorded_in_a_case_with_a_version_and_a_party(client, olle, rita,
                                                                       case, ksl):
    from kansli.agreements.models import Agreement
    from tests.agreements.conftest import members

    (botkyrka,) = members(rita, 1)
    client.force_login(olle)
    assert "Ny överenskommelse" in client.get("/overenskommelser/").content.decode()
    unknown = client.post("/overenskommelser/ny/", {"title": "Avtal",
                                                    "diary_number": "KS99/1-1"})
    assert unknown.status_code == 400 and "Inget ärende har det diarienumret" in (
        unknown.content.decode())
    response = client.post("/overenskommelser/ny/", {
        "title": "Överenskommelse om nyanlända", "diary_number": case.diary_number.lower(),
        "coordinator": ksl.pk, "follow_up": "KSL följer upp"})
    agreement = Agreement.objects.get()
    assert response.url == f"/overenskommelser/{agreement.pk}/"
    assert (agreement.case, agreement.coordinator) == (case, ksl)

    response = client.post(f"/overenskommelser/{agreement.pk}/ny-version/", {
        "label": "Justerat förslag 2013-05-06", "date": "2013-05-06",
        "adults": "Utbildnings- och arbetslivsinriktade insatser för vuxna\n",
        "children": "Modersmålsundervisning\n\nHälsofrågor\nUtbildningsinsatser för gode män"})
    assert response.status_code == 302
    version = agreement.versions.get()
    assert [(a.target_group, a.name) for a in version.areas.order_by("order")] == [
        ("adults", "Utbildnings- och arbetslivsinriktade insatser för vuxna"),
        ("children", "Modersmålsundervisning"), ("children", "Hälsofrågor"),
        ("children", "Utbildningsinsatser för gode män")]

    url = f"/overenskommelser/{agreement.pk}/ny-part/"
    assert client.post(url, {"party": "self"}).status_code == 302
    assert client.post(url, {"party": botkyrka.pk, "joined_on": "2009-03-01"}
                       ).status_code == 302
    form = client.get(url).content.decode()
    assert "Botkyrka kommun" not in form and 'value="self"' not in form  # parties already
    assert agreement.members.filter(party=None).exists()
    page = client.get(f"/overenskommelser/{agreement.pk}/").content.decode()
    assert "Anslöt" in page and "2009-03-01" in page


def test_other_staff_do_not_record_agreements(client, secretary):
    client.force_login(secretary)
    assert client.get("/overenskommelser/ny/").status_code == 403
    assert "Ny överenskommelse" not in client.get("/overenskommelser/").content.decode()
