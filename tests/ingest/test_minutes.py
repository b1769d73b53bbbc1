"""Minutes and extracts read from cleaned text (kansli.ingest.minutes, docs/ingest.md):
the layouts of Kansli and of other organisations, the damage PDF extraction does, and
what the parser says it could not read."""

import json
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kansli.ingest.minutes import find_date, parse_extract, parse_minutes

CORPUS = Path(__file__).parent / "corpus"

# Kansli's minutes as the cleaning gives them from pypdf's layout mode: label and value
# on one line, the rest of a broken label on the next, two signatures side by side.
KANSLI_MINUTES = """\
Ekerö kommun

Socialnämnden

Protokoll

Sammanträdesdatum 2013-09-25
Plats och tid Ekerö kommunhus, Sammanträdesrummet Mälaren,
kl. 13.00
Beslutande Birgitta Holmén (KD), ordförande
Anders Andersson (L)
Bo Hedlund (S)
Camilla Johansson (MP), tjänstgörande ersättare för
Niklas Johansson (KD)
Patrik Karlsson (SD), tjänstgörande ersättare för Anders
Johansson (V)
Övriga närvarande Andreas Halvarsson, Nämndsekreterare
Utses att justera Bo Hedlund
Justeringens plats och Kommunkansliet, inom 14 dagar
tid
Paragrafer §§ 129–130

Underskrifter

Andreas Halvarsson Birgitta Holmén
Sekreterare Ordförande, justerat 2013-09-30

Bo Hedlund
Justerande, justerat 2013-09-30

Anslagsbevis
Protokollet är justerat. Justeringen har tillkännagivits genom anslag.

Organ Socialnämnden
Sammanträdesdatum 2013-09-25
Datum för justering 2013-09-30
Datum då anslaget 2013-09-30
sätts upp
Datum då anslaget tas 2013-10-22
ned
Sista dag för 2013-10-21
överklagande
Förvaringsplats för Kommunkansliet, Ekerö kommunhus, Tappprotokollet
ström

Andreas Halvarsson
Underskrift

§ 129

Val av justerare

Beslut
Informationen noteras.

§ 130
Dnr KS13/250-133

Överenskommelse om samverkan mellan kommuner i Stockholms
län gällande nyanlända

Beslut
att tillstyrka att kommunen antar överenskommelsen om samverkan mellan
kommuner i Stockholms län gällande nyanlända
"""


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def test_kansli_minutes_give_every_field():
    data = parse_minutes(KANSLI_MINUTES)
    assert data["kind"] == "minutes"
    assert (data["organisation"], data["body"], data["meeting_date"]) == (
        "Ekerö kommun", "Socialnämnden", "2013-09-25")
    assert (data["place"], data["time"]) == ("Ekerö kommunhus, Sammanträdesrummet Mälaren",
                                             "13.00")
    # Whom the substitutes serve for is not there: neither name is taken.
    assert data["deciding"] == ["Birgitta Holmén", "Anders Andersson", "Bo Hedlund",
                                "Camilla Johansson", "Patrik Karlsson"]
    assert data["others"] == ["Andreas Halvarsson"]
    assert data["approvers"] == ["Bo Hedlund"]
    assert data["approval_place_time"] == "Kommunkansliet, inom 14 dagar"
    assert data["paragraph_range"] == [129, 130]
    assert (data["approved_on"], data["posted_on"], data["taken_down_on"],
            data["appeal_last_day"]) == ("2013-09-30", "2013-09-30", "2013-10-22",
                                         "2013-10-21")
    # The cleaning glued "Tapp-" to the label's "protokollet": the word is whole again.
    assert data["kept_at"] == "Kommunkansliet, Ekerö kommunhus, Tappström"
    assert (data["secretary"], data["chair"]) == ("Andreas Halvarsson", "Birgitta Holmén")
    assert data["paragraphs"] == [
        {"number": 129, "diary_number": "", "heading": "Val av justerare",
         "decision": "Informationen noteras.", "secret": False},
        {"number": 130, "diary_number": "KS13/250-133",
         "heading": "Överenskommelse om samverkan mellan kommuner i Stockholms län "
                    "gällande nyanlända",
         "decision": "att tillstyrka att kommunen antar överenskommelsen om samverkan "
                     "mellan kommuner i Stockholms län gällande nyanlända",
         "secret": False},
    ]
    assert data["problems"] == []


