"""Print products of the whole site: which PDFs exist, which to render (see print.workers), hand-off files.

Per quarter: a flyer in each print language and one sticker with all print languages,
each as ``print`` (bleed, crop marks, CMYK) and ``web`` (trim size, tagged) variant::

    flyers/<quarter>/flyer-<quarter>-<lang>-<variant>.pdf
    flyers/<quarter>/sticker-<quarter>-<variant>.pdf
    flyers/manifest.json, flyers/auftrag.csv, flyers/auftrag.pdf

The web variants are also published in the site (:func:`web_copies`), where the
board pages link them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quartierboards import fonts
from quartierboards.content.structure import Site
from quartierboards.errors import ContentError, ContentErrors
from quartierboards.heap import no_collection
from quartierboards.markers import REUSED, Reused
from quartierboards.print.fitplace import fit_location
from quartierboards.print.manifest import MANIFEST, manifest_json
from quartierboards.print.order import ORDER_PDF, ORDER_SHEET, make_order, order_csv, order_key
from quartierboards.print.prepress import print_condition
from quartierboards.print.render import ProductResult, ProductSpec
from quartierboards.print.twoup import VERSION as TWO_UP_VERSION
from quartierboards.print.twoup import two_up
from quartierboards.render import qr, urls
from quartierboards.render.keys import bytes_key
from quartierboards.render.urls import web_flyer_a4_path, web_flyer_path, web_sticker_path
from quartierboards.schedule.plan import print_day

if TYPE_CHECKING:
    from quartierboards.render.keys import Keys
    from quartierboards.render.pages import SitePlan

VARIANTS = ("print", "web")
# The templates that make each product: a site that overrides one gets wider keys (see render.keys).
FLYER_TEMPLATES = ("print/flyer.html", "print/flyer_easy.html", "print/flyer_parts.html", "print/base.html")
STICKER_TEMPLATES = ("print/sticker.html", "print/base.html")


def flyer_file(quarter: str, lang: str, variant: str) -> str:
    """Path of a flyer below ``flyers/``."""
    return f"{quarter}/flyer-{quarter}-{lang}-{variant}.pdf"


def sticker_file(quarter: str, variant: str) -> str:
    """Path of a sticker below ``flyers/``."""
    return f"{quarter}/sticker-{quarter}-{variant}.pdf"


def flyer_qr_url(site: Site, lang: str, quarter: str) -> str:
    """A flyer's QR target: the board in the flyer's language."""
    return urls.absolute(site.config.base_url, urls.board_page(lang, quarter))


def sticker_qr_url(site: Site, quarter: str) -> str:
    """A sticker's QR target: the quarter's short link (language chooser)."""
    return urls.absolute(site.config.base_url, urls.chooser_page(quarter))


def product_specs(site: Site) -> list[ProductSpec]:
    """Every PDF of the site, in a stable order."""
    settings = site.config.print
    languages = tuple(settings.languages)
    condition = print_condition(site)
    specs = []
    for slug in site.quarters:
        for variant in VARIANTS:
            press = {"bleed_mm": settings.bleed_mm, "slug_mm": settings.slug_mm,
                     "condition": condition if variant == "print" else None}
            for lang in languages:
                specs.append(ProductSpec("flyer", slug, variant, lang, (lang,),
                                         flyer_file(slug, lang, variant),
                                         flyer_qr_url(site, lang, slug), 2, **press))
            if languages:
                specs.append(ProductSpec("sticker", slug, variant, site.config.default_language,
                                         languages, sticker_file(slug, variant),
                                         sticker_qr_url(site, slug), 1, **press))
    return specs


def product_keys(site: Site, plan: SitePlan, templates_dir: str | None, keys: Keys | None = None) -> dict[str, str]:
    """Content key of every PDF: what it shows as of the week (:meth:`~quartierboards.render.keys.Keys.flyer_key`,
    :meth:`~quartierboards.render.keys.Keys.sticker_key`), its product, variant and languages.

    *keys*: the build's :class:`~quartierboards.render.keys.Keys` (default: new ones).
    """
    from quartierboards.render.keys import Keys

    keys = keys or Keys(site, plan.today.isoformat(), templates_dir)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    scopes: dict[tuple[str, str], str] = {}
    for slug, quarter in site.quarters.items():
        scopes[slug, "flyer"] = keys.flyer_key(quarter, FLYER_TEMPLATES)
        scopes[slug, "sticker"] = keys.sticker_key(quarter, STICKER_TEMPLATES)
    return {spec.file: f"{scopes[spec.quarter, spec.product]}:{spec.product}:{spec.variant}:"
                       f"{','.join(spec.languages)}:{epoch}"
            for spec in product_specs(site)}


class PrintRun:
    """The print products of a build, rendering in worker processes while the build does other work.

    Made by :func:`start_print_products`; :meth:`finish` waits and returns the files.
    Use it as a context manager so that the workers stop when the build fails elsewhere.
    """

    def __init__(self, site: Site, plan: SitePlan, templates_dir: str | None, jobs: int | None,
                 previous: dict[str, str] | None, keys: Keys | None = None, background: bool = False,
                 content: Path | None = None, write: bool = True):
        self.site, self.content = site, content
        specs = product_specs(site)
        for spec in specs:
            qr.check_target(spec.qr_url, site)
        self.keys = product_keys(site, plan, templates_dir, keys)
        self.plan, self.templates_dir, self.previous = plan, templates_dir, previous or {}
        self.reused: list[ProductResult] = []
        self.todo: list[ProductSpec] = []
        hints: dict[str, int | None] = {}  # the week each flyer showed last time: laid out first
        for spec in specs:
            old_key, pages, sha, week = _split_key((previous or {}).get(spec.file, ""))
            if old_key == self.keys[spec.file]:
                self.reused.append(ProductResult(spec, pages=pages, reused_sha256=sha, week_limit=week))
            else:
                self.todo.append(spec)
                if old_key:
                    hints[spec.file] = week
        self._renderer = None
        if self.todo:  # the workers' module (process pools, layout) is only imported when there is work
            from quartierboards.print.workers import Renderer

            for slug in sorted({spec.quarter for spec in self.todo}):
                site.quarters[slug].complete()  # loaded once here, not in every worker
            fonts.font_faces()  # make the static font instances once, before the workers start
            self._renderer = Renderer(self.todo, site, plan, templates_dir, jobs, hints, background=background,
                                      write=write)

    def __enter__(self) -> PrintRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers; PDFs not yet rendered are dropped (nothing to do after :meth:`finish`)."""
        if self._renderer is not None:
            self._renderer.close()

    def finish(self, on_progress: Callable[[int, int], None] | None = None,
               read_flyer: Callable[[str], bytes] | None = None, *, order_pdf: bool = True,
               thumbnails: Path | None = None) -> PrintRender:
        """Wait for the PDFs; then the manifest and order sheet. Raises ``ContentErrors`` for products that failed.

        *read_flyer* gives a PDF taken over from the last build by its path in ``flyers/``:
        the order shows every version's front (without it, only the ones made now).
        Without *order_pdf*, ``auftrag.pdf`` is not made (the live preview serves no print
        shop files; at 100 quarters it took 3–4 s of every flyer edit). *thumbnails*: a
        folder that keeps the versions' front pictures by their PDF's digest, so that
        only the pictures of PDFs made now are drawn.
        """
        rendered = self._renderer.results(on_progress) if self._renderer is not None else []
        results = rendered + self.reused
        errors = self._fit_errors(results)
        if errors:
            raise ContentErrors(errors)
        files: dict[str, bytes | Reused] = {}
        file_keys: dict[str, str] = {}
        for r in results:
            week = "" if r.week_limit is None else str(r.week_limit)
            file_keys[r.spec.file] = f"{self.keys[r.spec.file]}|{r.pages}|{r.sha256}|{week}"
            files[r.spec.file] = REUSED if r.reused_sha256 else r.pdf
        order_entry = self._order(results, files, file_keys, read_flyer, order_pdf, thumbnails)
        files[MANIFEST] = manifest_json(results, [order_entry] if order_entry else [])
        for name in (MANIFEST, ORDER_SHEET):  # no order sheet for a site that prints nothing
            if name in files:
                file_keys[name] = bytes_key(files[name])  # type: ignore[arg-type]
        return PrintRender(files=dict(sorted(files.items())), keys=file_keys,
                           rendered=sorted(s.file for s in self.todo))


    def check_fit(self) -> list[ContentError]:
        """Wait for the layouts and return what does not fit (made with ``write=False``: no PDF is made)."""
        return self._fit_errors(self._renderer.results(None) if self._renderer is not None else [])

    def _fit_errors(self, results: list[ProductResult]) -> list[ContentError]:
        """Each product's problems, at the content file and line whose text is too long."""
        return [ContentError(fit_location(self.content, r), f"{r.spec.label}: {problem}")
                for r in results for problem in r.problems]

    def _order(self, results: list[ProductResult], files: dict[str, bytes | Reused], file_keys: dict[str, str],
               read_flyer: Callable[[str], bytes] | None, with_pdf: bool = True,
               thumbnails: Path | None = None) -> dict[str, object] | None:
        """``auftrag.csv`` and ``auftrag.pdf`` into *files* and *file_keys*; the PDF's manifest entry.

        The PDF is rendered again only when its key changed: the order settings, a
        quantity, or any product (their keys); not at all without *with_pdf*.
        """
        from quartierboards.print.order import order_pdf
        from quartierboards.print.prepress import print_condition
        from quartierboards.print.workers import _created

        if not any(r.spec.variant == "print" for r in results):
            return None
        day = print_day(self.site, self.plan.today)
        order = make_order(self.site, results, day, print_condition(self.site))
        files[ORDER_SHEET] = order_csv(order)
        if not with_pdf:
            return None
        key = order_key(order, self.keys)
        old_key, pages, sha, _week = _split_key(self.previous.get(ORDER_PDF, ""))
        if old_key == key:
            files[ORDER_PDF] = REUSED
        else:
            pictures = _thumbnails(results, read_flyer, thumbnails)
            # The build's heap is large by now and WeasyPrint makes millions of short-lived
            # objects: collections in between walked the whole heap (about 1 s at 100 quarters).
            with no_collection():
                data, pages = order_pdf(order, self.site, self.templates_dir, _created(self.site, self.plan),
                                        pictures)
            files[ORDER_PDF], sha = data, hashlib.sha256(data).hexdigest()
        file_keys[ORDER_PDF] = f"{key}|{pages}|{sha}|"
        return {"file": ORDER_PDF, "product": "order", "variant": "office", "quarter": "", "languages": ["de"],
                "pages": pages, "sha256": sha, "versions": len(order.lines), "pieces": order.pieces,
                "output_condition": order.condition}


