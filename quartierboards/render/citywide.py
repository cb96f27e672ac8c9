"""The whole city at a glance: every offer of every quarter in one list, and today's offers.

The rows come from :mod:`quartierboards.render.offerdata` (what ``offers.json`` publishes), so
these pages show every quarter without loading the quarters an edit did not touch. The
list filters like a board (the rule of :func:`quartierboards.render.pages.matches`) and
further by weekday and quarter; each filter is a static page, and ``board.js`` filters
in place with the same rule, read from the rows' ``data-*`` attributes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson

from quartierboards.content.models import AUDIENCES, CATEGORIES
from quartierboards.content.structure import Site
from quartierboards.memo import IdentityMemo
from quartierboards.render import urls
from quartierboards.render.offerdata import WEEKDAYS, CityRows, next_date
from quartierboards.render.pages import PageSpec, SitePlan, per_language

# A quarter's filter value: ``in-suedpark``; the prefix keeps quarters apart from the other values.
QUARTER_PREFIX = "in-"


@dataclass(frozen=True)
class Row:
    """One offer of the city-wide list: its row of ``offers.json`` (:mod:`quartierboards.render.offerdata`)."""

    data: dict[str, Any]
    digest: str = ""  # of the data (made with the row by rows(): the key of the pages that list it)
    _versions: dict[dt.date, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def where(self) -> str:
        """The filter value of the offer's quarter."""
        return QUARTER_PREFIX + self.data["quarter"]

    def offer_page(self, lang: str) -> str:
        """The offer page's output path in *lang* (the row's language)."""
        return urls.offer_page(lang, self.data["quarter"], self.data["offer"])

    def next(self, today: dt.date) -> When | None:
        """The next date that takes place, from *today* on."""
        found = next_date(self.data, today)
        return When.of(found) if found else None

    def version(self, today: dt.date) -> str:
        """What the row's fragment shows, as a string that changes when that does (``{% keep %}``)."""
        found = self._versions.get(today)
        if found is None:  # asked by every page that lists the row
            found = self._versions[today] = f"{self.digest}:{next_date(self.data, today)}"
        return found


@dataclass(frozen=True)
class When:
    """A dated occurrence read back from a row, with what ``LangView.when`` needs."""

    start: dt.datetime
    end: dt.datetime
    paused: str | None = None  # the public holiday's name or the closure's reason
    holiday: bool = False  # paused by a public holiday (not a closure)

    @classmethod
    def of(cls, item: dict[str, Any]) -> When:
        """From a row's ``{"start", "end", "paused", "holiday"}``."""
        return cls(dt.datetime.fromisoformat(item["start"]), dt.datetime.fromisoformat(item["end"]),
                   item["paused"], item.get("holiday", False))

    @property
    def cancelled(self) -> bool:
        """Paused by a public holiday or a closure."""
        return self.paused is not None


def city_rows(site: Site, plan: SitePlan) -> CityRows:
    """The plan's rows of every offer (made on first use when the pipeline did not provide them)."""
    if plan.city is None:
        plan.city = CityRows(site, plan)
    return plan.city


# Every city-wide page of a language (the list, its filters, today) and its day part read the
# same sorted rows: made once per build's rows and language, not once per page.
_SORTED: IdentityMemo[list[Row]] = IdentityMemo(16)  # a build's languages; older builds let go


def rows(site: Site, plan: SitePlan, lang: str) -> list[Row]:
    """Every offer of every quarter once in *lang*: by category in the contract's order, then as listed."""
    city = city_rows(site, plan)
    return _SORTED.get(city, lang, lambda: _sorted_rows(city, lang))


def let_go_of_rows(plan: SitePlan) -> None:
    """Pack the plan's rows as JSON (:meth:`CityRows.pack`) and forget what was made of them here.

    For the build's process once its workers have forked: at 100 x 50 the rows of seven
    languages and their sorted and grouped views are about 200 MB, which the process
    held while doing nothing with them.
    """
    if plan.city is not None:
        plan.city.pack()
    _SORTED.clear()
    _VIEWS.clear()


def _sorted_rows(city: CityRows, lang: str) -> list[Row]:
    order = {c: i for i, c in enumerate(CATEGORIES)}
    made = (Row(r, hashlib.sha256(orjson.dumps(r)).hexdigest()) for r in city.rows(lang))
    return sorted(made, key=lambda r: order.get(r.data["category"], len(order)))


