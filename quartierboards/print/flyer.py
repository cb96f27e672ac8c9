"""The flyer of one quarter in one language: template context and HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quartierboards.content.structure import Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.i18n.codes import is_easy_language
from quartierboards.print.regular_week import (
    DEFAULT_HIGHLIGHTS,
    EASY_HIGHLIGHTS,
    flyer_pauses,
    highlights,
    holiday_programmes,
    important_places,
    one_off_events,
    opening_hours,
    regular_week,
)
from quartierboards.print.render import ProductSpec
from quartierboards.render.describe import describe_days
from quartierboards.render.env import environment
from quartierboards.render.qr import qr_svg
from quartierboards.render.view import LangView, base_context
from quartierboards.schedule.plan import print_day

if TYPE_CHECKING:
    from quartierboards.render.pages import SitePlan


def display_url(url: str) -> str:
    """A URL as printed for people to type: without ``https://``."""
    return url.split("://", 1)[-1]


# Average advance of a URL's characters in the packaged sans serif's semi-bold, in em:
# generous, so that a URL sized by it always fits (it is never wrapped, see print.css).
URL_EM_PER_CHAR = 0.6


def fit_pt(text: str, width_mm: float, largest_pt: float, smallest_pt: float = 6.0) -> float:
    """A font size (pt) at which *text* on one line fits *width_mm*: *largest_pt* for short text, smaller
    for long, never below *smallest_pt* (rounded down to a quarter point)."""
    width_pt = width_mm * 72 / 25.4
    size = width_pt / max(len(text) * URL_EM_PER_CHAR, 1)
    return max(smallest_pt, min(largest_pt, int(size * 4) / 4))


def board_languages(site: Site) -> list[dict[str, str]]:
    """Every language of the boards, named in itself."""
    return [{"code": lang, "name": cldr.language_name(lang), "html_lang": cldr.html_lang(lang),
             "dir": cldr.direction(lang)} for lang in site.config.languages]


def render_product(template: str, site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
                   extra: dict[str, Any], own: Callable[[LangView, Quarter], dict[str, Any]]) -> str:
    """A print template's HTML: what flyer and sticker share, plus what *own* adds for the product.

    Shared: language, quarter, variant, QR code and its URL, the day the products are
    made as of (``today``: :func:`~quartierboards.schedule.plan.print_day`), and *extra*
    (sizes, PDF date, week limit). *own* gets the product's language view and quarter.
    """
    quarter = site.quarters[spec.quarter]
    view = LangView(site, spec.lang)
    context = {
        **base_context(view, print_day(site, plan.today)),
        "quarter": quarter,
        "variant": spec.variant,
        # A screen reader says what the code is and where it leads (the web PDF's /Alt).
        "qr": qr_svg(spec.qr_url, site, variant=spec.variant, label=view.gettext(
            "QR code: the quarter's board at %(url)s", url=display_url(spec.qr_url))),
        "qr_url": spec.qr_url,
        "display_url": display_url(spec.qr_url),
        "fit_pt": fit_pt,
        # Easy language (Leichte Sprache) is printed at 14 pt and more: print.css, body.easy
        "easy": is_easy_language(spec.lang),
        "body_class": "easy" if is_easy_language(spec.lang) else "",
        **extra,
        **own(view, quarter),
    }
    return environment(spec.lang, templates_dir).get_template(template).render(context)


# At one row per weekday (the flyer's last resort, print/fit.py), at most this many
# one-off dates under the week, then "… and N more on the website": a quarter of
# thousands of offers listed every one of them and needed nine pages.
ONE_OFFS_AT_LEAST = 7


def _cut(events: list[Any], week_limit: int | None) -> list[Any]:
    """*events* (one-off dates) as the flyer shows them with *week_limit* rows per weekday."""
    return events if week_limit is None or week_limit > 1 else events[:ONE_OFFS_AT_LEAST]


def _shown(limit: int | None) -> int | None:
    """How many highlights a layout shows for *limit* (``None``: all; ``-1``: none, nor the photo)."""
    return None if limit is None else max(limit, 0)


def _front_photo(site: Site, quarter: Quarter) -> str | None:
    """The quarter's photo for the flyer's front (print/photo.py), or ``None``: none, too small, or no CMYK
    profile to print it with."""
    from quartierboards.print.photo import flyer_photo
    from quartierboards.print.prepress import print_condition

    photo = quarter.data.image
    source = quarter.images.get(photo.file) if photo else None
    condition = print_condition(site) if source else None
    return flyer_photo(source, Path(condition.profile)) if source and condition else None


def flyer_html(site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
               extra: dict[str, Any]) -> str:
    """The flyer's HTML for WeasyPrint: ``print/flyer.html``, or ``print/flyer_easy.html`` in easy language."""
    day = print_day(site, plan.today)
    easy = is_easy_language(spec.lang)

    def own(view: LangView, quarter: Quarter) -> dict[str, Any]:
        count = EASY_HIGHLIGHTS if easy else DEFAULT_HIGHLIGHTS
        offs = [] if easy else one_off_events(quarter, view, day)
        shown_offs = _cut(offs, extra.get("week_limit"))
        return {
            # -1: the page is too full even without highlights, and goes without its photo too
            "photo": _front_photo(site, quarter) if (extra.get("highlight_limit") or 0) >= 0 else None,
            "title": view.gettext("What's on in %(quarter)s?", quarter=view.plain(quarter.data.name)),
            # the easy flyer lists offers instead of the week
            "week": [] if easy else regular_week(site, quarter, view, day, extra.get("week_limit")),
            "one_offs": shown_offs,
            "one_offs_more": len(offs) - len(shown_offs),
            "pauses": [] if easy else flyer_pauses(site, quarter, view, day),
            "holiday_programmes": [] if easy else holiday_programmes(site, quarter, view, day),
            "opening_hours": [] if easy else opening_hours(site, quarter, view, day),
            "places": [] if easy else important_places(site, quarter, day),
            # as many as fit (print/fit.py: fitting_highlights); None: all of them
            "highlights": highlights(site, quarter, view, day, count)[:_shown(extra.get("highlight_limit"))],
            "board_languages": board_languages(site),
            "describe_days": describe_days,
        }

    template = "print/flyer_easy.html" if easy else "print/flyer.html"
    return render_product(template, site, plan, spec, templates_dir, extra, own)
