"""Diary number formats: format and parse round-trip (docs/numbering.md, "Formats")."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kansli.lib.diarynumber import (
    DiaryNumber,
    DiaryNumberFormat,
    FormatError,
    ParseError,
    century_of,
    normalise,
)

# The six ways of writing a diary number named in the issue, with the format that gives
# each and what it means.
EXAMPLES = [
    ("KS13/250-133", "{series}{yy}/{serial}-{class}", DiaryNumber("KS", 2013, 250, "133")),
    ("KS 2018/124", "{series} {yyyy}/{serial}", DiaryNumber("KS", 2018, 124)),
    ("KS 2017/0996", "{series} {yyyy}/{serial:4}", DiaryNumber("KS", 2017, 996)),
    ("2018/KS 0290", "{yyyy}/{series} {serial:4}", DiaryNumber("KS", 2018, 290)),
    ("Ks 1126/2014", "{series} {serial}/{yyyy}", DiaryNumber("Ks", 2014, 1126)),
    ("SLK-2023-01047", "{series}-{yyyy}-{serial:5}", DiaryNumber("SLK", 2023, 1047)),
]
IDS = [text for text, _template, _number in EXAMPLES]


@pytest.mark.parametrize(("text", "template", "number"), EXAMPLES, ids=IDS)
def test_each_example_parses_to_its_parts(text, template, number):
    assert DiaryNumberFormat(template).parse(text) == number


@pytest.mark.parametrize(("text", "template", "number"), EXAMPLES, ids=IDS)
def test_each_example_is_formatted_from_its_parts(text, template, number):
    assert DiaryNumberFormat(template).format(number) == text


@pytest.mark.parametrize(("text", "template", "number"), EXAMPLES, ids=IDS)
def test_each_example_round_trips(text, template, number):
    fmt = DiaryNumberFormat(template)
    assert fmt.format(fmt.parse(text)) == text


@pytest.mark.parametrize(("text", "template", "number"), EXAMPLES, ids=IDS)
def test_parsing_ignores_letter_case_and_surrounding_space(text, template, number):
    fmt = DiaryNumberFormat(template)
    codes = {number.series.upper(): number.series}
    for typed in (text.lower(), text.upper(), f"  {text}\t"):
        assert fmt.parse(typed, series_codes=codes) == number


@pytest.mark.parametrize(
    ("template", "typed", "number"),
    [
        ("{series} {yyyy}/{serial}", "KS2018/124", DiaryNumber("KS", 2018, 124)),
        ("{series} {yyyy}/{serial}", "KS   2018/124", DiaryNumber("KS", 2018, 124)),
        ("{yyyy}/{series} {serial:4}", "2018/KS290", DiaryNumber("KS", 2018, 290)),
        ("{series} {serial}/{yyyy}", "ks\u00a01126/2014", DiaryNumber("Ks", 2014, 1126)),
    ],
)
def test_a_space_in_the_format_matches_any_white_space_or_none(template, typed, number):
    codes = {number.series.upper(): number.series}
    assert DiaryNumberFormat(template).parse(typed, series_codes=codes) == number


def test_the_registered_spelling_of_the_series_comes_back():
    """Sundbyberg writes its series "Ks"; a number typed as "KS" is still theirs."""
    fmt = DiaryNumberFormat("{series} {serial}/{yyyy}")
    number = fmt.parse("KS 1126/2014", series_codes={"KS": "Ks"})
    assert number.series == "Ks"
    assert fmt.format(number) == "Ks 1126/2014"


def test_padding_is_a_minimum_width():
    fmt = DiaryNumberFormat("{series} {yyyy}/{serial:4}")
    assert fmt.format(DiaryNumber("KS", 2017, 7)) == "KS 2017/0007"
    assert fmt.format(DiaryNumber("KS", 2017, 12345)) == "KS 2017/12345"
    assert fmt.parse("KS 2017/12345").serial == 12345


def test_an_unpadded_format_reads_a_padded_number():
    assert DiaryNumberFormat("{series} {yyyy}/{serial}").parse("KS 2017/0996").serial == 996


def test_a_classification_code_may_have_dots():
    fmt = DiaryNumberFormat("{series}{yy}/{serial}-{class}")
    number = DiaryNumber("KS", 2013, 250, "1.2.3")
    assert fmt.parse(fmt.format(number)) == number


def test_the_format_says_whether_it_needs_a_classification():
    assert DiaryNumberFormat("{series}{yy}/{serial}-{class}").has_classification
    assert not DiaryNumberFormat("{series} {yyyy}/{serial}").has_classification


# Invalid formats ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "",
        "{yyyy}/{serial}",  # no series
        "{series} {yyyy}",  # no serial
        "{series}/{serial}",  # no year
        "{series} {yy}{yyyy}/{serial}",  # two years
        "{series} {yy}/{serial}-{yyyy}",  # two years, apart
        "{series} {yyyy}/{serial}/{serial}",  # a field twice
        "{series} {yyyy}/{number}",  # unknown field
        "{series} {yyyy}/{serial",  # unclosed brace
        "{series} {yyyy}/{serial}}",  # stray brace
        "{series} {yyyy}{serial}",  # two numbers with nothing between them
        "{series}-{serial}{class}",  # the same, serial and class
        "{series} {yyyy}/{serial:x}",  # width not a digit
    ],
)
def test_an_unusable_format_is_refused(template):
    with pytest.raises(FormatError):
        DiaryNumberFormat(template)


# Invalid numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("{series} {yyyy}/{serial}", ""),
        ("{series} {yyyy}/{serial}", "   "),
        ("{series} {yyyy}/{serial}", "KS 2018"),  # no serial
        ("{series} {yyyy}/{serial}", "2018/124"),  # no series
        ("{series} {yyyy}/{serial}", "KS 18/124"),  # two-digit year in a four-digit format
        ("{series} {yyyy}/{serial}", "KS 2018/12a"),
        ("{series} {yyyy}/{serial}", "KS 2018-124"),  # wrong separator
        ("{series} {yyyy}/{serial}", "KS 2018/124 extra"),
        ("{series} {yyyy}/{serial}", "K1 2018/124"),  # a series is letters
        ("{series}{yy}/{serial}-{class}", "KS13/250"),  # the classification is missing
        ("{series}{yy}/{serial}-{class}", "KS2013/250-133"),
        ("{yyyy}/{series} {serial:4}", "KS 2018/0290"),  # the other order
        ("{series}-{yyyy}-{serial:5}", "SLK-2023-"),
    ],
)
def test_text_that_is_not_a_number_of_the_format_is_refused(template, text):
    with pytest.raises(ParseError):
        DiaryNumberFormat(template).parse(text)


def test_an_unknown_series_is_refused_when_the_series_are_given():
    fmt = DiaryNumberFormat("{series} {yyyy}/{serial}")
    with pytest.raises(ParseError, match="unknown series"):
        fmt.parse("BN 2018/124", series_codes={"KS": "KS", "SN": "SN"})


def test_the_errors_are_value_errors():
    """Forms and importers can catch ValueError for both."""
    assert issubclass(FormatError, ValueError)
    assert issubclass(ParseError, ValueError)


# The search key ----------------------------------------------------------------------


def test_the_search_key_is_upper_case_without_white_space():
    assert normalise("ks 2018/124") == "KS2018/124"
    assert normalise(" KS\t2018 / 124 ") == "KS2018/124"
    assert normalise("KS13/250-133") == "KS13/250-133"


# Round trip for any number -------------------------------------------------------------

series_codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖabcdefghijklmnopqrstuvwxyzåäö",
                       min_size=1, max_size=10)
class_codes = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}", fullmatch=True)
serials = st.integers(min_value=1, max_value=999_999)
THIS_YEAR = datetime.date.today().year


@given(template=st.sampled_from([t for _text, t, _n in EXAMPLES]), series=series_codes,
       year=st.integers(min_value=THIS_YEAR - 89, max_value=THIS_YEAR + 10), serial=serials,
       code=class_codes)
def test_any_number_round_trips_through_any_example_format(template, series, year, serial,
                                                          code):
    fmt = DiaryNumberFormat(template)
    number = DiaryNumber(series, year, serial, code if fmt.has_classification else "")
    text = fmt.format(number)
    assert fmt.parse(text) == number
    assert fmt.format(fmt.parse(text)) == text
    assert fmt.parse(text.lower(), series_codes={series.upper(): series}) == number


@given(series=series_codes, year=st.integers(min_value=1000, max_value=9999), serial=serials)
def test_four_digit_years_round_trip_in_any_century(series, year, serial):
    fmt = DiaryNumberFormat("{series} {yyyy}/{serial}")
    number = DiaryNumber(series, year, serial)
    assert fmt.parse(fmt.format(number)) == number


def test_a_two_digit_year_is_read_in_the_hundred_years_around_now():
    assert century_of(13, this_year=2026) == 2013
    assert century_of(36, this_year=2026) == 2036
    assert century_of(37, this_year=2026) == 1937
    assert century_of(98, this_year=2026) == 1998
    assert century_of(5, this_year=2096) == 2105


def test_a_two_digit_year_of_the_last_century_parses_and_round_trips():
    fmt = DiaryNumberFormat("{series}{yy}/{serial}-{class}")
    assert fmt.parse("KS98/12-133") == DiaryNumber("KS", 1998, 12, "133")
    number = DiaryNumber("KS", 1999, 7, "133")
    assert fmt.parse(fmt.format(number)) == number
