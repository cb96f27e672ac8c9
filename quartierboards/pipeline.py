"""The build, top to bottom: load → validate → expand schedules → render → write atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from quartierboards import sitewide
from quartierboards.content.loader import load_site
from quartierboards.content.parsecache import ParseCache
from quartierboards.content.structure import Site
from quartierboards.errors import ContentError, ContentErrors
from quartierboards.heap import long_lived, no_collection
from quartierboards.lifetime import raise_if_signalled
from quartierboards.markers import REUSED, Reused, Written
from quartierboards.progress import Progress
from quartierboards.render.env import COMPILED_TEMPLATES, compiled_templates_dir
from quartierboards.render.keymemo import KeyMemo
from quartierboards.render.pages import SitePlan
from quartierboards.render.site import Group, render_site
from quartierboards.schedule.lints import site_warnings
from quartierboards.schedule.plan import quarter_weeks
from quartierboards.write.atomic import (
    Prepared,
    build_lock,
    clean_stale_staging,
    finish_swaps,
    prepare_dir,
    recover,
    swap_in,
)
from quartierboards.write.index import BuildIndex, BuildStamp, Previous, tree_fingerprint
from quartierboards.write.staging import Staging, cache_dir, open_staging

if TYPE_CHECKING:
    from quartierboards.keep import KeptBack
    from quartierboards.print.products import PrintRun
    from quartierboards.render.keys import Keys


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
    # Record the published URLs in content/published.txt (the live preview does not:
    # its drafts are not published).
    update_ledger: bool = True
    # Another build writing into the same place: wait this long for it (seconds), and
    # tell the user through *on_lock_wait* that we are waiting.
    lock_wait: float = 0.0
    on_lock_wait: Callable[[Path, str], None] | None = None
    # All or nothing: a content error, or a warning (lint), stops the build. Without it, a
    # broken file below quarters/ is kept back (its last good version stays published,
    # see keep.py) and warnings are only shown.
    strict: bool = False
    # Make the search index again when an offer changed. The live preview makes it once, at
    # its start: Pagefind indexes every offer of the city, seconds on every edit otherwise.
    fresh_search: bool = True
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))

    @property
    def templates_dir(self) -> str | None:
        """:attr:`templates` as the renderers and keys take it (a string, or ``None`` for the built-in ones)."""
        return str(self.templates) if self.templates else None


@dataclass
class BuildResult:
    """What a build produced."""

    site: Site | None
    today: dt.date
    files: dict[str, bytes | Reused | Written] = field(default_factory=dict)
    print_files: dict[str, bytes | Reused] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)  # the quarters' files under their keys
    print_keys: dict[str, str] = field(default_factory=dict)
    print_rendered: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed since the last build; nothing was rendered or written
    plan: SitePlan | None = None  # the dated weeks the files were rendered from
    ledger_written: bool = False  # content/published.txt got new URLs
    kept: KeptBack | None = None  # the broken files kept back (published with errors)
    warnings: list[ContentError] = field(default_factory=list)  # lints (schedule.lints); never stop a build

    @property
    def rendered(self) -> list[str]:
        """Website files rendered in this build (the rest were taken over unchanged)."""
        return [p for p, v in self.files.items() if v is not REUSED]


def today_in(site: Site) -> dt.date:
    """Today's date in the site's time zone."""
    return dt.datetime.now(ZoneInfo(site.config.timezone)).date()


def plan_schedules(site: Site, today: dt.date) -> SitePlan:
    """Expand every quarter's schedules into its dated weeks."""
    return SitePlan(today=today, weeks={slug: quarter_weeks(site, q, today)
                                        for slug, q in site.quarters.items()})


def load(options: BuildOptions, cache: ParseCache | None = None, memo: KeyMemo | None = None) -> Site:
    """Load and validate the content; raises ``ContentErrors``. *cache* and *memo* as for :func:`render`."""
    with options.progress.stage("load+validate"), no_collection():
        if memo is None:
            return load_site(options.content, cache)
        return load_site(options.content, cache, defer=memo.defer, digest=memo.sources.digest)


