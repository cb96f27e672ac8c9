"""Week plans: which occurrences fall on which day of a dated week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from quartierboards.content.models import ScheduleEntry
from quartierboards.content.structure import Offer, Place, Quarter, Site, full_place_ref
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.schedule.expand import Occurrence, expand_entry
from quartierboards.schedule.pauses import offer_pauses, office_hours_pauses, opening_hours_pauses


@dataclass
class Day:
    """One day of a week plan."""

    date: dt.date
    holiday: str | None
    items: list[Occurrence] = field(default_factory=list)


class QuarterOccurrences:
    """A quarter's occurrences in its planned weeks, by day, expanded on first use.

    Planning is lazy because most builds render the pages of few quarters: the
    weeks of a quarter whose pages are all taken over are never expanded.
    """

    def __init__(self, site: Site, quarter: Quarter, first: dt.date, last: dt.date):
        self._site, self._quarter, self._first, self._last = site, quarter, first, last
        self.calendar = HolidayCalendar(site.config.holidays)
        self._by_day: dict[dt.date, list[Occurrence]] | None = None

    def on(self, day: dt.date) -> list[Occurrence]:
        """The occurrences on *day*, in order."""
        if self._by_day is None:
            tz = ZoneInfo(self._site.config.timezone)
            occurrences: list[Occurrence] = []
            for offer in self._quarter.offers.values():
                occurrences += offer_occurrences(self._site, offer, self._first, self._last, tz, self.calendar)
            occurrences += office_hours_occurrences(self._site, self._quarter, self._first, self._last, tz,
                                                    self.calendar)
            occurrences += opening_hours_occurrences(self._site, self._quarter, self._first, self._last, tz,
                                                     self.calendar)
            occurrences.sort(key=lambda o: (o.start, o.end, o.source))
            self._by_day = {}
            for occ in occurrences:
                self._by_day.setdefault(occ.start.date(), []).append(occ)
        return self._by_day.get(day, [])

    def after(self, offer: Offer, limit: int, horizon_days: int = 366) -> list[Occurrence]:
        """The first *limit* occurrences of *offer* after the planned weeks, up to a year ahead.

        For offer pages whose next date lies beyond the weeks shown (a monthly
        meeting, a date in spring): a resident still sees when it is next.
        """
        tz = ZoneInfo(self._site.config.timezone)
        last = self._first + dt.timedelta(days=horizon_days)
        return offer_occurrences(self._site, offer, self._last + dt.timedelta(days=1), last, tz, self.calendar)[:limit]


@dataclass(eq=False)
class Week:
    """A dated week of one quarter, starting on the site's week start."""

    start: dt.date
    source: QuarterOccurrences = field(repr=False)

    @cached_property
    def days(self) -> list[Day]:
        """Its seven days with their occurrences and holidays."""
        days = [self.start + dt.timedelta(days=i) for i in range(7)]
        return [Day(day, self.source.calendar.name(day), self.source.on(day)) for day in days]

    @property
    def label(self) -> str:
        """``2026-W49``: the ISO week (also the URL folder of the week page)."""
        year, week, _ = (self.start + dt.timedelta(days=3)).isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def end(self) -> dt.date:
        """Last day of the week."""
        return self.start + dt.timedelta(days=6)

    @property
    def occurrences(self) -> list[Occurrence]:
        """All occurrences of the week in order."""
        return [o for d in self.days for o in d.items]


def week_start(day: dt.date, first_weekday: int = 0) -> dt.date:
    """The first day of the week that contains *day* (weeks start on *first_weekday*, 0 = Monday)."""
    return day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)


def print_day(site: Site, today: dt.date) -> dt.date:
    """The day the print products are made as of: the first day of *today*'s week.

    A flyer shows the regular week, not dates, and hangs for weeks. Made as of the
    week's first day, it changes when what it shows changes or a new week begins,
    not with every daily build: the same bytes all week, for the print shop too, and
    a daily build renders no PDF from Tuesday to Sunday (1,000 PDFs, 70 s, at 100 quarters).
    """
    return week_start(today, site.config.week_start)


def offer_occurrences(site: Site, offer: Offer, first: dt.date, last: dt.date, tz: ZoneInfo,
                      calendar: HolidayCalendar) -> list[Occurrence]:
    """All occurrences of *offer* between *first* and *last* (inclusive), sorted, paused ones marked."""
    result: list[Occurrence] = []
    for entry in offer.data.schedule or []:
        place = entry.place and full_place_ref(entry.place, offer.quarter)
        pauses, only = offer_pauses(site, offer, entry)
        result += expand_entry(entry, first, last, tz=tz, source=offer.ref,
                               place_ref=place or offer.place_ref, calendar=calendar,
                               pause_on_holidays=offer.data.holidays == "skip", pauses=pauses, only=only)
    return sorted(result, key=lambda o: (o.start, o.end, o.source))


