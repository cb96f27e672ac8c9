"""The build, top to bottom: load → validate → expand schedules → render → write atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from quartierboards.content.loader import load_site
from quartierboards.content.structure import Site
from quartierboards.render.pages import SitePlan
from quartierboards.render.site import render_site
from quartierboards.schedule.plan import quarter_weeks
from quartierboards.write.atomic import build_lock, clean_stale_staging, replace_dir


@dataclass
class BuildOptions:
    """What to build from where to where."""

    content: Path = Path("content")
    output: Path = Path("output")
    flyers: Path = Path("flyers")
    today: dt.date | None = None
    templates: Path | None = None
    jobs: int | None = None
    print_products: bool = True


@dataclass
class BuildResult:
    """What a build produced."""

    site: Site
    today: dt.date
    files: dict[str, bytes] = field(default_factory=dict)
    print_files: dict[str, bytes] = field(default_factory=dict)


def today_in(site: Site) -> dt.date:
    """Today's date in the site's time zone."""
    return dt.datetime.now(ZoneInfo(site.config.timezone)).date()


def plan_schedules(site: Site, today: dt.date) -> SitePlan:
    """Expand every quarter's schedules into its dated weeks."""
    return SitePlan(today=today, weeks={slug: quarter_weeks(site, q, today)
                                        for slug, q in site.quarters.items()})


def render(options: BuildOptions) -> BuildResult:
    """Load, validate, expand and render in memory; raises ``ContentErrors`` for bad content."""
    site = load_site(options.content)
    today = options.today or today_in(site)
    plan = plan_schedules(site, today)
    templates = str(options.templates) if options.templates else None
    files = render_site(site, plan, templates)
    result = BuildResult(site=site, today=today, files=files)
    if options.print_products:
        from quartierboards.print.products import render_print_products

        result.print_files = render_print_products(site, plan, templates, jobs=options.jobs)
    return result


def build(options: BuildOptions) -> BuildResult:
    """Render everything, then swap complete new ``output/`` and ``flyers/`` trees in."""
    result = render(options)
    lock_dir = options.output.resolve().parent
    with build_lock(lock_dir):
        clean_stale_staging(lock_dir, options.output.name)
        replace_dir(options.output, result.files)
        if options.print_products:
            clean_stale_staging(options.flyers.resolve().parent, options.flyers.name)
            replace_dir(options.flyers, result.print_files)
    return result
