"""HTML → PDF for one print product, with the checks that make a bad layout a build error.

Runs in worker processes: everything here is per process (fonts, parsed
stylesheets) or per product (template, PDF), and returns plain data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from quartierboards import fonts
from quartierboards.i18n import cldr
from quartierboards.i18n.messages import tr
from quartierboards.print.prepress import PrintCondition, default_profile, finisher
from quartierboards.render.env import environment

MM = 96 / 25.4  # CSS px per millimetre
TRIM_MM = (148, 210)
BLEED_MM = {"print": 3, "web": 0}  # the defaults (site.yaml: print.bleed_mm)
SLUG_MM = 6  # beyond the bleed, for the crop marks (site.yaml: print.slug_mm)
PAGE_MARGIN_MM = 10
SAFE_MM = 5  # nothing important this close to the trim edge
FLYER_QR_SYMBOL_MM = 36  # the code itself, without its quiet zone (issue: at least 30 mm)
STICKER_QR_SYMBOL_MM = 82  # issue: at least 80 mm
TOLERANCE_PX = 0.75


@dataclass(frozen=True)
class ProductSpec:
    """One PDF to make."""

    product: str  # "flyer" | "sticker"
    quarter: str
    variant: str  # "print" | "web"
    lang: str  # language of the document (the sticker uses the default language)
    languages: tuple[str, ...]
    file: str  # relative to flyers/
    qr_url: str
    pages: int
    bleed_mm: float = BLEED_MM["print"]  # of the print variant
    slug_mm: float = SLUG_MM
    condition: PrintCondition | None = None  # the print variant's output intent

    @property
    def media_bleed_mm(self) -> float:
        """How far the MediaBox reaches beyond the trim: bleed and slug (print), nothing (web)."""
        return self.bleed_mm + self.slug_mm if self.variant == "print" else 0.0

    @property
    def label(self) -> str:
        """How messages name the product: ``flyer nordstadt (ar, print)``."""
        langs = self.lang if self.product == "flyer" else ", ".join(self.languages)
        return f"{self.product} {self.quarter} ({langs}, {self.variant})"


@dataclass
class ProductResult:
    """A rendered PDF, or the reasons it could not be made."""

    spec: ProductSpec
    pdf: bytes = b""
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    reused_sha256: str = ""  # set when the PDF was not rendered but taken over from the last build
    overflowing: list[str] = field(default_factory=list)  # texts found outside the printable area
    week_limit: int | None = None  # the rows per weekday the flyer shows (None: all); kept in the build index

    @property
    def sha256(self) -> str:
        """The PDF's SHA-256 (hex), also for a PDF taken over unrendered."""
        return self.reused_sha256 or hashlib.sha256(self.pdf).hexdigest()


def pdf_date(today: dt.date, timezone: str) -> str:
    """The PDF's creation date: ``SOURCE_DATE_EPOCH`` if set, else *today* at midnight
    (the builds pass the day the products are made as of: the first day of the week).

    Never the wall clock: two builds of the same content for the same day are byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        moment = dt.datetime.combine(today, dt.time(0, 0), ZoneInfo(timezone))
    return moment.isoformat(timespec="seconds")


def qr_box_mm(symbol_mm: float, modules: int, quiet_zone: int = 4) -> float:
    """Edge length of the QR SVG so that the code without its quiet zone is *symbol_mm* wide."""
    return round(symbol_mm * (modules + 2 * quiet_zone) / modules, 1)


def cmyk_profile() -> Path | None:
    """The default CMYK output-intent profile (see :mod:`quartierboards.print.prepress`), or ``None``."""
    return default_profile()


@dataclass(frozen=True)
class PrintStyle:
    """The print stylesheet of one variant and direction: parsed, as text, and the colour profiles it declares."""

    css: Any  # weasyprint.CSS
    text: str  # the template's stylesheet (the CMYK profile's rule is added to the parsed one only)
    color_profiles: dict[str, Any]  # name → weasyprint ColorProfile; the document needs them for its output intent


def _style(templates_dir: str | None, spec: ProductSpec, flyer_qr_mm: float, sticker_qr_mm: float) -> PrintStyle:
    """The print stylesheet of *spec*'s variant, direction, bleed and print condition."""
    profile = spec.condition.profile if spec.condition and spec.variant == "print" else None
    return _stylesheet(templates_dir, spec.variant, cldr.direction(spec.lang), flyer_qr_mm, sticker_qr_mm,
                       spec.media_bleed_mm, profile)


