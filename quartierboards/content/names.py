"""Names content may not use: they would collide with folders of ``output/``."""

from __future__ import annotations

import re

# What a quarter folder holds besides its about texts.
QUARTER_ENTRIES = frozenset({"quarter.yaml", "places", "offers", "news", "images"})
# Folders of output/ beside the quarters' short links, and names kept free for them.
# "static" holds the theme; the legal pages' folders (render/urls.py LEGAL_PAGES), the
# city-wide lists' and the search index's folders (CITY_OFFERS, CITY_TODAY, SEARCH_DIR) too.
RESERVED_QUARTER_SLUGS = {"static", "calendar", "news", "barrierefreiheit", "datenschutz", "impressum",
                          "angebote", "heute", "pagefind"}
RESERVED_OFFER_SLUGS = {"calendar", "static", "places", "offers", "news", "filter"}
# An offer page is a folder beside the dated week folders (2026-W49): 2026-w49 would be
# the same folder on macOS and Windows, and a confusing neighbour anywhere else.
_WEEK_LIKE = re.compile(r"^\d{4}-w\d{2}$", re.I)


def reserved_quarter(slug: str, languages: list[str]) -> bool:
    """Whether *slug* may not name a quarter: a system folder of output/ or a language (in any case)."""
    return slug.lower() in RESERVED_QUARTER_SLUGS or slug.lower() in {lang.lower() for lang in languages}


def reserved_offer(slug: str) -> bool:
    """Whether *slug* may not name an offer: a folder that the quarter's pages use, or a week's."""
    return slug.lower() in RESERVED_OFFER_SLUGS or bool(_WEEK_LIKE.match(slug))


def main_names(slug: str, default: str) -> tuple[str, str]:
    """The two names an offer's or news item's main file may have: ``<slug>.md`` and
    ``<slug>.<default language>.md`` (the browser editor's name on a git host)."""
    return f"{slug}.md", f"{slug}.{default}.md"


def main_slug(name: str, default: str) -> str:
    """The slug of a main file's *name* (``cafe.md``, ``cafe.de.md`` → ``cafe``); other names lose ``.md``."""
    stem = name.removesuffix(".md")
    return stem.removesuffix(f".{default}") if stem.count(".") == 1 else stem