def load_keeping(options: BuildOptions, cache: ParseCache | None = None,
                 memo: KeyMemo | None = None) -> tuple[Site, KeptBack | None]:
    """:func:`load`, keeping broken files back unless ``options.strict`` (see :mod:`quartierboards.keep`).

    Returns the site and what was kept back (``None`` when the content is clean); call
    ``KeptBack.cleanup`` once the build no longer reads the content.
    """
    from quartierboards.errors import ContentErrors
    from quartierboards.keep import fall_back

    try:
        return load(options, cache, memo), None
    except ContentErrors as exc:
        if options.strict:
            raise
        # The parse cache is keyed by the shown path and the text: the replaced tree shares its entries.
        return fall_back(exc, options.content, options.output,
                         lambda root: load(replace(options, content=root), cache, memo))


@dataclass
class Started:
    """A build once its content is loaded: its date, the dated weeks, the keys, and the PDFs rendering meanwhile."""

    site: Site
    today: dt.date
    plan: SitePlan
    keys: Keys | None = None
    printing: PrintRun | None = None  # the PDFs that changed, rendering in worker processes
    kept: KeptBack | None = None  # what the loaded site kept back
    _closing: list[Callable[[], None]] = field(default_factory=list)

    def on_close(self, stop: Callable[[], None]) -> None:
        """Call *stop* when the build closes: it ends a process working beside the build (safe to call again)."""
        self._closing.append(stop)

    def close(self) -> None:
        """Stop the print workers and the processes beside the build (a build that fails early); safe to call again."""
        if self.printing is not None:
            self.printing.close()
        for stop in self._closing:
            stop()


def start(options: BuildOptions, site: Site, memo: KeyMemo | None = None,
          previous_print: dict[str, str] | None = None) -> Started:
    """Expand the schedules and start rendering the PDFs that changed, in worker processes.

    Call it as soon as the content is loaded: an edit's PDFs are its longest path, so
    they start before the build waits for anything else (the website's index).
    *memo* and *previous_print* as for :func:`render`.
    """
    keys = memo.keys(site) if memo else None
    today = options.today or today_in(site)
    with options.progress.stage("schedules"):
        plan = plan_schedules(site, today)
    printing = None
    # The site and plan live until the end: frozen, the collector does not walk them
    # again, and forked workers share their pages with this process instead of copying them.
    with long_lived():
        if options.print_products:
            from quartierboards.print.products import start_print_products

            printing = start_print_products(site, plan, options.templates_dir, jobs=options.jobs,
                                            previous=previous_print, keys=keys, content=options.content)
    started = Started(site, today, plan, keys, printing)
    try:
        raise_if_signalled()  # one that came while the workers were forked
    except BaseException:
        started.close()
        raise
    return started


