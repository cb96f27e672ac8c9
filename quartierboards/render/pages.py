"""Which pages the site has, and what each template gets to see."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from quartierboards.content.freshness import months_before
from quartierboards.content.models import AUDIENCES, CATEGORIES
from quartierboards.content.structure import Offer, Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.render import jsonld, urls
from quartierboards.render.describe import (
    describe_days,
    describe_exceptions,
    describe_validity,
    shown_of_the_day,
)
from quartierboards.render.env import gettext_context, shared_environment
from quartierboards.render.photos import picture
from quartierboards.render.printlinks import print_links
from quartierboards.render.view import LangView, base_context
from quartierboards.schedule.expand import Occurrence
from quartierboards.schedule.pauses import holiday_programme_days, offer_pauses_between
from quartierboards.schedule.plan import Day, Week


@dataclass
class PageSpec:
    """One HTML page to render: where it goes, its template, its language and data."""

    path: str
    template: str
    lang: str
    context: dict[str, Any] = field(default_factory=dict)
    alternates: dict[str, str] = field(default_factory=dict)  # lang → path of the same page


@dataclass
class SitePlan:
    """Week plans of every quarter, computed once for all languages."""

    today: dt.date
    weeks: dict[str, list[Week]]
    # Every offer as rows (render/offerdata.CityRows), for the pages that show the whole city.
    city: Any = field(default=None, repr=False, compare=False)
    # What each quarter's pages show (its content key, render.keys), the version of the fragments
    # its pages keep from one build to the next (``{% keep … on quarter.slug %}``); set by the build.
    kept_versions: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _by_source: dict[str, dict[str, list[Occurrence]]] = field(default_factory=dict, repr=False, compare=False)
    _cards: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)  # cards_version

    def occurrences_of(self, quarter: str, source: str) -> list[Occurrence]:
        """Occurrences of *source* (an offer ref) in the planned weeks of *quarter*, in order."""
        index = self._by_source.get(quarter)
        if index is None:
            index = self._by_source[quarter] = {}
            for week in self.weeks[quarter]:
                for occ in week.occurrences:
                    index.setdefault(occ.source, []).append(occ)
        return index.get(source, [])


def per_language(site: Site, make_path, template: str, **context: Any) -> list[PageSpec]:
    """The page *template* in every language of the site, at ``make_path(lang)``, alternates of each other."""
    languages = list(site.config.languages)
    alternates = {lang: make_path(lang) for lang in languages}
    return [PageSpec(alternates[lang], template, lang, dict(context), alternates) for lang in languages]


def site_pages(site: Site, plan: SitePlan) -> list[PageSpec]:
    """All HTML pages of the site, in a stable order: the site's own, then each quarter's."""
    pages = site_level_pages(site, plan)
    for quarter in site.quarters.values():
        pages += quarter_pages(site, plan, quarter)
    return pages


def site_level_pages(site: Site, plan: SitePlan) -> list[PageSpec]:
    """The pages above the quarters: the root page, the city overview, the city-wide lists and the legal pages."""
    from quartierboards.render.citywide import city_pages  # it builds on this module
    default = site.config.default_language
    pages = [PageSpec(urls.root_page(), "root.html", default, alternates={default: urls.root_page()}),
             *per_language(site, urls.city_page, "city.html"), *city_pages(site, plan)]
    for kind in urls.LEGAL_PAGES:
        pages += per_language(site, lambda lang, k=kind: urls.legal_page(lang, k), f"legal/{kind}.html")
    return pages


def quarter_pages(site: Site, plan: SitePlan, quarter: Quarter) -> list[PageSpec]:
    """The pages of one quarter: its language chooser, boards, weeks, offers, filters and news."""
    default = site.config.default_language
    weeks = plan.weeks[quarter.slug]
    pages = [PageSpec(urls.chooser_page(quarter.slug), "languages.html", default,
                      {"quarter": quarter}, {default: urls.chooser_page(quarter.slug)})]
    pages += per_language(site, lambda lang, q=quarter.slug: urls.board_page(lang, q),
                           "board.html", quarter=quarter, weeks=weeks, week=weeks[0])
    for week in weeks:
        pages += per_language(
            site, lambda lang, q=quarter.slug, w=week.label: urls.week_page(lang, q, w),
            "week.html", quarter=quarter, weeks=weeks, week=week)
    for offer in quarter.offers.values():
        pages += per_language(
            site, lambda lang, q=quarter.slug, o=offer.slug: urls.offer_page(lang, q, o),
            "offer.html", quarter=quarter, offer=offer, weeks=weeks)
    for value in filter_values(quarter):
        pages += per_language(
            site, lambda lang, q=quarter.slug, f=value: urls.filter_page(lang, q, f),
            "filter.html", quarter=quarter, weeks=weeks, week=weeks[0], only=value)
    if quarter.news:
        pages += per_language(site, lambda lang, q=quarter.slug: urls.news_archive(lang, q),
                               "news_archive.html", quarter=quarter)
        for item in quarter.news:
            pages += per_language(
                site, lambda lang, q=quarter.slug, n=item.slug: urls.news_page(lang, q, n),
                "news.html", quarter=quarter, item=item)
    return pages


# Age filters: the bands parents and schools think in (under school age, primary and
# lower secondary school, teenagers, adults). A resident asking "for my 8-year-old"
# picks 6–12 and finds every offer whose `age` range includes some of those years.
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "age-0-5": (0, 5), "age-6-12": (6, 12), "age-13-17": (13, 17), "age-18": (18, None)}


def age_band(value: str) -> dict[str, int | None] | None:
    """``{"min": 6, "max": 12}`` of an age filter value (for its label), ``None`` for other filters."""
    band = AGE_BANDS.get(value)
    return {"min": band[0], "max": band[1]} if band else None


def _in_band(offer: Offer, value: str) -> bool:
    """Whether *offer*'s ``age`` range overlaps the band *value* (offers without ``age`` are in none)."""
    age, (low, high) = offer.data.age, AGE_BANDS[value]
    if age is None:
        return False
    return (age.min or 0) <= (high if high is not None else 200) and (age.max is None or age.max >= low)


