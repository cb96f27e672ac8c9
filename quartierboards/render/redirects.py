"""Published URLs never die: redirects, "no longer offered" pages, past weeks and 404 pages.

The ledger (:mod:`quartierboards.content.ledger`) lists every URL the site has
published. A build that no longer makes one of them must say where it went:

- a quarter or offer renamed lists its former name under ``aliases:``: the old URLs
  get a redirect page (meta refresh, ``rel=canonical`` and a visible link) and a line
  in ``_redirects`` / ``nginx-redirects.map`` for hosts that redirect for real;
- an offer deleted on purpose is listed under ``removed_offers:`` in ``quarter.yaml``:
  its page says, in every language, that the offer has ended and links the board and
  similar offers; its calendar stays, empty, so subscribers' calendars drop the dates;
- a quarter deleted on purpose is listed under ``removed_quarters:`` in ``site.yaml``:
  its pages and its sticker link lead to the city page, its filter of the city-wide
  list to that list (a renamed quarter's filter to its new one).

Anything else that would vanish is a content error at the ledger's line. Pages that
come and go by design (news, filters) lead to the quarter's board. Week pages are not
in the ledger: the last :data:`PAST_WEEKS` weeks of each board lead to the current
week, so a shared "this week" link keeps working without files piling up over the years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from quartierboards.content.ledger import LEDGER_FILE, output_path
from quartierboards.content.structure import Quarter, Site
from quartierboards.errors import ContentError, Location
from quartierboards.i18n import cldr
from quartierboards.i18n.catalog import translations
from quartierboards.i18n.messages import tr
from quartierboards.render import urls
from quartierboards.render.citywide import QUARTER_PREFIX
from quartierboards.render.pages import PageSpec, SitePlan, render_page

PAST_WEEKS = 4
REDIRECTS_FILE = "_redirects"  # Netlify, Cloudflare Pages and others read it from the site's root
NGINX_MAP = "nginx-redirects.map"
_WEEK = re.compile(r"/\d{4}-W\d{2}/")
_LEDGER_SUFFIXES = (".html", ".ics")


def ledger_paths(files: Iterable[str]) -> set[str]:
    """The public paths among the output *files* that the ledger keeps (pages and calendars).

    Week pages pass by design, 404 pages are not addresses anyone links to.
    """
    return {urls.public_path(path) for path in files
            if path.endswith(_LEDGER_SUFFIXES) and not _WEEK.search(f"/{path}") and not path.endswith("404.html")}


@dataclass
class Publishing:
    """What the build adds to the website so that every ledger URL still leads somewhere."""

    redirects: dict[str, str] = field(default_factory=dict)  # old output path → new output path
    gone: list[PageSpec] = field(default_factory=list)  # "this offer has ended" pages
    empty_calendars: dict[str, str] = field(default_factory=dict)  # path → language
    problems: list[ContentError] = field(default_factory=list)


def resolve(site: Site, ledger: dict[str, int], current: set[str], content_name: str = "content") -> Publishing:
    """Decide what each ledger URL missing from *current* (output paths) becomes."""
    result = Publishing()
    languages = set(site.config.languages)
    renamed_quarters = {old: q for q in site.quarters.values() for old in q.data.aliases}
    removed_quarters = set(site.config.removed_quarters)
    gone_offers: dict[tuple[str, str], list[str]] = {}
    for public, line in sorted(ledger.items()):
        path = output_path(public)
        if path in current:
            continue
        parts = path.split("/")
        target = None
        if parts[0] in languages or (len(parts) > 2 and parts[0] not in site.quarters):
            target = _language_path(site, parts, current, renamed_quarters, removed_quarters, result, gone_offers)
        elif len(parts) == 2:  # a quarter's short link or its web sticker
            target = _short_link(site, parts, current, renamed_quarters, removed_quarters)
        if target is None:
            if path in result.empty_calendars or any(path in p for p in gone_offers.values()):
                continue
            result.problems.append(_problem(content_name, line, public, parts, site))
        elif target != path:
            result.redirects[path] = target
    for (quarter_slug, slug), paths in sorted(gone_offers.items()):
        result.gone += _gone_pages(site, site.quarters[quarter_slug], slug, paths)
    return result


def _language_path(site: Site, parts: list[str], current: set[str], renamed: dict[str, Quarter],
                   removed: set[str], result: Publishing, gone: dict[tuple[str, str], list[str]]) -> str | None:
    lang = parts[0]
    path = "/".join(parts)
    if lang not in site.config.languages:  # a language the site no longer offers
        same = "/".join([site.config.default_language, *parts[1:]])
        return same if same in current else urls.root_page()
    if len(parts) < 3:
        return None
    if parts[1] == urls.CITY_OFFERS:  # a filter of the city-wide list: its quarter was renamed or removed
        old = parts[2].removeprefix(QUARTER_PREFIX)
        moved = urls.city_filter_page(lang, QUARTER_PREFIX + renamed[old].slug) if old in renamed else None
        return moved if moved in current else urls.city_offers_page(lang)
    quarter_slug, rest = parts[1], parts[2:]
    quarter = site.quarters.get(quarter_slug)
    if quarter is None:
        if quarter_slug in renamed:
            new = renamed[quarter_slug]
            moved = "/".join([lang, new.slug, *rest])
            return moved if moved in current else _fallback(path, lang, new, result)
        if quarter_slug in removed:
            if path.endswith(".ics"):
                result.empty_calendars[path] = lang
                return None
            return urls.city_page(lang)
        return None
    if len(rest) == 1:
        return None  # the quarter's own calendar or board: made while the quarter exists
    slug = rest[0]
    if slug in ("news", "filter"):  # news end and filters empty by design
        archive = urls.news_archive(lang, quarter.slug)
        return archive if slug == "news" and archive in current else urls.board_page(lang, quarter.slug)
    owner = next((o for o in quarter.offers.values() if slug in o.data.aliases), None)
    if owner is not None:
        moved = "/".join([lang, quarter.slug, owner.slug, *rest[1:]])
        return moved if moved in current else urls.offer_page(lang, quarter.slug, owner.slug)
    if slug in quarter.data.removed_offers:
        if path.endswith(".ics"):
            result.empty_calendars[path] = lang
        else:
            gone.setdefault((quarter.slug, slug), []).append(path)
        return None
    if slug in quarter.offers:
        return urls.offer_page(lang, quarter.slug, slug)
    return None


def _fallback(path: str, lang: str, quarter: Quarter, result: Publishing) -> str:
    """Where an old URL of a renamed quarter leads when the new quarter has no such file."""
    if path.endswith(".ics"):
        result.empty_calendars[path] = lang
        return path
    return urls.board_page(lang, quarter.slug)


def _short_link(site: Site, parts: list[str], current: set[str], renamed: dict[str, Quarter],
                removed: set[str]) -> str | None:
    slug = parts[0]
    if slug in renamed:
        new = renamed[slug]
        moved = "/".join([new.slug, parts[1].replace(slug, new.slug)])
        return moved if moved in current else urls.chooser_page(new.slug)
    if slug in removed:
        return urls.root_page()
    return None


def _problem(content_name: str, line: int, public: str, parts: list[str], site: Site) -> ContentError:
    where = Location(f"{content_name}/{LEDGER_FILE}", line, 1)
    quarter_slug = parts[1] if len(parts) > 2 and parts[0] in site.config.languages else parts[0]
    if quarter_slug not in site.quarters:
        return ContentError(where, tr(
            "/%(url)s was published and would disappear: the quarter '%(quarter)s' is gone. Renamed? Add "
            "'aliases: [%(quarter)s]' to the new quarter.yaml. Removed on purpose? Add '%(quarter)s' to "
            "'removed_quarters:' in site.yaml.", url=public, quarter=quarter_slug))
    slug = parts[2] if len(parts) > 3 else public
    return ContentError(where, tr(
        "/%(url)s was published and would disappear: the offer '%(offer)s' is gone. Renamed? Add "
        "'aliases: [%(offer)s]' to the renamed offer. Removed on purpose? Add '%(offer)s' to "
        "'removed_offers:' in quarters/%(quarter)s/quarter.yaml.", url=public, offer=slug, quarter=quarter_slug))


def _gone_pages(site: Site, quarter: Quarter, slug: str, paths: list[str]) -> list[PageSpec]:
    """One "this offer has ended" page per language at the old offer's address."""
    alternates = {lang: urls.offer_page(lang, quarter.slug, slug) for lang in site.config.languages}
    return [PageSpec(path, "gone.html", path.split("/")[0], {"quarter": quarter, "old_slug": slug}, alternates)
            for path in sorted(set(paths) | set(alternates.values()))
            if path.split("/")[0] in alternates]