def test_labels_broken_over_lines_before_their_values():
    """pypdf's plain mode puts the label's cells first, then the value."""
    text = KANSLI_MINUTES.replace(
        "Justeringens plats och Kommunkansliet, inom 14 dagar\ntid",
        "Justeringens plats och\ntid\nKommunkansliet, inom 14 dagar").replace(
        "Datum då anslaget 2013-09-30\nsätts upp", "Datum då anslaget\nsätts upp\n2013-09-30")
    data = parse_minutes(text)
    assert data["approval_place_time"] == "Kommunkansliet, inom 14 dagar"
    assert data["posted_on"] == "2013-09-30"
    assert data["problems"] == []


def test_a_paragraph_without_decision_text_is_a_problem():
    text = KANSLI_MINUTES.replace("Beslut\nInformationen noteras.\n", "")
    data = parse_minutes(text)
    assert data["paragraphs"][0]["decision"] == ""
    assert "Paragraf 129 saknar beslutstext." in data["problems"]


def test_the_extract_names_who_certified_it():
    text = """Ekerö kommun\nKommunfullmäktige\nProtokollsutdrag\nSammanträdesdatum 2013-12-16
Justerat 2013-12-18\n§ 90\nDnr KS13/250-133\nÖverenskommelse om samverkan mellan kommuner i
Stockholms län gällande nyanlända\nBeslut\natt anta överenskommelse om samverkan
Beslutet expedieras till\nSocialkontoret\nRätt utdraget intygar\nAndreas Halvarsson
Sekreterare\nBox 205, 178 23 Ekerö"""
    data = parse_extract(text)
    assert data["kind"] == "extract"
    assert data["certified_by"] == "Andreas Halvarsson"
    assert data["approved_on"] == "2013-12-18"
    assert [(p["number"], p["diary_number"], p["decision"]) for p in data["paragraphs"]] == [
        (90, "KS13/250-133", "att anta överenskommelse om samverkan")]
    assert data["problems"] == []


def test_dates_in_words_and_numbers():
    assert find_date("den 16 december 2013") == "2013-12-16"
    assert find_date("Kommunkansliet 2013-12-18 kl. 10.00") == "2013-12-18"
    assert find_date("2013-02-30") is None


# The wordings of other organisations, and the damage of extraction. -------------------

FRONT = """Ekerö kommun
Kommunstyrelsen
Protokoll
Sammanträdesdatum 2016-02-23
Plats och tid Kommunhuset, kl 15.00-17.45
Beslutande Margareta Lindholm (M), ordförande
Bo Hedlund (S)
Utses att justera Bo Hedlund
Paragrafer §§ 41-43
"""


def paragraphs(text: str) -> list[tuple]:
    return [(p["number"], p["diary_number"], p["heading"], p["decision"], p["secret"])
            for p in parse_minutes(text)["paragraphs"]]


@pytest.mark.parametrize("label", ["Justeringens plats och tid", "Tid och plats för justering",
                                   "Plats och tid för justering"])
def test_the_place_and_time_of_approval_by_any_wording(label):
    data = parse_minutes(FRONT + f"{label} Kommunkansliet 2016-02-26 kl. 09.00\n")
    assert data["approval_place_time"] == "Kommunkansliet 2016-02-26 kl. 09.00"
    assert data["approved_on"] is None  # a plan for the approval, not its date


@pytest.mark.parametrize("label", ["Utses att justera", "Justerare", "Utsedda att justera"])
def test_the_approvers_by_any_wording(label):
    data = parse_minutes(FRONT.replace("Utses att justera Bo Hedlund",
                                       f"{label} Bo Hedlund (S) och Sara Ek (M)"))
    assert data["approvers"] == ["Bo Hedlund", "Sara Ek"]