def age_bands(offer: Offer) -> str:
    """The age filters *offer* is shown under, space-separated (``data-ages`` for the board's script)."""
    return " ".join(v for v in AGE_BANDS if _in_band(offer, v))


def filter_values(quarter: Quarter) -> list[str]:
    """Audiences, age bands and categories that occur among the quarter's offers, in the contract's order."""
    audiences = {a for o in quarter.offers.values() for a in o.data.audience}
    categories = {o.data.category for o in quarter.offers.values()}
    ages = [v for v in AGE_BANDS if any(_in_band(o, v) for o in quarter.offers.values())]
    return [a for a in AUDIENCES if a in audiences] + ages + [c for c in CATEGORIES if c in categories]


def matches(offer: Offer, only: str | None) -> bool:
    """Whether *offer* is shown under the filter *only* (``everyone`` offers suit every audience)."""
    if not only:
        return True
    if only in AGE_BANDS:
        return _in_band(offer, only)
    audience = offer.data.audience
    return only == offer.data.category or only in audience or (only in AUDIENCES and "everyone" in audience)


def current_news(quarter: Quarter, today: dt.date, limit: int = 3, months: int = 6) -> list:
    """Newest posts that are published and not expired: until their ``until``, or for *months* after their date."""
    oldest = months_before(today, months)
    return [n for n in quarter.news if n.date <= today
            and (n.data.until >= today if n.data.until is not None else n.date >= oldest)][:limit]


def offers_by_category(quarter: Quarter, only: str | None = None) -> list[tuple[str, list[Offer]]]:
    """Offers (under the filter *only*) grouped by category, categories in the contract's order."""
    groups = []
    for category in CATEGORIES:
        offers = [o for o in quarter.offers.values() if o.data.category == category and matches(o, only)]
        if offers:
            groups.append((category, offers))
    return groups


def upcoming(plan: SitePlan, offer: Offer, limit: int = 8) -> list[Occurrence]:
    """The next occurrences of *offer* from today on: within the planned weeks, or else
    the next ones up to a year ahead, so that every offer page says when it is next."""
    found = [o for o in plan.occurrences_of(offer.quarter, offer.ref) if o.start.date() >= plan.today]
    if found or not offer.data.schedule:
        return found[:limit]
    return plan.weeks[offer.quarter][-1].source.after(offer, limit)


# How far ahead an offer's page names its pauses and holiday dates (as far as its calendar goes).
PAUSES_AHEAD_DAYS = 366


def pauses_ahead(site: Site, plan: SitePlan, offer: Offer, limit: int = 4) -> dict[str, list]:
    """The next closures of *offer* (``paused``) and, for a holiday programme, the holidays it runs in
    (``runs``), from the first planned week on (a week's facts: the page's key has the week, not the day)."""
    first = plan.weeks[offer.quarter][0].start
    last = first + dt.timedelta(days=PAUSES_AHEAD_DAYS)
    return {"paused": offer_pauses_between(site, offer, first, last)[:limit],
            "runs": holiday_programme_days(site, offer, first, last)[:limit]}


def is_over(offer: Offer, today: dt.date) -> bool:
    """Whether *offer* is a one-off event (dates only) whose every date is before *today*."""
    entries = offer.data.schedule or []
    if not entries or any(not (e.date or e.dates) for e in entries):
        return False
    return all(day < today for e in entries for day in [*(e.dates or []), *([e.date] if e.date else [])])


def coming_days(weeks: list[Week], today: dt.date, limit: int = 2) -> tuple[Day | None, list[Day]]:
    """Today's day of the planned weeks, and the next *limit* days after it that have something on.

    For the board's first screen: what runs today, or when nothing does, what comes next.
    """
    days = [day for week in weeks for day in week.days if day.date >= today]
    current = days[0] if days and days[0].date == today else None
    later = [day for day in days if day.date > today and day.items][:limit]
    return current, later


