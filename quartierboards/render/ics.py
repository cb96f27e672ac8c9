"""iCalendar feeds (RFC 5545) with the ``icalendar`` package.

Recurring entries become one VEVENT with RRULE and EXDATE (exception dates and
public holidays that pause the offer), one-off dates one VEVENT each. The feed
covers a window from the current week to a year ahead; it is rebuilt daily.
EXDATEs are derived from the same expansion as the week pages, so a calendar app
shows exactly the occurrences the board shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from quartierboards.content.fields import ORDINALS, parse_weekday
from quartierboards.content.structure import Offer, Place, Quarter, Site, full_place_ref
from quartierboards.i18n.catalog import translations
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.i18n.text import pick
from quartierboards.memo import IdentityMemo
from quartierboards.render import urls
from quartierboards.schedule.expand import entry_dates, expand_entry, localize
from quartierboards.schedule.pauses import offer_pauses
from quartierboards.schedule.plan import (
    office_hours_occurrences_of,
    opening_hours_occurrences_of,
    week_plan_places,
    week_start,
)

WINDOW_DAYS = 366
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def window(site: Site, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day the feeds cover."""
    first = week_start(today, site.config.week_start)
    return first, first + dt.timedelta(days=WINDOW_DAYS)


def _recur(entry, until_utc: dt.datetime) -> icalendar.vRecur:
    if entry.weekly:
        rec = {"FREQ": "WEEKLY", "BYDAY": [_BYDAY[d] for d in entry.weekly], "WKST": "MO"}
        if entry.every > 1:
            rec["INTERVAL"] = entry.every
    elif entry.monthly:
        ordinal, day = entry.monthly.lower().split()
        rec = {"FREQ": "MONTHLY", "BYDAY": [f"{ORDINALS[ordinal]}{_BYDAY[parse_weekday(day)]}"]}
    else:
        rec = dict(icalendar.vRecur.from_ical(entry.rrule))
    rec["UNTIL"] = until_utc
    return icalendar.vRecur(rec)


def _event(uid: str, stamp: dt.datetime, start: dt.datetime, end: dt.datetime,
           geo: tuple[float, float] | None) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("dtstart", start)
    ev.add("dtend", end)
    if geo:
        ev.add("geo", geo)
    return ev


def _texts(offer: Offer, site: Site, lang: str, place: Place) -> icalendar.Event:
    """The words of the events of one schedule entry in *lang* (an event holding only them)."""
    cfg = site.config
    page = urls.absolute(cfg.base_url, urls.offer_page(lang, offer.quarter, offer.slug))
    ev = icalendar.Event()
    ev.add("summary", pick(offer.text("title"), lang, cfg.default_language).text)
    ev.add("description", f"{pick(offer.text('summary'), lang, cfg.default_language).text}\n{page}")
    ev.add("location", _where(place, lang, cfg.default_language))
    ev.add("url", page)
    return ev


def _where(place: Place, lang: str, default: str) -> str:
    """An event's LOCATION: the place's name and address."""
    return ", ".join(filter(None, [pick(place.data.name, lang, default).text, place.data.address.street,
                                   f"{place.data.address.postcode} {place.data.address.city}"]))


# What an event says in words: everything else (times, recurrence, exceptions,
# coordinates) is the same in every language and is serialized once per offer.
_LOCALIZED = (b"SUMMARY", b"DESCRIPTION", b"LOCATION", b"URL")


@dataclass(frozen=True)
class _Slot:
    """Where the content line of the localized property *name* goes."""

    name: bytes


def _lines(ev: icalendar.Component) -> list[bytes]:
    """The serialized content lines of *ev*, each with its folded continuation lines."""
    lines: list[bytes] = []
    for line in ev.to_ical().split(b"\r\n")[:-1]:
        if line[:1] == b" ":
            lines[-1] += line + b"\r\n"
        else:
            lines.append(line + b"\r\n")
    return lines


