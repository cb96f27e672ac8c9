"""Render the whole website into a mapping ``path → bytes`` (nothing is written here).

Files are described as jobs with a content key (:mod:`quartierboards.render.keys`).
Jobs whose key matches the previous build are not rendered: their value is
:class:`Reused`, and the write stage takes the file over from the previous output.
The remaining jobs run in a process pool (``jobs`` workers), results merged in a
fixed order so the output does not depend on scheduling.

A quarter's files form a :class:`Group` under the quarter's key, which covers
everything they show. A quarter whose key is the same as in the previous build,
with all its files still in place, takes them over as a whole: its page list and
jobs are not even made (most of an edit's bookkeeping at 83,000 files).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from quartierboards.content.structure import Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.lifetime import die_with_parent, raise_if_signalled, stop_pool
from quartierboards.markers import REUSED, Reused, Written
from quartierboards.render import fragments, urls
from quartierboards.render.citywide import city_rows, let_go_of_rows, listing
from quartierboards.render.dayparts import shown_day
from quartierboards.render.env import gettext_context, shared_environment
from quartierboards.render.feeds import news_feed
from quartierboards.render.ics import offer_calendar, quarter_calendar, remember_offer_calendar
from quartierboards.render.keys import Keys, bytes_key
from quartierboards.render.pages import (
    PageSpec,
    SitePlan,
    quarter_pages,
    render_page,
    site_level_pages,
    site_pages,
    static_files,
)
from quartierboards.render.sitemap import pages_digest, sitemap_files, sitemap_key

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor  # imported only when workers are used

    from quartierboards.render.offerdata import CityRows


@dataclass
class Job:
    """One output file to produce."""

    path: str
    key: str
    make: Callable[[], bytes] = field(repr=False)
    lang: str = ""  # the language it is in ("" for none): files of one language share fragments


@dataclass(frozen=True)
class Group:
    """The files of one quarter with the key that decides all of them (see the module's description)."""

    key: str
    files: tuple[str, ...]
    pages: str  # digest of its pages and their alternates: its part of the sitemap key

    def to_json(self) -> list[object]:
        """The group as the build index stores it."""
        return [self.key, self.pages, list(self.files)]

    @classmethod
    def from_json(cls, value: object) -> Group | None:
        """A group stored by :meth:`to_json`; ``None`` for anything else."""
        if (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
                and isinstance(value[1], str) and isinstance(value[2], list)):
            return cls(value[0], tuple(value[2]), value[1])
        return None


@dataclass
class SiteRender:
    """The website's files (bytes or :class:`Reused`), the key of every file, and the quarters' groups."""

    files: dict[str, bytes | Reused | Written]
    keys: dict[str, str]
    groups: dict[str, Group] = field(default_factory=dict)

    @property
    def rendered(self) -> list[str]:
        """Paths rendered in this build (not taken over)."""
        return [p for p, v in self.files.items() if v is not REUSED]


def page_jobs(keys: Keys, site: Site, plan: SitePlan, templates_dir: str | None,
              pages: list[PageSpec]) -> list[Job]:
    """A job for each of *pages*; its key is what the page shows, of the day too (:mod:`.dayparts`)."""
    jobs: list[Job] = []
    # The language versions of a page share their alternates, their scope and what they show
    # of the day; a city-wide list's versions each list their language's rows.
    scopes: dict[tuple[int, str], tuple[str, str]] = {}
    every_day = keys.templates_show_the_day
    for spec in pages:
        shared = (id(spec.alternates), spec.lang if spec.context.get("city") else "")
        found = scopes.get(shared)
        if found is None:
            found = scopes[shared] = (_scope(keys, spec, site, plan),
                                      bytes_key(shown_day(spec, site, plan, every_day).encode()))
        scope, day = found
        jobs.append(Job(spec.path, f"{scope}:{day}:{spec.template}:{spec.lang}",
                        partial(render_page, spec, site, plan, templates_dir), spec.lang))
    return jobs


def quarter_jobs(keys: Keys, site: Site, plan: SitePlan, templates_dir: str | None, quarter: Quarter,
                 pages: list[PageSpec]) -> list[Job]:
    """Jobs for all files of *quarter*: its *pages*, calendars and news feeds."""
    jobs = page_jobs(keys, site, plan, templates_dir, pages)
    qkey = keys.quarter_key(quarter)
    offer_keys = [(offer, keys.offer_key(quarter, offer)) for offer in quarter.offers.values()]
    for lang in site.config.languages:
        jobs.append(Job(urls.calendar_file(lang, quarter.slug), f"{qkey}:ics:{lang}",
                        partial(quarter_calendar, site, quarter, lang, plan.today), lang))
        for offer, okey in offer_keys:
            jobs.append(Job(urls.offer_calendar(lang, quarter.slug, offer.slug), f"{okey}:ics:{lang}",
                            partial(offer_calendar, site, offer, lang, plan.today), lang))
        if quarter.news:
            jobs.append(Job(urls.news_feed(lang, quarter.slug), f"{qkey}:atom:{lang}",
                            partial(news_feed, site, quarter, lang), lang))
    return jobs


# The templates every page is made with, and those of a quarter's language chooser;
# a site that overrides one of them widens the keys that leave most of the content out.
SHARED_TEMPLATES = ("base.html", "partials")
CHOOSER_TEMPLATES = ("languages.html", *SHARED_TEMPLATES)


def _scope(keys: Keys, spec: PageSpec, site: Site, plan: SitePlan) -> str:
    """The content key of what a page shows: an offer, a news post, a quarter, the site, or a city-wide list."""
    quarter = spec.context.get("quarter")
    if spec.template == "languages.html":
        return keys.settings_key(quarter, CHOOSER_TEMPLATES)
    if "offer" in spec.context:
        return keys.offer_key(quarter, spec.context["offer"])
    if "item" in spec.context:
        return keys.news_key(quarter, spec.context["item"])
    if spec.context.get("city"):
        return keys.city_page_key(listing(site, plan, spec).rows, (spec.template, *SHARED_TEMPLATES))
    return keys.quarter_key(quarter) if quarter is not None else keys.site_key


class _Result(Protocol):
    """A part being rendered: a pool's future, or :class:`_Now`."""

    def result(self) -> list[tuple[int, bytes]]: ...


# Worker processes are forked after the jobs are set here, so they inherit the
# site and plan instead of receiving them pickled for every task.
_JOBS: list[Job] = []


# A task hands back at most about this many bytes (plus one file) and leaves the rest of
# its files to a task of its own: a quarter's boards and week pages list all its offers
# (10 MB each at 10,000 offers), and a whole part of the site in one result (pickled in
# the worker, unpickled here) took gigabytes before anything was written.
RESULT_BYTES = 16 << 20


def _run(indices: list[int]) -> list[tuple[int, bytes]]:
    """Render the files *indices* in order, stopping after :data:`RESULT_BYTES` (the caller submits the rest)."""
    done, size = [], 0
    for i in indices:
        data = _JOBS[i].make()
        done.append((i, data))
        size += len(data)
        if size >= RESULT_BYTES:
            break
    kept = fragments.hand_over()
    if kept:  # after the files: the caller counts them by position
        done.append((KEPT_FRAGMENTS, kept))
    return done


# The index under which a part hands back the kept fragments it made (render.fragments).
KEPT_FRAGMENTS = -1


def _files_in(part: list[tuple[int, bytes]]) -> int:
    """How many files *part* holds (without its kept fragments)."""
    return len(part) - (1 if part and part[-1][0] == KEPT_FRAGMENTS else 0)


# Fewer files than this render faster in the build's own process and one helper: a pool
# of workers fills its caches again (templates, fragments, calendar events) in every
# worker, which costs more than the parallelism gains for the few hundred files of an edit.
IN_PROCESS_BELOW = 600
# From this many files up, one forked helper renders about half of the languages while
# the build's own process renders the others (an edit's 147 files at 100 × 50: 0.60 s
# in one process, 0.36–0.54 s with the helper, forking included).
# Split by language, each process renders a fragment (an offer card, a place) once.
SHARED_FROM = 60


def _forks(count: int, jobs: int) -> bool:
    """Whether *count* files render in a pool of forked workers (else in this process, maybe with a helper)."""
    return jobs > 1 and count >= IN_PROCESS_BELOW and _can_fork()


def _shares(count: int, jobs: int) -> bool:
    """Whether *count* files render in this process and one forked helper."""
    return jobs > 1 and SHARED_FROM <= count < IN_PROCESS_BELOW and _can_fork()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _by_language(todo: list[int]) -> tuple[list[int], list[int]]:
    """*todo* in two parts of about the same number of files, each with whole languages."""
    per_lang: dict[str, list[int]] = {}
    for i in todo:
        per_lang.setdefault(_JOBS[i].lang, []).append(i)
    parts: tuple[list[int], list[int]] = ([], [])
    for lang in sorted(per_lang, key=lambda code: (-len(per_lang[code]), code)):
        smaller = parts[0] if len(parts[0]) <= len(parts[1]) else parts[1]
        smaller.extend(per_lang[lang])
    return sorted(parts[0]), sorted(parts[1])


def _chunks(todo: list[int], jobs: int) -> list[list[int]]:
    # Contiguous runs: the language versions of one page are neighbours in the job list
    # and share a worker's caches (Markdown, schedules, calendar events).
    parts = max(1, min(len(todo) // 25, jobs * 8))
    size = max(1, -(-len(todo) // parts))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _pool(workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor  # not imported for an edit's few files

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


class _Now:
    """The result of a part rendered in this process, with a future's ``result()``."""

    def __init__(self, indices: list[int]):
        self._value = _run(indices)

    def result(self) -> list[tuple[int, bytes]]:
        return self._value


def _parts(chunks: Iterable[list[int]], submit: Callable[[list[int]], _Result], ahead: int,
           ) -> Iterator[list[tuple[int, bytes]]]:
    """Render *chunks* through *submit* (a pool's, or :class:`_Now`); yield each part as it is handed back.

    At most *ahead* parts are submitted and not yet yielded: the pool's queue, and the
    rendered bytes waiting for the writer, stay bounded however large the site is. What
    a part left over (:data:`RESULT_BYTES`) is submitted next.
    """
    queue = deque(chunks)
    window: deque[tuple[list[int], _Result]] = deque()
    while queue or window:
        while queue and len(window) < ahead:
            chunk = queue.popleft()
            window.append((chunk, submit(chunk)))
        chunk, pending = window.popleft()
        part = pending.result()
        if _files_in(part) < len(chunk):
            queue.appendleft(chunk[_files_in(part):])
        yield part


def _ahead(jobs: int) -> int:
    """Parts in flight for *jobs* workers: each has one to render and one waiting."""
    return 2 * jobs


def _own_then_helped(own: list[int], jobs: int, pool: ProcessPoolExecutor, helped: list[int],
                     ) -> Iterator[list[tuple[int, bytes]]]:
    first = pool.submit(_run, helped)  # before this process starts on its own part
    yield from _parts(_chunks(own, jobs), _Now, 1)
    part = first.result()
    yield part
    if _files_in(part) < len(helped):  # it stopped at RESULT_BYTES
        yield from _parts([helped[_files_in(part):]], partial(pool.submit, _run), _ahead(1))


def _execute(todo: list[int], jobs: int, on_progress: Callable[[int, int], None] | None,
             sink: Callable[[str, bytes], None] | None,
             forked: Callable[[], None] | None = None) -> dict[int, bytes | Written]:
    """Render the jobs *todo*; *forked* is called once a pool's workers are forked (none: not called)."""
    done: dict[int, bytes | Written] = {}
    pool = None
    finished = False
    results: Iterable[list[tuple[int, bytes]]]
    if _forks(len(todo), jobs):
        pool = _pool(jobs)
        results = _parts(_chunks(todo, jobs), partial(pool.submit, _run), _ahead(jobs))
        results = _then(results, forked) if forked is not None else results
    elif _shares(len(todo), jobs):
        helper_part, own_part = _by_language(todo)
        pool = _pool(1)
        results = _own_then_helped(own_part, jobs, pool, helper_part)
    else:
        results = _parts(_chunks(todo, jobs), _Now, 1)
    try:
        raise_if_signalled()  # one that came while the workers were forked
        for part in results:
            for i, data in part:
                if i == KEPT_FRAGMENTS:
                    fragments.adopt(data)
                elif sink is None:
                    done[i] = data
                else:  # stream to disk instead of holding every page in memory
                    sink(_JOBS[i].path, data)
                    done[i] = Written(_JOBS[i].key)
            if on_progress:
                on_progress(len(done), len(todo))
            raise_if_signalled()
        finished = True
    finally:
        if pool is not None and finished:
            pool.shutdown()
        elif pool is not None:  # a build that failed or was interrupted does not wait for its workers' parts
            stop_pool(pool)
    return done


def _then(parts: Iterable[list[tuple[int, bytes]]], call: Callable[[], None],
          ) -> Iterator[list[tuple[int, bytes]]]:
    """*parts*, calling *call* once the first has come back (a fork pool's workers all fork at its first task)."""
    iterator = iter(parts)
    for part in iterator:
        call()
        yield part
        break
    yield from iterator


def render_site(site: Site, plan: SitePlan, templates_dir: str | None = None, *, jobs: int | None = 1,
                previous: dict[str, str] | None = None, previous_groups: dict[str, Group] | None = None,
                on_progress: Callable[[int, int], None] | None = None,
                sink: Callable[[str, bytes], None] | None = None, keys: Keys | None = None,
                read_previous: Callable[[str], bytes] | None = None,
                before_pages: Callable[[], None] | None = None,
                kept_fragments: Path | None = None) -> SiteRender:
    """All files of the website; files whose key is in *previous* unchanged are :class:`Reused`.

    *previous_groups* are the quarters' groups of the build that *previous* comes from:
    a quarter whose group still holds is taken over without making its jobs.
    With *sink*, rendered pages are handed to it as they come (value :class:`Written`)
    instead of being returned, so memory stays flat however large the site is.
    *keys*: the build's :class:`Keys`, when the caller wants to know what they made.
    *read_previous* reads a file of the previous build (one of *previous*): a quarter
    calendar made again takes the events of offers whose calendars are taken over from them.
    *before_pages* is called once the files to render are known (the quarters they need
    are loaded), before any is rendered: work that can go on beside them starts there.
    *kept_fragments*: the file that keeps fragments from one build to the next
    (:mod:`.fragments`, ``{% keep %}``); without it they are kept in this process only.
    """
    global _JOBS
    previous = previous or {}
    keys = keys or Keys(site, plan.today.isoformat(), templates_dir)
    # Fragments of an earlier build (serve) must not show up in this one; kept ones only
    # when made under the same code, templates, settings and week.
    fragments.begin(keys.global_key, kept_fragments)
    jobs = jobs or os.cpu_count() or 1
    pages = site_level_pages(site, plan)
    digests = [pages_digest(pages)]
    city = _rows_beside(site, plan, jobs)
    try:
        # The city-wide pages' keys need every language's rows: asked for before the quarters
        # load (rows of a quarter left unloaded are read back), else after them, when rows
        # are made beside.
        site_jobs = page_jobs(keys, site, plan, templates_dir, pages) if city is None else []
        quarters = _plan_quarters(keys, site, plan, templates_dir, previous, previous_groups or {})
        if city is not None:
            site_jobs = page_jobs(keys, site, plan, templates_dir, pages)
    finally:
        if city is not None:
            city.stop()  # a build that failed while planning (else it is done)
    all_jobs = site_jobs + quarters.jobs
    pages += quarters.pages
    digests += quarters.digests
    groups, taken_over, remade = quarters.groups, quarters.taken_over, quarters.remade
    todo = [i for i, job in enumerate(all_jobs) if previous.get(job.path) != job.key]
    if read_previous is not None and remade:
        _reuse_offer_events(site, plan.today, remade, {all_jobs[i].path for i in todo}, previous, read_previous)
    _JOBS = all_jobs
    if before_pages is not None:
        before_pages()
    if _forks(len(todo), jobs):  # in this process, each template is compiled when first used
        _warm_up(site, pages, templates_dir)
    try:
        # The workers have the city's rows; this process needs them again only for the open data.
        done = _execute(todo, jobs, on_progress, sink, forked=lambda: let_go_of_rows(plan))
    finally:
        _JOBS = []
    fragments.finish(kept_fragments)
    if kept_fragments is not None and previous_groups:  # the shelves of quarters gone since the last build
        fragments.forget(kept_fragments, previous_groups.keys() - site.quarters.keys())
    files: dict[str, bytes | Reused | Written] = {job.path: done.get(i, REUSED) for i, job in enumerate(all_jobs)}
    file_keys = {job.path: job.key for job in all_jobs}
    for group in taken_over:  # in bulk: these are nearly all of the site's files in an edit
        file_keys.update(zip(group.files, map(previous.__getitem__, group.files), strict=True))
        files.update(dict.fromkeys(group.files, REUSED))
    # Without quarters taken over, *pages* already is the whole page list, in order.
    all_pages = None if taken_over else pages
    for path, (key, data) in _sitemaps(site, plan, digests, previous, all_pages).items():
        file_keys[path] = key
        files[path] = REUSED if data is None else data
    # Cheap to make, so made every time; taken over when the bytes did not change.
    for path, data in static_files(templates_dir).items():
        file_keys[path] = bytes_key(data)
        files[path] = REUSED if previous.get(path) == file_keys[path] else data
    return SiteRender(files, file_keys, groups)  # in no particular order: nothing needs sorting 83,000 paths


@dataclass
class _Quarters:
    """The quarters' part of the plan: the jobs and pages of those made again, every quarter's group."""

    jobs: list[Job] = field(default_factory=list)
    pages: list[PageSpec] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)  # each quarter's pages digest, in the site's order
    groups: dict[str, Group] = field(default_factory=dict)
    taken_over: list[Group] = field(default_factory=list)
    remade: list[Quarter] = field(default_factory=list)


def _plan_quarters(keys: Keys, site: Site, plan: SitePlan, templates_dir: str | None, previous: dict[str, str],
                   previous_groups: dict[str, Group]) -> _Quarters:
    """Each quarter taken over whole (its group still holds) or planned again: its pages and jobs."""
    found = _Quarters()
    for quarter in site.quarters.values():
        group = previous_groups.get(quarter.slug)
        qkey = keys.group_key(quarter)
        if _holds(group, qkey, previous):
            found.taken_over.append(group)
        else:
            found.remade.append(quarter)
            # A site's own template that may show the day anywhere: its kept fragments last a day.
            plan.kept_versions[quarter.slug] = keys.quarter_key(quarter) + (
                f":{plan.today.isoformat()}" if keys.templates_show_the_day else "")
            specs = quarter_pages(site, plan, quarter)
            made = quarter_jobs(keys, site, plan, templates_dir, quarter, specs)
            group = Group(qkey, tuple(job.path for job in made), pages_digest(specs))
            found.jobs += made
            found.pages += specs
        found.groups[quarter.slug] = group
        found.digests.append(group.pages)
    return found


# From this many rows to make (offers of loaded quarters × languages) up, half of the languages'
# rows are made in a forked process while this one plans the quarters (about 0.16 ms a row).
ROWS_BESIDE = 7_000


def _rows_beside(site: Site, plan: SitePlan, jobs: int) -> CityRows | None:
    """The city's rows, when half of the languages' are being made beside this process (then the others are made).

    ``None`` when that does not pay: few rows to make (an edit), one job, no fork.
    """
    city = city_rows(site, plan)
    if jobs < 2 or not _can_fork() or city.to_make() < ROWS_BESIDE:
        return None
    languages = list(site.config.languages)
    city.make_beside(languages[len(languages) // 2:])
    for lang in languages[:len(languages) // 2]:  # before the quarters load, as without a process beside
        city.rows(lang)
    return city


def _reuse_offer_events(site: Site, today: dt.date, quarters: list[Quarter], todo: set[str],
                        previous: dict[str, str], read_previous: Callable[[str], bytes]) -> None:
    """For each quarter calendar in *todo*, take the events of offers whose calendars are taken over from them."""
    for quarter in quarters:
        for lang in site.config.languages:
            if urls.calendar_file(lang, quarter.slug) not in todo:
                continue
            for offer in quarter.offers.values():
                path = urls.offer_calendar(lang, quarter.slug, offer.slug)
                if path in previous and path not in todo:
                    with contextlib.suppress(OSError):  # unreadable: its events are serialized again
                        remember_offer_calendar(site, offer, lang, today, read_previous(path))


def _holds(group: Group | None, key: str, previous: dict[str, str]) -> bool:
    """Whether a quarter's *group* from the last build is still right: same key, all files in place."""
    return group is not None and group.key == key and all(path in previous for path in group.files)


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


def _sitemaps(site: Site, plan: SitePlan, digests: list[str], previous: dict[str, str],
              pages: list[PageSpec] | None) -> dict[str, tuple[str, bytes | None]]:
    """The sitemap file(s) with their keys; data ``None`` when the last build's files are still right.

    *pages*: all pages of the site when at hand; else they are listed here if needed.
    """
    key = sitemap_key(site.config.base_url, digests)
    old = {path: k for path, k in previous.items() if _SITEMAP_FILE.fullmatch(path)}
    if "sitemap.xml" in old and all(k == f"{key}:{len(old)}" for k in old.values()):
        return {path: (k, None) for path, k in old.items()}
    made = sitemap_files(site.config.base_url, pages if pages is not None else site_pages(site, plan))
    return {path: (f"{key}:{len(made)}", data) for path, data in made.items()}