def filters_of(row: Row) -> set[str]:
    """Every filter value that shows *row*: the rule of the boards and ``board.js``.

    A row is shown under its topic, its quarter, its weekdays and its audiences; an offer
    for everyone also under every audience.
    """
    data = row.data
    shown = {data["category"], row.where, *data["audience"], *data["days"]}
    if "everyone" in data["audience"]:
        shown.update(AUDIENCES)
    return shown


def by_filter(found: list[Row]) -> dict[str | None, list[tuple[str, list[Row]]]]:
    """The rows under each filter value (``None``: all of them), grouped by category in the order of *found*.

    One pass over the rows for every filter at once: a page per filter scanning all
    5,000 rows of a large city cost millions of tests per language.
    """
    groups: dict[str | None, dict[str, list[Row]]] = {}
    for row in found:
        category = row.data["category"]
        for value in (None, *filters_of(row)):
            groups.setdefault(value, {}).setdefault(category, []).append(row)
    return {value: list(categories.items()) for value, categories in groups.items()}


def all_filter_values(site: Site) -> list[str]:
    """Every filter of the city-wide list, each a static page: audiences, topics, weekdays, quarters.

    Fixed by the contract and the quarters, not by the offers, so that the list of pages
    is known without loading the quarters; the list links only those that select something.
    """
    return [*AUDIENCES, *CATEGORIES, *WEEKDAYS, *(QUARTER_PREFIX + q for q in site.quarters)]


def filter_values(site: Site, found: list[Row]) -> list[str]:
    """The filters of the city-wide list that select something, in the order of :func:`all_filter_values`."""
    audiences = {a for r in found for a in r.data["audience"]}
    categories = {r.data["category"] for r in found}
    days = {d for r in found for d in r.data["days"]}
    quarters = {r.where for r in found}
    return ([a for a in AUDIENCES if a in audiences] + [c for c in CATEGORIES if c in categories]
            + [d for d in WEEKDAYS if d in days]
            + [QUARTER_PREFIX + q for q in site.quarters if QUARTER_PREFIX + q in quarters])


def filter_groups(values: list[str]) -> list[tuple[str, list[str]]]:
    """*values* in the list's four groups, ``(kind, values)``: audience, topic, day, quarter (empty ones left out)."""
    kinds = (("audience", AUDIENCES), ("topic", CATEGORIES), ("day", WEEKDAYS))
    groups = [(kind, [v for v in values if v in known]) for kind, known in kinds]
    groups.append(("quarter", [v for v in values if v.startswith(QUARTER_PREFIX)]))
    return [(kind, found) for kind, found in groups if found]


def today(site: Site, plan: SitePlan, lang: str) -> list[tuple[When, Row]]:
    """Today's dates in every quarter with their rows, by start time, then in the quarters' order."""
    found = []
    order = {slug: i for i, slug in enumerate(site.quarters)}
    for row in rows(site, plan, lang):
        for item in row.data["dates"]:
            if item["start"][:10] == plan.today.isoformat():
                found.append((When.of(item), row))
    return sorted(found, key=lambda pair: (pair[0].start, order[pair[1].data["quarter"]], pair[1].data["offer"]))


def city_pages(site: Site, plan: SitePlan) -> list[PageSpec]:
    """The city-wide list, its filter pages and today's offers, in every language."""
    context = {"city": True, "weekdays": WEEKDAYS, "quarter_prefix": QUARTER_PREFIX}
    pages = per_language(site, urls.city_offers_page, "city_offers.html", **context)
    for value in all_filter_values(site):
        pages += per_language(site, lambda lang, f=value: urls.city_filter_page(lang, f),
                              "city_offers.html", **context, only=value)
    pages += per_language(site, urls.city_today_page, "city_today.html", **context)
    # One language's pages together: their rows are fragments per language (the template's
    # cache), and 5,000 offers in seven languages at once would not stay in the cache.
    order = {lang: i for i, lang in enumerate(site.config.languages)}
    return sorted(pages, key=lambda page: order[page.lang])


# The filter of today's page in :func:`listing` (no filter value has a NUL in it), and one
# that selects no offer.
_TODAY, _NOTHING = "\0today", "\0nothing"


@dataclass(frozen=True)
class Listing:
    """What a city-wide page lists, as two digests for its key."""

    rows: str  # its rows in its language, and the list's filters (``render.keys.city_page_key``)
    day: str  # the listed rows' next dates: what the page shows of the day (``render.dayparts``)