def past_week_redirects(site: Site, plan: SitePlan) -> dict[str, str]:
    """The last :data:`PAST_WEEKS` week pages of every board, each leading to the current week."""
    result = {}
    for quarter_slug, weeks in plan.weeks.items():
        if not weeks:
            continue
        current = weeks[0]
        for back in range(1, PAST_WEEKS + 1):
            start = current.start - dt.timedelta(days=7 * back)
            year, week, _ = (start + dt.timedelta(days=3)).isocalendar()
            label = f"{year}-W{week:02d}"
            for lang in site.config.languages:
                result[urls.week_page(lang, quarter_slug, label)] = urls.week_page(lang, quarter_slug, current.label)
    return result


def redirect_page(site: Site, source: str, target: str) -> bytes:
    """A small page at *source* that leads to *target*: meta refresh, canonical link, visible link."""
    lang = source.split("/")[0] if source.split("/")[0] in site.config.languages else site.config.default_language
    relative = urls.relative(source, target)
    absolute = urls.absolute(site.config.base_url, target)
    gettext = translations(lang).gettext
    html = Markup(
        '<!doctype html>\n<html lang="{lang}" dir="{dir}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; base-uri \'none\'; '
        'form-action \'none\'">\n<meta name="referrer" content="no-referrer">\n'
        '<meta http-equiv="refresh" content="0; url={rel}">\n<link rel="canonical" href="{abs}">\n'
        '<meta name="robots" content="noindex">\n<title>{title}</title>\n</head>\n'
        '<body>\n<p>{text} <a href="{rel}">{abs}</a></p>\n</body>\n</html>\n').format(
        lang=cldr.html_lang(lang), dir=cldr.direction(lang), rel=relative, abs=absolute,
        title=gettext("This page has moved."), text=gettext("This page has moved. Its new address:"))
    return str(html).encode("utf-8")