# Office hours are entered once, on the quarter's contact; in the week plan they stand
# beside the offers under a source key no offer can have (slugs have no "@").
_CONTACT = "/@contact-"


def office_hours_source(quarter: str, index: int) -> str:
    """The occurrence source of the office hours of contact number *index* of *quarter*."""
    return f"{quarter}{_CONTACT}{index}"


def office_hours_contact(source: str) -> tuple[str, int] | None:
    """``(quarter, contact index)`` of an office-hours source, ``None`` for an offer's."""
    quarter, mark, index = source.partition(_CONTACT)
    return (quarter, int(index)) if mark else None


def office_hours_occurrences(site: Site, quarter: Quarter, first: dt.date, last: dt.date, tz: ZoneInfo,
                             calendar: HolidayCalendar) -> list[Occurrence]:
    """The office hours of *quarter*'s contacts between *first* and *last*, paused on public holidays
    and in closures."""
    result: list[Occurrence] = []
    for index, contact in enumerate(quarter.data.contacts):
        for entry in contact.office_hours:
            result += office_hours_occurrences_of(site, quarter, index, entry, first, last, tz, calendar)
    return sorted(result, key=lambda o: (o.start, o.end, o.source))


def office_hours_occurrences_of(site: Site, quarter: Quarter, index: int, entry: ScheduleEntry, first: dt.date,
                                last: dt.date, tz: ZoneInfo, calendar: HolidayCalendar) -> list[Occurrence]:
    """The occurrences of one office-hours *entry* of contact number *index* (paused on public holidays
    and in closures)."""
    place = entry.place and full_place_ref(entry.place, quarter.slug)
    pauses = office_hours_pauses(site, quarter, quarter.data.contacts[index], entry)
    return expand_entry(entry, first, last, tz=tz, source=office_hours_source(quarter.slug, index),
                        place_ref=place or None, calendar=calendar, pause_on_holidays=True, pauses=pauses)


# A place's opening hours, where it asks for them in the week plan (``in_week_plan: true``).
_PLACE = "/@place-"


def opening_hours_source(quarter: str, place: str) -> str:
    """The occurrence source of the opening hours of *place* of *quarter*."""
    return f"{quarter}{_PLACE}{place}"


def opening_hours_place(source: str) -> str | None:
    """``<quarter>/<place>`` of an opening-hours source, ``None`` for any other."""
    quarter, mark, place = source.partition(_PLACE)
    return f"{quarter}/{place}" if mark else None


def week_plan_places(quarter: Quarter) -> list:
    """The places of *quarter* whose opening hours stand in its week plan, in name order."""
    return [place for _, place in sorted(quarter.places.items()) if place.data.in_week_plan]


def opening_hours_occurrences(site: Site, quarter: Quarter, first: dt.date, last: dt.date, tz: ZoneInfo,
                              calendar: HolidayCalendar) -> list[Occurrence]:
    """The opening hours of *quarter*'s places that are in its week plan, paused on public holidays and in
    closures."""
    result: list[Occurrence] = []
    for place in week_plan_places(quarter):
        for entry in place.data.opening_hours:
            result += opening_hours_occurrences_of(site, quarter, place, entry, first, last, tz, calendar)
    return sorted(result, key=lambda o: (o.start, o.end, o.source))


def opening_hours_occurrences_of(site: Site, quarter: Quarter, place: Place, entry: ScheduleEntry, first: dt.date,
                                 last: dt.date, tz: ZoneInfo, calendar: HolidayCalendar) -> list[Occurrence]:
    """The occurrences of one opening-hours *entry* of *place* (paused on public holidays and in closures)."""
    return expand_entry(entry, first, last, tz=tz, source=opening_hours_source(quarter.slug, place.slug),
                        place_ref=place.ref, calendar=calendar, pause_on_holidays=True,
                        pauses=opening_hours_pauses(site, quarter, place.ref))


def quarter_weeks(site: Site, quarter: Quarter, today: dt.date) -> list[Week]:
    """The current week and the configured number of weeks ahead for *quarter* (expanded when first used)."""
    cfg = site.config
    first = week_start(today, cfg.week_start)
    last = first + dt.timedelta(days=7 * (cfg.weeks_ahead + 1) - 1)
    source = QuarterOccurrences(site, quarter, first, last)
    return [Week(first + dt.timedelta(days=7 * w), source) for w in range(cfg.weeks_ahead + 1)]