def render(options: BuildOptions, previous: dict[str, str] | None = None,
           previous_print: dict[str, str] | None = None,
           sink: Callable[[str, bytes], None] | None = None, cache: ParseCache | None = None,
           previous_groups: dict[str, Group] | None = None, memo: KeyMemo | None = None,
           read_previous: Callable[[str], bytes] | None = None, started: Started | None = None,
           kept_fragments: Path | None = None) -> BuildResult:
    """Load, validate, expand and render in memory; raises ``ContentErrors`` for bad content.

    Broken files below ``quarters/`` are kept back unless ``options.strict`` (see
    :func:`load_keeping`); :attr:`BuildResult.kept` says which.

    With *previous* (file keys of the last build), unchanged website files are not
    rendered; their value is :class:`~quartierboards.render.site.Reused`. Likewise
    *previous_print* (the validated index of ``options.flyers``) for the PDFs.
    *previous_groups* (the last build's :attr:`BuildResult.groups`) lets unchanged
    quarters be taken over without listing their files again.
    With *cache*, content files that did not change are not parsed again. With *memo*
    (the quarters' keys from the last build), quarters whose files did not change are
    not even loaded, unless something needs their offers; save it after the build.
    *read_previous* reads a file of the build *previous* describes (see ``render_site``).
    *started*: the build as :func:`start` began it (with the same *memo*), when the caller
    loaded the content and started the PDFs itself; this function waits for them.
    *kept_fragments*: the file in ``.cache/`` that keeps the city-wide list's rows from one
    build to the next (``render.fragments``); without it they are kept in this process.
    """
    progress = options.progress
    with contextlib.ExitStack() as stack:
        # Last, once the build is done with everything (*started* as it is then: made below if None).
        stack.callback(lambda: _let_go(started))
        stack.enter_context(long_lived())
        if started is None:
            site, kept = load_keeping(options, cache, memo)
            if kept is not None:
                stack.callback(kept.cleanup)
            started = start(options, site, memo, previous_print)
            started.kept = kept
        stack.callback(started.close)
        site, printing = started.site, started.printing
        if started.keys is None:  # no key memo: the keys made here serve the pages and the open data
            from quartierboards.render.keys import Keys

            started.keys = Keys(site, started.plan.today.isoformat(), options.templates_dir)
        started.plan.city = sitewide.city_rows(options, started, read_previous)
        search = sitewide.SearchIndex(options, started, previous or {}, read_previous)
        with progress.stage("html+ics"):
            rendered = render_site(site, started.plan, options.templates_dir, jobs=options.jobs, previous=previous,
                                   previous_groups=previous_groups, on_progress=progress.advance, sink=sink,
                                   keys=started.keys, read_previous=read_previous, before_pages=search.start,
                                   kept_fragments=kept_fragments)
        result = BuildResult(site=site, today=started.today, files=rendered.files, keys=rendered.keys,
                             groups=rendered.groups, plan=started.plan, kept=started.kept)
        with progress.stage("search index"):  # made beside the pages: this is the wait for it
            search.add_to(result, sink)
        if printing is not None:
            from quartierboards.print.products import web_copies

            with progress.stage("print (pdf)"):
                printed = printing.finish(on_progress=progress.advance,
                                          read_flyer=lambda rel: (options.flyers / rel).read_bytes(),
                                          thumbnails=cache_dir(options.flyers) / f"{options.flyers.name}.thumbnails")
            result.print_files, result.print_keys = printed.files, printed.keys
            result.print_rendered = printed.rendered
            copies, copy_keys = web_copies(printed, site, lambda rel: (options.flyers / rel).read_bytes(),
                                           previous or {})
            result.files.update(copies)  # board pages link the web flyers
            result.keys.update(copy_keys)
        with progress.stage("photos"):
            sitewide.add_photos(result, previous or {})
        with progress.stage("redirects"):
            sitewide.add_publishing_files(options, result, previous or {}, read_previous)
        with progress.stage("open data"):
            sitewide.add_open_data(options, result, previous or {}, read_previous, sink, started.keys)
    return result


def _let_go(started: Started | None) -> None:
    """Let go of what only this build needed, now: the city's rows and every memo of this build.

    The rows refer to the plan that refers to them, and the memos to the rows: without
    this, a long-running preview kept the rows (and sites) of several builds until the
    collector or a full memo let go of them (2.2 GB at 100 × 50, ``docs/performance.md``).
    """
    from quartierboards import memo
    from quartierboards.render import fragments

    if started is not None:
        started.plan.city = None  # the rows: what the city-wide pages, the search and the open data showed
    memo.end_of_build()
    fragments.clear()


def unchanged(output: Path, files: dict[str, bytes | Reused | Written], previous: Previous) -> bool:
    """Whether *output* already holds exactly *files* (then nothing needs writing)."""
    if not previous.complete or previous.keys.keys() != files.keys():
        return False
    if any(isinstance(v, Written) for v in files.values()):
        return False
    return all(v is REUSED or (output / p).read_bytes() == v for p, v in files.items())


