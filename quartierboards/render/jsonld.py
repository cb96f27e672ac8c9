"""schema.org JSON-LD for search engines and apps.

An offer with a schedule is an ``Event``: its next date as ``startDate``/``endDate``
(what search engines require, beside ``name`` and ``location``), the rule as
``eventSchedule``, and each upcoming date as a ``subEvent`` (``EventCancelled`` when a
public holiday pauses it). An offer without dates is a ``Service``, not an event.
Places carry their address, coordinates and ``openingHoursSpecification``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from markupsafe import Markup

from quartierboards.content.fields import ORDINALS, parse_weekday
from quartierboards.content.structure import Offer, Place, Quarter, Site
from quartierboards.i18n.cldr import html_lang
from quartierboards.i18n.text import pick
from quartierboards.render import urls
from quartierboards.schedule.expand import Occurrence

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def organization(site: Site, lang: str) -> dict[str, Any]:
    """The publisher as an Organization."""
    p = site.config.publisher
    data: dict[str, Any] = {"@type": "Organization", "name": p.name, "url": site.config.base_url}
    if p.email:
        data["email"] = p.email
    if p.phone:
        data["telephone"] = p.phone
    return data


def _organizer(site: Site, offer: Offer, lang: str) -> dict[str, Any]:
    """Who runs *offer*: its ``organizer``, else the publisher."""
    runs = offer.data.organizer
    if runs is None:
        return organization(site, lang)
    data: dict[str, Any] = {"@type": "Organization", "name": pick(runs.name, lang, site.config.default_language).text}
    if runs.website:
        data["url"] = runs.website
    return data


def place(site: Site, item: Place, lang: str) -> dict[str, Any]:
    """A Place with its postal address and coordinates."""
    d = item.data
    data: dict[str, Any] = {
        "@type": "Place",
        "name": pick(d.name, lang, site.config.default_language).text,
        "address": {"@type": "PostalAddress", "streetAddress": d.address.street,
                    "postalCode": d.address.postcode, "addressLocality": d.address.city, "addressCountry": "DE"},
    }
    if d.geo:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": d.geo.lat, "longitude": d.geo.lon}
    if d.phone:
        data["telephone"] = d.phone
    hours = [spec for entry in d.opening_hours for spec in _opening_hours(entry)]
    if hours:
        data["openingHoursSpecification"] = hours
    return data


def _opening_hours(entry) -> list[dict[str, Any]]:
    """``OpeningHoursSpecification`` of one weekly opening-hours entry (other kinds have no such form)."""
    if not entry.weekly or entry.every != 1:
        return []
    start, end = entry.time
    data: dict[str, Any] = {"@type": "OpeningHoursSpecification",
                            "dayOfWeek": [_DAYS[d] for d in entry.weekly],  # as Google's examples write them
                            "opens": start.strftime("%H:%M"), "closes": end.strftime("%H:%M")}
    if entry.from_:
        data["validFrom"] = entry.from_.isoformat()
    if entry.until:
        data["validThrough"] = entry.until.isoformat()
    return [data]


def _schedule(entry, tz: str) -> dict[str, Any]:
    start, end = entry.time
    data: dict[str, Any] = {"@type": "Schedule", "startTime": start.strftime("%H:%M"),
                            "endTime": end.strftime("%H:%M"), "scheduleTimezone": tz}
    if entry.weekly:
        data["repeatFrequency"] = f"P{entry.every}W"
        data["byDay"] = [f"https://schema.org/{_DAYS[d]}" for d in entry.weekly]
    elif entry.monthly:
        ordinal, day = entry.monthly.lower().split()
        data["repeatFrequency"] = "P1M"
        data["byDay"] = f"https://schema.org/{_DAYS[parse_weekday(day)]}"
        data["byMonthWeek"] = ORDINALS[ordinal]
    elif entry.date or entry.dates:
        days = sorted(set(entry.dates or []) | ({entry.date} if entry.date else set()))
        data["startDate"] = days[0].isoformat()
        data["endDate"] = days[-1].isoformat()
    if entry.from_:
        data["startDate"] = entry.from_.isoformat()
    if entry.until:
        data["endDate"] = entry.until.isoformat()
    if entry.except_:
        data["exceptDate"] = [d.isoformat() for d in entry.except_]
    return data


def _status(occurrence: Occurrence) -> str:
    return "https://schema.org/EventCancelled" if occurrence.cancelled else "https://schema.org/EventScheduled"


def event(site: Site, offer: Offer, lang: str, upcoming: Sequence[Occurrence] = ()) -> dict[str, Any]:
    """The offer as an ``Event`` with its next dates, or as a ``Service`` when it has no dates or is only
    by appointment.

    *upcoming* are the offer's next occurrences (as the page lists them).
    """
    cfg = site.config
    default = cfg.default_language
    name = pick(offer.text("title"), lang, default).text
    location = place(site, site.place(offer.place_ref), lang)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "name": name,
        "description": pick(offer.text("summary"), lang, default).text,
        "inLanguage": html_lang(lang),
        "url": urls.absolute(cfg.base_url, urls.offer_page(lang, offer.quarter, offer.slug)),
    }
    runs = _organizer(site, offer, lang)
    if offer.data.age:
        data["audience"] = {"@type": "PeopleAudience", **({"suggestedMinAge": offer.data.age.min}
                                                           if offer.data.age.min is not None else {}),
                            **({"suggestedMaxAge": offer.data.age.max} if offer.data.age.max is not None else {})}
    # Only by appointment: a service to ask for, not an event to come to.
    if not offer.data.schedule or offer.data.by_appointment:
        return {**data, "@type": "Service", "provider": runs,
                "availableChannel": {"@type": "ServiceChannel", "serviceLocation": location}}
    schedules = [_schedule(e, cfg.timezone) for e in offer.data.schedule]
    data.update({
        "@type": "Event",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "organizer": runs,
        "eventSchedule": schedules,
    })
    if offer.data.age:  # "7-9", "11-", "-3" (schema.org's typicalAgeRange)
        age = offer.data.age
        data["typicalAgeRange"] = f"{'' if age.min is None else age.min}-{'' if age.max is None else age.max}"
    if upcoming:
        first = last = upcoming[0]
        if not any(e.recurring for e in offer.data.schedule):
            # A multi-day event (consecutive days, a street festival) ends on its last day.
            for occ in upcoming[1:]:
                if (occ.start.date() - last.start.date()).days != 1:
                    break
                last = occ
        data.update(startDate=first.start.isoformat(), endDate=last.end.isoformat(), eventStatus=_status(first))
        data["subEvent"] = [{"@type": "Event", "name": name, "startDate": o.start.isoformat(),
                             "endDate": o.end.isoformat(), "eventStatus": _status(o),
                             "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                             "location": {"@type": "Place", "name": location["name"],
                                          "address": location["address"]}}
                            for o in upcoming]
    else:
        # No date ahead in the planned weeks: the series' own first and last days.
        starts = sorted(s["startDate"] for s in schedules if "startDate" in s)
        ends = sorted(s["endDate"] for s in schedules if "endDate" in s)
        data["eventStatus"] = "https://schema.org/EventScheduled"
        if starts:
            data["startDate"] = starts[0]
        if ends:
            data["endDate"] = ends[-1]
    return data


def item_list(name: str, urls_: Sequence[str]) -> dict[str, Any]:
    """An ``ItemList`` of the pages at *urls_*, in their order: what a list page lists.

    Addresses only: each page says its own name, and a board stays within its weight
    budget (names in Cyrillic or Arabic script cost two bytes a letter).
    """
    return {"@type": "ItemList", "name": name, "numberOfItems": len(urls_),
            "itemListElement": [{"@type": "ListItem", "position": i, "url": url}
                                for i, url in enumerate(urls_, start=1)]}


def board(site: Site, quarter: Quarter, lang: str) -> dict[str, Any]:
    """The quarter's publisher, places and offers (an ``ItemList`` of their pages) as a graph."""
    default = site.config.default_language
    offers = [urls.absolute(site.config.base_url, urls.offer_page(lang, quarter.slug, o.slug))
              for o in quarter.offers.values()]
    return {"@context": "https://schema.org",
            "@graph": [organization(site, lang), *(place(site, p, lang) for p in quarter.places.values()),
                       item_list(pick(quarter.data.name, lang, default).text, offers)]}


def city_list(name: str, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The city-wide list's ``ItemList`` from its rows (``render/offerdata.py``)."""
    return {"@context": "https://schema.org", **item_list(name, [r["url"] for r in rows])}


def script(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` block; ``<`` escaped so content cannot close it.

    Compact, keys sorted (reproducible): orjson, a seventh of ``json.dumps``'s time on every page.
    """
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode("utf-8").replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')
