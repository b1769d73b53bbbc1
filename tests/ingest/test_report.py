"""Parsing an officer's report (kansli.ingest.report): the seed field by field, then the
wordings and layouts real reports vary in, and what the parser says it could not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansli.ingest.recognise import parse, recognise
from kansli.ingest.report import parse_report, split_names
from kansli.ingest.text import read

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_37610ead6cee29d8.txt"
CORPUS_SEED = Path(__file__).resolve().parent / "corpus" / "seed.txt"


@pytest.fixture(scope="module")
def seed() -> dict:
    path = SEED if SEED.exists() else CORPUS_SEED
    return parse(read(path.read_bytes(), path.name).text)


def report(text: str) -> dict:
    return parse_report(read(text.encode(), "x.txt").text)


# The seed -------------------------------------------------------------------------------


def test_the_corpus_seed_is_the_seed():
    if SEED.exists():
        assert CORPUS_SEED.read_bytes() == SEED.read_bytes()


def test_the_seed_is_an_officers_report_without_problems(seed):
    assert seed["kind"] == "report"
    assert seed["problems"] == []


def test_the_seed_names_its_body_but_no_organisation(seed):
    assert seed["body"] == "Kommunstyrelsen"
    assert seed["organisation"] == ""


def test_the_seed_title_is_joined_from_its_two_lines(seed):
    assert seed["title"] == ("Överenskommelse om samverkan mellan kommuner i Stockholms län "
                             "gällande nyanlända")


def test_the_seed_diary_number_without_dnr(seed):
    assert seed["diary_number"] == "KS13/250-133"


def test_the_seed_has_no_date_officer_or_sections(seed):
    assert seed["date"] is None
    assert (seed["officer"], seed["officer_email"], seed["sections"]) == ("", "", [])


def test_the_seed_proposal_is_one_line(seed):
    assert seed["proposal"] == ("Kommunstyrelsen föreslår Kommunfullmäktige besluta att anta "
                                "överenskommelse om samverkan mellan kommuner i Stockholms län "
                                "gällande nyanlända")


def test_the_seed_summary_is_four_paragraphs(seed):
    paragraphs = seed["summary"].split("\n\n")
    assert len(paragraphs) == 4
    assert all("\n" not in p and p == p.strip() for p in paragraphs)
    assert paragraphs[0].startswith("Sedan 2009 finns en överenskommelse")
    assert paragraphs[0].endswith("förbättra integrationen av nyanlända i länet.")
    assert paragraphs[1].startswith("I och med etableringsreformens införande i december 2010 "
                                    "förändrades kommunernas ansvar")
    assert "åtaganden flyttades över till Arbetsförmedlingen" in paragraphs[1]
    assert paragraphs[2].startswith("Den nya överenskommelsen har samma syfte")
    assert "utbildnings- och arbetslivsinriktade insatser" in paragraphs[2]
    assert "såsom bl a modersmålsundervisning, hälsofrågor" in paragraphs[2]
    assert paragraphs[3] == ("Ekerö kommuns ställningstagande skulle ursprungligen kommit KSL "
                             "tillhanda senast den 15 november 2013, men anstånd har beviljats "
                             "till den 19 december 2013.")
    assert "  " not in seed["summary"]


def test_the_seed_basis_has_six_entries_with_dates(seed):
    assert [(e["title"], e["date"]) for e in seed["basis"]] == [
        ("Tjänsteutlåtande kommunkansliet", "2013-11-05"),
        ("Tjänsteanteckning kommunkansliet", "2013-10-24"),
        ("Protokollsutdrag Socialnämnden", "2013-09-25"),
        ("Tjänsteutlåtande socialkontoret", "2013-08-29"),
        ("Rekommendation – Överenskommelse om samverkan mellan kommuner i Stockholms län "
         "gällande nyanlända", "2013-06-05"),
        ("Överenskommelse om samverkan mellan kommuner i Stockholms län gällande nyanlända, "
         "justerat förslag", "2013-05-06"),
    ]


def test_the_seed_basis_names_the_paragraph_of_socialnamnden(seed):
    assert seed["basis"][2] == {"title": "Protokollsutdrag Socialnämnden", "date": "2013-09-25",
                                "body": "Socialnämnden", "paragraph": 130,
                                "text": "Protokollsutdrag Socialnämnden 2013-09-25 § 130"}
    assert all(e["body"] == "" and e["paragraph"] is None
               for i, e in enumerate(seed["basis"]) if i != 2)


def test_the_seed_recipients_with_and_without_e_mail(seed):
    assert seed["recipients"] == [
        {"name": "Kommunförbundet Stockholms län", "email": "registrator@ksl.se"},
        {"name": "Socialkontoret", "email": ""},
    ]


def test_the_seed_signatories_side_by_side_with_their_titles(seed):
    assert seed["signatories"] == [
        {"name": "Ann-Cathrine Bergström", "title": "Kanslichef"},
        {"name": "Andreas Halvarsson", "title": "Nämndsekreterare"},
    ]


# The head -------------------------------------------------------------------------------

HEAD = """{head}

