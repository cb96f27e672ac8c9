"""Render the whole website into a mapping ``path → bytes`` (nothing is written here).

Files are described as jobs with a content key (:mod:`quartierboards.render.keys`).
Jobs whose key matches the previous build are not rendered: their value is
:class:`Reused`, and the write stage takes the file over from the previous output.
The remaining jobs run in a process pool (``jobs`` workers), results merged in a
fixed order so the output does not depend on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from quartierboards.content.structure import Site
from quartierboards.i18n import cldr
from quartierboards.render import fragments, urls
from quartierboards.render.env import gettext_context, shared_environment
from quartierboards.render.feeds import news_feed
from quartierboards.render.ics import offer_calendar, quarter_calendar
from quartierboards.render.keys import Keys, bytes_key
from quartierboards.render.pages import PageSpec, SitePlan, render_page, site_pages, static_files
from quartierboards.render.sitemap import sitemap_files, sitemap_key
from quartierboards.write.markers import Reused, Written


@dataclass
class Job:
    """One output file to produce."""

    path: str
    key: str
    make: Callable[[], bytes] = field(repr=False)


@dataclass
class SiteRender:
    """The website's files (bytes or :class:`Reused`) and the key of every file."""

    files: dict[str, bytes | Reused | Written]
    keys: dict[str, str]

    @property
    def rendered(self) -> list[str]:
        """Paths rendered in this build (not taken over)."""
        return [p for p, v in self.files.items() if not isinstance(v, Reused)]


def site_jobs(site: Site, plan: SitePlan, templates_dir: str | None) -> tuple[list[Job], list[PageSpec]]:
    """Every file of the website as a job with its key."""
    keys = Keys(site, plan.today.isoformat(), templates_dir)
    pages = site_pages(site, plan)
    jobs: list[Job] = []
    scopes: dict[int, str] = {}  # the language versions of a page share their alternates and their scope
    for spec in pages:
        scope = scopes.get(id(spec.alternates))
        if scope is None:
            scope = scopes[id(spec.alternates)] = _scope(keys, spec)
        jobs.append(Job(spec.path, f"{scope}:{spec.template}:{spec.lang}",
                        partial(render_page, spec, site, plan, templates_dir)))
    for quarter in site.quarters.values():
        qkey = keys.quarter_key(quarter)
        offer_keys = [(offer, keys.offer_key(quarter, offer)) for offer in quarter.offers.values()]
        for lang in site.config.languages:
            jobs.append(Job(urls.calendar_file(lang, quarter.slug), f"{qkey}:ics:{lang}",
                            partial(quarter_calendar, site, quarter, lang, plan.today)))
            for offer, okey in offer_keys:
                jobs.append(Job(urls.offer_calendar(lang, quarter.slug, offer.slug), f"{okey}:ics:{lang}",
                                partial(offer_calendar, site, offer, lang, plan.today)))
            if quarter.news:
                jobs.append(Job(urls.news_feed(lang, quarter.slug), f"{qkey}:atom:{lang}",
                                partial(news_feed, site, quarter, lang)))
    return jobs, pages


# The templates that make a quarter's language chooser; overriding one of them widens its key.
CHOOSER_TEMPLATES = ("languages.html", "base.html", "partials")


def _scope(keys: Keys, spec: PageSpec) -> str:
    """The content key of what a page shows: an offer, a news post, a quarter or the site."""
    quarter = spec.context.get("quarter")
    if spec.template == "languages.html":
        return keys.settings_key(quarter, CHOOSER_TEMPLATES)
    if "offer" in spec.context:
        return keys.offer_key(quarter, spec.context["offer"])
    if "item" in spec.context:
        return keys.news_key(quarter, spec.context["item"])
    return keys.quarter_key(quarter) if quarter is not None else keys.site_key


# Worker processes are forked after the jobs are set here, so they inherit the
# site and plan instead of receiving them pickled for every task.
_JOBS: list[Job] = []


def _run(indices: list[int]) -> list[tuple[int, bytes]]:
    return [(i, _JOBS[i].make()) for i in indices]


