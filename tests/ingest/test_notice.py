"""Parsing a notice with its agenda (kansli.ingest.notice)."""

from __future__ import annotations

import pytest

from kansli.ingest.notice import parse_notice
from kansli.ingest.text import read


def notice(text: str) -> dict:
    return parse_notice(read(text.encode(), "x.txt").text)


SN = """Ekerö kommun
KALLELSE
Socialnämnden

Tid: Onsdagen den 25 september 2013 kl. 13.00–16.00
Plats: Ekerö kommunhus, Sammanträdesrummet Mälaren

Föredragningslista

1. Upprop och val av justerare

2. Överenskommelse om samverkan mellan kommuner i Stockholms län
   gällande nyanlända
   Dnr KS13/250-133

3. Delegationsbeslut
   Anmälan av delegationsbeslut

Birgitta Holmén
Ordförande

Andreas Halvarsson
Sekreterare
"""


def test_the_head_of_a_notice():
    result = notice(SN)
    assert {k: result[k] for k in ("kind", "organisation", "body", "date", "time", "place")} == {
        "kind": "notice", "organisation": "Ekerö kommun", "body": "Socialnämnden",
        "date": "2013-09-25", "time": "13.00–16.00",
        "place": "Ekerö kommunhus, Sammanträdesrummet Mälaren"}


def test_items_with_wrapped_headings_diary_numbers_and_kinds():
    assert notice(SN)["items"] == [
        {"number": 1, "heading": "Upprop och val av justerare", "diary_number": ""},
        {"number": 2, "heading": "Överenskommelse om samverkan mellan kommuner i Stockholms län "
                                 "gällande nyanlända", "diary_number": "KS13/250-133"},
        {"number": 3, "heading": "Delegationsbeslut", "diary_number": ""},
    ]


def test_chair_and_secretary_under_their_names():
    result = notice(SN)
    assert (result["chair"], result["secretary"], result["problems"]) == (
        "Birgitta Holmén", "Andreas Halvarsson", [])


def test_chair_and_secretary_side_by_side_or_labelled():
    side = notice("Kommunfullmäktige\nKallelse\n2015-12-14 kl. 18.30\nFöredragningslista\n"
                  "1 Val av justerare\n\nGöran Sjödin Andreas Halvarsson\nOrdförande Sekreterare")
    labelled = notice("Kommunfullmäktige\nKallelse\n2015-12-14 kl. 18.30\nFöredragningslista\n"
                      "1 Val av justerare\n\nOrdförande: Göran Sjödin\n"
                      "Andreas Halvarsson, sekreterare")
    for result in (side, labelled):
        assert (result["chair"], result["secretary"]) == ("Göran Sjödin", "Andreas Halvarsson")
        assert result["items"] == [{"number": 1, "heading": "Val av justerare",
                                    "diary_number": ""}]


def test_a_diary_number_in_its_own_column_comes_out_anywhere_in_the_item():
    """A rendered PDF's text puts the "Dnr" column beside or between the heading's lines."""
    result = notice("Kommunstyrelsen\nKallelse\nTid 2026-12-09 kl. 13.00\nFöredragningslista\n"
                    "3. Bygglov för nybyggnad av garage på fastigheten Helgö Dnr\n"
                    "11:287 KS26/3-320\n\n"
                    "4. Överenskommelse om samverkan mellan kommuner i\n"
                    "Dnr\nKS13/250-133\nStockholms län gällande nyanlända\n"
                    "Tjänsteutlåtande 2013-11-05\n")
    assert result["items"] == [
        {"number": 3, "heading": "Bygglov för nybyggnad av garage på fastigheten Helgö 11:287",
         "diary_number": "KS26/3-320"},
        {"number": 4, "heading": "Överenskommelse om samverkan mellan kommuner i Stockholms län "
                                 "gällande nyanlända", "diary_number": "KS13/250-133"},
    ]


def test_time_and_place_on_one_line():
    result = notice("Kommunstyrelsen\nKallelse\n"
                    "Tid och plats: 2014-02-03 kl. 18.00, Kommunhuset, Sessionssalen\n"
                    "Föredragningslista\n§ 1 Val av justerare\n")
    assert (result["date"], result["time"], result["place"]) == (
        "2014-02-03", "18.00", "Kommunhuset, Sessionssalen")
    assert result["items"][0]["number"] == 1


@pytest.mark.parametrize("text, problem", [
    ("Kallelse\n2014-02-03\nFöredragningslista\n1. Val av justerare\n",
     "Organet som kallar till sammanträdet hittades inte."),
    ("Kommunstyrelsen\nKallelse\nFöredragningslista\n1. Val av justerare\n",
     "Sammanträdets datum hittades inte."),
    ("Kommunstyrelsen\nKallelse\n2014-02-03\n", "Inga ärenden på föredragningslistan hittades."),
])
def test_what_is_missing_is_said(text, problem):
    assert notice(text)["problems"] == [problem]
