"""The URL layout of the output. Print products and tests rely on these paths."""

from __future__ import annotations


def root_page() -> str:
    """``index.html``: the root language choice."""
    return "index.html"


def city_page(lang: str) -> str:
    """City overview in *lang*."""
    return f"{lang}/index.html"


# The legal pages: one German slug per page in every language, so that the language
# versions of a page differ only in their first folder (hreflang alternates, sitemap).
LEGAL_PAGES = {"accessibility": "barrierefreiheit", "privacy": "datenschutz", "imprint": "impressum"}


def legal_page(lang: str, kind: str) -> str:
    """Accessibility statement, privacy notice or imprint (*kind*, a key of :data:`LEGAL_PAGES`) in *lang*."""
    return f"{lang}/{LEGAL_PAGES[kind]}/index.html"


_LEGAL_KINDS = {folder: kind for kind, folder in LEGAL_PAGES.items()}


def legal_kind(path: str) -> str | None:
    """The kind of legal page (a key of :data:`LEGAL_PAGES`) at output path *path*, ``None`` for any other page."""
    lang, _, rest = path.partition("/")
    folder, _, name = rest.partition("/")
    return _LEGAL_KINDS.get(folder) if lang and name == "index.html" else None


# The city-wide pages: like the legal pages, one German slug in every language.
CITY_OFFERS = "angebote"
CITY_TODAY = "heute"
# The search index (Pagefind's files), one folder for all languages.
SEARCH_DIR = "pagefind"


def city_offers_page(lang: str) -> str:
    """Every offer of every quarter in *lang*."""
    return f"{lang}/{CITY_OFFERS}/index.html"


def city_filter_page(lang: str, value: str) -> str:
    """The city-wide list filtered by an audience, a category, a weekday or ``in-<quarter>`` (no JS needed)."""
    return f"{lang}/{CITY_OFFERS}/{value}/index.html"


def city_today_page(lang: str) -> str:
    """What runs today in every quarter, in *lang*."""
    return f"{lang}/{CITY_TODAY}/index.html"


def board_page(lang: str, quarter: str) -> str:
    """The board of *quarter* in *lang*."""
    return f"{lang}/{quarter}/index.html"


def week_page(lang: str, quarter: str, label: str) -> str:
    """Dated week page; *label* like ``2026-W49``."""
    return f"{lang}/{quarter}/{label}/index.html"


def offer_page(lang: str, quarter: str, offer: str) -> str:
    """Offer detail page."""
    return f"{lang}/{quarter}/{offer}/index.html"


def chooser_page(quarter: str) -> str:
    """The quarter's short link: a language chooser (stickers point here)."""
    return f"{quarter}/index.html"


def not_found_page(lang: str) -> str:
    """The 404 page of *lang* (the root ``404.html`` is in the default language)."""
    return f"{lang}/404.html"


def site_path(base_url: str) -> str:
    """The path part of *base_url* (``/`` or ``/quartiere/``), for links that must work from any URL."""
    return "/" + base_url.split("://", 1)[-1].partition("/")[2]


def calendar_file(lang: str, quarter: str) -> str:
    """iCalendar feed of a quarter."""
    return f"{lang}/{quarter}/calendar.ics"


def public_path(path: str) -> str:
    """URL path of an output file: ``de/nordstadt/index.html`` → ``de/nordstadt/``."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def absolute(base_url: str, path: str) -> str:
    """Absolute URL of an output file below *base_url*."""
    return base_url + public_path(path)


def relative(from_page: str, to_path: str) -> str:
    """Link from the page at *from_page* to *to_path*, relative, directories with ``/``.

    Both are output paths (``de/nordstadt/index.html``): plain, without ``.`` or ``..``
    segments, so the link is computed from the shared leading folders alone. (Called tens
    of times per page: ``posixpath.relpath`` consults the working directory each time.)
    """
    target = public_path(to_path)
    is_dir = target == "" or target.endswith("/")
    start = from_page.split("/")[:-1]
    parts = target.rstrip("/").split("/") if target.rstrip("/") else []
    common = 0
    while common < len(start) and common < len(parts) and start[common] == parts[common]:
        common += 1
    rel = "/".join([".."] * (len(start) - common) + parts[common:])
    if is_dir:
        return rel + "/" if rel else "./"
    return rel


def offer_calendar(lang: str, quarter: str, offer: str) -> str:
    """iCalendar file of one offer ("add to my calendar")."""
    return f"{lang}/{quarter}/{offer}/calendar.ics"


def filter_page(lang: str, quarter: str, value: str) -> str:
    """The board filtered by an audience or category (works without JavaScript)."""
    return f"{lang}/{quarter}/filter/{value}/index.html"


def news_archive(lang: str, quarter: str) -> str:
    """All news posts of a quarter."""
    return f"{lang}/{quarter}/news/index.html"


def news_page(lang: str, quarter: str, slug: str) -> str:
    """One news post."""
    return f"{lang}/{quarter}/news/{slug}/index.html"


def news_feed(lang: str, quarter: str) -> str:
    """Atom feed of a quarter's news."""
    return f"{lang}/{quarter}/news/feed.xml"


def webcal(url: str) -> str:
    """``webcal://`` form of an http(s) calendar URL (subscribe instead of download)."""
    return "webcal://" + url.split("://", 1)[-1]


def web_flyer_path(lang: str, quarter: str) -> str:
    """Where the web flyer is published in ``output/``: beside the board in that language."""
    return f"{lang}/{quarter}/flyer-{quarter}-{lang}.pdf"


def web_flyer_a4_path(lang: str, quarter: str) -> str:
    """Where the print-at-home sheet (two flyers on A4) is published: beside the web flyer."""
    return f"{lang}/{quarter}/flyer-{quarter}-{lang}-a4.pdf"


def web_sticker_path(quarter: str) -> str:
    """Where the web sticker is published in ``output/``: beside the quarter's short link."""
    return f"{quarter}/sticker-{quarter}.pdf"
