"""Print products of the whole site: which PDFs exist, rendering them in a process pool, hand-off files.

Per quarter: a flyer in each print language and one sticker with all print languages,
each as ``print`` (bleed, crop marks, CMYK) and ``web`` (trim size, tagged) variant::

    flyers/<quarter>/flyer-<quarter>-<lang>-<variant>.pdf
    flyers/<quarter>/sticker-<quarter>-<variant>.pdf
    flyers/manifest.json, flyers/auftrag.csv

The web variants are also published in the site (:func:`web_copies`), where the
board pages link them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from quartierboards.content.structure import Quarter, Site
from quartierboards.errors import ContentError, ContentErrors, Location
from quartierboards.i18n import cldr
from quartierboards.i18n.messages import tr
from quartierboards.print import fonts, qr
from quartierboards.print.manifest import MANIFEST, ORDER_SHEET, manifest_json, order_sheet
from quartierboards.print.render import (
    FLYER_QR_SYMBOL_MM,
    STICKER_QR_SYMBOL_MM,
    ProductResult,
    ProductSpec,
    pdf_date,
    qr_box_mm,
    render_pdf,
)
from quartierboards.render import urls
from quartierboards.render.keys import bytes_key
from quartierboards.render.view import LangView
from quartierboards.write.markers import Reused

if TYPE_CHECKING:
    from quartierboards.render.pages import SitePlan

VARIANTS = ("print", "web")
WEEK_LIMITS = (None, 5, 4, 3, 2, 1)  # rows per weekday on the flyer, tried in this order
# The templates that make each product: a site that overrides one gets wider keys (see render.keys).
FLYER_TEMPLATES = ("print/flyer.html", "print/base.html")
STICKER_TEMPLATES = ("print/sticker.html", "print/base.html")


def flyer_file(quarter: str, lang: str, variant: str) -> str:
    """Path of a flyer below ``flyers/``."""
    return f"{quarter}/flyer-{quarter}-{lang}-{variant}.pdf"


def sticker_file(quarter: str, variant: str) -> str:
    """Path of a sticker below ``flyers/``."""
    return f"{quarter}/sticker-{quarter}-{variant}.pdf"


def web_flyer_path(lang: str, quarter: str) -> str:
    """Where the web flyer is published in ``output/``: beside the board in that language."""
    return f"{lang}/{quarter}/flyer-{quarter}-{lang}.pdf"


def web_sticker_path(quarter: str) -> str:
    """Where the web sticker is published in ``output/``: beside the quarter's short link."""
    return f"{quarter}/sticker-{quarter}.pdf"


def flyer_qr_url(site: Site, lang: str, quarter: str) -> str:
    """A flyer's QR target: the board in the flyer's language."""
    return urls.absolute(site.config.base_url, urls.board_page(lang, quarter))


def sticker_qr_url(site: Site, quarter: str) -> str:
    """A sticker's QR target: the quarter's short link (language chooser)."""
    return urls.absolute(site.config.base_url, urls.chooser_page(quarter))


def product_specs(site: Site) -> list[ProductSpec]:
    """Every PDF of the site, in a stable order."""
    languages = tuple(site.config.print.languages)
    specs = []
    for slug in site.quarters:
        for variant in VARIANTS:
            for lang in languages:
                specs.append(ProductSpec("flyer", slug, variant, lang, (lang,),
                                         flyer_file(slug, lang, variant),
                                         flyer_qr_url(site, lang, slug), 2))
            if languages:
                specs.append(ProductSpec("sticker", slug, variant, site.config.default_language,
                                         languages, sticker_file(slug, variant),
                                         sticker_qr_url(site, slug), 1))
    return specs


# -- worker side ------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(site: Site, plan: SitePlan, templates_dir: str | None) -> None:
    _WORKER.update(site=site, plan=plan, templates_dir=templates_dir)


