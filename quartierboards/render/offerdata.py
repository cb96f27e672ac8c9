"""Every offer of the city as data, one list per language: ``data/<lang>/offers.json`` and ``.csv``.

A row holds what a resident sees of an offer (title, summary, description, quarter,
place, audience, age, days and dates of the weeks shown) in one language. The rows are
published as open data in our own model (``docs/open-data.md``) and are what the
city-wide list, today's offers and the search index are made from: those show every
quarter, and rows let them do so without loading the quarters an edit did not touch. A
quarter that this build did not load (``Quarter.deferred``: its files are as last time)
keeps its rows from the last build's ``offers.json``, the way ``render/hsds.py`` keeps
its services.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from quartierboards.content.structure import Offer, Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.render import urls
from quartierboards.render.describe import describe_days
from quartierboards.render.hsds import service_id
from quartierboards.render.keys import bytes_key
from quartierboards.render.pages import SitePlan, upcoming
from quartierboards.render.view import LangView, iso_minutes
from quartierboards.schedule.expand import Occurrence

if TYPE_CHECKING:
    from quartierboards.beside import Beside

FOLDER = "data"
# Filter values of the weekdays (Monday first, as ``date.weekday()`` counts), English like
# the other filter values, so that a filter page has the same address in every language.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The columns of offers.csv, in order (one row per offer; lists joined with "; ").
CSV_COLUMNS = ("id", "quarter", "quarter_name", "title", "summary", "category", "audience", "age_min",
               "age_max", "when", "next_start", "next_end", "place", "street", "postcode", "city", "lat",
               "lon", "wheelchair", "organizer", "cost", "registration", "checked", "url", "description")


def offers_json_path(lang: str) -> str:
    """``data/<lang>/offers.json``."""
    return f"{FOLDER}/{lang}/offers.json"


def offers_csv_path(lang: str) -> str:
    """``data/<lang>/offers.csv``."""
    return f"{FOLDER}/{lang}/offers.csv"


def _occurrence(view: LangView, occ: Occurrence) -> dict[str, Any]:
    paused = view.plain(occ.closure.reason) if occ.closure is not None else occ.holiday
    return {"start": iso_minutes(occ.start), "end": iso_minutes(occ.end), "paused": paused,
            "holiday": occ.closure is None and occ.holiday is not None}


def offer_row(view: LangView, plan: SitePlan, offer: Offer) -> dict[str, Any]:
    """One offer in *view*'s language as a row (see ``docs/open-data.md`` for the fields)."""
    site, d = view.site, offer.data
    quarter = site.quarters[offer.quarter]
    place = view.place(offer.place_ref)
    title = view.pick(offer.text("title"))
    dates = plan.occurrences_of(offer.quarter, offer.ref)
    later = [] if dates else [o for o in upcoming(plan, offer, limit=1) if o.start.date() > plan.today]
    row: dict[str, Any] = {
        "id": service_id(site, offer),
        "quarter": offer.quarter,
        "quarter_name": view.plain(quarter.data.name),
        "offer": offer.slug,
        "url": urls.absolute(site.config.base_url, urls.offer_page(view.lang, offer.quarter, offer.slug)),
        "title": title.text if title else offer.slug,
        "text_lang": cldr.html_lang(title.lang if title else view.lang),
        "summary": view.plain(offer.text("summary")),
        "description": view.plain_body(offer.bodies),
        "category": d.category,
        "audience": list(d.audience),
        "age": {"min": d.age.min, "max": d.age.max} if d.age else None,
        "organizer": view.plain(d.organizer.name) if d.organizer else None,
        "by_appointment": d.by_appointment is not None,
        "cost": view.plain(d.cost) or None,
        "registration": view.plain(d.registration) or None,
        "place": None,
        "when": "; ".join(f"{describe_days(e, view)} {view.times(e.time[0], e.time[1])}" for e in d.schedule or []),
        "days": [WEEKDAYS[i] for i in sorted({o.start.weekday() for o in dates if not o.cancelled})],
        "dates": [_occurrence(view, o) for o in dates],
        "later": [_occurrence(view, o) for o in later],
        "checked": d.checked.isoformat() if d.checked else None,
    }
    if place is not None:
        p = place.data
        row["place"] = {"name": view.plain(p.name), "street": p.address.street, "postcode": p.address.postcode,
                        "city": p.address.city, "lat": p.geo.lat if p.geo else None,
                        "lon": p.geo.lon if p.geo else None, "wheelchair": p.wheelchair}
    return row