def language_views(site: Site, quarter: Quarter | None) -> dict[str, dict[str, str]]:
    """Per language: name, direction and a call to action in that language (for choosers)."""
    views = {}
    for lang in site.config.languages:
        view = LangView(site, lang)
        name = view.plain(quarter.data.name) if quarter else ""
        views[lang] = {
            "name": cldr.language_name(lang),
            "html_lang": cldr.html_lang(lang),
            "dir": cldr.direction(lang),
            "title": view.plain(site.config.title),
            "call": view.gettext("What's on in %(quarter)s?", quarter=name) if quarter else "",
        }
    return views


def _shown_sources(spec: PageSpec) -> Any:
    """``shown_sources(only)`` for a page: refs of its quarter's offers under the filter, computed once."""
    quarter = spec.context.get("quarter")
    cache: dict[str | None, set[str]] = {}

    def shown(only: str | None) -> set[str]:
        if only not in cache:
            offers = quarter.offers.values() if quarter else ()
            cache[only] = {o.ref for o in offers if matches(o, only)}
        return cache[only]

    return shown


def _day_state(offer: Offer, today: dt.date) -> str:
    """What an offer's card shows of *today*: "Has taken place" (:func:`is_over`), and in its
    schedule lines a start still ahead and the exceptions still to come."""
    return f"{is_over(offer, today):d}:{shown_of_the_day(offer.data.schedule or [], today)}"


def card_version(version: str, offer: Offer, today: dt.date) -> str:
    """The version of an offer's card on its quarter's pages: the quarter's content and what it shows of *today*."""
    return f"{version}:{_day_state(offer, today)}"


def cards_version(plan: SitePlan, version: str, quarter: Quarter) -> str:
    """The version of a quarter's offer cards as one piece (a board's or filter page's "All offers"):
    the quarter's content, and what each of its cards shows of the day (:func:`card_version`)."""
    found = plan._cards.get((quarter.slug, version))
    if found is None:  # asked by the board and each filter page of every language
        states = "\n".join(_day_state(o, plan.today) for o in quarter.offers.values())
        found = plan._cards[quarter.slug, version] = f"{version}:{hashlib.sha256(states.encode()).hexdigest()[:16]}"
    return found


# A page's share links quote its address and title more than once each.
_share_url = lru_cache(maxsize=64)(quote_plus)


def render_page(spec: PageSpec, site: Site, plan: SitePlan, templates_dir: str | None) -> bytes:
    """Render one page to UTF-8 bytes."""
    env = shared_environment(templates_dir)
    view = LangView(site, spec.lang, spec.path, root_links=bool(spec.context.get("root_links")))
    quarter = spec.context.get("quarter")
    version = plan.kept_versions.get(quarter.slug) if quarter is not None else None
    languages = [
        {"code": lang, "name": cldr.language_name(lang), "html_lang": cldr.html_lang(lang),
         "url": view.url(path), "current": path == spec.path}
        for lang, path in spec.alternates.items()
    ]
    context = {
        **base_context(view, plan.today),
        "page_path": spec.path,
        "canonical": urls.absolute(site.config.base_url, spec.path),
        "alternates": [(lang, urls.absolute(site.config.base_url, path))
                       for lang, path in spec.alternates.items()],
        "languages": languages,
        "static": view.url("static/style.css").rsplit("style.css", 1)[0],
        "offers_by_category": offers_by_category,
        "urls": urls,
        "describe_days": describe_days,
        "describe_validity": describe_validity,
        "describe_exceptions": describe_exceptions,
        "upcoming": lambda offer: upcoming(plan, offer),
        "coming_days": coming_days,
        "is_over": lambda offer: is_over(offer, plan.today),
        "pauses_ahead": lambda offer: pauses_ahead(site, plan, offer),
        "print_links": lambda quarter: print_links(site, view, quarter),
        "shown_sources": _shown_sources(spec),
        "filter_values": filter_values,
        "age_band": age_band,
        "age_bands": age_bands,
        "current_news": lambda quarter: current_news(quarter, plan.today,
                                                     months=site.config.freshness.news_months),
        "jsonld": jsonld,
        # photo(quarter, image, sizes, class): the <figure> of a quarter's, place's, contact's, offer's or news
        # post's photo (render/photos.py)
        "photo": partial(picture, view),
        "share_url": _share_url,
        "only": None,
        # The versions of the fragments a quarter's pages keep (``{% keep %}``): None outside a build.
        "kept_version": version,
        "card_version": lambda offer: None if version is None else card_version(version, offer, plan.today),
        "cards_version": lambda: None if version is None else cards_version(plan, version, quarter),
        **gettext_context(spec.lang),
        **spec.context,
    }
    if spec.context.get("city"):
        from quartierboards.render.citywide import template_context

        context.update(template_context(site, plan, spec.lang))
    if spec.template in ("root.html", "languages.html"):
        context["views"] = language_views(site, spec.context.get("quarter"))
    html = env.get_template(spec.template).render(context)
    return html.encode("utf-8")


def static_files(templates_dir: str | None) -> dict[str, bytes]:
    """Files of the theme's ``static/`` folder (site override wins file by file)."""
    from quartierboards.render.env import default_templates_dir

    found: dict[str, bytes] = {}
    for base in [default_templates_dir()] + ([Path(templates_dir)] if templates_dir else []):
        folder = base / "static"
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found["static/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return found
