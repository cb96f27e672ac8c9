"""The flyer of one quarter in one language: template context and HTML."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from quartierboards.content.structure import Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.print.regular_week import important_places, one_off_events, regular_week
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
        **extra,
        **own(view, quarter),
    }
    return environment(spec.lang, templates_dir).get_template(template).render(context)


def flyer_html(site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
               extra: dict[str, Any]) -> str:
    """The flyer's HTML for WeasyPrint."""
    day = print_day(site, plan.today)
    return render_product("print/flyer.html", site, plan, spec, templates_dir, extra, lambda view, quarter: {
        "title": view.gettext("What's on in %(quarter)s?", quarter=view.plain(quarter.data.name)),
        "week": regular_week(site, quarter, view, day, extra.get("week_limit")),
        "one_offs": one_off_events(quarter, view, day),
        "places": important_places(site, quarter, day),
        "board_languages": board_languages(site),
        "describe_days": describe_days,
    })