@pytest.mark.parametrize("lines, field, date", [
    ("Anslaget sätts upp 2016-02-29", "posted_on", "2016-02-29"),
    ("Datum då anslaget sätts upp 2016-02-29", "posted_on", "2016-02-29"),
    ("Datum då anslaget\nsätts upp\n2016-02-29", "posted_on", "2016-02-29"),
    ("Datum då anslaget 2016-02-29\nsätts upp", "posted_on", "2016-02-29"),
    ("Datum då 2016-02-29\nanslaget sätts\nupp", "posted_on", "2016-02-29"),
    ("Anslaget tas ned 2016-03-22", "taken_down_on", "2016-03-22"),
    ("Datum då anslaget tas\nned\n2016-03-22", "taken_down_on", "2016-03-22"),
    ("Sista dag att överklaga 2016-03-21", "appeal_last_day", "2016-03-21"),
    ("Sista datum för överklagande 2016-03-21", "appeal_last_day", "2016-03-21"),
    ("Sista dag för\növerklagande\n2016-03-21", "appeal_last_day", "2016-03-21"),
    ("Datum för justering 2016-02-26", "approved_on", "2016-02-26"),
])
def test_the_posting_certificate_by_any_wording_and_broken_labels(lines, field, date):
    assert parse_minutes(FRONT + "Anslagsbevis\n" + lines + "\n")[field] == date


def test_two_labels_on_one_line():
    data = parse_minutes(FRONT + "Anslaget sätts upp 2016-02-29 Anslaget tas ned 2016-03-22\n"
                         "Underskrifter Sekreterare Paragrafer 41-43\nAnna Berg\n")
    assert (data["posted_on"], data["taken_down_on"]) == ("2016-02-29", "2016-03-22")
    assert data["secretary"] == "Anna Berg"
    assert data["paragraph_range"] == [41, 43]


@pytest.mark.parametrize("line, prefix", [("§ 41", ""), ("Ks § 41", "Ks"), ("KF § 41", "KF"),
                                          ("§41.", "")])
def test_paragraph_lines_of_any_body(line, prefix):
    text = FRONT + f"{line}\nVal av justerare\nBeslut\nInformationen noteras.\n"
    assert paragraphs(text)[0] == (41, "", "Val av justerare", "Informationen noteras.", False)


def test_a_region_writes_its_code_without_the_sign():
    text = FRONT.replace("§§ 41-43", "RS 41–42") + (
        "RS 41\nVal av justerare\nBeslut\nInformationen noteras.\n"
        "RS 42 Dnr RS 2019-0456\nReglemente\nBeslut\nRegionstyrelsen antar reglementet.\n")
    data = parse_minutes(text)
    assert [(p["number"], p["diary_number"]) for p in data["paragraphs"]] == [
        (41, ""), (42, "RS 2019-0456")]
    assert data["problems"] == []


@pytest.mark.parametrize("number", ["KS13/250-133", "KS 2018/124", "KS 2017/0996",
                                    "2018/KS 0290", "Ks 1126/2014", "SLK-2023-01047"])
@pytest.mark.parametrize("written", ["Dnr {}", "Dnr: {}", "{}"])
def test_diary_numbers_in_every_format_with_or_without_dnr(number, written):
    text = FRONT + "§ 41\n" + written.format(number) + "\nÄrende\nBeslut\natt anta\n"
    assert paragraphs(text)[0][1] == number


def test_a_diary_number_that_cannot_be_read_is_said():
    data = parse_minutes(FRONT + "§ 41\nDnr KS tvåtusen\nÄrende\nBeslut\natt anta\n")
    assert data["paragraphs"][0]["diary_number"] == ""
    assert "Diarienumret ”Dnr KS tvåtusen” i paragraf 41 kunde inte läsas." in data["problems"]


@pytest.mark.parametrize("notice", [
    "Paragrafen omfattas av sekretess.",
    "Sekretess enligt OSL 26 kap. 1 §",
    "Protokollet för denna paragraf publiceras inte.",
    "Paragrafen omfattas av sekretess enligt 26 kap. 1 § offentlighets- och\n"
    "sekretesslagen och publiceras inte.",
])
def test_a_secret_paragraph_has_no_heading_or_decision(notice):
    text = FRONT + f"§ 41\n{notice}\n§ 42\nÄrende\nBeslut\natt anta\n"
    data = parse_minutes(text)
    assert data["paragraphs"][0] == {"number": 41, "diary_number": "", "heading": "",
                                     "decision": "", "secret": True}
    assert not [p for p in data["problems"] if p.startswith("Paragraf 41")]  # none missing


