"""Expand schedule entries into dated, timezone-aware occurrences with python-dateutil.

Recurrence comes from ``dateutil.rrule``; no weekday arithmetic by hand. Local
dates and times are combined with the site's ``zoneinfo`` zone, so a Tuesday
16:00 stays 16:00 local time across the DST switch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from dateutil import rrule as rr

from quartierboards.content.closures import Closure
from quartierboards.content.fields import ORDINALS, parse_weekday
from quartierboards.content.models import ScheduleEntry
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.memo import IdentityMemo
from quartierboards.schedule.pauses import NO_PAUSES, Pauses

_WEEKDAYS = (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR, rr.SA, rr.SU)
# Recurrences without a 'from' need a fixed anchor so that INTERVAL parity does not
# depend on the build date. A Monday, so week-based rules count from a week start.
EPOCH = dt.date(2000, 1, 3)


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a schedule entry."""

    start: dt.datetime
    end: dt.datetime
    source: str  # offer ref "<quarter>/<offer>", or another owner key
    place_ref: str | None = None
    holiday: str | None = None  # name of the public holiday that pauses it
    # the closure that pauses it (Sommerferien, Betriebsferien); its reason is translatable text
    closure: Closure | None = field(default=None, compare=False)

    @property
    def cancelled(self) -> bool:
        """Paused by a public holiday or a closure."""
        return self.holiday is not None or self.closure is not None

    @property
    def ident(self) -> str:
        """The occurrence as a name that is the same in every build: whose, when, where, whether paused.

        With its owner's content (the closure's reason, the offer's words) it names all
        that a week plan shows of it: the name of a kept fragment (``{% keep %}``).
        """
        paused = self.holiday or ("closure" if self.closure is not None else "")
        return f"{self.source}@{self.start.isoformat()}/{self.end.isoformat()}@{self.place_ref or ''}@{paused}"


def rule_for(entry: ScheduleEntry) -> rr.rrule | None:
    """The dateutil rule of a recurring entry (``None`` for date/dates)."""
    start = entry.from_ or EPOCH
    dtstart = dt.datetime.combine(start, dt.time())
    until = dt.datetime.combine(entry.until, dt.time()) if entry.until else None
    if entry.weekly:
        return rr.rrule(rr.WEEKLY, interval=entry.every, byweekday=[_WEEKDAYS[d] for d in entry.weekly],
                        dtstart=dtstart, until=until, wkst=rr.MO, cache=False)
    if entry.monthly:
        ordinal, day = entry.monthly.lower().split()
        nth = _WEEKDAYS[parse_weekday(day)](ORDINALS[ordinal])
        return rr.rrule(rr.MONTHLY, byweekday=nth, dtstart=dtstart, until=until)
    if entry.rrule:
        rule = rr.rrulestr(entry.rrule, dtstart=dtstart)
        return rule.replace(until=until) if until else rule
    return None


def _parity_free(entry: ScheduleEntry, rule: rr.rrule) -> bool:
    """Whether the rule's occurrences do not depend on its start (interval 1, no count)."""
    if entry.weekly:
        return entry.every == 1
    return getattr(rule, "_interval", 1) == 1


# Calendars of all languages expand the same entries over the same window.
# The entries are validated models, the same objects from build to build in `serve` (parse cache).
_DATES: IdentityMemo[list[dt.date]] = IdentityMemo(200_000, across_builds=True)


def entry_dates(entry: ScheduleEntry, first: dt.date, last: dt.date) -> list[dt.date]:
    """Dates of *entry* within ``[first, last]``, honouring from/until/except."""
    return list(_DATES.get(entry, (first, last), lambda: _entry_dates(entry, first, last)))


def _entry_dates(entry: ScheduleEntry, first: dt.date, last: dt.date) -> list[dt.date]:
    lo, hi = _window(entry, first, last)
    if lo > hi:
        return []
    rule = rule_for(entry)
    if rule is not None:
        rule = _started_near(entry, rule, lo)
        days = [d.date() for d in rule.between(dt.datetime.combine(lo, dt.time()),
                                               dt.datetime.combine(hi, dt.time()), inc=True)]
    else:
        days = [d for d in _listed_days(entry) if lo <= d <= hi]
    excluded = set(entry.except_)
    return [d for d in days if d not in excluded]