@lru_cache(maxsize=32)
def _stylesheet(templates_dir: str | None, variant: str, direction: str, flyer_qr_mm: float,
                sticker_qr_mm: float, media_bleed_mm: float = 0.0, profile_path: str | None = None) -> PrintStyle:
    """The print stylesheet for a variant and direction (parsed once per process).

    *media_bleed_mm*: bleed and slug of the print variant (the page's CSS bleed: the MediaBox).
    """
    from weasyprint import CSS

    env = environment("en", templates_dir)
    text = env.get_template("print/print.css").render(
        variant=variant, font_stack=Markup(fonts.font_stack(direction)),
        flyer_qr_mm=flyer_qr_mm, sticker_qr_mm=sticker_qr_mm, media_bleed_mm=media_bleed_mm)
    rules = text
    profile = Path(profile_path) if profile_path else None
    if variant == "print" and profile:
        # "components" names the channels; WeasyPrint needs it to embed the profile.
        rules += (f'\n@color-profile device-cmyk {{ src: url("{profile.as_uri()}"); '
                  "components: cyan, magenta, yellow, black }\n")
    # A parsed stylesheet keeps its @color-profile rules to itself: the document gets them
    # through render(color_profiles=...), or a PDF/X has no output intent.
    profiles: dict[str, Any] = {}
    css = CSS(string=rules, font_config=fonts.font_config(), color_profiles=profiles)
    return PrintStyle(css, text, {name: _frozen(profile) for name, profile in profiles.items()})


@lru_cache(maxsize=1)
def _frozen_profile_class() -> type:
    from weasyprint.css import ColorProfile

    class FrozenProfile(ColorProfile):  # type: ignore[misc]
        """A colour profile that always embeds the bytes it was read with."""

        @property
        def content(self) -> bytes:
            return self._frozen_content  # type: ignore[no-any-return]

    return FrozenProfile


def _frozen(profile: Any) -> Any:
    """*profile* with its bytes fixed now: once its name has been read, littlecms serializes it
    differently (52 bytes more), and the second PDF of a process would differ from the first."""
    content = profile.content
    profile.__class__ = _frozen_profile_class()
    profile._frozen_content = content
    return profile


# Rules of WeasyPrint's user-agent stylesheet that match every element: each gives
# every element a pseudo-element style (six per element), about a tenth of a flyer's
# layout time. Our products have no footnotes and no list markers outside <li>.
_UNIVERSAL_PSEUDO = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", re.M)
_NEEDS_FULL_UA = ("footnote", "list-item", "marker")


@lru_cache(maxsize=1)
def _lean_html_class() -> Any:
    """``weasyprint.HTML`` with its user-agent stylesheet minus the pseudo-element rules we never use.

    ``None`` when WeasyPrint's stylesheet no longer has the shape this expects.
    """
    from weasyprint import CSS, HTML
    from weasyprint.html import UA, UA_COUNTER_STYLE

    lean, removed = _UNIVERSAL_PSEUDO.subn("", UA)
    lean, narrowed = re.subn(r"^::marker \{", "li::marker {", lean, flags=re.M)
    if removed != 5 or narrowed != 1 or not hasattr(HTML, "_ua_stylesheets"):
        return None
    sheet = CSS(string=lean, counter_style=UA_COUNTER_STYLE)

    class LeanHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet]

    return LeanHTML


def _html_document(html: str, stylesheet_text: str) -> Any:
    """A WeasyPrint ``HTML`` for *html*, with the lean user-agent stylesheet where it changes nothing.

    A site's own print templates that use footnotes or list markers get WeasyPrint's full one.
    """
    return _html_class(html, stylesheet_text)(string=html, base_url=str(Path.cwd()))


def _html_class(html: str, stylesheet_text: str) -> Any:
    """The ``HTML`` class for *html* (see :func:`_html_document`)."""
    from weasyprint import HTML

    lean = _lean_html_class()
    if lean is None or any(word in html or word in stylesheet_text for word in _NEEDS_FULL_UA):
        return HTML
    return lean


class _TextOf(HTMLParser):
    """Visible text of an HTML document (for the font coverage check)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "script", "svg", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees in *html*."""
    parser = _TextOf()
    parser.feed(html)
    return " ".join(parser.parts)


# The most, in em, a right-to-left line's last text may stand out at the line's end (see below).
RTL_LINE_END_EM = 0.5