_LISTINGS: IdentityMemo[dict[tuple[str, str | None], Listing]] = IdentityMemo(4)


def listing(site: Site, plan: SitePlan, spec: PageSpec) -> Listing:
    """What the city-wide page *spec* lists (:class:`Listing`).

    A page's key holds this instead of the whole city's content, so that an offer edit
    makes again only the pages that list the offer, in the languages whose rows of it
    changed (a German title edit: the German pages), and the next day only the pages
    whose offers' next dates moved on. Worked out for every page at once, in one pass
    over the rows; the rows made here (in the build's process, before workers fork) are
    the ones the workers and the search index then use.
    """
    only = _TODAY if spec.template == "city_today.html" else spec.context.get("only")
    found = _LISTINGS.get(city_rows(site, plan), (), lambda: _listings(site, plan))
    return found.get((spec.lang, only), found[spec.lang, _NOTHING])


def _listings(site: Site, plan: SitePlan) -> dict[tuple[str, str | None], Listing]:
    # Which pages list an offer and its next date are the same in every language: worked out once.
    shown: dict[str, list[str | None]] = {}
    soon: dict[str, bytes] = {}
    today = plan.today.isoformat()
    for row in rows(site, plan, site.config.default_language):
        shown[row.data["id"]] = values = [None, *filters_of(row)]
        if any(item["start"][:10] == today for item in row.data["dates"]):
            values.append(_TODAY)
        soon[row.data["id"]] = orjson.dumps(next_date(row.data, plan.today))
    chips = "\0".join(filter_values(site, rows(site, plan, site.config.default_language))).encode()
    made = {}
    for lang in site.config.languages:
        lists: dict[str | None, tuple[list[bytes], list[bytes]]] = {None: ([], []), _TODAY: ([], []),
                                                                    _NOTHING: ([], [])}
        for row in rows(site, plan, lang):  # in the order the pages list them
            offer = row.data["id"]
            digest, day = row.digest.encode(), soon.get(offer, b"")
            for value in shown.get(offer, (None,)):
                listed, days = lists.setdefault(value, ([], []))
                listed.append(digest)
                days.append(day)
        made.update(((lang, only), Listing(hashlib.sha256(b"".join([chips, *listed])).hexdigest(),
                                           hashlib.sha256(b"\0".join(days)).hexdigest()))
                    for only, (listed, days) in lists.items())
    return made


# What every page of a language asks of the same sorted rows (the filters that select
# something; the rows under every filter, from one pass): made once per language's rows,
# not once per page and call (a scan of the rows costs milliseconds at 5,000 offers).
_VIEWS: IdentityMemo[Any] = IdentityMemo(32)


def template_context(site: Site, plan: SitePlan, lang: str) -> dict[str, object]:
    """What the city-wide templates call: the rows, the filters that select something, today's offers."""

    def grouped(only: str | None = None) -> list[tuple[str, list[Row]]]:
        found = rows(site, plan, lang)
        return _VIEWS.get(found, ("rows",), lambda: by_filter(found)).get(only, [])

    def filters() -> list[tuple[str, list[str]]]:
        found = rows(site, plan, lang)
        return _VIEWS.get(found, ("filters",), lambda: filter_groups(filter_values(site, found)))

    def filters_version() -> str:
        """What the filter chips show: the filters that select something, and the quarters' names."""
        found = rows(site, plan, lang)
        return _VIEWS.get(found, ("filters-version",), lambda: hashlib.sha256(repr(
            (filters(), [(slug, q.data.name) for slug, q in site.quarters.items()])).encode()).hexdigest())

    return {
        "city_rows": grouped,
        "city_list_rows": lambda only=None: [r.data for _, found in grouped(only) for r in found],
        "city_filters": filters,
        "city_filters_version": filters_version,
        "city_today": lambda: today(site, plan, lang),
        "data_files": lambda: data_files(site, lang),
    }


def data_files(site: Site, lang: str) -> list[tuple[str, str]]:
    """The open-data files a city-wide page links, ``(label, output path)``."""
    from quartierboards.render.hsds import FOLDER as HSDS
    from quartierboards.render.offerdata import offers_csv_path, offers_json_path

    return [("offers.json", offers_json_path(lang)), ("offers.csv", offers_csv_path(lang)),
            ("HSDS 3", f"{HSDS}/datapackage.json")]

