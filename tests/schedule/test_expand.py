"""Schedule expansion: DST, holidays, monthly rules, every-n parity, except, from/until, weekday names."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from quartierboards.content.fields import parse_weekday
from quartierboards.content.models import ScheduleEntry
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.render.view import iso_minutes
from quartierboards.schedule.expand import entry_dates, expand_entry

TZ = ZoneInfo("Europe/Berlin")
NW = HolidayCalendar("DE-NW")
D = dt.date


def entry(**fields) -> ScheduleEntry:
    fields.setdefault("time", "16:00-18:00")
    return ScheduleEntry.model_validate(fields)


def dates(first: dt.date, last: dt.date, **fields) -> list[dt.date]:
    return entry_dates(entry(**fields), first, last)


def expand(first: dt.date, last: dt.date, *, keep: bool = False, **fields):
    return expand_entry(entry(**fields), first, last, tz=TZ, source="q/o", place_ref=None,
                        calendar=NW, pause_on_holidays=not keep)


@pytest.mark.parametrize("first,last,expected", [
    # DST starts Sunday 2026-03-29: Tuesday before in CET, Tuesday after in CEST.
    (D(2026, 3, 23), D(2026, 4, 5), ["2026-03-24T16:00+01:00", "2026-03-31T16:00+02:00"]),
    # DST ends Sunday 2026-10-25.
    (D(2026, 10, 19), D(2026, 11, 1), ["2026-10-20T16:00+02:00", "2026-10-27T16:00+01:00"]),
])
def test_dst_weeks_keep_local_time(first, last, expected):
    occs = expand(first, last, weekly="tue")
    assert [iso_minutes(o.start) for o in occs] == expected
    for occ in occs:
        assert (occ.start.hour, occ.start.minute) == (16, 0)
        assert occ.end - occ.start == dt.timedelta(hours=2)
        # Same instant when converted through UTC: a real, unambiguous local time.
        assert occ.start.astimezone(dt.UTC).astimezone(TZ).hour == 16
    assert occs[0].start.utcoffset() != occs[1].start.utcoffset()


def test_dst_sunday_itself():
    spring, autumn = expand(D(2026, 3, 29), D(2026, 3, 29), weekly="sun"), \
        expand(D(2026, 10, 25), D(2026, 10, 25), weekly="sun")
    assert iso_minutes(spring[0].start) == "2026-03-29T16:00+02:00"
    assert iso_minutes(autumn[0].start) == "2026-10-25T16:00+01:00"


def test_holiday_pauses_weekly_friday():
    occs = expand(D(2026, 12, 21), D(2026, 12, 27), weekly="fri", time="15:00-17:00")
    assert len(occs) == 1
    assert occs[0].start.date() == D(2026, 12, 25)
    assert occs[0].cancelled
    assert occs[0].holiday == NW.name(D(2026, 12, 25))


def test_holidays_keep():
    occs = expand(D(2026, 12, 21), D(2026, 12, 27), keep=True, weekly="fri")
    assert [o.cancelled for o in occs] == [False]


@pytest.mark.parametrize("fields", [{"date": "2026-12-25"}, {"dates": ["2026-12-24", "2026-12-25"]}])
def test_one_off_dates_are_never_paused(fields):
    occs = expand(D(2026, 12, 21), D(2026, 12, 27), **fields)
    assert occs and not any(o.cancelled for o in occs)


def test_holiday_pauses_monthly_too():
    # 2027-01-01 (New Year) is the first Friday of January.
    occs = expand(D(2027, 1, 1), D(2027, 1, 31), monthly="first fri")
    assert [(o.start.date(), o.cancelled) for o in occs] == [(D(2027, 1, 1), True)]


def test_region_without_holidays():
    occ = expand_entry(entry(weekly="fri"), D(2026, 12, 25), D(2026, 12, 25), tz=TZ, source="q/o",
                       place_ref=None, calendar=HolidayCalendar(None), pause_on_holidays=True)
    assert not occ[0].cancelled


def test_corpus_christi_is_a_holiday_in_nrw_only():
    assert HolidayCalendar("DE-NW").is_holiday(D(2026, 6, 4))
    assert not HolidayCalendar("DE-BE").is_holiday(D(2026, 6, 4))


@pytest.mark.parametrize("rule,first,last,expected", [
    ("last fri", D(2026, 12, 1), D(2027, 2, 28), [D(2026, 12, 25), D(2027, 1, 29), D(2027, 2, 26)]),
    # July 2026 starts on a Wednesday and has five of them.
    ("first wed", D(2026, 7, 1), D(2026, 7, 31), [D(2026, 7, 1)]),
    ("last wed", D(2026, 7, 1), D(2026, 7, 31), [D(2026, 7, 29)]),
    ("fourth wed", D(2026, 7, 1), D(2026, 7, 31), [D(2026, 7, 22)]),
    # October 2026 starts on a Thursday.
    ("first wed", D(2026, 10, 1), D(2026, 10, 31), [D(2026, 10, 7)]),
    ("first wed", D(2026, 11, 30), D(2027, 1, 31), [D(2026, 12, 2), D(2027, 1, 6)]),
    ("second sat", D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 12)]),
    ("erster mi", D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 2)]),
    ("letzten Freitag", D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 25)]),
])
def test_monthly(rule, first, last, expected):
    assert dates(first, last, monthly=rule) == expected


def test_every_two_weeks_counts_from_from():
    fields = {"weekly": "tue", "every": 2, "from": "2026-11-03"}
    assert dates(D(2026, 11, 1), D(2026, 12, 31), **fields) == [
        D(2026, 11, 3), D(2026, 11, 17), D(2026, 12, 1), D(2026, 12, 15), D(2026, 12, 29)]
    # The window does not shift the parity.
    assert dates(D(2026, 12, 8), D(2026, 12, 31), **fields) == [D(2026, 12, 15), D(2026, 12, 29)]
    assert dates(D(2026, 12, 2), D(2026, 12, 15), **fields) == [D(2026, 12, 15)]


def test_every_two_weeks_from_midweek():
    # 'from' on a Thursday: its week counts, but Tuesday of that week is before 'from'.
    assert dates(D(2026, 11, 1), D(2026, 12, 6), weekly=["tue", "thu"], every=2, **{"from": "2026-11-05"}) == [
        D(2026, 11, 5), D(2026, 11, 17), D(2026, 11, 19), D(2026, 12, 1), D(2026, 12, 3)]


def test_every_three_weeks():
    got = dates(D(2026, 1, 1), D(2026, 3, 31), weekly="mon", every=3, **{"from": "2026-01-05"})
    assert got == [D(2026, 1, 5), D(2026, 1, 26), D(2026, 2, 16), D(2026, 3, 9), D(2026, 3, 30)]


def test_except_dates():
    got = dates(D(2026, 12, 1), D(2026, 12, 31), weekly="fri", **{"except": ["2026-12-11", "2026-12-18"]})
    assert got == [D(2026, 12, 4), D(2026, 12, 25)]
    got = dates(D(2026, 12, 1), D(2026, 12, 31), dates=["2026-12-05", "2026-12-06"], **{"except": ["2026-12-06"]})
    assert got == [D(2026, 12, 5)]


def test_from_until_inclusive():
    got = dates(D(2026, 11, 1), D(2026, 12, 31), weekly="fri", **{"from": "2026-12-04", "until": "2026-12-18"})
    assert got == [D(2026, 12, 4), D(2026, 12, 11), D(2026, 12, 18)]
    assert dates(D(2026, 11, 1), D(2026, 11, 30), weekly="fri", **{"from": "2026-12-04"}) == []
    assert dates(D(2027, 1, 1), D(2027, 1, 31), weekly="fri", until="2026-12-31") == []
    assert dates(D(2026, 12, 1), D(2026, 12, 31), date="2026-12-05", until="2026-12-04") == []


def test_dates_outside_window_are_dropped():
    assert dates(D(2026, 12, 7), D(2026, 12, 13), dates=["2026-12-05", "2026-12-12", "2026-12-19"]) == [
        D(2026, 12, 12)]


def test_rrule_power_users():
    assert dates(D(2026, 12, 1), D(2027, 1, 31), rrule="FREQ=MONTHLY;BYDAY=2SA") == [
        D(2026, 12, 12), D(2027, 1, 9)]


@pytest.mark.parametrize("name,index", [
    ("mon", 0), ("Monday", 0), ("mo", 0), ("Montag", 0), ("di", 1), ("Dienstag", 1), ("tue", 1),
    ("mi", 2), ("Mittwoch", 2), ("do", 3), ("Do.", 3), ("donnerstag", 3), ("fr", 4), ("Freitag", 4),
    ("sa", 5), ("Samstag", 5), ("Sonnabend", 5), ("so", 6), ("Sonntag", 6), ("SUN", 6),
])
def test_weekday_names(name, index):
    assert parse_weekday(name) == index


def test_german_weekdays_in_entries():
    got = dates(D(2026, 11, 30), D(2026, 12, 6), weekly=["di", "Donnerstag", "so"])
    assert got == [D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 6)]


def test_weekly_list_deduplicates():
    assert entry(weekly=["tue", "di", "Dienstag"]).weekly == [1]


def test_past_midnight_ends_on_the_next_day_and_belongs_to_its_start_day():
    """20:00-01:00 is accepted; the occurrence starts Friday and ends Saturday 01:00."""
    (occ,) = expand(D(2026, 12, 4), D(2026, 12, 4), weekly="fri", time="20:00-01:00")
    assert iso_minutes(occ.start) == "2026-12-04T20:00+01:00"
    assert iso_minutes(occ.end) == "2026-12-05T01:00+01:00"


def test_an_empty_time_range_is_still_refused():
    with pytest.raises(ValueError, match="not after start"):
        entry(weekly="fri", time="20:00-20:00")