def product_html(site: Site, plan: SitePlan, spec: ProductSpec, templates_dir: str | None,
                 week_limit: int | None = None) -> str:
    """The HTML that WeasyPrint lays out for *spec*; a flyer shows at most *week_limit* rows per weekday."""
    from quartierboards.print.flyer import flyer_html
    from quartierboards.print.sticker import sticker_html

    make = flyer_html if spec.product == "flyer" else sticker_html
    extra = {"pdf_date": pdf_date(plan.today, site.config.timezone), "week_limit": week_limit,
             **_qr_sizes(spec)}
    return make(site, plan, spec, templates_dir, extra)


def _qr_sizes(spec: ProductSpec) -> dict[str, float]:
    """Edge lengths of the QR boxes (mm) so that the codes themselves have their printed size."""
    modules = qr.qr_code(spec.qr_url).symbol_size(border=0)[0]
    return {"flyer_qr_mm": qr_box_mm(FLYER_QR_SYMBOL_MM, modules),
            "sticker_qr_mm": qr_box_mm(STICKER_QR_SYMBOL_MM, modules)}


def _render(spec: ProductSpec, limits: tuple[int | None, ...] = WEEK_LIMITS) -> tuple[ProductResult, int | None]:
    """Render one product; for a flyer, with the longest week (of *limits*) that fits its back page.

    Returns the result and the week limit used.
    """
    site: Site = _WORKER["site"]
    plan: SitePlan = _WORKER["plan"]
    templates_dir = _WORKER["templates_dir"]
    created = pdf_date(plan.today, site.config.timezone)
    sizes = _qr_sizes(spec)

    def attempt(limit: int | None) -> ProductResult:
        try:
            html = product_html(site, plan, spec, templates_dir, limit)
        except Exception as exc:  # template errors must not kill the pool; reported as the product's problem
            return ProductResult(spec, problems=[tr("template error: %(error)s",
                                                    error=f"{type(exc).__name__}: {exc}")])
        return render_pdf(spec, html, templates_dir, created, **sizes)

    # A quarter with many regular offers gets a shorter week on its flyer (the rest is
    # counted and on the board) rather than a failed build; names that are too long
    # still fail, naming the product. The limits are tried in order, but the layout of
    # the full week tells which shorter weeks cannot fit (print.fit): those are skipped
    # without a layout of their own.
    if spec.product != "flyer":
        limits = (None,)
    week = None
    for limit in limits:
        if week is not None and limit is not None and limit != limits[-1] and week.cannot_fit(limit):
            continue
        result = attempt(limit)
        if result.pages <= spec.pages and not result.problems:  # a full back page pushes its footer out too
            break
        if limit is None:
            week = result.week
    result.week = None  # used here only; not sent back from the worker
    return result, limit


def _render_group(specs: tuple[ProductSpec, ...]) -> list[ProductResult]:
    """Render products that share a layout (a flyer's print and web variant), the week limit found once."""
    results = []
    limits = WEEK_LIMITS
    for spec in specs:
        result, used = _render(spec, limits)
        results.append(result)
        if result.pages <= spec.pages and not result.problems and used in limits:
            limits = limits[limits.index(used):]  # the same page area: start where the first one fitted
    return results


def _groups(specs: list[ProductSpec]) -> list[tuple[ProductSpec, ...]]:
    """*specs* grouped by quarter, product and languages (the variants of one product), in order."""
    grouped: dict[tuple[str, str, tuple[str, ...]], list[ProductSpec]] = {}
    for spec in specs:
        grouped.setdefault((spec.quarter, spec.product, spec.languages), []).append(spec)
    return [tuple(group) for group in grouped.values()]