def layout_problems(document: Any, spec: ProductSpec, texts: list[str] | None = None) -> list[str]:
    """Text outside the safe area or more pages than the product has, in words.

    *texts* collects the texts that run outside, so that the error can name their content file.
    """
    problems = []
    if len(document.pages) != spec.pages:
        problems.append(tr("text does not fit: needs %(needed)s pages, the %(product)s has %(pages)s; "
                           "shorten the texts or the names", needed=len(document.pages), product=spec.product,
                           pages=spec.pages))
    from weasyprint.formatting_structure.boxes import TextBox

    for number, page in enumerate(document.pages[: spec.pages], start=1):
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        right, bottom = left + box.width, top + box.height
        for child in box.descendants(placeholders=True):  # the absolutely placed footer too
            if not isinstance(child, TextBox) or not child.text.strip():
                continue
            x0, y0 = child.position_x, child.position_y
            x1, y1 = x0 + child.margin_width(), y0 + child.margin_height()
            # Right to left, WeasyPrint places a line's last piece of text too far to the left
            # by the width of the space it removed at the line's end (a few pixels; the line
            # itself fits). A text too long to wrap overflows by far more.
            slack = child.style["font_size"] * RTL_LINE_END_EM if child.style["direction"] == "rtl" else 0.0
            if (x0 < left - TOLERANCE_PX - slack or x1 > right + TOLERANCE_PX
                    or y0 < top - TOLERANCE_PX or y1 > bottom + TOLERANCE_PX):
                snippet = child.text.strip()[:40]
                if texts is not None:
                    texts.append(child.text.strip())
                problems.append(tr("page %(page)s: text '%(text)s' runs outside the printable area "
                                   "(too long to wrap); shorten it", page=number, text=snippet))
                break
    return problems


def render_pdf(spec: ProductSpec, html: str, templates_dir: str | None, created: str,
               flyer_qr_mm: float, sticker_qr_mm: float,
               inspect: Callable[[Any], None] | None = None, write: bool = True) -> ProductResult:
    """Lay out *html* for *spec*, check it, and write the PDF (deterministic bytes).

    *inspect* is called with the laid-out WeasyPrint document, whether it fits or not.
    Without *write* the layout is only checked (``check``): the result has no PDF.
    """
    result = ProductResult(spec, problems=_font_problems(html))
    style = _style(templates_dir, spec, flyer_qr_mm, sticker_qr_mm)
    document = _lay_out(html, style.text, style.css, style.color_profiles)
    result.pages = len(document.pages)
    result.problems += layout_problems(document, spec, result.overflowing)
    if inspect is not None:
        inspect(document)
    if write and not result.problems:
        result.pdf = _write(spec, document, html, created)
    return result


def render_pair(specs: Sequence[ProductSpec], htmls: Sequence[str], templates_dir: str | None, created: str,
                flyer_qr_mm: float, sticker_qr_mm: float,
                inspect: Callable[[Any], None] | None = None, write: bool = True) -> list[ProductResult] | None:
    """The web and print variant of one product (*specs* and their *htmls*, in any order) from one layout.

    *write*: as for :func:`render_pdf`.

    ``None`` when the variants differ in more than colours, bleed and marks
    (see :mod:`quartierboards.print.variants`); lay them out one by one then.
    """
    from quartierboards.print import variants

    by_variant = {spec.variant: (spec, html) for spec, html in zip(specs, htmls, strict=True)}
    if len(specs) != 2 or set(by_variant) != {"web", "print"}:
        return None
    styles = {v: _style(templates_dir, by_variant[v][0], flyer_qr_mm, sticker_qr_mm) for v in by_variant}
    plan = variants.plan_pair(by_variant["web"][1], by_variant["print"][1], styles["web"].text, styles["print"].text)
    if plan is None:
        return None
    problems = _font_problems(plan.html)
    document = _lay_out(plan.html, plan.css_text, _parsed(plan.css_text), {})
    if inspect is not None:
        inspect(document)
    results = {}
    for variant in ("web", "print"):  # web first: the print variant's bleed and marks stay on the pages
        spec, html = by_variant[variant]
        result = results[variant] = ProductResult(spec, pages=len(document.pages))
        result.problems = problems + layout_problems(document, spec, result.overflowing)
        if write and not result.problems:
            document.color_profiles = dict(styles[variant].color_profiles)
            with variants.drawing(document, plan, variant):
                result.pdf = _write(spec, document, html, created)
    return [results[spec.variant] for spec in specs]


@lru_cache(maxsize=32)
def _parsed(css_text: str) -> Any:
    from weasyprint import CSS

    return CSS(string=css_text, font_config=fonts.font_config())


def _font_problems(html: str) -> list[str]:
    """Characters of *html*'s text that no packaged font has, as a problem."""
    missing = fonts.missing_characters(visible_text(html))
    if not missing:
        return []
    listed = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:8])
    return [tr("no packaged font has these characters: %(chars)s", chars=listed)]


