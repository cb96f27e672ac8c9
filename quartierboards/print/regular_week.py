"""The regular week of a quarter for the flyer's back: Monday to Sunday, what happens when and where.

Weekly entries appear under each of their weekdays, and so do the office hours of the
quarter's contacts ("Office hours: Jana Beispiel"); monthly ones under their weekday
with the rule in words (``every first Wednesday of the month``); every-n-weeks ones
with their dates while the flyer hangs (``every 2 weeks: 12 Dec and 26 Dec``). One-off
dates while the flyer hangs are listed after the week ("Also: Sat 12 Dec …"); irregular
rules belong on the board, not on a flyer that lives for months.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from babel.lists import format_list
from markupsafe import Markup, escape

from quartierboards.content.fields import parse_weekday
from quartierboards.content.models import ScheduleEntry
from quartierboards.content.structure import Offer, Place, Quarter, Site, full_place_ref
from quartierboards.i18n import cldr
from quartierboards.render.describe import describe_days, every_n_weeks
from quartierboards.render.view import LangView
from quartierboards.schedule.expand import entry_dates
from quartierboards.schedule.pauses import Pauses, place_closures, shared_closures
from quartierboards.schedule.plan import week_plan_places

# How long a flyer hangs, as far as it names dates: the every-n-weeks dates of this many weeks.
FLYER_WEEKS = 4
# How far ahead a flyer names pauses ("Pause: 22.–31. Dez. (Weihnachtspause)"): a season.
FLYER_PAUSE_WEEKS = 13
# Ranges of days named per pause or holiday programme at most (the board names them all).
FLYER_PAUSES = 2


@dataclass
class WeekRow:
    """One line of the regular week: time, offer (or a contact's office hours), place and an optional rule
    in words."""

    start: dt.time
    end: dt.time
    offer: Offer | None  # None for a contact's office hours, which have only a title
    place: Place | None
    note: str = ""
    title: str = ""  # "Office hours: Jana Beispiel"


@dataclass
class WeekDay:
    """A weekday (0 = Monday) with its rows in time order."""

    index: int
    rows: list[WeekRow] = field(default_factory=list)
    more: int = 0  # rows left out to fit the flyer (they are on the board)


def _place_ref(offer: Offer, entry: ScheduleEntry) -> str:
    if entry.place:
        return full_place_ref(entry.place, offer.quarter)
    return offer.place_ref


def _current(entry: ScheduleEntry, today: dt.date) -> bool:
    return entry.until is None or entry.until >= today


def _weekdays(entry: ScheduleEntry) -> list[int]:
    if entry.weekly:
        return sorted(set(entry.weekly))
    if entry.monthly:
        return [parse_weekday(entry.monthly.split()[1])]
    return []


def _every_n_weeks(entry: ScheduleEntry, weekday: int, today: dt.date, view: LangView) -> str:
    """"every 2 weeks: 14 Dec and 28 Dec": the dates on *weekday* while the flyer hangs (:data:`FLYER_WEEKS`)."""
    last = today + dt.timedelta(days=7 * FLYER_WEEKS - 1)
    dates = [d for d in entry_dates(entry, today, last) if d.weekday() == weekday]
    if not dates:
        return ""
    listed = format_list([cldr.day_month(d, view.lang) for d in dates], locale=cldr.locale(view.lang))
    return every_n_weeks(entry.every, listed, view)


def _spans(spans: list, view: LangView) -> Markup:
    return Markup(view.semicolon).join(view.closure_span(first, last, c.reason)
                                       for first, last, c in spans[:FLYER_PAUSES])


def _on_flyer(entry: ScheduleEntry, today: dt.date) -> bool:
    """Whether *entry* stands in the flyer's regular week."""
    return bool(entry.weekly or entry.monthly) and _current(entry, today)


@dataclass
class FlyerPause:
    """One item of the flyer's pauses: whose (every offer, a place, an offer) and when."""

    who: Markup
    when: Markup


def flyer_pauses(site: Site, quarter: Quarter, view: LangView, today: dt.date) -> list[FlyerPause]:
    """The pauses while the flyer hangs (:data:`FLYER_PAUSE_WEEKS`), said once under the week rather than
    on each weekday's row: the site's and quarter's closures for every offer, each place of the week that
    closes, then each offer of the week that pauses in the school holidays or in its own closures."""
    last = today + dt.timedelta(weeks=FLYER_PAUSE_WEEKS)
    found = []
    shared = Pauses(shared_closures(site, quarter)).spans(today, last)
    if shared:
        found.append(FlyerPause(escape(view.gettext("all offers")), _spans(shared, view)))
    week = {offer.slug: [e for e in offer.data.schedule or [] if _on_flyer(e, today)]
            for offer in quarter.offers.values() if offer.data.school_holidays != "only"}
    places = sorted({_place_ref(quarter.offers[slug], e) for slug, entries in week.items() for e in entries})
    for ref in places:
        closed = Pauses(place_closures(site, ref)).spans(today, last)
        if closed:
            found.append(FlyerPause(view.t(site.place(ref).data.name, note=False), _spans(closed, view)))
    for slug, entries in week.items():
        offer = quarter.offers[slug]
        if not entries:
            continue
        parts: list[Markup] = []
        if offer.data.school_holidays == "skip":
            parts.append(escape(view.gettext("not in the school holidays")))
        own = Pauses(offer.data.closures).spans(today, last)
        if own:
            parts.append(_spans(own, view))
        if parts:
            found.append(FlyerPause(view.t(offer.text("title"), note=False), Markup(", ").join(parts)))
    return found


def opening_hours(site: Site, quarter: Quarter, view: LangView, today: dt.date) -> list[tuple[Place, Markup]]:
    """The places in the week plan with their opening hours in words, said once under the flyer's week
    (as rows they would push offers off the flyer): ``(place, "Mo., Mi. und Do. 14:00–19:00 Uhr")``."""
    found = []
    for place in week_plan_places(quarter):
        entries = [e for e in place.data.opening_hours if _on_flyer(e, today)]
        if entries:
            found.append((place, Markup(", ").join(
                Markup("{} {}").format(describe_days(e, view), view.time_span(e.time[0], e.time[1]))
                for e in entries)))
    return found


@dataclass
class HolidayProgramme:
    """An offer that runs only in the school holidays, with its regular days and the next holidays."""

    offer: Offer
    entries: list[ScheduleEntry]
    when: Markup


def holiday_programmes(site: Site, quarter: Quarter, view: LangView, today: dt.date) -> list[HolidayProgramme]:
    """The quarter's holiday programmes with the school holidays while the flyer hangs (they are not in the
    regular week: they do not run every week)."""
    last = today + dt.timedelta(weeks=FLYER_PAUSE_WEEKS)
    holidays = Pauses(site.config.school_holidays).spans(today, last)
    found = []
    for offer in quarter.offers.values():
        entries = [e for e in offer.data.schedule or [] if _on_flyer(e, today)]
        if entries and offer.data.school_holidays == "only" and holidays:
            found.append(HolidayProgramme(offer, entries, _spans(holidays, view)))
    return found


def regular_week(site: Site, quarter: Quarter, view: LangView, today: dt.date,
                 per_day: int | None = None) -> list[WeekDay]:
    """Monday to Sunday with the quarter's weekly and monthly offers and office hours (days without any are kept).

    With *per_day*, each day keeps its first rows and counts the rest in ``more``.
    """
    days = [WeekDay(i) for i in range(7)]
    for offer in quarter.offers.values():
        if offer.data.school_holidays == "only":
            continue  # not every week: under the week, with the holidays it runs in (holiday_programmes)
        for entry in offer.data.schedule or []:
            if not _on_flyer(entry, today):
                continue
            rule = describe_days(entry, view) if entry.monthly or entry.every > 1 else ""
            later = view.gettext("from %(date)s", date=view.date(entry.from_)) \
                if entry.from_ and entry.from_ > today else ""
            ref = _place_ref(offer, entry)
            try:
                place = site.place(ref)
            except KeyError:
                place = None
            for index in _weekdays(entry):
                dated = _every_n_weeks(entry, index, today, view) if entry.weekly and entry.every > 1 else ""
                booked = view.gettext("only by appointment") if offer.data.by_appointment else ""
                note = view.semicolon.join(part for part in (booked, dated or rule, later) if part)
                days[index].rows.append(WeekRow(entry.time[0], entry.time[1], offer, place, note))
    for contact in quarter.data.contacts:
        title = view.gettext("Office hours: %(name)s", name=contact.name)
        for entry in contact.office_hours:
            if not (entry.weekly or entry.monthly) or not _current(entry, today):
                continue
            place = site.place(full_place_ref(entry.place, quarter.slug)) if entry.place else None
            rule = describe_days(entry, view) if entry.monthly or entry.every > 1 else ""
            booked = view.gettext("only by appointment") if contact.by_appointment else ""
            note = view.semicolon.join(part for part in (booked, rule) if part)
            for index in _weekdays(entry):
                days[index].rows.append(WeekRow(entry.time[0], entry.time[1], None, place, note, title))
    for day in days:
        day.rows.sort(key=lambda r: (r.start, r.end, r.offer.slug if r.offer else r.title))
        if per_day is not None and len(day.rows) > per_day:
            day.more = len(day.rows) - per_day
            del day.rows[per_day:]
    first = site.config.week_start
    return days[first:] + days[:first]


# Highlights on the flyer's front: what a quarter names (up to five), filled up to this many with its busiest
# regular offers. The easy-language flyer lists more of them instead of the whole week.
DEFAULT_HIGHLIGHTS = 3
EASY_HIGHLIGHTS = 8


@dataclass
class Highlight:
    """An offer on the flyer's front, with the regular entry that says when, and where."""

    offer: Offer
    entry: ScheduleEntry
    place: Place | None
    later: str = ""  # "from 1 March" when it has not started yet


def highlights(site: Site, quarter: Quarter, view: LangView, today: dt.date,
               count: int = DEFAULT_HIGHLIGHTS) -> list[Highlight]:
    """The regular offers a flyer names: ``highlights:`` of ``quarter.yaml`` in its order, filled up to
    *count* with the regular offers on most weekdays (then by name). An offer without a current weekly or
    monthly entry is left out: the flyer says what runs now."""
    regular: dict[str, ScheduleEntry] = {}
    weight: Counter[str] = Counter()
    for slug, offer in quarter.offers.items():
        for entry in offer.data.schedule or []:
            if (entry.weekly or entry.monthly) and _current(entry, today):
                regular.setdefault(slug, entry)
                weight[slug] += len(_weekdays(entry)) * (4 if entry.weekly and entry.every == 1 else 1)
    named = [slug for slug in quarter.data.highlights if slug in regular]
    ranked = sorted((slug for slug in regular if slug not in named), key=lambda slug: (-weight[slug], slug))
    chosen = (named + ranked)[:max(count, len(named))]
    shown = []
    for slug in chosen:
        offer, entry = quarter.offers[slug], regular[slug]
        later = view.gettext("from %(date)s", date=view.date(entry.from_)) \
            if entry.from_ and entry.from_ > today else ""
        try:
            place = site.place(_place_ref(offer, entry))
        except KeyError:
            place = None
        shown.append(Highlight(offer, entry, place, later))
    return shown


@dataclass
class OneOff:
    """A one-off date of an offer while the flyer hangs ("Sa., 12. Dez." and the offer)."""

    day: dt.date
    label: str
    start: dt.time
    offer: Offer


def one_off_events(quarter: Quarter, view: LangView, today: dt.date) -> list[OneOff]:
    """The quarter's one-off dates (``date``/``dates``) within the flyer's :data:`FLYER_WEEKS`, in order."""
    last = today + dt.timedelta(days=7 * FLYER_WEEKS - 1)
    found = []
    for offer in quarter.offers.values():
        for entry in offer.data.schedule or []:
            if entry.recurring:
                continue
            # A multi-day event (consecutive days) is one line: "Sa., 5. – So., 6. Dez."
            runs: list[list[dt.date]] = []
            for day in entry_dates(entry, today, last):
                if runs and day - runs[-1][-1] == dt.timedelta(days=1):
                    runs[-1].append(day)
                else:
                    runs.append([day])
            found += [OneOff(run[0], cldr.weekday_day_month(run[0], view.lang, run[-1]), entry.time[0], offer)
                      for run in runs]
    return sorted(found, key=lambda e: (e.day, e.start, e.offer.slug))


def weekday_sizes(site: Site, quarter: Quarter, today: dt.date) -> tuple[int, ...]:
    """Rows per weekday of the whole regular week, in the flyer's order (the same in every language)."""
    view = LangView(site, site.config.default_language)
    return tuple(len(day.rows) for day in regular_week(site, quarter, view, today))


def important_places(site: Site, quarter: Quarter, today: dt.date, limit: int | None = None) -> list[Place]:
    """The places residents need most: where the regular offers and office hours are."""
    counts: Counter[str] = Counter()
    for offer in quarter.offers.values():
        for entry in offer.data.schedule or []:
            if (entry.weekly or entry.monthly) and _current(entry, today):
                counts[_place_ref(offer, entry)] += len(_weekdays(entry))
    for contact in quarter.data.contacts:
        for entry in contact.office_hours:
            if entry.place:
                counts[full_place_ref(entry.place, quarter.slug)] += 2
    for place in week_plan_places(quarter):
        counts[place.ref] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    places = []
    for ref, _ in ranked:
        quarter_slug, _, slug = ref.partition("/")
        place = site.quarters.get(quarter_slug, quarter).places.get(slug)
        if place is not None and place not in places:
            places.append(place)
    return places[:limit]  # all of them unless a limit is given: every venue of the week plan has its address
