"""kansli.lib.personnummer: real identity numbers are found and masked, and nothing else."""

import datetime

from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from kansli.lib.personnummer import MASK, find, kind, mask


def with_check_digit(digits9: str) -> str:
    return digits9 + luhn.calc_check_digit(digits9)


@st.composite
def identity_numbers(draw, coordination=False):
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)))
    day = born.day + (60 if coordination else 0)
    serial = draw(st.integers(0, 999))
    ten = with_check_digit(f"{born:%y%m}{day:02d}{serial:03d}")
    long = draw(st.booleans())
    head = (f"{born.year // 100}" if long else "") + ten[:6]
    return f"{head}{draw(st.sampled_from(['-', '', ' ']))}{ten[6:]}"


@given(identity_numbers(), st.text(max_size=20), st.text(max_size=20))
def test_a_personnummer_anywhere_in_text_is_masked(number, before, after):
    text = f"{before} {number} {after}"
    masked = mask(text)
    assert number not in masked and MASK in masked


@given(identity_numbers(coordination=True))
def test_a_samordningsnummer_is_masked(number):
    assert kind(number) == "samordningsnummer"
    assert mask(f"Sökande {number}.") == f"Sökande {MASK}."


def test_known_numbers():
    assert kind("19121212-1212") == "personnummer"
    assert kind("121212-1212") == "personnummer"
    assert kind("121212+1212") == "personnummer"
    assert find("Ansökan från 811228-9874 och 19121212 1212") == ["811228-9874",
                                                                 "19121212 1212"]


def test_what_is_not_an_identity_number_is_left_alone():
    for text in ("811228-9875",        # wrong check digit
                 "811232-9873",        # no 32nd of December
                 "212000-0043",        # Ekerö kommun's organisation number (month 20)
                 "KS 2017/0996", "Ks 1126/2014", "2013-12-16", "SLK-2023-01047",
                 "08-123 456 78", "1234567890123"):
        assert mask(text) == text, text
