"""The flyer of one quarter in one language: template context and HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quartierboards.content.structure import Site
from quartierboards.i18n import cldr
from quartierboards.print.qr import qr_svg
from quartierboards.print.regular_week import important_places, regular_week
from quartierboards.print.render import ProductSpec
from quartierboards.render.describe import describe_days
from quartierboards.render.env import environment
from quartierboards.render.view import LangView, base_context

if TYPE_CHECKING:
    from quartierboards.render.pages import SitePlan


def display_url(url: str) -> str:
    """A URL as printed for people to type: without ``https://``."""
    return url.split("://", 1)[-1]


def board_languages(site: Site) -> list[dict[str, str]]:
    """Every language of the boards, named in itself."""
    return [{"code": lang, "name": cldr.language_name(lang), "html_lang": cldr.html_lang(lang),
             "dir": cldr.direction(lang)} for lang in site.config.languages]


def product_context(site: Site, plan: SitePlan, spec: ProductSpec, view: LangView,
                    extra: dict[str, Any]) -> dict[str, Any]:
    """What flyer and sticker templates share: language, quarter, variant, QR code and its URL."""
    return {
        **base_context(view, plan.today),
        "quarter": site.quarters[spec.quarter],
        "variant": spec.variant,
        "qr": qr_svg(spec.qr_url, site, variant=spec.variant, label=display_url(spec.qr_url)),
        "qr_url": spec.qr_url,
        "display_url": display_url(spec.qr_url),
        **extra,
    }


def flyer_html(site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
               extra: dict[str, Any]) -> str:
    """The flyer's HTML for WeasyPrint."""
    quarter = site.quarters[spec.quarter]
    view = LangView(site, spec.lang)
    env = environment(spec.lang, templates_dir)
    context = {
        **product_context(site, plan, spec, view, extra),
        "title": view.gettext("What's on in %(quarter)s?", quarter=view.plain(quarter.data.name)),
        "week": regular_week(site, quarter, view, plan.today, extra.get("week_limit")),
        "places": important_places(site, quarter, plan.today),
        "board_languages": board_languages(site),
        "describe_days": describe_days,
    }
    return env.get_template("print/flyer.html").render(context)