def _prop(line: bytes) -> bytes:
    return line.split(b":", 1)[0].split(b";", 1)[0].upper()


@dataclass
class _Shape:
    """An offer's VEVENTs in one feed window, serialized, with slots for their words.

    icalendar orders properties by name only, so the slots are in the same place in
    every language; filling them costs a fraction of serializing the events again
    (a weekly offer's EXDATE line alone can list dozens of dates).
    """

    offer: Offer
    places: dict[int, Place]  # schedule entry → its place
    events: list[tuple[int, list[bytes | _Slot]]]  # schedule entry, content lines

    def serialize(self, site: Site, lang: str) -> bytes:
        """The VEVENTs in *lang*."""
        words = {index: {_prop(line): line for line in _lines(_texts(self.offer, site, lang, place))}
                 for index, place in self.places.items()}
        return b"".join(words[index][line.name] if isinstance(line, _Slot) else line
                        for index, lines in self.events for line in lines)


def _shape(offer: Offer, site: Site, first: dt.date, last: dt.date, stamp: dt.datetime) -> _Shape:
    cfg = site.config
    tz = ZoneInfo(cfg.timezone)
    holidays = HolidayCalendar(cfg.holidays)
    host = urlsplit(cfg.base_url).hostname or "localhost"
    shape = _Shape(offer, {}, [])

    def add(index: int, ev: icalendar.Event) -> None:
        for name in _LOCALIZED:
            ev.add(name.decode(), "")  # placeholders, to find the slots
        shape.events.append((index, [_Slot(name) if (name := _prop(line)) in _LOCALIZED else line
                                     for line in _lines(ev)]))

    # Only by appointment: its times are when appointments are given, not events to come to.
    entries = [] if offer.data.by_appointment else offer.data.schedule or []
    for index, entry in enumerate(entries):
        place_ref = entry.place and full_place_ref(entry.place, offer.quarter)
        place = site.place(place_ref or offer.place_ref)
        pauses, only = offer_pauses(site, offer, entry)
        occs = [o for o in expand_entry(entry, first, last, tz=tz, source=offer.ref, place_ref=None,
                                        calendar=holidays, pause_on_holidays=offer.data.holidays == "skip",
                                        pauses=pauses, only=only)
                if not o.cancelled]
        if not occs:
            continue
        shape.places[index] = place
        uid = f"{offer.quarter}-{offer.slug}-{index}"
        for part, part_occs, part_uid in _by_holidays(entry, occs, only, uid, first, last):
            for ev in _entry_events(part, part_occs, part_uid, host, place, stamp, last, tz):
                add(index, ev)
    return shape


def _by_holidays(entry, occs: list, only, uid: str, first: dt.date, last: dt.date) -> list[tuple]:
    """A holiday programme's recurring entry as one rule per school holiday (each ending with it), so that
    a calendar app holds a few rules instead of one with a hundred EXDATEs; any other entry as it is."""
    if only is None or not entry.recurring:
        return [(entry, occs, uid)]
    parts = []
    for start, end, _ in only.spans(first, last):
        kept = [o for o in occs if start <= o.start.date() <= end]
        if kept:
            until = min(end, entry.until) if entry.until else end
            parts.append((entry.model_copy(update={"until": until}), kept, f"{uid}-{start:%Y%m%d}"))
    return parts


def _entry_events(entry, occs: list, uid: str, host: str, place: Place | None, stamp: dt.datetime,
                  last: dt.date, tz: ZoneInfo) -> list[icalendar.Event]:
    """The VEVENTs of one schedule entry with its kept occurrences *occs*: an RRULE or one per date."""
    geo = (place.data.geo.lat, place.data.geo.lon) if place and place.data.geo else None
    if not entry.recurring:
        return [_event(f"{uid}-{occ.start:%Y%m%d}@{host}", stamp, occ.start, occ.end, geo) for occ in occs]
    start_time, end_time = entry.time
    ev = _event(f"{uid}@{host}", stamp, occs[0].start, occs[0].end, geo)
    end_day = min(last, entry.until) if entry.until else last
    # UNTIL bounds the starts: past midnight (20:00-01:00) the end time comes before the start.
    until = localize(end_day, max(start_time, end_time), tz).astimezone(dt.UTC)
    ev.add("rrule", _recur(entry, until))
    kept = {o.start.date() for o in occs}
    raw = _raw_rule_dates(entry, occs[0].start.date(), end_day)
    excluded = [localize(day, start_time, tz) for day in sorted(set(raw) - kept)]
    if excluded:
        ev.add("exdate", excluded)
    return [ev]