def test_a_lost_section_sign_is_read_where_the_number_is_expected_and_said():
    text = FRONT + ("§ 41\nVal av justerare\nBeslut\nInformationen noteras.\n"
                    "42 Detaljplan för Tappström\nBeslut\natt anta detaljplanen\n"
                    "43\nBudget\nBeslut\natt godkänna budgeten\nvilket gäller 2017\n"
                    "2017\n")
    data = parse_minutes(text)
    assert [(p["number"], p["heading"]) for p in data["paragraphs"]] == [
        (41, "Val av justerare"), (42, "Detaljplan för Tappström"), (43, "Budget")]
    # "2017" is not the number expected next: it stays text.
    assert data["paragraphs"][2]["decision"] == "att godkänna budgeten vilket gäller 2017 2017"
    assert "Paragraftecknet saknas för paragraf 42; den lästes från raden ”42 Detaljplan för " \
           "Tappström”." in data["problems"]
    assert any("paragraf 43" in p for p in data["problems"])


def test_a_number_outside_the_range_is_not_a_paragraph():
    text = FRONT + "§ 41\nÄrende\nBeslut\natt anta\n99 Kronor\n"
    assert [p[0] for p in paragraphs(text)] == [41]


def test_a_range_the_text_does_not_hold_is_said():
    data = parse_minutes(FRONT + "§ 41\nÄrende\nBeslut\natt anta\n")
    assert ("Försättsbladet anger paragraferna 41–43, men texten innehåller 41."
            in data["problems"])


def test_lines_joined_by_the_extraction():
    text = FRONT + ("§ 41 Dnr KS 2016/0019 Budgetuppföljning Beslut att godkänna "
                    "uppföljningen.\n§ 42\nVal av justerare\nBeslut: att utse Bo Hedlund\n")
    assert paragraphs(text) == [
        (41, "KS 2016/0019", "Budgetuppföljning", "att godkänna uppföljningen.", False),
        (42, "", "Val av justerare", "att utse Bo Hedlund", False)]


def test_a_heading_split_over_lines_and_hyphenation_left_by_the_cleaning():
    text = FRONT + ("§ 41\nÖverenskommelse om samverkan mellan kommuner i Stockholms län gäl-\n"
                    "lande nyanlända\nBeslut\natt anta överenskommel-\nsen\n")
    assert paragraphs(text)[0][2:4] == (
        "Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända",
        "att anta överenskommelsen")


def test_only_the_text_under_beslut_is_the_decision():
    text = FRONT + ("§ 41\nMotion om cykelbanor\nÄrendet\nEn motion har kommit in.\n"
                    "Yrkanden\nBo Hedlund (S) yrkar bifall.\nPropositionsordning\nBifall.\n"
                    "Omröstning\nJa 5, nej 2.\nBeslut\nMotionen bifalls.\n"
                    "Paragrafen justerades omedelbart.\nReservation\n"
                    "Sara Ek (M) reserverar sig.\nBeslutet expedieras till\nTekniska kontoret\n")
    assert paragraphs(text)[0][3] == "Motionen bifalls."


def test_without_a_beslut_heading_the_text_after_the_heading_is_the_decision():
    text = FRONT + ("§ 41\nInformation om budget\nInformationen noteras.\n"
                    "Beslutsunderlag\nTjänsteutlåtande 2016-02-01\n")
    assert paragraphs(text)[0][3] == "Informationen noteras."


def test_decision_paragraphs_are_lines_joined_and_att_clauses_apart():
    text = FRONT + ("§ 41\nÄrende\nBeslut\nKommunstyrelsen beslutar\natt anta planen "
                    "för\nåren 2017-2019, samt\natt uppdra åt förvaltningen.\n\n"
                    "Beslutet gäller\nfrån 1 mars.\n")
    assert paragraphs(text)[0][3] == ("Kommunstyrelsen beslutar\n\natt anta planen för åren "
                                      "2017-2019, samt\n\natt uppdra åt förvaltningen.\n\n"
                                      "Beslutet gäller från 1 mars.")


