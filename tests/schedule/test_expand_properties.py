"""Property-based tests of schedule expansion (hypothesis, derandomized)."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from quartierboards.content.models import ScheduleEntry
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.schedule.expand import entry_dates, expand_entry, first_date

TZ = ZoneInfo("Europe/Berlin")
NAMES = ["mon", "di", "wed", "do", "freitag", "sat", "so"]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
PROPS = settings(max_examples=100, deadline=None, derandomize=True)

days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))
# A rule's start may lie decades before the window: expansion moves it on by whole periods.
starts = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2028, 12, 31))


def last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def summer_time(day: dt.date) -> bool:
    """EU rule, independent of zoneinfo: CEST from the last Sunday of March to the last Sunday of October."""
    return last_sunday(day.year, 3) <= day < last_sunday(day.year, 10)


@st.composite
def weekly_entries(draw):
    weekdays = sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=3)))
    every = draw(st.integers(1, 4))
    start = draw(starts) if every > 1 or draw(st.booleans()) else None
    until = draw(st.one_of(st.none(), days.filter(lambda d: start is None or d >= start)))
    excluded = draw(st.lists(days, max_size=6))
    hour = draw(st.integers(5, 21))  # not in the 02:00–03:00 gap of the DST switch
    minute = draw(st.sampled_from([0, 15, 30, 45]))
    length = draw(st.integers(15, 120))
    end = dt.datetime(2000, 1, 1, hour, minute) + dt.timedelta(minutes=length)
    fields = {"weekly": [NAMES[d] for d in weekdays], "every": every,
              "time": f"{hour:02d}:{minute:02d}-{end:%H:%M}", "except": excluded}
    if start:
        fields["from"] = start
    if until:
        fields["until"] = until
    return ScheduleEntry.model_validate(fields), set(weekdays)


@st.composite
def windows(draw):
    first = draw(days)
    return first, first + dt.timedelta(days=draw(st.integers(0, 120)))


def expand(entry: ScheduleEntry, first: dt.date, last: dt.date):
    return expand_entry(entry, first, last, tz=TZ, source="q/o", place_ref=None,
                        calendar=HolidayCalendar("DE-NW"), pause_on_holidays=True)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@PROPS
@given(weekly_entries(), windows())
def test_weekly_invariants(drawn, window):
    entry, weekdays = drawn
    first, last = window
    occs = expand(entry, first, last)
    got = [o.start.date() for o in occs]
    assert got == sorted(set(got)), "sorted, no duplicates"
    start_time, end_time = entry.time
    for occ in occs:
        day = occ.start.date()
        assert first <= day <= last
        assert entry.from_ is None or day >= entry.from_
        assert entry.until is None or day <= entry.until
        assert day not in entry.except_
        assert day.weekday() in weekdays
        if entry.every > 1:
            assert ((monday(day) - monday(entry.from_)).days // 7) % entry.every == 0
        # DST-correct local wall-clock time and offset.
        assert occ.start.time() == start_time and occ.end.time() == end_time
        assert occ.start.utcoffset() == dt.timedelta(hours=2 if summer_time(day) else 1)
        assert occ.start.astimezone(dt.UTC).astimezone(TZ).replace(tzinfo=None) == occ.start.replace(tzinfo=None)
        assert occ.cancelled == HolidayCalendar("DE-NW").is_holiday(day)
    # Complete: every matching day of the window is there (brute force).
    lo = max(first, entry.from_) if entry.from_ else first
    hi = min(last, entry.until) if entry.until else last
    expected = []
    day = lo
    while day <= hi:
        in_parity = entry.every == 1 or ((monday(day) - monday(entry.from_)).days // 7) % entry.every == 0
        if day.weekday() in weekdays and in_parity and day not in entry.except_:
            expected.append(day)
        day += dt.timedelta(days=1)
    assert got == expected


@PROPS
@given(st.sampled_from(sorted(ORDINALS)), st.integers(0, 6), windows(), st.lists(days, max_size=4))
def test_monthly_invariants(ordinal, weekday, window, excluded):
    entry = ScheduleEntry.model_validate({"monthly": f"{ordinal} {NAMES[weekday]}", "time": "10:00-11:30",
                                          "except": excluded})
    first, last = window
    got = entry_dates(entry, first, last)
    for day in got:
        assert first <= day <= last and day not in excluded
        assert day.weekday() == weekday
        n = ORDINALS[ordinal]
        length = calendar.monthrange(day.year, day.month)[1]
        if n > 0:
            assert (day.day - 1) // 7 + 1 == n
        else:
            assert day.day + 7 > length
    # At most one per month, and one in every month fully inside the window (except excluded).
    months = [(d.year, d.month) for d in got]
    assert len(months) == len(set(months))


@PROPS
@given(st.lists(days, min_size=1, max_size=8), windows(), st.lists(days, max_size=4))
def test_one_off_dates(listed, window, excluded):
    entry = ScheduleEntry.model_validate({"dates": listed, "time": "09:00-10:00", "except": excluded})
    first, last = window
    occs = expand(entry, first, last)
    assert [o.start.date() for o in occs] == sorted({d for d in listed if first <= d <= last} - set(excluded))
    assert not any(o.cancelled for o in occs), "one-off dates always take place"


@PROPS
@given(st.one_of(weekly_entries().map(lambda drawn: drawn[0]),
                 st.builds(lambda ordinal, day, excluded: ScheduleEntry.model_validate(
                     {"monthly": f"{ordinal} {NAMES[day]}", "time": "10:00-11:30", "except": excluded}),
                     st.sampled_from(sorted(ORDINALS)), st.integers(0, 6), st.lists(days, max_size=4)),
                 st.builds(lambda listed, excluded: ScheduleEntry.model_validate(
                     {"dates": listed, "time": "09:00-10:00", "except": excluded}),
                     st.lists(days, min_size=1, max_size=8), st.lists(days, max_size=4))),
       windows())
def test_first_date_is_the_first_of_the_expansion(entry, window):
    first, last = window
    dates = entry_dates(entry, first, last)
    assert first_date(entry, first, last) == (dates[0] if dates else None)