def _office_hours(site: Site, quarter: Quarter, lang: str, first: dt.date, last: dt.date) -> bytes:
    """The VEVENTs of the office hours of *quarter*'s contacts ("Office hours: Name") and the opening hours
    of its places in the week plan ("Open: Library"), linked to the board."""
    cfg = site.config
    tz = ZoneInfo(cfg.timezone)
    host = urlsplit(cfg.base_url).hostname or "localhost"
    stamp = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    board = urls.absolute(cfg.base_url, urls.board_page(lang, quarter.slug))
    calendar = HolidayCalendar(cfg.holidays)
    words = translations(lang).gettext
    data = b""

    def add(entry, occs: list, uid: str, place: Place | None, summary: str, page: str) -> None:
        nonlocal data
        occs = [o for o in occs if not o.cancelled]
        for ev in _entry_events(entry, occs, uid, host, place, stamp, last, tz) if occs else []:
            ev.add("summary", summary)
            ev.add("description", page)
            if place:
                ev.add("location", _where(place, lang, cfg.default_language))
            ev.add("url", page)
            data += ev.to_ical()

    for index, contact in enumerate(quarter.data.contacts):
        # only by appointment: no times to come to
        for number, entry in enumerate([] if contact.by_appointment else contact.office_hours):
            place = site.place(full_place_ref(entry.place, quarter.slug)) if entry.place else None
            add(entry, office_hours_occurrences_of(site, quarter, index, entry, first, last, tz, calendar),
                f"{quarter.slug}-contact-{index}-{number}", place,
                words("Office hours: %(name)s") % {"name": contact.name}, board + "#contact")
    for place in week_plan_places(quarter):
        name = pick(place.data.name, lang, cfg.default_language).text
        for number, entry in enumerate(place.data.opening_hours):
            add(entry, opening_hours_occurrences_of(site, quarter, place, entry, first, last, tz, calendar),
                f"{quarter.slug}-place-{place.slug}-{number}", place,
                words("Open: %(place)s") % {"place": name}, board + "#places")
    return data


def _raw_rule_dates(entry, first: dt.date, last: dt.date) -> list[dt.date]:
    """Dates the RRULE alone produces (without except/holidays), to derive EXDATEs."""
    bare = entry.model_copy(update={"except_": []})
    return entry_dates(bare, first, last)


def quarter_calendar(site: Site, quarter: Quarter, lang: str, today: dt.date) -> bytes:
    """The ``calendar.ics`` of *quarter* in *lang*."""
    name = pick(quarter.data.name, lang, site.config.default_language).text
    first, last = window(site, today)
    office_hours = _office_hours(site, quarter, lang, first, last)
    return _calendar(site, list(quarter.offers.values()), lang, today, name, office_hours)


def offer_calendar(site: Site, offer: Offer, lang: str, today: dt.date) -> bytes:
    """The ``calendar.ics`` of one offer ("add to my calendar")."""
    return _calendar(site, [offer], lang, today, _offer_name(site, offer, lang))


def _offer_name(site: Site, offer: Offer, lang: str) -> str:
    return pick(offer.text("title"), lang, site.config.default_language).text


