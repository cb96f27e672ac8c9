"""The sticker of one quarter: a call in every print language and a large QR code to the short link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quartierboards.content.structure import Site
from quartierboards.i18n import cldr
from quartierboards.print.flyer import render_product
from quartierboards.print.render import ProductSpec
from quartierboards.render.view import LangView

if TYPE_CHECKING:
    from quartierboards.render.pages import SitePlan


def calls(site: Site, quarter_slug: str, languages: tuple[str, ...]) -> list[dict[str, str]]:
    """``What's on in <quarter>?`` in each language, with the quarter's name in that language."""
    quarter = site.quarters[quarter_slug]
    found = []
    for lang in languages:
        view = LangView(site, lang)
        found.append({"lang": lang, "html_lang": cldr.html_lang(lang), "dir": cldr.direction(lang),
                      "text": view.gettext("What's on in %(quarter)s?",
                                           quarter=view.plain(quarter.data.name))})
    return found


def sticker_html(site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
                 extra: dict[str, Any]) -> str:
    """The sticker's HTML for WeasyPrint."""
    return render_product("print/sticker.html", site, plan, spec, templates_dir, extra, lambda view, quarter: {
        "title": view.plain(quarter.data.name) + " – " + view.plain(site.config.title),
        "calls": calls(site, spec.quarter, spec.languages),
    })