def test_the_people_with_their_roles_and_whom_substitutes_serve_for():
    text = FRONT.replace("Bo Hedlund (S)\n", (
        "Bo Hedlund (S), 2:e vice ordförande\nAnna Ek (C), tjg ersättare för Per Ek (C)\n"
        "Ulla Andersson (S), tjänstgörande ersättare för Ag-\nneta Andersson (L)\n"
        "Eva Berg (L), Olle Berg (KD)\n")) + (
        "Övriga deltagare Hanna Ek, kommunsekreterare\nLars Holm (S), ersättare\n")
    data = parse_minutes(text)
    assert data["deciding"] == ["Margareta Lindholm", "Bo Hedlund", "Anna Ek", "Ulla Andersson",
                                "Eva Berg", "Olle Berg"]
    assert data["others"] == ["Hanna Ek", "Lars Holm"]
    # Written beside the names, where no signature says it.
    assert (data["chair"], data["secretary"]) == ("Margareta Lindholm", "Hanna Ek")


def test_members_and_serving_substitutes_under_their_own_labels():
    text = FRONT.replace("Beslutande Margareta Lindholm (M), ordförande\nBo Hedlund (S)\n", (
        "Ledamöter Margareta Lindholm (M) ordförande\nBo Hedlund (S)\n"
        "Tjänstgörande ersättare Anna Ek (C)\nEj tjänstgörande ersättare Lars Holm (S)\n"))
    data = parse_minutes(text)
    assert data["deciding"] == ["Margareta Lindholm", "Bo Hedlund", "Anna Ek"]
    assert data["others"] == ["Lars Holm"]
    assert data["chair"] == "Margareta Lindholm"


def test_a_list_of_people_that_is_not_there_is_said():
    data = parse_minutes(FRONT.replace("Margareta Lindholm (M), ordförande\nBo Hedlund (S)",
                                       "Se bifogad närvarolista") + "§ 41\nÄ\nBeslut\natt\n")
    assert data["deciding"] == []
    assert "Inga beslutande kunde läsas." in data["problems"]
    assert "”Se bifogad närvarolista” kunde inte läsas som ett namn (Beslutande)." \
        in data["problems"]


@pytest.mark.parametrize("signatures", [
    "Underskrifter\nAnna Berg Margareta Lindholm\nSekreterare Ordförande\nBo Hedlund\n"
    "Justerande",
    "Underskrifter\nSekreterare\nAnna Berg\nOrdförande\nMargareta Lindholm\nJusterande\n"
    "Bo Hedlund",
    "Sekreterare Anna Berg\nOrdförande ........ Margareta Lindholm\nJusterande Bo Hedlund",
    "Vid protokollet\nAnna Berg\nOrdförande\nMargareta Lindholm\nJusterare\nBo Hedlund",
])
def test_signatures_name_first_role_first_or_on_one_line(signatures):
    data = parse_minutes(FRONT + signatures + "\n")
    assert (data["secretary"], data["chair"]) == ("Anna Berg", "Margareta Lindholm")
    assert data["approvers"] == ["Bo Hedlund"]


def test_page_headers_and_footers_left_inside_the_text():
    text = FRONT + ("§ 41\nÄrende\nBeslut\natt anta\nJusterandes sign Utdragsbestyrkande\n"
                    "Kommunstyrelsen · Protokoll 2016-02-23\nBox 205, 178 23 Ekerö\n2 (3)\n"
                    "EKERÖ KOMMUN SAMMANTRÄDESPROTOKOLL Sida 3 (3)\n"
                    "Kommunstyrelsen 2016-02-23\nplanen\n")
    assert paragraphs(text)[0][3] == "att anta planen"


def test_the_posting_certificate_after_the_last_paragraph():
    text = FRONT + ("§ 41\nÄrende\nBeslut\natt anta\nAnslag om 5 miljoner kronor beviljas.\n"
                    "ANSLAG/BEVIS\nProtokollet är justerat. Justeringen har tillkännagivits "
                    "genom anslag.\nOrgan Kommunstyrelsen\nDatum för anslags uppsättande "
                    "2016-02-29 Datum för anslags nedtagande 2016-03-22\n"
                    "Förvaringsplats för protokollet Kommunkansliet\nUnderskrift\nAnna Berg\n")
    data = parse_minutes(text)
    assert data["paragraphs"][0]["decision"] == "att anta Anslag om 5 miljoner kronor beviljas."
    assert (data["posted_on"], data["taken_down_on"], data["kept_at"]) == (
        "2016-02-29", "2016-03-22", "Kommunkansliet")
    assert not [p for p in data["problems"] if "Anna Berg" in p]