def quarter_rows(site: Site, plan: SitePlan, quarter: Quarter, lang: str) -> list[dict[str, Any]]:
    """The rows of *quarter*'s offers in *lang*, in the quarter's order."""
    view = LangView(site, lang)
    return [offer_row(view, plan, offer) for offer in quarter.offers.values()]


@dataclass
class CityRows:
    """The rows of every quarter in every language, made on first use.

    *read_previous* reads a file of the last build (``None`` on a first build); the rows
    of a deferred quarter come from there, so its offers are not loaded.
    """

    site: Site
    plan: SitePlan
    read_previous: Callable[[str], bytes] | None = None
    _rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    # Rows another process made (:meth:`adopt`), as JSON until a language is asked for.
    _packed: dict[str, bytes] = field(default_factory=dict, repr=False)
    # The languages being made in a process beside this one (:meth:`make_beside`).
    _beside: Beside[dict[str, bytes]] | None = field(default=None, repr=False)
    _beside_languages: frozenset[str] = field(default=frozenset(), repr=False)

    def to_make(self) -> int:
        """How many rows are still to be made from loaded quarters (those of quarters left unloaded are read back)."""
        if self._beside is not None:
            return 0
        todo = [lang for lang in self.site.config.languages if lang not in self._rows and lang not in self._packed]
        return len(todo) * sum(len(q.offers) for q in self.site.quarters.values() if not q.deferred)

    def make_beside(self, languages: list[str]) -> None:
        """Start making the rows of *languages* in a forked process; :meth:`rows` takes them when asked for.

        A cold build makes 35,000 rows at 100 quarters x 50 offers (about 6 s, a Markdown
        body each); the build's process plans its pages meanwhile instead of leaving the
        second core idle. They come back as JSON (:meth:`made`). Call :meth:`stop` when
        the build ends before asking.
        """
        from quartierboards.beside import Beside  # not imported for an edit's build

        todo = [lang for lang in languages if lang not in self._rows and lang not in self._packed]
        if todo and self._beside is None:
            self._beside = Beside(lambda: {lang: orjson.dumps(self.rows(lang)) for lang in todo})
            self._beside_languages = frozenset(todo)

    def stop(self) -> None:
        """End the process :meth:`make_beside` started, if it still runs (its rows are made here when asked for)."""
        if self._beside is not None:
            self._beside.stop()
            self._beside, self._beside_languages = None, frozenset()

    def rows(self, lang: str) -> list[dict[str, Any]]:
        """Every offer of every quarter in *lang*, quarter by quarter in the site's order."""
        if lang in self._beside_languages and self._beside is not None:
            made, self._beside, self._beside_languages = self._beside.result(), None, frozenset()
            self.adopt(made)
        if lang not in self._rows and lang in self._packed:
            self._rows[lang] = orjson.loads(self._packed.pop(lang))
        if lang not in self._rows:
            reused = self._previous(lang)
            found: list[dict[str, Any]] = []
            for slug, quarter in self.site.quarters.items():
                if quarter.deferred and slug in reused:
                    found += reused[slug]
                else:
                    found += quarter_rows(self.site, self.plan, quarter, lang)
            self._rows[lang] = found
        return self._rows[lang]

    def pack(self) -> None:
        """Hold every language's rows as JSON only until one is asked for again (about 4 times smaller).

        The build's process needs no rows while forked workers render the pages (they
        have them already); the open data asks for them one language at a time after.
        """
        for lang in list(self._rows):
            self._packed[lang] = orjson.dumps(self._rows.pop(lang))

    def release(self, lang: str) -> None:
        """Let go of *lang*'s rows (made again if asked for): a build done with them frees them at once."""
        self._rows.pop(lang, None)
        self._packed.pop(lang, None)

    def languages(self) -> frozenset[str]:
        """The languages whose rows are made (as rows, or as JSON from another process)."""
        return frozenset(self._rows) | frozenset(self._packed)

    def made(self, besides: frozenset[str] = frozenset()) -> dict[str, bytes]:
        """The rows made so far, by language, as JSON, except the languages *besides* (for :meth:`adopt`).

        A forked process hands back only what the process it was forked from did not have
        (:meth:`languages`), and as JSON, not the rows themselves: the whole city's rows
        in seven languages are about 4 times larger as Python objects (200 MB at 100 × 50);
        as JSON, each language becomes rows only when it is asked for. The rows are JSON
        already (``offers.json`` is made of them).
        """
        packed = {lang: orjson.dumps(found) for lang, found in self._rows.items() if lang not in besides}
        return {**{lang: found for lang, found in self._packed.items() if lang not in besides}, **packed}

    def adopt(self, rows: dict[str, bytes]) -> None:
        """Take *rows* that a forked process made (:meth:`made`) for languages not made here yet."""
        for lang, found in rows.items():
            if lang not in self._rows:
                self._packed.setdefault(lang, found)

    def _previous(self, lang: str) -> dict[str, list[dict[str, Any]]]:
        if self.read_previous is None or not any(q.deferred for q in self.site.quarters.values()):
            return {}
        try:
            document = orjson.loads(self.read_previous(offers_json_path(lang)))
            by_quarter: dict[str, list[dict[str, Any]]] = {}
            for row in document["offers"]:
                by_quarter.setdefault(row["quarter"], []).append(row)
        except (OSError, KeyError, TypeError, orjson.JSONDecodeError):
            return {}  # no usable last file: the quarters are loaded
        return by_quarter


