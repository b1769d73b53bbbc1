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
