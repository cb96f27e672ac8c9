"""The board's links to its print products: its own QR code, the web flyers and the sticker.

The print products are made in ``print``, above this package; the board only needs
their published URLs (``urls.web_flyer_path``) and a QR code, so this stays here.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from quartierboards.content.structure import Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.render import qr, urls
from quartierboards.render.urls import web_flyer_a4_path, web_flyer_path, web_sticker_path
from quartierboards.render.view import LangView


def print_links(site: Site, view: LangView, quarter: Quarter) -> dict[str, Any]:
    """What ``partials/print_links.html`` shows on a board: its own QR code and the web flyers."""
    board = urls.absolute(site.config.base_url, urls.board_page(view.lang, quarter.slug))
    flyers = [{"lang": lang, "html_lang": cldr.html_lang(lang), "dir": cldr.direction(lang),
               "name": cldr.language_name(lang), "url": view.url(web_flyer_path(lang, quarter.slug)),
               "a4_url": view.url(web_flyer_a4_path(lang, quarter.slug))}
              for lang in site.config.print.languages]
    return {
        "qr": Markup(qr.qr_svg(board, site, variant="web", label=board, size_px=164)),
        "board_url": board,
        "flyers": flyers,
        "sticker_url": view.url(web_sticker_path(quarter.slug)) if flyers else "",
    }