def _window(entry: ScheduleEntry, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """``[first, last]`` narrowed to the entry's ``from`` and ``until``."""
    return (max(first, entry.from_) if entry.from_ else first, min(last, entry.until) if entry.until else last)


def _listed_days(entry: ScheduleEntry) -> list[dt.date]:
    """The days of a one-off entry (``date``, ``dates``), sorted."""
    return sorted(set(entry.dates or []) | ({entry.date} if entry.date else set()))


def first_date(entry: ScheduleEntry, first: dt.date, last: dt.date) -> dt.date | None:
    """The first date of *entry* within ``[first, last]`` (``None`` if it has none), as :func:`entry_dates` gives.

    For a lint that asks only whether an entry still has a date: it stops at the first
    one instead of listing two years of them (and keeps no list in the memo).
    """
    lo, hi = _window(entry, first, last)
    excluded = set(entry.except_)
    rule = rule_for(entry)
    if rule is None:
        return next((d for d in _listed_days(entry) if lo <= d <= hi and d not in excluded), None)
    if lo > hi:
        return None
    for found in _started_near(entry, rule, lo).xafter(dt.datetime.combine(lo, dt.time()), inc=True):
        if found.date() > hi:
            return None
        if found.date() not in excluded:
            return found.date()
    return None


def _started_near(entry: ScheduleEntry, rule: rr.rrule, lo: dt.date) -> rr.rrule:
    """*rule* with the same dates from *lo* on, started shortly before *lo*.

    dateutil iterates a rule from its start: one anchored at its ``from`` date or the
    epoch went through 25 years of dates for every window. A weekly rule repeats every
    ``every`` weeks, so its start moves on by whole periods (and stays more than a period
    before *lo*: its first week is cut at the start's weekday); a rule without an
    interval starts at the window's month.
    """
    if entry.weekly:
        start = entry.from_ or EPOCH
        period = 7 * entry.every
        skip = ((lo - start).days // period - 1) * period
        if skip > 0:
            return rule.replace(dtstart=dt.datetime.combine(start + dt.timedelta(days=skip), dt.time()))
        return rule
    if not entry.from_ and _parity_free(entry, rule):
        return rule.replace(dtstart=dt.datetime.combine(lo.replace(day=1), dt.time()))
    return rule


def localize(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """Local wall-clock *time* on *day* in *tz* (DST-correct)."""
    return dt.datetime.combine(day, time, tzinfo=tz)


def expand_entry(
    entry: ScheduleEntry,
    first: dt.date,
    last: dt.date,
    *,
    tz: ZoneInfo,
    source: str,
    place_ref: str | None,
    calendar: HolidayCalendar,
    pause_on_holidays: bool,
    pauses: Pauses = NO_PAUSES,
    only: Pauses | None = None,
) -> list[Occurrence]:
    """Occurrences of one entry in ``[first, last]``.

    Recurring ones on public holidays (with *pause_on_holidays*) and in *pauses* are
    marked paused; with *only* (a holiday programme), recurring ones outside its days
    are left out. One-off dates are taken as written.
    """
    start_time, end_time = entry.time
    # A range like 20:00-01:00 ends on the next day; the occurrence belongs to its start day.
    overnight = dt.timedelta(days=1 if end_time <= start_time else 0)
    recurring = entry.recurring
    result = []
    for day in entry_dates(entry, first, last):
        if recurring and only is not None and only.on(day) is None:
            continue
        holiday = calendar.name(day) if pause_on_holidays and recurring else None
        closure = pauses.on(day) if recurring and pauses else None
        result.append(Occurrence(localize(day, start_time, tz), localize(day + overnight, end_time, tz),
                                 source, place_ref, holiday, closure))
    return result