def _thumbnails(results: list[ProductResult], read_flyer: Callable[[str], bytes] | None,
                cache: Path | None = None) -> dict[str, bytes]:
    """The front of each print version as a small JPEG, by file: from the PDF made now, else as *read_flyer*
    reads it (a version whose PDF cannot be read has none). With *cache*, the pictures are kept there by
    their PDF's digest: a picture is drawn only for a PDF made now (the cache keeps those of the current PDFs)."""
    from quartierboards.print.thumbnail import front_thumbnail, keep_thumbnails, kept_thumbnail

    pictures, digests = {}, {}
    for result in results:
        if result.spec.variant != "print":
            continue
        digest = result.sha256 if result.reused_sha256 or result.pdf else ""
        found = kept_thumbnail(cache, digest) if cache is not None and digest else None
        if found is None:
            data = result.pdf if not result.reused_sha256 else None
            if data is None and read_flyer is not None:
                try:
                    data = read_flyer(result.spec.file)
                except (OSError, KeyError):
                    data = None
            found = front_thumbnail(data) if data else None
        if found is not None:
            pictures[result.spec.file] = found
            digests[digest] = found
    if cache is not None:
        keep_thumbnails(cache, {digest: picture for digest, picture in digests.items() if digest})
    return pictures


def start_print_products(site: Site, plan: SitePlan, templates_dir: str | None, jobs: int | None = None, *,
                         previous: dict[str, str] | None = None, keys: Keys | None = None,
                         background: bool = False, content: Path | None = None, write: bool = True) -> PrintRun:
    """Start rendering all files of ``flyers/``: PDFs, manifest and order sheet, with the key of every file.

    A PDF whose key is in *previous* (``key|pages|sha256|week``, from the index of ``flyers/``,
    which lists only files still there unchanged) is not rendered again: its value is
    :class:`Reused`. The others render in worker processes while the caller goes on:
    one per six layouts, at most *jobs* (default: all cores); with one job, in
    :meth:`PrintRun.finish`. Raises
    ``ContentErrors`` at once when a QR target is not allowed, and from ``finish``
    naming the product when its text does not fit. *keys*: as for :func:`product_keys`.
    *background*: the workers yield the cores to this process (the live preview's pages).
    *content*: the content folder, where the errors find the text that is too long.
    *write*: without, the products are only laid out (``check``; use :meth:`PrintRun.check_fit`).
    """
    return PrintRun(site, plan, templates_dir, jobs, previous, keys, background, content, write)