class _Renderer:
    """Products being rendered in worker processes (started at once), or in this process (when collected)."""

    def __init__(self, specs: list[ProductSpec], site: Site, plan: SitePlan, templates_dir: str | None,
                 jobs: int | None):
        self._total = len(specs)
        self._groups = _groups(specs)
        self._in_process = (site, plan, templates_dir)
        workers = max(1, min(jobs or os.cpu_count() or 1, len(self._groups)))
        self._pool: ProcessPoolExecutor | None = None
        self._pending: Any = None
        if workers > 1 and self._groups:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                             initargs=(site, plan, templates_dir))
            self._pending = self._pool.map(_render_group, self._groups, chunksize=1)  # submits every group now

    def results(self, on_progress: Callable[[int, int], None] | None) -> list[ProductResult]:
        """Every product's result in the order of the specs (waits for the workers)."""
        if self._pool is None:
            _init_worker(*self._in_process)
            self._pending = map(_render_group, self._groups)
        results: list[ProductResult] = []
        for group_results in self._pending:
            results += group_results
            if on_progress:
                on_progress(len(results), self._total)
        self.close()
        return results

    def close(self) -> None:
        """Stop the workers; products not yet started are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# -- build side -------------------------------------------------------------------
def product_keys(site: Site, plan: SitePlan, templates_dir: str | None) -> dict[str, str]:
    """Content key of every PDF: what it shows (:meth:`~quartierboards.render.keys.Keys.flyer_key`,
    :meth:`~quartierboards.render.keys.Keys.settings_key`), its product, variant and languages."""
    from quartierboards.render.keys import Keys

    keys = Keys(site, plan.today.isoformat(), templates_dir)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    scopes: dict[tuple[str, str], str] = {}
    for slug, quarter in site.quarters.items():
        scopes[slug, "flyer"] = keys.flyer_key(quarter, FLYER_TEMPLATES)
        scopes[slug, "sticker"] = keys.settings_key(quarter, STICKER_TEMPLATES)
    return {spec.file: f"{scopes[spec.quarter, spec.product]}:{spec.product}:{spec.variant}:"
                       f"{','.join(spec.languages)}:{epoch}"
            for spec in product_specs(site)}


class PrintRun:
    """The print products of a build, rendering in worker processes while the build does other work.

    Made by :func:`start_print_products`; :meth:`finish` waits and returns the files.
    Use it as a context manager so that the workers stop when the build fails elsewhere.
    """

    def __init__(self, site: Site, plan: SitePlan, templates_dir: str | None, jobs: int | None,
                 previous: dict[str, str] | None):
        self.site = site
        specs = product_specs(site)
        for spec in specs:
            qr.check_target(spec.qr_url, site)
        self.keys = product_keys(site, plan, templates_dir)
        self.reused: list[ProductResult] = []
        self.todo: list[ProductSpec] = []
        for spec in specs:
            old_key, pages, sha = _split_key((previous or {}).get(spec.file, ""))
            if old_key == self.keys[spec.file]:
                self.reused.append(ProductResult(spec, pages=pages, reused_sha256=sha))
            else:
                self.todo.append(spec)
        if self.todo:
            fonts.font_faces()  # make the static font instances once, before the workers start
        self._renderer = _Renderer(self.todo, site, plan, templates_dir, jobs)

    def __enter__(self) -> PrintRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self._renderer.close()

    def finish(self, on_progress: Callable[[int, int], None] | None = None) -> PrintRender:
        """Wait for the PDFs; then the manifest and order sheet. Raises ``ContentErrors`` for products that failed."""
        results = self._renderer.results(on_progress) + self.reused
        errors = [ContentError(Location(f"content/quarters/{r.spec.quarter}/quarter.yaml"),
                               f"{r.spec.label}: {problem}")
                  for r in results for problem in r.problems]
        if errors:
            raise ContentErrors(errors)
        files: dict[str, bytes | Reused] = {}
        file_keys: dict[str, str] = {}
        for r in results:
            file_keys[r.spec.file] = f"{self.keys[r.spec.file]}|{r.pages}|{r.sha256}"
            files[r.spec.file] = Reused(file_keys[r.spec.file]) if r.reused_sha256 else r.pdf
        files[MANIFEST] = manifest_json(results)
        files[ORDER_SHEET] = order_sheet(results, dict(self.site.config.print.quantities))
        for name in (MANIFEST, ORDER_SHEET):
            file_keys[name] = bytes_key(files[name])
        return PrintRender(files=dict(sorted(files.items())), keys=file_keys,
                           rendered=sorted(s.file for s in self.todo))


def start_print_products(site: Site, plan: SitePlan, templates_dir: str | None, jobs: int | None = None, *,
                         previous: dict[str, str] | None = None) -> PrintRun:
    """Start rendering all files of ``flyers/``: PDFs, manifest and order sheet, with the key of every file.

    A PDF whose key is in *previous* (``key|pages|sha256``, from the index of ``flyers/``,
    which lists only files still there unchanged) is not rendered again: its value is
    :class:`Reused`. The others render in *jobs* worker processes (default: all cores)
    while the caller goes on; with one job, in :meth:`PrintRun.finish`. Raises
    ``ContentErrors`` at once when a QR target is not allowed, and from ``finish``
    naming the product when its text does not fit.
    """
    return PrintRun(site, plan, templates_dir, jobs, previous)


def render_print_products(site: Site, plan: SitePlan, templates_dir: str | None,
                          jobs: int | None = None, *, previous: dict[str, str] | None = None,
                          on_progress: Callable[[int, int], None] | None = None) -> PrintRender:
    """:func:`start_print_products` and wait for the result."""
    with start_print_products(site, plan, templates_dir, jobs, previous=previous) as run:
        return run.finish(on_progress)


def _split_key(value: str) -> tuple[str, int, str]:
    """``key|pages|sha256`` of the index → its parts (``("", 0, "")`` when malformed)."""
    key, _, rest = value.partition("|")
    pages, _, sha = rest.partition("|")
    if not (pages.isdigit() and len(sha) == 64):
        return "", 0, ""
    return key, int(pages), sha


@dataclass
class PrintRender:
    """The files of ``flyers/`` (bytes or :class:`Reused`), each file's key, and which PDFs were rendered now."""

    files: dict[str, bytes | Reused]
    keys: dict[str, str]
    rendered: list[str]