def licence_of(site: Site) -> dict[str, str] | None:
    """The licence the publisher chose for the open data (``data_licence`` in ``site.yaml``), if any."""
    chosen = site.config.data_licence
    if chosen is None:
        return None
    return {"name": chosen.name, "url": chosen.url}


def offers_json(site: Site, lang: str, rows: list[dict[str, Any]]) -> bytes:
    """``offers.json``: the rows of *lang* with the publisher, the licence and the site's address."""
    document = {"site": site.config.base_url, "language": lang, "publisher": site.config.publisher.name,
                "licence": licence_of(site), "offers": rows}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def next_date(row: dict[str, Any], today: dt.date) -> dict[str, Any] | None:
    """The row's next date that takes place, from *today* on (within the weeks shown, else after them)."""
    for occ in [*row["dates"], *row["later"]]:
        if occ["paused"] is None and occ["start"][:10] >= today.isoformat():
            return occ
    return None


def offers_csv(rows: list[dict[str, Any]], today: dt.date) -> bytes:
    """``offers.csv``: one line per offer for spreadsheets (UTF-8 with BOM, comma separated)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        place = row["place"] or {}
        age = row["age"] or {}
        soon = next_date(row, today) or {}
        values = {**row, "audience": "; ".join(row["audience"]), "age_min": age.get("min"),
                  "age_max": age.get("max"), "next_start": soon.get("start"), "next_end": soon.get("end"),
                  "place": place.get("name"), **{k: place.get(k) for k in ("street", "postcode", "city", "lat",
                                                                             "lon", "wheelchair")}}
        writer.writerow(["" if values.get(c) is None else values[c] for c in CSV_COLUMNS])
    # Excel opens a UTF-8 file as such only with its byte order mark.
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def offer_files(site: Site, city: CityRows, today: dt.date) -> dict[str, bytes]:
    """``data/<lang>/offers.json`` and ``offers.csv`` for every language of the site."""
    return {path: data for path, _, data in each_offer_file(site, city, today) if data is not None}


def each_offer_file(site: Site, city: CityRows, today: dt.date, *, release: bool = False,
                    scope: str | None = None, previous: Mapping[str, str] | None = None,
                    ) -> Iterator[tuple[str, str, bytes | None]]:
    """:func:`offer_files` one file after the other, ``(path, key, bytes)``.

    With *scope* (the build's key of code and week, ``Keys.global_key``), a CSV's key is
    made from its language's ``offers.json`` and the day, and a CSV whose key is in
    *previous* (the last build's keys) is not made again (bytes ``None``): an edit in
    one language writes that language's CSV only. Otherwise a file's key is its digest.
    With *release*, each language's rows are let go of once its files are made: a
    caller that stores each file as it comes holds one language's rows and files at a
    time, not the whole city's in seven languages (hundreds of MB at 100 × 50).
    """
    previous = previous or {}
    for lang in site.config.languages:
        rows = city.rows(lang)
        data = offers_json(site, lang, rows)
        key = bytes_key(data)
        yield offers_json_path(lang), key, data
        del data
        if scope is None:
            data = offers_csv(rows, today)
            yield offers_csv_path(lang), bytes_key(data), data
        else:
            key = bytes_key(f"{scope}\0{key}\0{today.isoformat()}".encode())
            path = offers_csv_path(lang)
            yield path, key, None if previous.get(path) == key else offers_csv(rows, today)
        del rows
        if release:
            city.release(lang)