Förslag till beslut
Kommunstyrelsen beslutar att anta taxan.
"""


@pytest.mark.parametrize("written, number", [
    ("Dnr KS13/250-133", "KS13/250-133"),
    ("Dnr: KS 2017/0996", "KS 2017/0996"),
    ("Diarienummer 2018/KS 0290", "2018/KS 0290"),
    ("Ks 1126/2014", "Ks 1126/2014"),
    ("SLK-2023-01047", "SLK-2023-01047"),
    ("Dnr 2017/0996", "2017/0996"),
    ("Tjänsteskrivelse 2017-03-14 Dnr KS 2017/0996", "KS 2017/0996"),
])
def test_diary_numbers_in_the_formats_the_diary_knows(written, number):
    result = report(HEAD.format(head=f"Kommunstyrelsen\n{written}\n\nNy taxa"))
    assert result["diary_number"] == number
    assert result["title"] == "Ny taxa"


def test_without_a_diary_number_the_parser_says_so():
    result = report(HEAD.format(head="Kommunstyrelsen\n\nNy taxa"))
    assert result["diary_number"] == ""
    assert result["problems"] == ["Inget diarienummer hittades."]


def test_without_the_body_it_is_addressed_to_the_parser_says_so():
    result = report(HEAD.format(head="Dnr KS 2017/0996\n\nNy taxa"))
    assert result["body"] == ""
    assert result["problems"] == ["Organet som tjänsteutlåtandet är ställt till hittades inte."]


def test_the_head_gives_organisation_kind_date_and_officer():
    result = report(HEAD.format(head="Ekerö kommun\nKommunledningskontoret\nTJÄNSTESKRIVELSE\n"
                                     "Datum: 2017-03-14\nDnr KS 2017/0996\n"
                                     "Handläggare: Maria Lindqvist, utredare\n"
                                     "maria.lindqvist@ekero.se\n08-124 571 23\n\n"
                                     "Kommunstyrelsen\n\nRevidering av riktlinjer"))
    assert {k: result[k] for k in ("organisation", "body", "date", "officer", "officer_email",
                                   "title")} == {
        "organisation": "Ekerö kommun", "body": "Kommunstyrelsen", "date": "2017-03-14",
        "officer": "Maria Lindqvist", "officer_email": "maria.lindqvist@ekero.se",
        "title": "Revidering av riktlinjer"}


def test_a_contact_person_at_the_end_is_the_officer():
    result = report("Kommunstyrelsen\nDnr KS 2018/1\nNy taxa\nFörslag till beslut\nAtt anta.\n"
                    "Kontaktperson\nJohan Ek, avfallschef, johan.ek@nacka.se\n")
    assert (result["officer"], result["officer_email"]) == ("Johan Ek", "johan.ek@nacka.se")


def test_a_day_named_in_the_title_is_not_the_reports_date():
    result = report(HEAD.format(head="Kommunstyrelsen\nDnr KS 2018/1\n\n"
                                     "Ny avfallstaxa från 1 januari 2019"))
    assert result["title"] == "Ny avfallstaxa från 1 januari 2019"
    assert result["date"] is None


# Sections and paragraphs ------------------------------------------------------------


def test_other_sections_keep_their_headings():
    result = report("Kommunstyrelsen\nDnr KS 2018/1\n\nNy taxa\n\nFörslag till beslut\nAtt anta."
                    "\n\nBakgrund\nTaxan är gammal.\n\nEkonomiska konsekvenser\nInga.\n\n"
                    "Alternativa lösningar\nEn annan taxa prövades\nmen valdes bort.\n")
    assert result["sections"] == [
        {"heading": "Bakgrund", "text": "Taxan är gammal."},
        {"heading": "Ekonomiska konsekvenser", "text": "Inga."},
        {"heading": "Alternativa lösningar", "text": "En annan taxa prövades men valdes bort."},
    ]


def test_sammanfattning_without_av_arendet_is_the_summary():
    result = report("Kommunstyrelsen\nDnr KS 2018/1\nNy taxa\n\nSAMMANFATTNING\nKort.\n\n"
                    "FÖRSLAG TILL BESLUT\nAtt anta.")
    assert (result["summary"], result["proposal"]) == ("Kort.", "Att anta.")


def test_paragraph_breaks_without_blank_lines_are_read_from_short_sentence_ends():
    """The rule: a line ends its paragraph when it ends a sentence, is under 70 % of the
    longest line of its block, and the next line starts with a capital."""
    result = report("Kommunstyrelsen\nDnr KS 2018/1\nNy taxa\nFörslag till beslut\nAtt anta.\n"
                    "Sammanfattning\n"
                    "Avfallstaxan har inte höjts sedan 2014. Kostnaderna för insamling har ökat\n"
                    "och taxan behöver justeras.\n"
                    "Förslaget innebär en höjning av grundavgiften med 8 procent för villor.\n")
    assert result["summary"] == (
        "Avfallstaxan har inte höjts sedan 2014. Kostnaderna för insamling har ökat och taxan "
        "behöver justeras.\n\nFörslaget innebär en höjning av grundavgiften med 8 procent för "
        "villor.")


def test_att_clauses_and_numbered_points_are_paragraphs():
    result = report("Kommunstyrelsen\nDnr KS 2018/1\nNy taxa\n\nFörslag till beslut\n"
                    "1. Kommunfullmäktige antar taxan.\n2. Taxan gäller från 2019.\n")
    assert result["proposal"] == "1. Kommunfullmäktige antar taxan.\n\n2. Taxan gäller från 2019."


# Decision basis -----------------------------------------------------------------------

BASIS = "Kommunstyrelsen\nDnr KS 2018/1\nNy taxa\n\nFörslag till beslut\nAtt anta.\n\n" \
        "Beslutsunderlag\n{lines}\n"


def test_basis_entries_wrapping_over_three_lines():
    result = report(BASIS.format(lines="Rekommendation – Överenskommelse om samverkan mellan\n"
                                       "kommuner i Stockholms län gällande nyanlända, med\n"
                                       "bilagor, 2013-06-05\nTjänsteskrivelse, 2013-11-05"))
    assert [(e["title"], e["date"]) for e in result["basis"]] == [
        ("Rekommendation – Överenskommelse om samverkan mellan kommuner i Stockholms län "
         "gällande nyanlända, med bilagor", "2013-06-05"),
        ("Tjänsteskrivelse", "2013-11-05")]


def test_a_page_footer_inside_the_basis_does_not_break_an_entry():
    pages = ["Kommunstyrelsen\nDnr KS 2018/1\nNy taxa\n\nFörslag till beslut\nAtt anta.\n\n"
             "Beslutsunderlag\nTjänsteskrivelse, 2013-11-05\nRekommendation – Överenskommelse "
             "om samverkan\nEkerö kommun, Box 205, 178 23 Ekerö\nSida 1 av 2\n",
             "mellan kommuner, 2013-06-05\nEkerö kommun, Box 205, 178 23 Ekerö\nSida 2 av 2\n"]
    result = report("\f".join(pages))
    assert [(e["title"], e["date"]) for e in result["basis"]] == [
        ("Tjänsteskrivelse", "2013-11-05"),
        ("Rekommendation – Överenskommelse om samverkan mellan kommuner", "2013-06-05")]


@pytest.mark.parametrize("line, entry", [
    ("Protokollsutdrag Socialnämnden 2013-09-25 § 130",
     {"title": "Protokollsutdrag Socialnämnden", "date": "2013-09-25", "body": "Socialnämnden",
      "paragraph": 130}),
    ("Kommunstyrelsens arbetsutskott 2014-06-03, § 88",
     {"title": "Kommunstyrelsens arbetsutskott", "date": "2014-06-03",
      "body": "Kommunstyrelsens arbetsutskott", "paragraph": 88}),
    ("- Tjänsteskrivelse kommunledningskontoret, daterad 2017-03-14",
     {"title": "Tjänsteskrivelse kommunledningskontoret", "date": "2017-03-14", "body": "",
      "paragraph": None}),
    ("Motion från Lars Nilsson (C), 3 mars 2014",
     {"title": "Motion från Lars Nilsson (C)", "date": "2014-03-03", "body": "",
      "paragraph": None}),
])
def test_basis_entry_forms(line, entry):
    # ``text`` is the line as written, without a list's bullet.
    assert report(BASIS.format(lines=line))["basis"] == [{**entry,
                                                          "text": line.removeprefix("- ")}]


def test_a_wrapped_basis_line_is_kept_as_written_on_one_line(seed):
    assert seed["basis"][5]["text"] == ("Överenskommelse om samverkan mellan kommuner i "
                                        "Stockholms län gällande nyanlända, justerat förslag "
                                        "2013-05-06")


def test_a_basis_entry_without_a_date_keeps_its_title_and_says_so():
    result = report(BASIS.format(lines="Avsägelse, 2023-09-14\nValberedningens förslag"))
    assert result["basis"][1] == {"title": "Valberedningens förslag", "date": None, "body": "",
                                  "paragraph": None, "text": "Valberedningens förslag"}
    assert result["problems"] == ["Beslutsunderlaget ”Valberedningens förslag” saknar datum."]


# Recipients and signatories -------------------------------------------------------------


@pytest.mark.parametrize("heading", ["Beslutet expedieras till", "Beslut sänds till",
                                     "Kopia av beslut till", "Beslutet skickas till",
                                     "EXPEDIERAS TILL"])
def test_recipient_headings(heading):
    result = report(BASIS.format(lines="Tjänsteskrivelse, 2013-11-05") + f"\n{heading}\n"
                    "Kommunförbundet Stockholms län (registrator@ksl.se)\n"
                    "Lars Nilsson, lars.nilsson@varmdo.se\n- Socialkontoret\n")
    assert result["recipients"] == [
        {"name": "Kommunförbundet Stockholms län", "email": "registrator@ksl.se"},
        {"name": "Lars Nilsson", "email": "lars.nilsson@varmdo.se"},
        {"name": "Socialkontoret", "email": ""}]


def test_names_are_split_two_words_each_a_hyphenated_first_name_one_word():
    assert split_names("Ann-Cathrine Bergström Andreas Halvarsson") == [
        "Ann-Cathrine Bergström", "Andreas Halvarsson"]
    assert split_names("Kommunförbundet Stockholms län") is None


@pytest.mark.parametrize("signatures, expected", [
    ("Maria Lindqvist\nUtredare", [("Maria Lindqvist", "Utredare")]),
    ("Karin Ström, kommundirektör\nOlof Berg, teknisk chef",
     [("Karin Ström", "kommundirektör"), ("Olof Berg", "teknisk chef")]),
    ("Karin Sandberg Per Lundqvist Lena Åberg\nSocialchef Enhetschef Utredare\n\n"
     "Andreas Halvarsson\nNämndsekreterare",
     [("Karin Sandberg", "Socialchef"), ("Per Lundqvist", "Enhetschef"),
      ("Lena Åberg", "Utredare"), ("Andreas Halvarsson", "Nämndsekreterare")]),
])
def test_signatory_layouts(signatures, expected):
    result = report(BASIS.format(lines="Tjänsteskrivelse, 2013-11-05") + "\n" + signatures)
    assert [(s["name"], s["title"]) for s in result["signatories"]] == expected


def test_signatories_whose_titles_do_not_match_are_a_problem():
    result = report(BASIS.format(lines="Tjänsteskrivelse, 2013-11-05")
                    + "\nAnna Berg Erik Holm\nTf socialchef och utredare")
    assert [s["name"] for s in result["signatories"]] == ["Anna Berg", "Erik Holm"]
    assert result["problems"] == [
        "Titlarna för undertecknarna Anna Berg, Erik Holm kunde inte läsas."]


# Recognition --------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind", [
    ("Ekerö kommun\nTJÄNSTESKRIVELSE\nNy taxa", "report"),
    ("Kommunstyrelsen\nNy taxa\n\nFörslag till beslut\nAtt anta.", "report"),
    ("Kommunstyrelsen\nKallelse\nFöredragningslista\n1. Val av justerare", "notice"),
    ("Protokoll\nKommunstyrelsen\n§ 1 Val av justerare", "minutes"),
    ("Protokollsutdrag\nKommunstyrelsen\n§ 12", "extract"),
    ("Protokoll\nKommunstyrelsen\n§ 12\nRätt utdraget intygar", "extract"),
    # The empty signature box in the footer of minutes certifies nothing.
    ("Protokoll\nKommunstyrelsen\n§ 12\nJusterandes sign Utdragsbestyrkande", "minutes"),
    ("Kommunstyrelsen\n§ 12\nUtdragsbestyrkande\nAnna Berg", "extract"),
    ("Inköpslista\nMjölk\nSmör", None),
    ("Region Stockholm PROTOKOLL 1 (4)\nRegionstyrelsen\nRS 97", "minutes"),
    ("Ekerö kommun TJÄNSTESKRIVELSE\nNy taxa\n\nFörslag till beslut\nAtt anta.", "report"),
    ("Kommunstyrelsen\nÄndrad ordning för justering av protokoll\n\nFörslag till beslut\n"
     "Att anta.", "report"),
])
def test_the_kind_is_recognised(text, kind):
    assert recognise(text) == kind


def test_an_unrecognised_text_waits_with_its_reason():
    assert parse("Inköpslista\nMjölk") == {"kind": "unknown", "problems": [
        "Handlingens slag kändes inte igen (varken tjänsteutlåtande, protokoll, "
        "protokollsutdrag eller kallelse)."]}


# Lines joined and split ----------------------------------------------------------------


def test_lines_run_together_are_taken_apart():
    result = report("Kommunstyrelsen\nDnr KS 2016/402\nAvgifter\n\n"
                    "Förslag till beslut: Kommunstyrelsen fastställer avgifterna.\n\n"
                    "Beslutsunderlag\nTjänsteskrivelse, 2016-09-12 Avgifter 2017, 2016-09-01\n"
                    "Protokollsutdrag Idrottsnämnden 2016-08-30 § 52 Jämförelse, 2016-06-15\n\n"
                    "Beslutet expedieras till\n"
                    "Idrottsnämnden (idrottsnamnden@lidingo.se) Idrottsenheten\n")
    assert result["proposal"] == "Kommunstyrelsen fastställer avgifterna."
    assert [(e["title"], e["date"], e["paragraph"]) for e in result["basis"]] == [
        ("Tjänsteskrivelse", "2016-09-12", None), ("Avgifter 2017", "2016-09-01", None),
        ("Protokollsutdrag Idrottsnämnden", "2016-08-30", 52),
        ("Jämförelse", "2016-06-15", None)]
    assert result["recipients"] == [
        {"name": "Idrottsnämnden", "email": "idrottsnamnden@lidingo.se"},
        {"name": "Idrottsenheten", "email": ""}]


def test_a_title_split_over_short_lines_is_one_title():
    result = report(HEAD.format(head="Kommunstyrelsen\nDnr KS 2016/402\n\nAvgifter för\n"
                                     "uthyrning av\nidrottshallar\n2017"))
    assert result["title"] == "Avgifter för uthyrning av idrottshallar 2017"


def test_a_labelled_diary_number_in_a_format_of_its_own():
    result = report(HEAD.format(head="Kommunstyrelsen\nTjänsteskrivelse 2016-09-12 "
                                     "Dnr KS/2016:402\n\nAvgifter"))
    assert (result["diary_number"], result["date"]) == ("KS/2016:402", "2016-09-12")