def _lay_out(html: str, css_text: str, css: Any, color_profiles: dict[str, Any]) -> Any:
    """The WeasyPrint document of *html* with the print stylesheet *css*."""
    fonts.install_actual_text()
    lifted, images = _lifted_images(html)  # the HTML's class is chosen by the HTML as written
    return _html_class(html, css_text)(string=lifted, base_url=str(Path.cwd())).render(
        stylesheets=[fonts.font_stylesheet(), css], font_config=fonts.font_config(),
        color_profiles=dict(color_profiles), cache=images)


# A picture in a print template is a data: URI (the flyer's photo, print/photo.py: about
# 230 kB of base64). Parsed as part of the HTML it cost about 20 ms per layout, and a
# flyer is laid out once or more per variant pair; WeasyPrint decoded it each time too.
_DATA_IMAGE = re.compile(r'(?<=\ssrc=")data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]{4096,}(?=")')
_LIFTED_SCHEME = "quartierboards-image:"


def _lifted_images(html: str) -> tuple[str, dict[str, Any]]:
    """*html* with each large ``data:`` picture replaced by a short URL, and WeasyPrint's image cache
    that has the picture under that URL (empty when there is none).

    The picture is the one WeasyPrint makes of the ``data:`` URI (same image id, so the
    same bytes in the PDF), decoded once per process.
    """
    images: dict[str, Any] = {}

    def lift(match: re.Match[str]) -> str:
        uri = match.group(0)
        url = _LIFTED_SCHEME + hashlib.sha256(uri.encode("ascii")).hexdigest()
        images[url] = _data_image(uri)
        return url

    lifted = _DATA_IMAGE.sub(lift, html)
    return lifted, images


@lru_cache(maxsize=8)
def _data_image(uri: str) -> Any:
    """WeasyPrint's image for the ``data:`` URI *uri*, as its layout would make it (``None``: unreadable)."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.images import get_image_from_uri
    from weasyprint.urls import URLFetcher

    # Its own cache: the image's data stays there as long as the image lives.
    return get_image_from_uri({}, URLFetcher(), dict(DEFAULT_OPTIONS), uri)


def _write(spec: ProductSpec, document: Any, html: str, created: str) -> bytes:
    """The PDF of *spec* from its laid-out *document*, in the variant's PDF flavour."""
    identifier = hashlib.sha256(f"{spec.file}\n{created}\n{html}".encode()).digest()[:16]
    options: dict[str, Any] = {"pdf_identifier": identifier}
    if spec.variant == "web":
        options["pdf_variant"] = "pdf/ua-1"  # tagged, with title and language, for screen readers
    else:
        # Paper has no links; the templates link the code and the address for the web PDF,
        # the same HTML for both, so that the pair shares one layout (print/variants.py).
        for page in document.pages:
            page.links = []
        if spec.condition is not None:
            options["pdf_variant"] = "pdf/x-4"  # CMYK output intent, trim and bleed boxes, for the print shop
        # BleedBox, crop marks in the slug and the output intent's names (prepress.finisher)
        options["finisher"] = finisher(spec.bleed_mm, spec.slug_mm, spec.condition)
    return _write_deterministic(document, options, identifier)


def _write_deterministic(document: Any, options: dict[str, Any], identifier: bytes) -> bytes:
    """``write_pdf`` with a reproducible XMP DocumentID, compressed as :mod:`~quartierboards.print.deflate` says.

    WeasyPrint writes ``uuid4()`` into PDF/X-4 metadata, which would make two builds
    of the same content differ; during our call it gets a UUID derived from the content.
    """
    import uuid

    from weasyprint.pdf import metadata

    from quartierboards.print.deflate import deflating

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.UUID(bytes=identifier)
    try:
        with deflating(), _language_tags():
            return document.write_pdf(**options)
    finally:
        metadata.uuid4 = original


@contextmanager
def _language_tags() -> Iterator[None]:
    """While inside, a tagged PDF's structure elements say the language of elements with a ``lang``.

    WeasyPrint writes the document's language only; PDF/UA wants each passage in another
    language tagged (the board's languages on the front, each named in itself), so that a
    screen reader switches its voice.
    """
    import pydyf
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def with_language(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        own = box._box if isinstance(box, AbsolutePlaceholder) else box
        lang = own.element.get("lang") if own.element is not None and own.element_tag not in ("html", "body") \
            else None
        for element in build(box, parent, *args):
            if lang and isinstance(element, pydyf.Dictionary) and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = with_language
    try:
        yield
    finally:
        tags._build_box_tree = build
