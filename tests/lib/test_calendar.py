"""The legal calendar: holidays, working days and the KL periods (docs/legal-calendar.md).

Every expected date below was worked out by hand from the statute and checked against
Python's datetime; the weekday column is asserted too, so a typo in a date shows up.
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kansli.lib.calendar import (
    add_working_days,
    announcement_deadline,
    appeal_last_day,
    approval_due,
    days_treated_as_holidays,
    easter_sunday,
    is_public_holiday,
    is_working_day,
    next_working_day_on_or_after,
    posting_deadline,
    posting_taken_down,
    public_holidays,
)

D = datetime.date.fromisoformat
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def weekday(d: datetime.date) -> str:
    return WEEKDAYS[d.weekday()]


# --- Easter -------------------------------------------------------------------------

EASTER = [
    (1818, "1818-03-22"),  # earliest possible date
    (1943, "1943-04-25"),  # latest possible date
    (1990, "1990-04-15"),
    (2000, "2000-04-23"),
    (2004, "2004-04-11"),
    (2005, "2005-03-27"),
    (2008, "2008-03-23"),
    (2011, "2011-04-24"),
    (2013, "2013-03-31"),
    (2014, "2014-04-20"),
    (2019, "2019-04-21"),
    (2024, "2024-03-31"),
    (2025, "2025-04-20"),
    (2038, "2038-04-25"),
    (2049, "2049-04-18"),
    (2285, "2285-03-22"),
]


@pytest.mark.parametrize(("year", "expected"), EASTER, ids=[str(y) for y, _ in EASTER])
def test_easter_sunday(year, expected):
    easter = easter_sunday(year)
    assert easter == D(expected)
    assert weekday(easter) == "Sun"


# --- Public holidays (lag 1989:253) --------------------------------------------------

HOLIDAYS = [
    # fixed
    ("2013-01-01", "nyårsdagen", "Tue"),
    ("2013-01-06", "trettondedag jul", "Sun"),
    ("2025-01-06", "trettondedag jul", "Mon"),
    ("2025-05-01", "första maj", "Thu"),
    ("2013-12-25", "juldagen", "Wed"),
    ("2013-12-26", "annandag jul", "Thu"),
    # moving with Easter
    ("2013-03-29", "långfredagen", "Fri"),
    ("2013-03-31", "påskdagen", "Sun"),
    ("2013-04-01", "annandag påsk", "Mon"),
    ("2013-05-09", "Kristi himmelsfärdsdag", "Thu"),
    ("2013-05-19", "pingstdagen", "Sun"),
    ("2014-04-18", "långfredagen", "Fri"),
    ("2014-04-21", "annandag påsk", "Mon"),
    ("2014-05-29", "Kristi himmelsfärdsdag", "Thu"),
    ("2014-06-08", "pingstdagen", "Sun"),
    ("2019-04-19", "långfredagen", "Fri"),
    ("2019-05-30", "Kristi himmelsfärdsdag", "Thu"),
    ("2024-03-29", "långfredagen", "Fri"),
    ("2024-04-01", "annandag påsk", "Mon"),
    ("2024-05-09", "Kristi himmelsfärdsdag", "Thu"),
    ("2025-04-18", "långfredagen", "Fri"),
    ("2025-04-21", "annandag påsk", "Mon"),
    ("2025-05-29", "Kristi himmelsfärdsdag", "Thu"),
    ("2025-06-08", "pingstdagen", "Sun"),
    ("2038-04-23", "långfredagen", "Fri"),
    ("2038-06-03", "Kristi himmelsfärdsdag", "Thu"),
    ("2038-06-13", "pingstdagen", "Sun"),
    # the Saturday 20–26 June and the Saturday 31 Oct – 6 Nov
    ("2013-06-22", "midsommardagen", "Sat"),
    ("2015-06-20", "midsommardagen", "Sat"),
    ("2024-06-22", "midsommardagen", "Sat"),
    ("2025-06-21", "midsommardagen", "Sat"),
    ("2013-11-02", "alla helgons dag", "Sat"),
    ("2020-10-31", "alla helgons dag", "Sat"),
    ("2024-11-02", "alla helgons dag", "Sat"),
    ("2025-11-01", "alla helgons dag", "Sat"),
    # SFS 2004:1320: annandag pingst until 2004, nationaldagen from 2005
    ("2004-05-31", "annandag pingst", "Mon"),
    ("2005-06-06", "Sveriges nationaldag", "Mon"),
    ("2013-06-06", "Sveriges nationaldag", "Thu"),
    ("2025-06-06", "Sveriges nationaldag", "Fri"),
    # two holidays on one day
    ("2008-05-01", "första maj och Kristi himmelsfärdsdag", "Thu"),
    ("2049-06-06", "pingstdagen och Sveriges nationaldag", "Sun"),
]


@pytest.mark.parametrize(("day", "name", "wd"), HOLIDAYS, ids=[h[0] for h in HOLIDAYS])
def test_public_holiday(day, name, wd):
    d = D(day)
    assert weekday(d) == wd
    assert public_holidays(d.year)[d] == name
    assert is_public_holiday(d)
    assert not is_working_day(d)


NOT_HOLIDAYS = [
    ("2004-06-06", "national day before 2005 (a Sunday, but not as nationaldagen)"),
    ("2003-06-06", "national day before 2005, a Friday"),
    ("2005-05-16", "annandag pingst stopped being a holiday in 2005"),
    ("2013-05-20", "annandag pingst 2013"),
    ("2025-06-09", "annandag pingst 2025"),
    ("2013-06-21", "midsommarafton is not a public holiday"),
    ("2013-12-24", "julafton is not a public holiday"),
    ("2013-12-31", "nyårsafton is not a public holiday"),
    ("2013-03-30", "påskafton"),
    ("2013-11-01", "allhelgonaafton"),
]


@pytest.mark.parametrize(("day", "why"), NOT_HOLIDAYS, ids=[n[0] for n in NOT_HOLIDAYS])
def test_not_in_public_holidays(day, why):
    d = D(day)
    assert d not in public_holidays(d.year), why


@pytest.mark.parametrize("year", [2004, 2005, 2013, 2024, 2025, 2038])
def test_thirteen_holidays_a_year(year):
    holidays = public_holidays(year)
    assert len(holidays) == 13
    assert all(d.year == year for d in holidays)
    assert list(holidays) == sorted(holidays)


def test_coinciding_holidays_make_one_entry():
    assert len(public_holidays(2008)) == 12
    assert len(public_holidays(2049)) == 12


def test_national_day_replaced_annandag_pingst():
    assert "annandag pingst" in public_holidays(2004).values()
    assert "Sveriges nationaldag" not in public_holidays(2004).values()
    assert "annandag pingst" not in public_holidays(2005).values()
    assert "Sveriges nationaldag" in public_holidays(2005).values()


def test_returned_dicts_are_copies():
    public_holidays(2025).clear()
    days_treated_as_holidays(2025).clear()
    assert len(public_holidays(2025)) == 13
    assert len(days_treated_as_holidays(2025)) == 3


# --- Eves treated as holidays (lag 1930:173 2 §) -------------------------------------

EVES = [  # year, midsommarafton (the Friday before midsommardagen)
    (2013, "2013-06-21"),
    (2015, "2015-06-19"),
    (2024, "2024-06-21"),
    (2025, "2025-06-20"),
]


@pytest.mark.parametrize(("year", "midsummer_eve"), EVES, ids=[str(y) for y, _ in EVES])
def test_days_treated_as_holidays(year, midsummer_eve):
    eves = days_treated_as_holidays(year)
    assert eves == {
        D(midsummer_eve): "midsommarafton",
        datetime.date(year, 12, 24): "julafton",
        datetime.date(year, 12, 31): "nyårsafton",
    }
    assert weekday(D(midsummer_eve)) == "Fri"
    assert not any(is_public_holiday(d) for d in eves if d.weekday() != 6)
    assert not any(is_working_day(d) for d in eves)


# --- Working days ----------------------------------------------------------------------

WORKING = [
    ("2013-12-23", True, "Monday before julafton"),
    ("2013-12-24", False, "julafton"),
    ("2013-12-27", True, "Friday after annandag jul"),
    ("2013-12-28", False, "Saturday"),
    ("2013-12-29", False, "Sunday"),
    ("2013-11-01", True, "allhelgonaafton is a working day"),
    ("2024-01-05", True, "trettondagsafton is a working day"),
    ("2013-05-20", True, "annandag pingst after 2004"),
    ("2004-05-31", False, "annandag pingst 2004"),
    ("2003-06-06", True, "national day 2003, a Friday, before it became a holiday"),
    ("2025-06-20", False, "midsommarafton"),
]


@pytest.mark.parametrize(("day", "expected", "why"), WORKING, ids=[w[0] for w in WORKING])
def test_is_working_day(day, expected, why):
    assert is_working_day(D(day)) is expected, why


def test_saturday_is_not_a_public_holiday_but_not_a_working_day():
    saturday = D("2013-10-05")
    assert not is_public_holiday(saturday)
    assert not is_working_day(saturday)
    assert is_public_holiday(D("2013-10-06"))  # every Sunday (lag 1989:253 1 §)


NEXT_WORKING = [
    ("2013-10-23", "2013-10-23"),  # already a working day
    ("2013-12-24", "2013-12-27"),
    ("2013-03-29", "2013-04-02"),  # långfredagen → after annandag påsk
    ("2021-12-31", "2022-01-03"),
]


@pytest.mark.parametrize(("day", "expected"), NEXT_WORKING)
def test_next_working_day_on_or_after(day, expected):
    assert next_working_day_on_or_after(D(day)) == D(expected)


ADD_WORKING = [
    ("2013-12-20", 0, "2013-12-20"),
    ("2013-12-20", 1, "2013-12-23"),  # Friday + 1 → Monday
    ("2013-12-20", 2, "2013-12-27"),  # skips julafton, juldagen, annandag jul
    ("2013-12-23", 3, "2014-01-02"),  # 27 Dec, 30 Dec, then 2 Jan (skips 31 Dec, 1 Jan)
    ("2013-12-27", -1, "2013-12-23"),
    ("2025-04-17", 1, "2025-04-22"),  # skärtorsdagen + 1 → the Tuesday after Easter
]


@pytest.mark.parametrize(("day", "n", "expected"), ADD_WORKING)
def test_add_working_days(day, n, expected):
    assert add_working_days(D(day), n) == D(expected)


# --- Appeal period (KL 13 kap. 5 §, lag 1930:173) ---------------------------------------

APPEALS = [
    # posted, last day, weekday of last day, why
    ("2013-10-02", "2013-10-23", "Wed", "ordinary: D + 21, same weekday"),
    ("2013-12-03", "2013-12-27", "Fri", "ends on julafton; 25 and 26 Dec are holidays"),
    ("2025-03-01", "2025-03-24", "Mon", "ends on a Saturday → Monday"),
    ("2013-10-13", "2013-11-04", "Mon", "ends on a Sunday → Monday"),
    ("2025-03-28", "2025-04-22", "Tue", "ends on långfredagen → after annandag påsk"),
    ("2013-03-08", "2013-04-02", "Tue", "ends on långfredagen 2013"),
    ("2025-05-30", "2025-06-23", "Mon", "ends on midsommarafton → the Monday after"),
    ("2013-05-31", "2013-06-24", "Mon", "ends on midsommarafton 2013"),
    ("2024-12-10", "2025-01-02", "Thu", "ends on nyårsafton → 2 January"),
    ("2013-12-10", "2014-01-02", "Thu", "ends on nyårsafton 2013 → 2 January"),
    ("2021-12-10", "2022-01-03", "Mon", "nyårsafton on a Friday → after the weekend"),
    ("2026-12-10", "2027-01-04", "Mon", "nyårsafton Thursday, nyårsdagen Friday"),
    ("2025-05-08", "2025-05-30", "Fri", "ends on Kristi himmelsfärdsdag → Friday"),
    ("2013-04-18", "2013-05-10", "Fri", "ends on Kristi himmelsfärdsdag 2013"),
    ("2021-12-03", "2021-12-27", "Mon", "julafton on a Friday → Monday 27th"),
    ("2025-12-03", "2025-12-29", "Mon", "julafton Wednesday: five days not working"),
    ("2022-12-03", "2022-12-27", "Tue", "julafton Saturday, annandag jul Monday"),
    ("2025-05-16", "2025-06-09", "Mon", "ends on nationaldagen, a Friday"),
    ("2003-05-16", "2003-06-06", "Fri", "6 June 2003 was not yet a holiday"),
    ("2004-05-10", "2004-06-01", "Tue", "ends on annandag pingst 2004"),
    ("2013-04-29", "2013-05-20", "Mon", "annandag pingst 2013 is a working day"),
    ("2025-04-10", "2025-05-02", "Fri", "ends on första maj"),
    ("2024-12-16", "2025-01-07", "Tue", "ends on trettondedag jul, a Monday"),
    ("2025-10-11", "2025-11-03", "Mon", "ends on alla helgons dag"),
    ("2025-10-10", "2025-10-31", "Fri", "allhelgonaafton is a working day"),
    ("2023-12-15", "2024-01-05", "Fri", "trettondagsafton is a working day"),
]


@pytest.mark.parametrize(("posted", "expected", "wd", "why"), APPEALS, ids=[a[0] for a in APPEALS])
def test_appeal_last_day(posted, expected, wd, why):
    last = appeal_last_day(D(posted))
    assert last == D(expected), why
    assert weekday(last) == wd


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2200, 12, 31)))
def test_appeal_last_day_is_the_first_working_day_from_three_weeks(posted):
    last = appeal_last_day(posted)
    three_weeks = posted + datetime.timedelta(days=21)
    assert three_weeks.weekday() == posted.weekday()  # lag 1930:173 1 §
    assert is_working_day(last)
    assert last >= three_weeks
    day = three_weeks
    while day < last:
        assert not is_working_day(day)
        day += datetime.timedelta(days=1)
    # The longest run of non-working days is five: julafton on a Wednesday (24–28 Dec),
    # or Saturday 22 Dec to annandag jul on a Wednesday.
    assert (last - three_weeks).days <= 5


# --- Notice board and minutes (KL 5 kap. 11 §, 5 kap. 69 §, 8 kap. 12 §) ---------------

POSTING_DEADLINES = [
    ("2013-10-01", "2013-10-03"),  # Tuesday → Thursday
    ("2013-12-19", "2013-12-21"),  # Thursday → Saturday: not moved (see docstring)
    ("2025-06-19", "2025-06-21"),  # → midsommardagen: not moved
    ("2013-12-30", "2014-01-01"),  # → nyårsdagen, across the year: not moved
]


@pytest.mark.parametrize(("approved", "expected"), POSTING_DEADLINES)
def test_posting_deadline(approved, expected):
    assert posting_deadline(D(approved)) == D(expected)


TAKEN_DOWN = [
    ("2013-10-02", "2013-10-24"),  # last day Wed 23 Oct
    ("2013-12-03", "2013-12-28"),  # last day Fri 27 Dec → down on the Saturday
    ("2025-05-30", "2025-06-24"),  # last day Mon 23 June (after midsommar)
    ("2024-12-10", "2025-01-03"),  # last day Thu 2 Jan
]


@pytest.mark.parametrize(("posted", "expected"), TAKEN_DOWN)
def test_posting_taken_down(posted, expected):
    d = D(posted)
    assert posting_taken_down(d) == D(expected)
    assert posting_taken_down(d) == appeal_last_day(d) + datetime.timedelta(days=1)


APPROVAL_DUE = [
    ("2013-11-27", "2013-12-11"),
    ("2013-12-18", "2014-01-01"),  # → nyårsdagen: not moved
    ("2025-12-10", "2025-12-24"),  # → julafton: not moved
    ("2024-02-20", "2024-03-05"),  # across 29 February
]


@pytest.mark.parametrize(("meeting", "expected"), APPROVAL_DUE)
def test_approval_due(meeting, expected):
    assert approval_due(D(meeting)) == D(expected)


ANNOUNCEMENT = [
    ("2013-12-11", "2013-12-04"),  # Wednesday → Wednesday the week before
    ("2025-06-16", "2025-06-09"),
    ("2025-01-07", "2024-12-31"),  # across the year, onto nyårsafton: not moved
    ("2024-03-04", "2024-02-26"),
]


@pytest.mark.parametrize(("meeting", "expected"), ANNOUNCEMENT)
def test_announcement_deadline(meeting, expected):
    d = D(meeting)
    assert announcement_deadline(d) == D(expected)
    assert announcement_deadline(d).weekday() == d.weekday()


def test_reference_chain():
    """A KF meeting through approval, posting and appeal, end to end (2013)."""
    meeting = D("2013-11-27")
    assert announcement_deadline(meeting) == D("2013-11-20")
    approved = approval_due(meeting)
    assert approved == D("2013-12-11")
    posted = posting_deadline(approved)
    assert posted == D("2013-12-13")
    # 13 Dec + 21 = Friday 3 January 2014, a working day
    assert appeal_last_day(posted) == D("2014-01-03")
    assert posting_taken_down(posted) == D("2014-01-04")
