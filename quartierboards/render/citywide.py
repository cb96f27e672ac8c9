"""The whole city at a glance: every offer of every quarter in one list, and today's offers.

The city-wide list filters like a board (:func:`quartierboards.render.pages.matches`) and
further by weekday and quarter; each filter is a static page, and ``board.js`` filters
in place with the same rule, read from the rows' ``data-*`` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass

from quartierboards.content.models import AUDIENCES, CATEGORIES
from quartierboards.content.structure import Offer, Site
from quartierboards.memo import IdentityMemo
from quartierboards.render import urls
from quartierboards.render.pages import PageSpec, SitePlan, matches, per_language, upcoming
from quartierboards.schedule.expand import Occurrence

# Filter values of the weekdays (Monday first, as ``date.weekday()`` counts), English like
# the other filter values, so that a filter page has the same address in every language.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A quarter's filter value: ``in-suedpark``; the prefix keeps quarters apart from the other values.
QUARTER_PREFIX = "in-"


@dataclass(frozen=True)
class Row:
    """One offer of the city-wide list: its weekdays in the planned weeks and its next date."""

    offer: Offer
    days: tuple[str, ...]
    next: Occurrence | None

    @property
    def where(self) -> str:
        """The filter value of the offer's quarter."""
        return QUARTER_PREFIX + self.offer.quarter


_ROWS: IdentityMemo[list[Row]] = IdentityMemo(4)


def rows(site: Site, plan: SitePlan) -> list[Row]:
    """Every offer of every quarter once, by category in the contract's order, then by quarter and offer.

    Made when a city-wide page is rendered, once per process: listing the pages must not
    load unchanged quarters or expand their weeks.
    """
    return _ROWS.get(plan, id(site), lambda: _rows(site, plan))


def _rows(site: Site, plan: SitePlan) -> list[Row]:
    found = []
    for quarter in site.quarters.values():
        for offer in quarter.offers.values():
            dates = [o for o in plan.occurrences_of(quarter.slug, offer.ref) if not o.cancelled]
            days = tuple(WEEKDAYS[i] for i in sorted({o.start.weekday() for o in dates}))
            soon = [o for o in upcoming(plan, offer, limit=4) if not o.cancelled]
            found.append(Row(offer, days, soon[0] if soon else None))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(found, key=lambda r: order.get(r.offer.data.category, len(order)))


def row_matches(row: Row, only: str | None) -> bool:
    """Whether *row* is shown under the filter *only* (the same rule as ``board.js``)."""
    return matches(row.offer, only) or only in row.days or only == row.where


def by_category(found: list[Row], only: str | None = None) -> list[tuple[str, list[Row]]]:
    """The rows under the filter *only*, grouped by category in the contract's order."""
    groups: dict[str, list[Row]] = {}
    for row in found:
        if row_matches(row, only):
            groups.setdefault(row.offer.data.category, []).append(row)
    return list(groups.items())


def all_filter_values(site: Site) -> list[str]:
    """Every filter of the city-wide list, each a static page: audiences, topics, weekdays, quarters.

    Fixed by the contract and the quarters, not by the offers, so that the list of pages
    is known without loading the quarters; the list links only those that select something.
    """
    return [*AUDIENCES, *CATEGORIES, *WEEKDAYS, *(QUARTER_PREFIX + q for q in site.quarters)]


def filter_values(site: Site, found: list[Row]) -> list[str]:
    """The filters of the city-wide list that select something, in the order of :func:`all_filter_values`."""
    audiences = {a for r in found for a in r.offer.data.audience}
    categories = {r.offer.data.category for r in found}
    days = {d for r in found for d in r.days}
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


def today(site: Site, plan: SitePlan) -> list[Occurrence]:
    """Today's occurrences in every quarter, by start time, then in the quarters' order."""
    found = []
    for quarter in site.quarters.values():
        for week in plan.weeks[quarter.slug]:
            for day in week.days:
                if day.date == plan.today:
                    found += day.items
    order = {slug: i for i, slug in enumerate(site.quarters)}
    return sorted(found, key=lambda o: (o.start, order[o.source.partition("/")[0]]))


def city_pages(site: Site, plan: SitePlan) -> list[PageSpec]:
    """The city-wide list, its filter pages and today's offers, in every language."""
    context = {"city": True, "weekdays": WEEKDAYS, "quarter_prefix": QUARTER_PREFIX}
    pages = per_language(site, urls.city_offers_page, "city_offers.html", **context)
    for value in all_filter_values(site):
        pages += per_language(site, lambda lang, f=value: urls.city_filter_page(lang, f),
                              "city_offers.html", **context, only=value)
    pages += per_language(site, urls.city_today_page, "city_today.html", **context)
    return pages


def template_context(site: Site, plan: SitePlan) -> dict[str, object]:
    """What the city-wide templates call: the rows, the filters that select something, today's offers."""
    return {
        "city_rows": lambda only=None: by_category(rows(site, plan), only),
        "city_filters": lambda: filter_groups(filter_values(site, rows(site, plan))),
        "city_today": lambda: today(site, plan),
    }