def render_print_products(site: Site, plan: SitePlan, templates_dir: str | None,
                          jobs: int | None = None, *, previous: dict[str, str] | None = None,
                          on_progress: Callable[[int, int], None] | None = None) -> PrintRender:
    """:func:`start_print_products` and wait for the result."""
    with start_print_products(site, plan, templates_dir, jobs, previous=previous) as run:
        return run.finish(on_progress)


def _split_key(value: str) -> tuple[str, int, str, int | None]:
    """``key|pages|sha256|week`` of the index → its parts (``("", 0, "", None)`` when malformed).

    *week* is the flyer's rows per weekday, empty for the whole week or a sticker.
    """
    parts = value.split("|")
    if len(parts) != 4 or not parts[1].isdigit() or len(parts[2]) != 64 or not (parts[3].isdigit() or not parts[3]):
        return "", 0, "", None
    return parts[0], int(parts[1]), parts[2], int(parts[3]) if parts[3] else None


@dataclass
class PrintRender:
    """The files of ``flyers/`` (bytes or :class:`Reused`), each file's key, and which PDFs were rendered now."""

    files: dict[str, bytes | Reused]
    keys: dict[str, str]
    rendered: list[str]


def web_copies(printed: PrintRender, site: Site, read_flyer: Callable[[str], bytes],
               previous: dict[str, str]) -> tuple[dict[str, bytes | Reused], dict[str, str]]:
    """The web variants under their published paths in ``output/`` (see :func:`web_flyer_path`), with keys,
    and each flyer's print-at-home sheet (two on A4, :mod:`quartierboards.print.twoup`).

    A copy whose key (its PDF's key) is in *previous* (the output's last keys) is
    :class:`Reused`; otherwise its bytes come from the render, or from *read_flyer*
    (a path below ``flyers/`` → the bytes of a PDF that was not rendered again).
    """
    sources: dict[str, str] = {}
    for slug in site.quarters:
        for lang in site.config.print.languages:
            sources[web_flyer_path(lang, slug)] = flyer_file(slug, lang, "web")
        sources[web_sticker_path(slug)] = sticker_file(slug, "web")
    copies: dict[str, bytes | Reused] = {}
    keys: dict[str, str] = {}
    sheets = {web_flyer_a4_path(lang, slug): flyer_file(slug, lang, "web")
              for slug in site.quarters for lang in site.config.print.languages}
    for path, source in [*sources.items(), *sheets.items()]:
        if source not in printed.files:
            continue
        key = printed.keys[source] + (f"|{TWO_UP_VERSION}" if path in sheets else "")
        keys[path] = key
        data = printed.files[source]
        if previous.get(path) == key:
            copies[path] = REUSED
            continue
        flyer = data if isinstance(data, bytes) else read_flyer(source)
        copies[path] = two_up(flyer) if path in sheets else flyer
    return copies, keys
