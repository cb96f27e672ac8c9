"""The fragment cache never changes what a page shows: its keys name everything that varies."""

from __future__ import annotations

import datetime as dt
import shutil

from qb_support import SAMPLE

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.render import fragments
from quartierboards.render.pages import render_page, site_pages
from quartierboards.render.site import render_site

TODAY = dt.date(2026, 11, 30)
QUARTER_PAGES = ("board.html", "week.html", "filter.html")


def test_pages_with_shared_fragments_equal_pages_rendered_alone():
    site = load_site(SAMPLE)
    plan = plan_schedules(site, TODAY)
    pages = [p for p in site_pages(site, plan) if p.template in QUARTER_PAGES]
    fragments.clear()
    shared = {p.path: render_page(p, site, plan, None) for p in pages}  # fragments reused across pages
    for page in pages:
        fragments.clear()
        assert render_page(page, site, plan, None) == shared[page.path], page.path
    assert len({p.template for p in pages}) == 3 and len(pages) > 100


def test_a_new_build_in_the_same_process_never_shows_old_fragments(tmp_path):
    """``serve`` renders build after build in one process."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    place = next((content / "quarters").glob("*/places/*.yaml"))
    quarter = place.parent.parent.name
    old_street = next(line.split(":", 1)[1].strip() for line in place.read_text(encoding="utf-8").splitlines()
                      if line.strip().startswith("street:"))
    site = load_site(content)
    board = f"de/{quarter}/index.html"
    assert old_street in render_site(site, plan_schedules(site, TODAY)).files[board].decode()
    place.write_text(place.read_text(encoding="utf-8").replace(old_street, "Neue Straße 99"), encoding="utf-8")
    site = load_site(content)
    html = render_site(site, plan_schedules(site, TODAY)).files[board].decode()
    assert "Neue Straße 99" in html and old_street not in html
