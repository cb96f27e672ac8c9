"""schema.org JSON-LD (Event with eventSchedule, Place, Organization) for search engines and apps."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from quartierboards.content.fields import ORDINALS, parse_weekday
from quartierboards.content.structure import Offer, Place, Quarter, Site
from quartierboards.i18n.cldr import html_lang
from quartierboards.i18n.text import pick
from quartierboards.render import urls

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
    return data


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


def event(site: Site, offer: Offer, lang: str) -> dict[str, Any]:
    """An Event for the offer, with one Schedule per schedule entry."""
    cfg = site.config
    default = cfg.default_language
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": pick(offer.text("title"), lang, default).text,
        "description": pick(offer.text("summary"), lang, default).text,
        "inLanguage": html_lang(lang),
        "url": urls.absolute(cfg.base_url, urls.offer_page(lang, offer.quarter, offer.slug)),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": place(site, site.place(offer.place_ref), lang),
        "organizer": organization(site, lang),
    }
    if offer.data.schedule:
        data["eventSchedule"] = [_schedule(e, cfg.timezone) for e in offer.data.schedule]
    return data


def board(site: Site, quarter: Quarter, lang: str) -> dict[str, Any]:
    """The quarter's places and publisher as a graph."""
    return {"@context": "https://schema.org",
            "@graph": [organization(site, lang)] + [place(site, p, lang) for p in quarter.places.values()]}


def script(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` block; ``<`` escaped so content cannot close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')