def remember_offer_calendar(site: Site, offer: Offer, lang: str, today: dt.date, data: bytes) -> bool:
    """Take *offer*'s events in *lang* from *data*, its calendar as :func:`offer_calendar` made it.

    The events are the same bytes in its quarter's calendar, so a build that takes an
    offer's calendar over from the last build need not serialize them again for the
    quarter's (most of an edit's calendar time). *data* that is not exactly such a
    calendar is ignored (returns ``False``); the events are then serialized as usual.
    """
    first, last = window(site, today)
    start = _start(site, _offer_name(site, offer, lang), first, last)
    if not (data.startswith(start) and data.endswith(_END)) or len(data) < len(start) + len(_END):
        return False
    events = data[len(start): -len(_END)]
    _EVENTS.get(offer, _event_parts(lang, first, last, today), lambda: events)
    return True


def _calendar(site: Site, offers: list[Offer], lang: str, today: dt.date, name: str, more: bytes = b"") -> bytes:
    first, last = window(site, today)
    # Components are serialized once and assembled as bytes: the quarter feed and the
    # offer feeds share their events, the VTIMEZONE and the calendar's properties are
    # the same for every feed but for its name.
    events = b"".join(_event_bytes(offer, site, lang, first, last, today) for offer in offers)
    return _start(site, name, first, last) + events + more + _END


def _start(site: Site, name: str, first: dt.date, last: dt.date) -> bytes:
    """A calendar named *name* up to its events: properties and VTIMEZONE (then the events and :data:`_END`)."""
    before, after = _head(site.config.timezone)
    return before + _name_line(name) + after + _vtimezone(site.config.timezone, first, last)


_END = b"END:VCALENDAR\r\n"
_NAME_PLACEHOLDER = "QUARTIERBOARDSCALENDARNAME"


@lru_cache(maxsize=8)
def _head(timezone: str) -> tuple[bytes, bytes]:
    """The serialized calendar properties before and after the X-WR-CALNAME line."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Quartierboards//quartierboards//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _NAME_PLACEHOLDER)
    cal.add("x-wr-timezone", timezone)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    head = cal.to_ical()[: -len(_END)]
    before, _, after = head.partition(_name_line(_NAME_PLACEHOLDER))
    return before, after


def _name_line(name: str) -> bytes:
    """The X-WR-CALNAME content line of *name*, escaped and folded by icalendar."""
    cal = icalendar.Calendar()
    cal.add("x-wr-calname", name)
    return cal.to_ical()[len(b"BEGIN:VCALENDAR\r\n"): -len(_END)]


_SHAPES: IdentityMemo[_Shape] = IdentityMemo(20_000)  # per offer and feed window
_EVENTS: IdentityMemo[bytes] = IdentityMemo(100_000)  # per offer, language and feed window


def _event_parts(lang: str, first: dt.date, last: dt.date, today: dt.date) -> tuple[object, ...]:
    """The key parts of an offer's serialized events in :data:`_EVENTS` (the window says it all)."""
    return lang, first, last


def _event_bytes(offer: Offer, site: Site, lang: str, first: dt.date, last: dt.date, today: dt.date) -> bytes:
    """The serialized VEVENTs of *offer* in *lang* (shared by the quarter's feed and the offer's own)."""
    def serialize() -> bytes:
        # DTSTAMP (with METHOD:PUBLISH: when the calendar object was made) is the first day
        # of the feed's window: the feed is made anew for each week, the same bytes all week,
        # so a daily build takes every calendar over (docs/architecture.md).
        stamp = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
        shape = _SHAPES.get(offer, (first, last, stamp), lambda: _shape(offer, site, first, last, stamp))
        return shape.serialize(site, lang)

    return _EVENTS.get(offer, _event_parts(lang, first, last, today), serialize)


@lru_cache(maxsize=16)
def _vtimezone(name: str, first: dt.date, last: dt.date) -> bytes:
    """VTIMEZONE of the feed window, serialized; built once (it is the slowest part of a feed)."""
    return icalendar.Timezone.from_tzinfo(ZoneInfo(name), tzid=name, first_date=first, last_date=last).to_ical()