def empty_calendar(site: Site, path: str) -> bytes:
    """A calendar without events, for a removed offer's subscribers (their apps then drop its dates)."""
    name = escape(urls.absolute(site.config.base_url, path))
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Quartierboards//DE\r\nCALSCALE:GREGORIAN\r\n"
            f"X-WR-CALDESC:{name}\r\nEND:VCALENDAR\r\n").encode()


def server_rules(site: Site, redirects: dict[str, str]) -> dict[str, bytes]:
    """``_redirects`` (Netlify, Cloudflare Pages) and an nginx ``map`` with every redirect."""
    rows = sorted((f"/{urls.public_path(src)}", f"/{urls.public_path(dst)}") for src, dst in redirects.items())
    netlify = "".join(f"{src} {dst} {'302' if _WEEK.search(src) else '301'}\n" for src, dst in rows)
    nginx = ("# map $uri $quartierboards_redirect { include nginx-redirects.map; }  (see docs/publishing.md)\n"
             + "".join(f"{src} {dst};\n" for src, dst in rows))
    return {REDIRECTS_FILE: netlify.encode(), NGINX_MAP: nginx.encode()}


def not_found_pages(site: Site) -> list[PageSpec]:
    """``404.html`` at the root (default language) and in every language folder."""
    languages = site.config.languages
    # The language chooser leads to each language's city page: the way on from a wrong address.
    alternates = {lang: urls.city_page(lang) for lang in languages}
    pages = [PageSpec("404.html", "404.html", site.config.default_language, {"root_links": True}, alternates)]
    pages += [PageSpec(urls.not_found_page(lang), "404.html", lang, {"root_links": True}, alternates)
              for lang in languages]
    return pages


def publishing_files(site: Site, plan: SitePlan, ledger: dict[str, int], current: set[str],
                     templates_dir: str | None,
                     content_name: str = "content") -> tuple[dict[str, bytes], list[ContentError]]:
    """Every file the ledger asks for, the past weeks' redirects, the 404 pages and the server rules.

    Returns the files (path → bytes) and the content errors for ledger URLs nothing accounts for.
    """
    publishing = resolve(site, ledger, current, content_name)
    redirects = {**past_week_redirects(site, plan), **publishing.redirects}
    files = {path: redirect_page(site, path, target) for path, target in redirects.items() if path not in current}
    files.update({path: empty_calendar(site, path) for path in publishing.empty_calendars if path not in current})
    for spec in publishing.gone + not_found_pages(site):
        files[spec.path] = render_page(spec, site, plan, templates_dir)
    files.update(server_rules(site, {p: t for p, t in redirects.items() if p not in current}))
    return files, publishing.problems
