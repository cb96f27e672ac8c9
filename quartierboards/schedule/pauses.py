"""Which closures pause a schedule entry, and when a holiday programme runs.

An offer's regular dates pause in the closures of the site, its quarter, its place
(the entry's own place, if it has one) and its own, and in the site's school
holidays when it says ``school_holidays: pause``. Office hours pause in the site's,
the quarter's, their place's and their contact's closures. One-off dates are never
paused: a festival on a closed day is planned that way, like one on a public holiday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from quartierboards.content.closures import Closure
from quartierboards.content.models import Contact, ScheduleEntry
from quartierboards.content.structure import Offer, Quarter, Site, full_place_ref


class Pauses:
    """Closures looked up by day (the first one listed wins where two overlap)."""

    def __init__(self, closures: Iterable[Closure] = ()):
        self.closures = tuple(closures)

    def __bool__(self) -> bool:
        return bool(self.closures)

    def on(self, day: dt.date) -> Closure | None:
        """The closure that covers *day*, if any."""
        for closure in self.closures:
            if closure.covers(day):
                return closure
        return None

    def spans(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date, Closure]]:
        """Each range of days that overlaps ``[first, last]``, with its closure, in date order."""
        return sorted(((start, end, closure) for closure in self.closures for start, end in closure.dates
                       if start <= last and end >= first), key=lambda s: (s[0], s[1]))


NO_PAUSES = Pauses()


def place_closures(site: Site, ref: str | None) -> list[Closure]:
    """The closures of the place *ref* (none for no place or an unknown one)."""
    if not ref:
        return []
    try:
        return list(site.place(ref).data.closures)
    except KeyError:
        return []


def shared_closures(site: Site, quarter: Quarter) -> list[Closure]:
    """The closures of the whole site and of *quarter*: every offer and office hours there pause in them."""
    return [*site.config.closures, *quarter.data.closures]


def offer_pauses(site: Site, offer: Offer, entry: ScheduleEntry) -> tuple[Pauses, Pauses | None]:
    """What pauses *entry* of *offer*, and the only days it runs in (``None``: not a holiday programme)."""
    quarter = site.quarters[offer.quarter]
    place = full_place_ref(entry.place, offer.quarter) if entry.place else offer.place_ref
    closures = [*shared_closures(site, quarter), *place_closures(site, place), *offer.data.closures]
    mode = offer.data.school_holidays
    if mode == "skip":
        closures += site.config.school_holidays
    only = Pauses(site.config.school_holidays) if mode == "only" else None
    return Pauses(closures), only


def office_hours_pauses(site: Site, quarter: Quarter, contact: Contact, entry: ScheduleEntry) -> Pauses:
    """What pauses one office-hours *entry* of *contact*."""
    place = full_place_ref(entry.place, quarter.slug) if entry.place else None
    return Pauses([*shared_closures(site, quarter), *place_closures(site, place), *contact.closures])


def offer_pauses_between(site: Site, offer: Offer, first: dt.date,
                         last: dt.date) -> list[tuple[dt.date, dt.date, Closure]]:
    """The closures that pause *offer*'s regular dates between *first* and *last*, each range once, in order.

    For its page and flyer ("Pause: 12.–24. Okt. (Herbstferien)"); an offer of one-off dates has none.
    """
    found: dict[tuple[dt.date, dt.date, tuple[tuple[str, str], ...]], tuple[dt.date, dt.date, Closure]] = {}
    for entry in offer.data.schedule or []:
        if not entry.recurring:
            continue
        pauses, _ = offer_pauses(site, offer, entry)
        for start, end, closure in pauses.spans(first, last):
            found.setdefault((start, end, tuple(sorted(closure.reason.items()))), (start, end, closure))
    return sorted(found.values(), key=lambda s: (s[0], s[1]))


def holiday_programme_days(site: Site, offer: Offer, first: dt.date,
                           last: dt.date) -> list[tuple[dt.date, dt.date, Closure]]:
    """The school holidays between *first* and *last* in which a holiday programme runs (none for other offers)."""
    if offer.data.school_holidays != "only":
        return []
    return Pauses(site.config.school_holidays).spans(first, last)


def opening_hours_pauses(site: Site, quarter: Quarter, place_ref: str) -> Pauses:
    """What pauses the opening hours of the place *place_ref* of *quarter*."""
    return Pauses([*shared_closures(site, quarter), *place_closures(site, place_ref)])