def web_copies(printed: PrintRender, site: Site, flyers: Path,
               previous: dict[str, str]) -> tuple[dict[str, bytes | Reused], dict[str, str]]:
    """The web variants under their published paths in ``output/`` (see :func:`web_flyer_path`), with keys.

    A copy whose key (its PDF's key) is in *previous* (the output's last keys) is
    :class:`Reused`; otherwise its bytes come from the render or from *flyers*.
    """
    sources: dict[str, str] = {}
    for slug in site.quarters:
        for lang in site.config.print.languages:
            sources[web_flyer_path(lang, slug)] = flyer_file(slug, lang, "web")
        sources[web_sticker_path(slug)] = sticker_file(slug, "web")
    copies: dict[str, bytes | Reused] = {}
    keys: dict[str, str] = {}
    for path, source in sources.items():
        if source not in printed.files:
            continue
        keys[path] = key = printed.keys[source]
        data = printed.files[source]
        if previous.get(path) == key:
            copies[path] = Reused(key)
        else:
            copies[path] = data if isinstance(data, bytes) else (flyers / source).read_bytes()
    return copies, keys


def print_links(site: Site, view: LangView, quarter: Quarter) -> dict[str, Any]:
    """What ``partials/print_links.html`` shows on a board: its own QR code and the web flyers."""
    board = urls.absolute(site.config.base_url, urls.board_page(view.lang, quarter.slug))
    flyers = [{"lang": lang, "html_lang": cldr.html_lang(lang), "dir": cldr.direction(lang),
               "name": cldr.language_name(lang), "url": view.url(web_flyer_path(lang, quarter.slug))}
              for lang in site.config.print.languages]
    return {
        "qr": Markup(qr.qr_svg(board, site, variant="web", label=board, size_px=164)),
        "board_url": board,
        "flyers": flyers,
        "sticker_url": view.url(web_sticker_path(quarter.slug)) if flyers else "",
    }
