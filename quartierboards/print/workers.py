"""Rendering print products in worker processes: one product, a quarter's products, the pool.

Workers are forked after the site is loaded and inherit it (:func:`init_worker`);
everything a worker keeps (fonts, stylesheets, the weeks that fitted) is per process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from quartierboards import hyphenation
from quartierboards.content.structure import Site
from quartierboards.i18n.messages import tr
from quartierboards.lifetime import die_with_parent, raise_if_signalled, stop_pool
from quartierboards.print.fit import (
    Attempt,
    WeekMeasure,
    choose_week,
    fitting_highlights,
    highlights_beside_week,
    measure_week,
)
from quartierboards.print.regular_week import weekday_sizes
from quartierboards.print.render import (
    FLYER_QR_SYMBOL_MM,
    STICKER_QR_SYMBOL_MM,
    ProductResult,
    ProductSpec,
    pdf_date,
    qr_box_mm,
    render_pair,
    render_pdf,
)
from quartierboards.render import qr
from quartierboards.schedule.plan import print_day

if TYPE_CHECKING:
    from quartierboards.render.pages import SitePlan

WEEK_LIMITS = (None, 5, 4, 3, 2, 1)  # rows per weekday on the flyer, tried in this order
# A whole week of more rows than this is not laid out first: a back page holds a few
# dozen, and the full week of a quarter with 10,000 offers (thousands of rows) took
# minutes and a gigabyte of layout only to overflow. The next limit's layout is
# measured instead, which rules the whole week out when it cannot fit (print.fit), so
# the result is the same.
LONG_WEEK_ROWS = 150

_WORKER: dict[str, Any] = {}


def init_worker(site: Site, plan: SitePlan, templates_dir: str | None, niceness: int = 0,
                parent: int | None = None, write: bool = True) -> None:
    """Set what this process renders from (the pool's initializer; call it before :func:`render_one` in-process).

    *niceness*: lower this process's priority by that much (a worker's, never the build's own).
    *parent*: the build's process id, in a worker: the worker dies with it (:func:`die_with_parent`).
    *write*: make the PDFs; without, only lay them out and check that they fit (``check``).
    """
    if parent is not None:
        die_with_parent(parent)
    if niceness:
        os.nice(niceness)
    _WORKER.update(site=site, plan=plan, templates_dir=templates_dir, seen={}, write=write)
    hyphenation.preload(site.config.print.languages)


def product_html(site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
                 week_limit: int | None = None, highlight_limit: int | None = None) -> str:
    """The HTML that WeasyPrint lays out for *spec*; a flyer shows at most *week_limit* rows per weekday
    and *highlight_limit* highlights on its front (``None``: all)."""
    from quartierboards.print.flyer import flyer_html
    from quartierboards.print.sticker import sticker_html

    make = flyer_html if spec.product == "flyer" else sticker_html
    extra = {"pdf_date": _created(site, plan), "week_limit": week_limit, "highlight_limit": highlight_limit,
             **_qr_sizes(spec)}
    return make(site, plan, spec, templates_dir, extra)


def _created(site: Site, plan: SitePlan) -> str:
    """The PDFs' creation date: the day the products are made as of (the first day of the week)."""
    return pdf_date(print_day(site, plan.today), site.config.timezone)


def _qr_sizes(spec: ProductSpec) -> dict[str, float]:
    """Edge lengths of the QR boxes (mm) so that the codes themselves have their printed size."""
    modules = qr.qr_code(spec.qr_url).symbol_size(border=0)[0]
    return {"flyer_qr_mm": qr_box_mm(FLYER_QR_SYMBOL_MM, modules),
            "sticker_qr_mm": qr_box_mm(STICKER_QR_SYMBOL_MM, modules)}


def render_one(spec: ProductSpec, limits: tuple[int | None, ...] = WEEK_LIMITS,
               hint: int | None = None) -> tuple[ProductResult, int | None]:
    """Render one product; for a flyer, with the longest week (of *limits*) that fits its back page.

    *hint* is the week limit to lay out first (see :func:`~quartierboards.print.fit.choose_week`).
    Returns the result and the week limit used.
    """
    results, used = _render((spec,), limits, hint)
    return results[0], used


def render_variants(specs: tuple[ProductSpec, ...], limits: tuple[int | None, ...] = WEEK_LIMITS,
                    hint: int | None = None) -> list[ProductResult]:
    """Render the variants of one product (*specs*, same quarter, product and languages), in their order.

    A print and a web variant come from one layout when their templates allow it
    (:func:`~quartierboards.print.render.render_pair`), else one after the other,
    the second starting from the week that fitted the first.
    """
    if len(specs) == 2:
        try:
            return _render(specs, limits, hint)[0]
        except _NotShared:
            pass
    results = []
    for spec in specs:
        result, used = render_one(spec, limits, hint)
        results.append(result)
        if result.pages <= spec.pages and not result.problems and used in limits:
            limits = limits[limits.index(used):]  # the same page area: start where the first one fitted
    return results


class _NotShared(Exception):
    """The variants cannot share a layout."""


def _render(specs: tuple[ProductSpec, ...], limits: tuple[int | None, ...],
            hint: int | None) -> tuple[list[ProductResult], int | None]:
    """*specs* (one product, or both variants of one) from the same layouts; raises
    :class:`_NotShared` when two variants cannot share one."""
    spec = specs[0]
    site: Site = _WORKER["site"]
    plan: SitePlan = _WORKER["plan"]
    templates_dir = _WORKER["templates_dir"]
    created = _created(site, plan)
    sizes = _qr_sizes(spec)
    front: list[int | None] = [None]  # highlights on the front: all, until a layout shows fewer fit

    def attempt(limit: int | None, inspect: Callable[[Any], None] | None = None) -> list[ProductResult]:
        try:
            htmls = [product_html(site, plan, s, templates_dir, limit, front[0]) for s in specs]
        except Exception as exc:  # template errors must not kill the pool; reported as the product's problem
            return [ProductResult(s, problems=[tr("template error: %(error)s", error=f"{type(exc).__name__}: {exc}")])
                    for s in specs]
        if len(specs) == 1:
            return [render_pdf(spec, htmls[0], templates_dir, created, **sizes, inspect=inspect,
                               write=_WORKER.get("write", True))]
        shared = render_pair(specs, htmls, templates_dir, created, **sizes, inspect=inspect,
                             write=_WORKER.get("write", True))
        if shared is None:
            raise _NotShared
        return shared

    if spec.product != "flyer":
        return attempt(None), None
    # A quarter with many regular offers gets a shorter week on its flyer (the rest is
    # counted and on the board) rather than a failed build; names that are too long
    # still fail, naming the product. Each layout is measured, and weeks that it shows
    # cannot fit are skipped without a layout of their own (print.fit).
    week_sizes = weekday_sizes(site, site.quarters[spec.quarter], print_day(site, plan.today))

    def lay_out(limit: int | None) -> Attempt[list[ProductResult]]:
        measured: list[WeekMeasure | None] = [None]
        fewer: list[int | None] = [None]
        apart = [False]  # the highlights are on another page than the week

        def measure(document: Any) -> None:
            measured[0] = measure_week(document, week_sizes, limit)
            fewer[0] = fitting_highlights(document)
            apart[0] = not highlights_beside_week(document)

        results = attempt(limit, measure)
        # A full page shows fewer highlights (the front, or the easy flyer's back, does not
        # change with the week, so the count found holds for every later layout of this flyer).
        while fewer[0] is not None and (front[0] is None or fewer[0] < front[0]):
            front[0] = fewer[0]
            if apart[0] and limit != limits[-1] and measured[0] is not None and measured[0].cannot_fit(limit):
                # The week's page overflows whatever the other page shows: this week is out
                # either way, and the next week's layout is the first with fewer highlights.
                break
            results = attempt(limit, measure)
        for result in results:
            result.week_limit = limit
        # A full back page pushes its footer out, which is one of the problems.
        fits = all(r.pages <= r.spec.pages and not r.problems for r in results)
        return Attempt(fits, measured[0], results)

    if hint is None and len(limits) > 1 and sum(week_sizes) > LONG_WEEK_ROWS:
        hint = limits[1]  # its measure rules the whole week out without laying it out (choose_week)
    return choose_week(lay_out, limits, hint)


Task = tuple[tuple[tuple[ProductSpec, ...], int | None], ...]  # products that share a layout, with a week hint


def render_task(task: Task) -> list[ProductResult]:
    """Render groups of products that share a layout (a flyer's print and web variant).

    A flyer starts from its hint (the week of the last build), else from the week
    that fitted this quarter's flyer in another language in this worker.
    """
    results = []
    seen: dict[str, int | None] = _WORKER["seen"]  # quarter → the week its last flyer showed
    for specs, hint in task:
        hint = hint if hint is not None else seen.get(specs[0].quarter)
        group = render_variants(specs, WEEK_LIMITS, hint)
        results += group
        if specs[0].product == "flyer" and all(r.pages <= r.spec.pages and not r.problems for r in group):
            seen[specs[0].quarter] = group[0].week_limit
    return results


def _groups(specs: list[ProductSpec]) -> list[tuple[ProductSpec, ...]]:
    """*specs* grouped by quarter, product and languages (the variants of one product), in order."""
    grouped: dict[tuple[str, str, tuple[str, ...]], list[ProductSpec]] = {}
    for spec in specs:
        grouped.setdefault((spec.quarter, spec.product, spec.languages), []).append(spec)
    return [tuple(group) for group in grouped.values()]


def _tasks(specs: list[ProductSpec], hints: dict[str, int | None], workers: int) -> list[Task]:
    """The work for the pool: a quarter's products together when there are quarters enough for every
    worker (its flyers then start from each other's week), else each product on its own."""
    pairs = [(group, hints.get(group[0].file)) for group in _groups(specs)]
    quarters: dict[str, list[tuple[tuple[ProductSpec, ...], int | None]]] = {}
    for pair in pairs:
        quarters.setdefault(pair[0][0].quarter, []).append(pair)
    if len(quarters) >= 2 * workers:
        return [tuple(batch) for batch in quarters.values()]
    return [(pair,) for pair in pairs]


# A worker's start (WeasyPrint, fonts, hyphenation patterns, its first layout) costs
# about as much as six layouts. An edit's few layouts are done sooner by one worker
# beside the website than by one on every core, which then share the cores with the
# website and each pay the start (a title edit, 4 layouts, at 100 × 50: median 4.2 s
# with two workers, 3.8 s with one; 8 layouts: 4.8 s and 5.0 s).
LAYOUTS_PER_WORKER = 6


def worker_count(layouts: int, cores: int) -> int:
    """How many worker processes render *layouts* (a product's variants share one) on *cores*."""
    return max(1, min(cores, -(-layouts // LAYOUTS_PER_WORKER)))


# Background workers (the live preview's PDFs) at this niceness: the pages of the next edit,
# rendered meanwhile in the preview's own process, get nine tenths of a core they share.
BACKGROUND_NICENESS = 10


class Renderer:
    """Products being rendered in worker processes (started at once), or in this process (when collected).

    *background*: the workers run at a lower priority (:data:`BACKGROUND_NICENESS`).
    *write*: as for :func:`init_worker`.
    """

    def __init__(self, specs: list[ProductSpec], site: Site, plan: SitePlan, templates_dir: str | None,
                 jobs: int | None, hints: dict[str, int | None], background: bool = False, write: bool = True):
        self._total = len(specs)
        cores = max(1, jobs or os.cpu_count() or 1)
        # Forked from the live preview's warm process after an edit's pages, workers start
        # at little cost and have the cores to themselves: one per layout, up to the cores.
        workers = min(cores, len(_groups(specs))) if background else worker_count(len(_groups(specs)), cores)
        self._tasks = _tasks(specs, hints, workers)
        workers = min(workers, len(self._tasks))
        self._in_process = (site, plan, templates_dir, 0, None, write)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: Any = None
        self._done = False  # every result is in: the workers are idle
        if cores > 1 and self._tasks:  # beside the website, even in one worker; in this process only with --jobs 1
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                                             initargs=(site, plan, templates_dir,
                                                       BACKGROUND_NICENESS if background else 0, os.getpid(), write))
            self._pending = self._pool.map(render_task, self._tasks, chunksize=1)  # submits every task now

    def results(self, on_progress: Callable[[int, int], None] | None) -> list[ProductResult]:
        """Every product's result in the order of the specs (waits for the workers)."""
        if self._pool is None:
            if self._tasks:  # loading hyphenation patterns alone takes longer than an edit's pages
                init_worker(*self._in_process)
            self._pending = map(render_task, self._tasks)
        results: list[ProductResult] = []
        for task_results in self._pending:
            results += task_results
            if on_progress:
                on_progress(len(results), self._total)
            raise_if_signalled()
        self._done = True
        self.close()
        return results

    def close(self) -> None:
        """Stop the workers; products not yet finished are dropped.

        Idle workers (every result is in) end normally; busy ones (a build that failed or
        was interrupted) are killed rather than waited for: a layout takes seconds.
        """
        if self._pool is not None:
            pool, self._pool = self._pool, None
            if self._done:
                pool.shutdown(wait=True)
            else:
                stop_pool(pool)


def warm_up(site: Site) -> None:
    """Import WeasyPrint and load the hyphenation patterns in this process.

    For a long-running process (the live preview) that forks print workers again
    for each edit: they inherit both and start about 0.5 s sooner.
    """
    import weasyprint  # noqa: F401 - imported for the workers forked later

    hyphenation.preload(site.config.print.languages)
