"""The offers as open data in Open Referral's HSDS 3 (Human Services Data Specification).

``output/data/hsds/services.json`` holds every offer as a compiled HSDS ``service``
(with its organization, schedules, locations, ages, fees, and its category and audiences
as attributes of our taxonomy), ``organizations.json`` the publisher and the organizers;
the same data in HSDS's tabular form is one CSV file per table (``render/hsds_tables.py``),
and ``datapackage.json`` says what the files are. Ids
are UUIDs derived from the site's address and our names, so an offer keeps its id
from build to build; a renamed offer keeps the id of its first name (the first entry
of its ``aliases``). What HSDS cannot say (public holidays, closures) stays in our
calendars and pages; ``docs/open-data.md`` has the mapping.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from quartierboards.content.fields import ORDINALS, parse_weekday
from quartierboards.content.models import ScheduleEntry
from quartierboards.content.structure import Offer, Place, Site, full_place_ref
from quartierboards.i18n.text import pick
from quartierboards.render import urls
from quartierboards.render.hsds_tables import tabular_files

FOLDER = "data/hsds"
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NOT_ON = "Not on "  # a schedule's notes: the dates it skips ("Not on 2026-12-24, 2026-12-31")
ACCESS = {"yes": "Wheelchair accessible", "limited": "Partly wheelchair accessible",
           "no": "Not wheelchair accessible"}


def _id(site: Site, kind: str, name: str) -> str:
    """A stable UUID for *kind*/*name* of this site (UUID 5 in the site's URL namespace)."""
    return str(uuid.uuid5(_namespace(site.config.base_url), f"{kind}:{name}"))


@functools.lru_cache(maxsize=8)
def _namespace(base_url: str) -> uuid.UUID:
    """The site's UUID namespace (made once: ``_id`` is called 17 times per offer)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, base_url)


def _text(site: Site, values: dict[str, str] | None) -> str:
    default = site.config.default_language
    found = pick(values, default, default)
    return found.text if found else ""


def _utc_offset(site: Site, day: dt.date) -> float:
    """The site's time zone as hours from UTC on *day* (HSDS's ``timezone`` is a number)."""
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(site.config.timezone))
    offset = moment.utcoffset() or dt.timedelta()
    return offset.total_seconds() / 3600


def _schedule(site: Site, offer: Offer, entry: ScheduleEntry, today: dt.date) -> dict[str, Any] | None:
    """One HSDS ``schedule`` of a weekly or monthly entry (dates and RRULEs have no HSDS form here)."""
    start, end = entry.time
    sid = service_id(site, offer)
    data: dict[str, Any] = {"id": "", "service_id": sid,
                            "opens_at": start.strftime("%H:%M"), "closes_at": end.strftime("%H:%M"),
                            "timezone": _utc_offset(site, today), "wkst": "MO", "attending_type": "in person"}
    if entry.weekly:
        data.update(freq="WEEKLY", interval=entry.every, byday=",".join(_BYDAY[d] for d in entry.weekly))
    elif entry.monthly:
        ordinal, day = entry.monthly.lower().split()
        data.update(freq="MONTHLY", interval=1, byday=f"{ORDINALS[ordinal]}{_BYDAY[parse_weekday(day)]}")
    else:
        return None
    if entry.from_:
        data["dtstart"] = data["valid_from"] = entry.from_.isoformat()
    if entry.until:
        data["until"] = data["valid_to"] = entry.until.isoformat()
    if entry.except_:
        data["notes"] = NOT_ON + ", ".join(d.isoformat() for d in sorted(entry.except_))
    if entry.place:  # an entry at another place than the offer's: its link to that place
        ref = full_place_ref(entry.place, offer.quarter)
        data["service_at_location_id"] = _id(site, "service_at_location", f"{offer.ref}@{ref}")
        data["location_id"] = location_id_of(site, site.place(ref))
    # Named by what it says, not by its position: the same rule keeps its id when entries
    # around it (dates, which HSDS cannot hold) come or go.
    what = "/".join(str(data.get(k)) for k in ("freq", "interval", "byday", "opens_at", "closes_at", "valid_from",
                                               "valid_to", "location_id"))
    data["id"] = _id(site, "schedule", f"{sid}/{what}")
    return data


def service_id(site: Site, offer: Offer) -> str:
    """The offer's HSDS service id: stable across builds and renames (see the module's docstring).

    An offer that says its ``id`` (one that came from another directory by ``import hsds``)
    keeps that one.
    """
    return offer.data.id or _id(site, "service", _first_name(offer))


# Our categories and audiences as a taxonomy of their own (codes as in content files), so
# that a directory can map them to its own and `import hsds` can read them back.
TAXONOMY = "quartierboards"
_KINDS = {"category": "What an offer is about (Quartierboards category)",
          "audience": "Whom an offer is for (Quartierboards audience)"}


def _term(site: Site, kind: str, code: str) -> dict[str, Any]:
    return {"id": _id(site, "taxonomy_term", f"{kind}:{code}"), "code": code, "name": f"{kind}:{code}",
            "description": _KINDS[kind], "taxonomy": TAXONOMY, "taxonomy_id": _id(site, "taxonomy", TAXONOMY),
            "taxonomy_detail": {"id": _id(site, "taxonomy", TAXONOMY), "name": TAXONOMY,
                                "description": "Categories and audiences of Quartierboards offers",
                                "version": "1"}}


def _attributes(site: Site, offer: Offer, sid: str) -> list[dict[str, Any]]:
    """The offer's category and audiences as HSDS attributes with their taxonomy terms."""
    found = []
    for kind, code in [("category", offer.data.category), *(("audience", a) for a in offer.data.audience)]:
        term = _term(site, kind, code)
        found.append({"id": _id(site, "attribute", f"{sid}/{kind}:{code}"), "link_id": sid, "link_type": kind,
                      "link_entity": "service", "taxonomy_term_id": term["id"], "value": code,
                      "taxonomy_term": term})
    return found


def _first_name(offer: Offer) -> str:
    """The name an offer's id is made from: its first name (its first alias), else its own."""
    aliases = offer.data.aliases
    return f"{offer.quarter}/{aliases[0]}" if aliases else offer.ref


def _location(site: Site, place: Place) -> dict[str, Any]:
    d = place.data
    location_id = location_id_of(site, place)
    region = (site.config.holidays or "DE-").split("-", 1)[1]
    data: dict[str, Any] = {
        "id": location_id, "location_type": "physical", "name": _text(site, d.name),
        # Our name of the place, which `import hsds` gives the place file back.
        "external_identifier": place.ref, "external_identifier_type": "quartierboards place",
        "addresses": [{"id": _id(site, "address", place.ref), "location_id": location_id,
                       "address_1": d.address.street, "city": d.address.city, "state_province": region,
                       "postal_code": d.address.postcode, "country": "DE", "address_type": "physical"}],
    }
    if d.description:
        data["description"] = _text(site, d.description)
    if d.geo:
        data["latitude"], data["longitude"] = d.geo.lat, d.geo.lon
    if d.transit:
        data["transportation"] = "; ".join(t.stop + (f" ({', '.join(t.lines)})" if t.lines else "")
                                           for t in d.transit)  # read back by `import hsds`
    if d.phone:
        data["phones"] = [{"id": _id(site, "phone", place.ref), "location_id": location_id, "number": d.phone,
                           "type": "voice"}]
    if d.wheelchair:
        data["accessibility"] = [{"id": _id(site, "accessibility", place.ref), "location_id": location_id,
                                  "description": ACCESS[d.wheelchair]}]
    return data


def location_id_of(site: Site, place: Place) -> str:
    """The place's HSDS location id: its own ``id`` (from ``import hsds``), else one from its name."""
    return place.data.id or _id(site, "location", place.ref)


def _organization(site: Site, name: str, description: str, website: str | None, email: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": _id(site, "organization", name), "name": name, "description": description}
    if website:
        data["website"] = website
    if email:
        data["email"] = email
    return data


def _organizers(site: Site, services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The publisher and every organization the *services* name, sorted by name."""
    p = site.config.publisher
    found = {p.name: _organization(site, p.name, _text(site, site.config.title), site.config.base_url, p.email)}
    for item in services:
        found.setdefault(item["organization"]["name"], item["organization"])
    return [found[name] for name in sorted(found)]


def _organization_of(site: Site, offer: Offer) -> dict[str, Any]:
    runs = offer.data.organizer
    if runs is None:
        p = site.config.publisher
        return _organization(site, p.name, _text(site, site.config.title), site.config.base_url, p.email)
    name = _text(site, runs.name)
    return _organization(site, name, name, runs.website, None)


def service(site: Site, offer: Offer, week: dt.date) -> dict[str, Any]:
    """One offer as a compiled HSDS ``service`` (times in the site's UTC offset of *week*'s first day)."""
    d = offer.data
    sid = service_id(site, offer)
    runs = _organization_of(site, offer)
    default = site.config.default_language
    places = [offer.place_ref] + sorted({full_place_ref(e.place, offer.quarter)
                                         for e in d.schedule or [] if e.place} - {offer.place_ref})
    data: dict[str, Any] = {
        "id": sid, "organization_id": runs["id"], "organization": runs,
        "name": _text(site, offer.text("title")), "description": _text(site, offer.text("summary")),
        "url": urls.absolute(site.config.base_url, urls.offer_page(default, offer.quarter, offer.slug)),
        "status": "active",
        "attributes": _attributes(site, offer, sid),
        "schedules": [s for e in d.schedule or [] if (s := _schedule(site, offer, e, week))],
        "service_at_locations": [{"id": _id(site, "service_at_location", f"{offer.ref}@{ref}"),
                                  "service_id": sid, "location_id": location_id_of(site, site.place(ref)),
                                  "location": _location(site, site.place(ref))} for ref in places],
    }
    if d.cost:
        data["fees_description"] = _text(site, d.cost)
    if d.registration:
        data["application_process"] = _text(site, d.registration)
    if d.age and d.age.min is not None:
        data["minimum_age"] = d.age.min
    if d.age and d.age.max is not None:
        data["maximum_age"] = d.age.max
    if d.checked:
        data["assured_date"] = d.checked.isoformat()
    return data


def _json(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def _quarter_of(item: dict[str, Any]) -> str:
    """The quarter of a service, from its page's address (``…/<lang>/<quarter>/<offer>/``)."""
    return item["url"].rstrip("/").split("/")[-2]


def hsds_files(site: Site, week: dt.date, previous: bytes | None = None) -> dict[str, bytes]:
    """``data/hsds/``: the services, the organizations and the package's description.

    *previous*: the last build's ``services.json``. A quarter that was not loaded for
    this build (its files are as then: ``Quarter.deferred``) keeps its services from
    it, so an edit does not load every quarter; without it, every quarter is read.
    """
    reused: dict[str, list[dict[str, Any]]] = {}
    if previous is not None and any(q.deferred for q in site.quarters.values()):
        try:
            for item in orjson.loads(previous):
                reused.setdefault(_quarter_of(item), []).append(item)
        except (orjson.JSONDecodeError, TypeError, KeyError, AttributeError):
            reused = {}
    services: list[dict[str, Any]] = []
    for slug, quarter in site.quarters.items():
        if quarter.deferred and slug in reused:
            services += reused[slug]
        else:
            services += [service(site, offer, week) for offer in quarter.offers.values()]
    package = {
        "name": "quartierboards-hsds", "title": _text(site, site.config.title),
        "profile": "https://openreferral.org/hsds/3.0/", "homepage": site.config.base_url,
        "resources": [
            {"name": "services", "path": "services.json", "format": "json",
             "schema": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/service.json"},
            {"name": "organizations", "path": "organizations.json", "format": "json",
             "schema": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
                       "organization.json"},
        ],
    }
    organizations = _organizers(site, services)
    tables = tabular_files(services, organizations)
    package["resources"] += [{"name": name.removesuffix(".csv"), "path": name, "format": "csv",
                              "mediatype": "text/csv", "profile": "tabular-data-resource"} for name in tables]
    return {f"{FOLDER}/services.json": _json(services),
            f"{FOLDER}/organizations.json": _json(organizations),
            **{f"{FOLDER}/{name}": data for name, data in tables.items()},
            f"{FOLDER}/datapackage.json": _json(package)}
