"""What a page shows of the build date: the part of its key that changes from day to day.

Everything else a page shows changes at most weekly (its week plan, the feeds'
window, the print products), so the content keys (:mod:`quartierboards.render.keys`)
hold the build's week, not its day. A daily build then renders only the pages that
show something of the day: the boards and filter pages (their "Today" box), the
current week's page (its "Today" mark), offer pages whose next dates changed,
news archives that gained a post. The rest — most offer pages, the later weeks,
every calendar — is taken over from the last build.

The table below says this per built-in template. A template it does not know
(a site's own, or a new one) shows the day as far as it knows: its pages are made
every day. ``tests/render/test_dayparts.py`` renders every page of a city on
several days and checks that a page whose day part did not change did not change.
"""

from __future__ import annotations

import re
from pathlib import Path

from quartierboards.content.structure import Site
from quartierboards.render.describe import shown_of_the_day
from quartierboards.render.pages import PageSpec, SitePlan, is_over, upcoming

# Built-in templates that show nothing of the day.
DAY_FREE = frozenset({"root.html", "city.html", "languages.html", "news.html", "404.html", "gone.html"})
# Names a template uses to show something of the day (see render.pages.render_page).
DAY_NAMES = re.compile(r"\b(today|upcoming|is_over|coming_days|current_news)\b")


def site_templates_show_the_day(templates_dir: str | None) -> bool:
    """Whether any of a site's own templates (in *templates_dir*) may show the day.

    Such a template can put the date anywhere, so every page is then made every day.
    """
    if not templates_dir:
        return False
    folder = Path(templates_dir)
    return any(path.is_file() and path.relative_to(folder).parts[0] != "static"  # copied as they are
               and DAY_NAMES.search(path.read_text(encoding="utf-8", errors="replace"))
               for path in sorted(folder.rglob("*")))


def shown_day(spec: PageSpec, site: Site, plan: SitePlan, every_day: bool = False) -> str:
    """The part of *spec*'s page that depends on the build date, as a string for its key.

    ``""`` for a page that shows nothing of the day. *every_day*: the site's own
    templates may show the day anywhere (:func:`site_templates_show_the_day`).
    """
    today = plan.today.isoformat()
    if every_day:
        return today
    template = spec.template
    if template in DAY_FREE or template.startswith("legal/"):
        return ""
    if template == "week.html":
        week = spec.context["week"]
        return today if any(day.date == plan.today for day in week.days) else ""
    if template == "offer.html":
        offer = spec.context["offer"]
        place = site.place(offer.place_ref)
        opens = place.data.opens if place is not None else None
        entries = [*(offer.data.schedule or []), *(place.data.opening_hours if place is not None else [])]
        return repr((upcoming(plan, offer), is_over(offer, plan.today),
                     opens is not None and opens.ahead(plan.today), shown_of_the_day(entries, plan.today)))
    if template == "city_offers.html":  # each listed offer's next date
        from quartierboards.render.citywide import listing

        return listing(site, plan, spec).day
    if template == "news_archive.html":
        return repr([item.slug for item in spec.context["quarter"].news if item.date <= plan.today])
    return today  # the boards and filter pages, and any template this table does not know