@pytest.mark.parametrize("certification", [
    "Rätt utdraget intygar\nAndreas Halvarsson\nSekreterare",
    "Utdragsbestyrkande\n\nAndreas Halvarsson, nämndsekreterare",
    "Justerandes sign Utdragsbestyrkande\nRätt utdraget intygar Andreas Halvarsson",
])
def test_an_extract_is_certified_by_a_name(certification):
    text = ("Ekerö kommun\nSocialnämnden\nProtokollsutdrag\nSammanträdesdatum 2013-09-25\n"
            "§ 130\nÄrende\nBeslut\natt tillstyrka\n" + certification)
    data = parse_extract(text)
    assert data["certified_by"] == "Andreas Halvarsson"
    assert data["paragraphs"][0]["decision"] == "att tillstyrka"


def test_an_extract_without_certification_or_paragraph_says_so():
    data = parse_extract("Ekerö kommun\nSocialnämnden\nProtokollsutdrag\nSammanträdesdatum\n")
    assert data["problems"] == [
        "Sammanträdesdatumet kunde inte läsas.",
        "Ingen paragraf kunde läsas.",
        "Utdraget är inte bestyrkt (inget namn efter ”Rätt utdraget intygar” eller "
        "”Utdragsbestyrkande”).",
    ]


def test_an_extract_whose_section_sign_was_lost():
    text = ("Ekerö kommun\nSocialnämnden\nProtokollsutdrag\nSammanträdesdatum 2013-09-25\n"
            "130\nDnr KS13/250-133\nÖverenskommelse\nBeslut\natt tillstyrka\n"
            "Rätt utdraget intygar\nAndreas Halvarsson\n")
    data = parse_extract(text)
    assert [(p["number"], p["diary_number"]) for p in data["paragraphs"]] == [
        (130, "KS13/250-133")]
    assert data["problems"] == [
        "Paragraftecknet saknas för paragraf 130; den lästes från raden ”130”."]


def test_a_letterhead_in_capitals_and_a_date_in_words():
    data = parse_minutes("EKERÖ KOMMUN\nKOMMUNSTYRELSENS ARBETSUTSKOTT\n"
                         "SAMMANTRÄDESPROTOKOLL\nSammanträdesdag den 12 mars 2014\n")
    assert (data["organisation"], data["body"], data["meeting_date"]) == (
        "Ekerö kommun", "Kommunstyrelsens arbetsutskott", "2014-03-12")


# The annotated corpus: each file's parse is its hand-checked expectation. ------------

CASES = sorted(p for p in CORPUS.glob("*") if p.name.startswith(("minutes-", "extract-"))
               and p.suffix in (".txt", ".pdf"))


def corpus_text(path: Path) -> str:
    from kansli.ingest import text

    return text.read(path.read_bytes(), path.name).text


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_the_corpus_reads_as_annotated(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    parse = parse_extract if path.name.startswith("extract-") else parse_minutes
    data = parse(corpus_text(path))
    for key, value in expected.items():
        if key == "problems":
            continue
        assert data[key] == value, key
    # The problems the annotation names are among those said (fewer may be named).
    for problem in expected.get("problems", []):
        assert problem in data["problems"]


# Whatever the text, the parser answers with the fields and never raises. ------------

LINES = st.sampled_from([
    "§ 12", "§§ 3–4", "Ks § 43", "RS 99", "130", "130 Budget", "Beslut", "Beslut att anta",
    "Dnr", "Dnr KS13/250-133", "Justeringens plats och", "tid", "Datum då anslaget tas",
    "ned", "Underskrifter", "Sekreterare Ordförande", "Bo Hedlund (S), ordförande",
    "tjänstgörande ersättare för", "Rätt utdraget intygar", "Utdragsbestyrkande",
    "Paragrafen omfattas av sekretess", "Paragrafer", "Anslagsbevis", "Underskrift", "",
    "Sammanträdesdatum 2013-09-25", "Plats och tid Kommunhuset kl. 18.00–20.15",
    "Förvaringsplats för Tappprotokollet", "1 (3)", "Ekerö kommun", "Kommunstyrelsen",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40))
def test_any_text_gives_the_fields_and_never_raises(lines):
    text = "\n".join(lines)
    for parse in (parse_minutes, parse_extract):
        data = parse(text)
        assert isinstance(data["problems"], list)
        assert all(isinstance(p["number"], int) for p in data["paragraphs"])
        json.dumps(data)