# Fewer files than this render faster in the build's own process: forking workers and
# filling their caches again (templates, fragments, calendar events) costs more than the
# parallelism gains for the few hundred files of an incremental build.
IN_PROCESS_BELOW = 600


def _execute(todo: list[int], jobs: int, on_progress: Callable[[int, int], None] | None,
             sink: Callable[[str, bytes], None] | None) -> dict[int, bytes | Written]:
    parts = max(1, min(len(todo) // 25, jobs * 8))
    # Contiguous runs: the language versions of one page are neighbours in the job list
    # and share a worker's caches (Markdown, schedules, calendar events).
    size = max(1, -(-len(todo) // parts))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    done: dict[int, bytes | Written] = {}
    if jobs <= 1 or len(todo) < IN_PROCESS_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        results = map(_run, chunks)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
        results = pool.map(_run, chunks)
    try:
        for part in results:
            for i, data in part:
                if sink is None:
                    done[i] = data
                else:  # stream to disk instead of holding every page in memory
                    sink(_JOBS[i].path, data)
                    done[i] = Written(_JOBS[i].key)
            if on_progress:
                on_progress(len(done), len(todo))
    finally:
        if pool is not None:
            pool.shutdown()
    return done


def render_site(site: Site, plan: SitePlan, templates_dir: str | None = None, *, jobs: int | None = 1,
                previous: dict[str, str] | None = None,
                on_progress: Callable[[int, int], None] | None = None,
                sink: Callable[[str, bytes], None] | None = None) -> SiteRender:
    """All files of the website; files whose key is in *previous* unchanged are :class:`Reused`.

    With *sink*, rendered pages are handed to it as they come (value :class:`Written`)
    instead of being returned, so memory stays flat however large the site is.
    """
    global _JOBS
    fragments.clear()  # fragments of an earlier build (serve) must not show up in this one
    all_jobs, pages = site_jobs(site, plan, templates_dir)
    previous = previous or {}
    todo = [i for i, job in enumerate(all_jobs) if previous.get(job.path) != job.key]
    _JOBS = all_jobs
    if todo:
        _warm_up(site, pages, templates_dir)
    try:
        done = _execute(todo, jobs or os.cpu_count() or 1, on_progress, sink)
    finally:
        _JOBS = []
    files: dict[str, bytes | Reused | Written] = {}
    keys: dict[str, str] = {}
    for i, job in enumerate(all_jobs):
        files[job.path] = done[i] if i in done else Reused(job.key)
        keys[job.path] = job.key
    for path, (key, data) in _sitemaps(site, pages, previous).items():
        keys[path] = key
        files[path] = Reused(key) if data is None else data
    # Cheap to make, so made every time; taken over when the bytes did not change.
    for path, data in static_files(templates_dir).items():
        keys[path] = bytes_key(data)
        files[path] = Reused(keys[path]) if previous.get(path) == keys[path] else data
    return SiteRender(dict(sorted(files.items())), keys)


def _warm_up(site: Site, pages: list[PageSpec], templates_dir: str | None) -> None:
    """Compile templates and load catalogs and locale data once, before any worker forks.

    Forked workers inherit them instead of each compiling and loading them again.
    """
    env = shared_environment(templates_dir)
    for name in sorted({spec.template for spec in pages}):
        env.get_template(name)
    for lang in site.config.languages:
        gettext_context(lang)
        cldr.weekday_name(0, lang)  # Babel loads locale data on first use


_SITEMAP_FILE = re.compile(r"sitemap(?:-\d+)?\.xml")


def _sitemaps(site: Site, pages: list[PageSpec], previous: dict[str, str]) -> dict[str, tuple[str, bytes | None]]:
    """The sitemap file(s) with their keys; data ``None`` when the last build's files are still right."""
    key = sitemap_key(site.config.base_url, pages)
    old = {path: k for path, k in previous.items() if _SITEMAP_FILE.fullmatch(path)}
    if "sitemap.xml" in old and all(k == f"{key}:{len(old)}" for k in old.values()):
        return {path: (k, None) for path, k in old.items()}
    made = sitemap_files(site.config.base_url, pages)
    return {path: (f"{key}:{len(made)}", data) for path, data in made.items()}