def build(options: BuildOptions) -> BuildResult:
    """Render what changed, then swap complete new ``output/`` and ``flyers/`` trees in.

    The lock covers the whole build: the index of the previous build and the files
    taken over from it must not change under us. Raises ``BuildLocked`` when another
    build does not finish within ``options.lock_wait``.
    """
    lock_dir = options.output.resolve().parent
    # Builds that share flyers/ but not output/ must not swap it at the same time: the
    # lock is taken beside each tree the build writes, always in the same order.
    lock_dirs = {lock_dir} | ({options.flyers.resolve().parent} if options.print_products else set())
    with contextlib.ExitStack() as locks:
        for directory in sorted(lock_dirs):
            locks.enter_context(build_lock(directory, wait=options.lock_wait, on_wait=options.on_lock_wait))
        today = options.today or today_from_settings(options.content)
        folders = [options.output] + ([options.flyers] if options.print_products else [])
        stamp_store = BuildStamp(options.output)
        inputs = input_fingerprint(options, today)
        if stamp_store.matches(stamp_store.current(inputs, folders)):
            return BuildResult(site=None, today=today, up_to_date=True)
        result = _build_locked(replace(options, today=today), lock_dir)
        # A new ledger: the content changed under *inputs*, the next build looks again.
        # Files kept back: never "up to date", the next build reports them again (and renders the fix).
        if not result.ledger_written and result.kept is None:
            stamp_store.save(stamp_store.current(inputs, folders))
    return result


def input_fingerprint(options: BuildOptions, today: dt.date) -> str:
    """Everything a build depends on, cheaply: file names, sizes and times, the date, the options."""
    from quartierboards.i18n.catalog import LOCALE_DIR
    from quartierboards.render.env import default_templates_dir
    from quartierboards.render.keys import PACKAGE_DIR

    return hashlib.sha256("\0".join([
        tree_fingerprint(options.content, options.templates, default_templates_dir(), LOCALE_DIR, PACKAGE_DIR),
        today.isoformat(), str(options.print_products), str(options.strict), os.environ.get("SOURCE_DATE_EPOCH", ""),
    ]).encode()).hexdigest()


def today_from_settings(content: Path) -> dt.date:
    """Today in the site's time zone, read from site.yaml without loading the whole content.

    Known before loading, for the key memo (a quarter's keys depend on the date).
    """
    from quartierboards.content.files import FileProblem, load_yaml_file

    tz = "Europe/Berlin"
    try:
        value = load_yaml_file(content / "site.yaml", content).data.get("timezone")
        tz = value if isinstance(value, str) else tz
        return dt.datetime.now(ZoneInfo(tz)).date()
    except (FileProblem, OSError, ValueError, KeyError):
        return dt.datetime.now(ZoneInfo("Europe/Berlin")).date()


