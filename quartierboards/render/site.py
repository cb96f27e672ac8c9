"""Render the whole website into a mapping ``path → bytes`` (nothing is written here)."""

from __future__ import annotations

from quartierboards.content.structure import Site
from quartierboards.render import urls
from quartierboards.render.feeds import news_feed
from quartierboards.render.ics import offer_calendar, quarter_calendar
from quartierboards.render.pages import PageSpec, SitePlan, render_page, site_pages, static_files
from quartierboards.render.sitemap import sitemap


def render_site(site: Site, plan: SitePlan, templates_dir: str | None = None) -> dict[str, bytes]:
    """All files of the website: pages, calendars, sitemap, static assets."""
    pages: list[PageSpec] = site_pages(site, plan)
    files: dict[str, bytes] = {}
    for spec in pages:
        files[spec.path] = render_page(spec, site, plan, templates_dir)
    for quarter in site.quarters.values():
        for lang in site.config.languages:
            files[urls.calendar_file(lang, quarter.slug)] = quarter_calendar(site, quarter, lang, plan.today)
            for offer in quarter.offers.values():
                files[urls.offer_calendar(lang, quarter.slug, offer.slug)] = offer_calendar(
                    site, offer, lang, plan.today)
            if quarter.news:
                files[urls.news_feed(lang, quarter.slug)] = news_feed(site, quarter, lang)
    files["sitemap.xml"] = sitemap(site.config.base_url, pages)
    files.update(static_files(templates_dir))
    return dict(sorted(files.items()))
