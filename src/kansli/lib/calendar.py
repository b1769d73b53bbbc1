"""The legal calendar: Swedish public holidays and the periods of the Local Government Act.

Standard library only; no Django, no Kansli imports. Every rule names the law it comes
from. See docs/legal-calendar.md.

Laws:

- lag (1989:253) om allmänna helgdagar: which days are public holidays (in force
  1990-01-01; amended by SFS 2004:1320, in force 2005-04-01: nationaldagen became a
  holiday and annandag pingst stopped being one).
- lag (1930:173) om beräkning av lagstadgad tid: 1 § a period of weeks ends on the same
  weekday as the day it is counted from; 2 § if the last day of a statutory period falls
  on a Sunday, another public holiday, a Saturday, midsommarafton, julafton or
  nyårsafton, the act may be done on the next working day (*vardag*). That wording dates
  from SFS 1987:1212; earlier versions differed.
- kommunallagen (2017:725), KL: the notice board, the minutes and the appeal period.
  The 2013 reference case falls under the earlier kommunallagen (1991:900), whose
  appeal and notice-board periods were, as far as we know, the same in substance.

Dates before 1990 are computed with today's rules, which is not what the law then said.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

__all__ = [
    "add_working_days",
    "announcement_deadline",
    "appeal_last_day",
    "approval_due",
    "days_treated_as_holidays",
    "easter_sunday",
    "is_public_holiday",
    "is_working_day",
    "next_working_day_on_or_after",
    "posting_deadline",
    "posting_taken_down",
    "public_holidays",
]

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5
SUNDAY = 6

#: lag (1930:173) 1 §: three weeks counted from a day end on the same weekday.
APPEAL_PERIOD = datetime.timedelta(weeks=3)
#: SFS 2004:1320 (in force 2005-04-01): nationaldagen replaces annandag pingst. Both
#: fall after 1 April, so the change applies to the whole of 2005.
NATIONAL_DAY_FROM_YEAR = 2005


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday (påskdagen) of ``year`` in the Gregorian calendar.

    lag (1989:253) 2 § defines påskdagen as the Sunday after the (ecclesiastical) full
    moon on or after 21 March, which is the Gregorian computus. This is the anonymous
    Gregorian algorithm (Meeus/Jones/Butcher).
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _saturday_on_or_after(d: datetime.date) -> datetime.date:
    return d + datetime.timedelta(days=(SATURDAY - d.weekday()) % 7)


def _midsummer_day(year: int) -> datetime.date:
    """Midsommardagen: the Saturday in 20–26 June (lag 1989:253 2 §)."""
    return _saturday_on_or_after(datetime.date(year, 6, 20))


def _add(days: dict[datetime.date, str], d: datetime.date, name: str) -> None:
    # Two holidays can fall on one day (första maj and Kristi himmelsfärdsdag in 2008,
    # pingstdagen and nationaldagen in 2049): keep both names.
    days[d] = f"{days[d]} och {name}" if d in days else name


@lru_cache(maxsize=512)
def _public_holidays(year: int) -> Mapping[datetime.date, str]:
    date = datetime.date
    easter = easter_sunday(year)
    days: dict[date, str] = {}
    _add(days, date(year, 1, 1), "nyårsdagen")
    _add(days, date(year, 1, 6), "trettondedag jul")
    _add(days, easter - 2 * ONE_DAY, "långfredagen")
    _add(days, easter, "påskdagen")
    _add(days, easter + ONE_DAY, "annandag påsk")
    _add(days, date(year, 5, 1), "första maj")
    _add(days, easter + 39 * ONE_DAY, "Kristi himmelsfärdsdag")
    _add(days, easter + 49 * ONE_DAY, "pingstdagen")
    if year >= NATIONAL_DAY_FROM_YEAR:
        _add(days, date(year, 6, 6), "Sveriges nationaldag")
    else:
        _add(days, easter + 50 * ONE_DAY, "annandag pingst")
    _add(days, _midsummer_day(year), "midsommardagen")
    _add(days, _saturday_on_or_after(date(year, 10, 31)), "alla helgons dag")
    _add(days, date(year, 12, 25), "juldagen")
    _add(days, date(year, 12, 26), "annandag jul")
    return MappingProxyType(dict(sorted(days.items())))


def public_holidays(year: int) -> dict[datetime.date, str]:
    """The public holidays (*allmänna helgdagar*) of ``year``, date → Swedish name.

    lag (1989:253) om allmänna helgdagar 1–2 §§: nyårsdagen 1 Jan, trettondedag jul
    6 Jan, långfredagen (Friday before Easter), påskdagen, annandag påsk (Monday after),
    första maj, Kristi himmelsfärdsdag (sixth Thursday after Easter, Easter + 39),
    pingstdagen (seventh Sunday after Easter, Easter + 49), nationaldagen 6 June,
    midsommardagen (the Saturday 20–26 June), alla helgons dag (the Saturday
    31 Oct – 6 Nov), juldagen 25 Dec and annandag jul 26 Dec.

    Before 2005 annandag pingst (Easter + 50) was a holiday and nationaldagen was not
    (SFS 2004:1320). Every Sunday is a public holiday too (1 §); Sundays are left out
    here except those with a name of their own, and :func:`is_working_day` handles them.
    When two holidays fall on the same day the name holds both ("första maj och Kristi
    himmelsfärdsdag").
    """
    return dict(_public_holidays(year))


@lru_cache(maxsize=512)
def _days_treated_as_holidays(year: int) -> Mapping[datetime.date, str]:
    return MappingProxyType(
        {
            _midsummer_day(year) - ONE_DAY: "midsommarafton",
            datetime.date(year, 12, 24): "julafton",
            datetime.date(year, 12, 31): "nyårsafton",
        }
    )


def days_treated_as_holidays(year: int) -> dict[datetime.date, str]:
    """Midsommarafton, julafton and nyårsafton of ``year``, date → Swedish name.

    They are not public holidays, but lag (1930:173) om beräkning av lagstadgad tid 2 §
    treats them like one when a statutory period ends on them. Other eves (påskafton,
    trettondagsafton, allhelgonaafton) are not named there: påskafton and
    pingstafton are Saturdays anyway, the others are ordinary working days.
    Midsommarafton is the Friday before midsommardagen.
    """
    return dict(_days_treated_as_holidays(year))


def is_public_holiday(d: datetime.date) -> bool:
    """Whether ``d`` is an *allmän helgdag*: a Sunday or a day in :func:`public_holidays`
    (lag 1989:253 1 §)."""
    return d.weekday() == SUNDAY or d in _public_holidays(d.year)


def is_working_day(d: datetime.date) -> bool:
    """Whether ``d`` is a working day (*vardag*) in the sense of lag (1930:173) 2 §.

    Not a working day: Saturday, Sunday, a public holiday (lag 1989:253), midsommarafton,
    julafton or nyårsafton.
    """
    return (
        d.weekday() < SATURDAY
        and d not in _public_holidays(d.year)
        and d not in _days_treated_as_holidays(d.year)
    )


def next_working_day_on_or_after(d: datetime.date) -> datetime.date:
    """``d`` itself if it is a working day, else the first working day after it.

    This is the move of lag (1930:173) 2 §: a last day that is not a working day is
    replaced by the next working day (*nästa vardag*).
    """
    while not is_working_day(d):
        d += ONE_DAY
    return d


def add_working_days(d: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``d`` (before ``d`` if ``n`` is negative).

    ``d`` itself is never counted; ``n == 0`` gives ``d`` unchanged. For internal
    deadlines counted in working days (*arbetsdagar*); no statute in this module
    counts that way.
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    for _ in range(abs(n)):
        d += step
        while not is_working_day(d):
            d += step
    return d


def appeal_last_day(posted: datetime.date) -> datetime.date:
    """The last day an appeal (*laglighetsprövning*) may arrive at the court.

    KL 13 kap. 5 §: the appeal must have arrived within three weeks from the day it was
    announced on the notice board that the minutes were approved. lag (1930:173) 1 §:
    three weeks from day D end on the same weekday, D + 21 days. lag (1930:173) 2 §: if
    that day is a Saturday, Sunday, public holiday, midsommarafton, julafton or
    nyårsafton, the period ends on the next working day.

    Example: posted Tuesday 2013-12-03 → Tuesday 2013-12-24 is julafton, 25 and 26
    December are holidays → the last day is Friday 2013-12-27.
    """
    return next_working_day_on_or_after(posted + APPEAL_PERIOD)


def posting_deadline(approved: datetime.date) -> datetime.date:
    """The last day to post the approval of the minutes on the notice board.

    KL 8 kap. 12 §: the approval is announced on the notice board no later than the
    second day after the approval: ``approved`` + 2 calendar days.

    This date is *not* moved by lag (1930:173) 2 §, on purpose. That section would let
    the organisation post on the next working day when the second day is a weekend or
    holiday; but it is a permission, not a duty, and Kansli shows the duty that can
    always be kept: the notice board is digital (KL 8 kap. 9 §) and can be updated on
    any day, a posting made earlier than the law requires harms no one, and a secretary
    reminded of the strict date never breaks the rule. Relying on the later date is a
    legal judgement the organisation can still make itself.
    """
    return approved + 2 * ONE_DAY


def posting_taken_down(posted: datetime.date) -> datetime.date:
    """The first day the approval posted on ``posted`` may be taken down.

    KL 8 kap. 12 §: the announcement stays on the notice board until the appeal period
    has run out. An appeal arriving on :func:`appeal_last_day` is in time, so the period
    has run out at the end of that day and the posting comes down the day after (which
    may itself be a weekend or holiday: taking a posting down is not an act that
    lag 1930:173 moves).
    """
    return appeal_last_day(posted) + ONE_DAY


def approval_due(meeting_day: datetime.date) -> datetime.date:
    """The last day to approve (*justera*) the minutes of a meeting.

    KL 5 kap. 69 §: minutes are approved no later than 14 days after the meeting:
    ``meeting_day`` + 14 calendar days. Urgent paragraphs may be approved at once
    (*omedelbar justering*), which this date does not model. Like
    :func:`posting_deadline`, a duty of the organisation that Kansli does not move by
    lag (1930:173).
    """
    return meeting_day + 14 * ONE_DAY


def announcement_deadline(meeting_day: datetime.date) -> datetime.date:
    """The last day to announce a council (KF) meeting on the notice board.

    KL 5 kap. 11 §: the chair of the council sees to it that the meeting is announced on
    the notice board at least one week before the meeting day: ``meeting_day`` − 7 days
    (the same weekday the week before, lag 1930:173 1 §). A period counted backwards
    from the meeting is never moved by lag (1930:173) 2 §: moving it later would shorten
    the notice the law requires. The council's own rules of procedure
    (*arbetsordning*) often ask for earlier notice; that is for the organisation to set.
    """
    return meeting_day - 7 * ONE_DAY