def _build_locked(options: BuildOptions, lock_dir: Path) -> BuildResult:
    """The build proper, under the lock: render what changed, swap the new trees in."""
    finish_swaps(swap_journal(options.output))  # a build killed between its swaps: complete them first
    index, print_index = BuildIndex(options.output), BuildIndex(options.flyers)
    for folder in (options.output, options.flyers):
        recover(folder)  # before the indexes are read: they check the folders' identity
    clean_stale_staging(lock_dir, options.output.name)
    with no_collection():  # 83,000 entries at 100 × 50, all kept
        pending = index.start_load()  # its files are checked in another process while the content loads
        previous_print = print_index.load() if options.print_products else Previous()
    assert options.today is not None  # set by build()
    COMPILED_TEMPLATES.keep_in(compiled_templates_dir())
    memo = KeyMemo(cache_dir(options.output) / f"{options.output.name}.quarter-keys.json",
                   options.today.isoformat(), options.templates_dir)
    # The index and the site stay until the end: frozen, the writing's collections do
    # not walk them again (about 0.2 s of saving the index at 100 × 50).
    with long_lived(), contextlib.ExitStack() as stop:
        stop.callback(pending.close)  # no checking process is left behind
        site, kept = load_keeping(options, ParseCache(cache_dir(options.output) / "parsed-content.json"), memo)
        if kept is not None:
            stop.callback(kept.cleanup)
        started = start(options, site, memo, previous_print.keys)  # the PDFs first: an edit's longest path
        started.kept = kept
        stop.callback(started.close)  # a build that fails before it waits for them stops them
        # While the PDFs render; --strict must see every quarter, an ordinary build only the loaded ones.
        warnings = site_warnings(site, options.content, options.today, loaded_only=not options.strict)
        if warnings and options.strict:
            raise ContentErrors(replace(w, severity="error") for w in warnings)
        with no_collection():
            previous = pending.result()
        staging = open_staging(options.output, recycle=previous.complete)  # pages stream into it as they come
        handed_over = False
        try:
            groups = {slug: g for slug, raw in previous.groups.items() if (g := Group.from_json(raw)) is not None}
            result = render(options, previous=previous.keys, sink=staging.write, previous_groups=groups, memo=memo,
                            started=started,
                            read_previous=lambda rel: (options.output / rel).read_bytes(),
                            kept_fragments=cache_dir(options.output) / f"{options.output.name}.fragments.json")
            result.warnings = warnings
            with options.progress.stage("write"):
                handed_over = True
                _write(options, result, staging, (previous, index), (previous_print, print_index))
        finally:
            if not handed_over:
                staging.discard()
        if result.site is not None:
            memo.save(result.site)
        if options.update_ledger:  # a real build (the preview's drafts are not published)
            from quartierboards.keep import save_last_good

            save_last_good(options.content, options.output, kept)
        if options.update_ledger:
            from quartierboards.content.ledger import update_ledger
            from quartierboards.render.redirects import ledger_paths

            result.ledger_written = update_ledger(options.content, ledger_paths(result.files))
    return result


def _write(options: BuildOptions, result: BuildResult, staging: Staging,
           website: tuple[Previous, BuildIndex], printed: tuple[Previous, BuildIndex]) -> None:
    """Swap the new ``output/`` and ``flyers/`` in, both or neither, and record their indexes.

    A folder that holds exactly its new files already is left alone. Both new trees
    are complete before the first swap (see :func:`~quartierboards.write.atomic.swap_in`).
    """
    (previous, index), (previous_print, print_index) = website, printed
    trees: list[Prepared] = []
    try:
        if unchanged(options.output, result.files, previous):
            staging.discard()
        else:
            trees.append(prepare_dir(options.output, result.files, staging=staging, current=_known(previous)))
        if options.print_products and not unchanged(options.flyers, result.print_files, previous_print):
            clean_stale_staging(options.flyers.resolve().parent, options.flyers.name)
            trees.append(prepare_dir(options.flyers, result.print_files, current=_known(previous_print),
                                     staging=open_staging(options.flyers, recycle=previous_print.complete)))
    except BaseException:
        for tree in trees:
            tree.staging.discard()
        raise
    swap_in(trees, swap_journal(options.output))
    index.save(result.keys, result.files, previous,  # also when the bytes are unchanged
               groups={slug: g.to_json() for slug, g in result.groups.items()})
    if options.print_products:
        print_index.save(result.print_keys, result.print_files, previous_print)


def swap_journal(output: Path) -> Path:
    """Where a build records the swaps of its folders until all are done (in ``.cache/``)."""
    return cache_dir(output) / f"{output.name}.swaps.json"


def _known(previous: Previous) -> dict[str, int] | None:
    """The live tree's files (path → inode) when the index knows all of them, else ``None``.

    Only a completely known tree may become the next build's spare tree.
    """
    return previous.inodes if previous.complete else None

