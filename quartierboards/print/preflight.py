"""Preflight of ``flyers/``: what a print shop and a resident's phone will see, checked from the PDFs.

For every PDF of ``flyers/manifest.json``: the file's hash; the page count; trim and
bleed boxes; for the print variant, a PDF/X output intent with a CMYK profile; every
font embedded and one of the packaged ones; every page rasterized
(pypdfium2) and its QR codes decoded (zxing-cpp) at 300 and at 150 dpi, each equal to
the manifest's ``qr_url`` and large enough, and that URL published in ``output/``;
the page text extracting to the strings the template put there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quartierboards.content.structure import Site
from quartierboards.fonts import PDF_FONT_PREFIXES
from quartierboards.i18n import cldr
from quartierboards.i18n.messages import tr
from quartierboards.print import phone
from quartierboards.print import preflight_layout as layout
from quartierboards.print import preflight_press as press
from quartierboards.print.manifest import MANIFEST
from quartierboards.print.prepress import print_condition
from quartierboards.print.render import FLYER_QR_SYMBOL_MM, STICKER_QR_SYMBOL_MM
from quartierboards.schedule.plan import print_day

POINTS_PER_MM = 72 / 25.4
DPIS = (300, 150)
MIN_QR_MM = {"flyer": 30.0, "sticker": 80.0}
EXPECTED_QR_MM = {"flyer": FLYER_QR_SYMBOL_MM, "sticker": STICKER_QR_SYMBOL_MM}
BOX_TOLERANCE_MM = 0.2
_WORD_SPLIT = re.compile(r"[\s\u200c\u200d\-\u00ad\u2010\u2011\u2013\u2014.,:;!?؟،؛()«»„“”\"'/·]+")
_DIGITS = {ord(z) + i: str(i) for z in ("\u0660", "\u06f0") for i in range(10)}


@dataclass
class Checked:
    """Outcome of a preflight run."""

    files: int
    pages: int
    problems: list[str]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch in "\u200c\u200d")


def words(text: str) -> list[str]:
    """Words of *text* for comparison: normalised letters and digits, no punctuation or hyphens."""
    return [part for w in _WORD_SPLIT.split(_normalise(text)) for part in re.findall(r"\d+|\D+", w)]


def text_contains(extracted: str, expected: str) -> bool:
    """Whether every word of *expected* is in *extracted*, in order.

    Right-to-left words may come out reversed: PDF text extractors (pdfium, poppler)
    read an ``/ActualText`` span as if it were in visual order.
    """
    found = words(extracted)
    position = 0
    for word in words(expected):
        for index in range(position, len(found)):
            if found[index] in (word, word[::-1]):
                position = index + 1
                break
        else:
            if word not in found and word[::-1] not in found:
                return False
    return True


def expected_texts(site: Site, entry: dict[str, Any], today: dt.date) -> dict[int, list[str]]:
    """Per page number, strings the template put on that page."""
    from quartierboards.i18n.codes import is_easy_language
    from quartierboards.print.flyer import display_url
    from quartierboards.print.regular_week import EASY_HIGHLIGHTS, highlights, regular_week
    from quartierboards.render.view import LangView

    quarter = site.quarters.get(entry["quarter"])
    if quarter is None:
        return {}
    url = display_url(entry["qr_url"])
    texts: dict[int, list[str]] = {1: [url]}
    for lang in entry["languages"]:
        view = LangView(site, lang)
        call = view.gettext("What's on in %(quarter)s?", quarter=view.plain(quarter.data.name))
        texts[1].append(call)
        if entry["product"] == "flyer" and entry["pages"] >= 2:
            if quarter.data.contacts:  # the contacts are on the front
                texts[1].append(view.gettext("Contact"))
            if is_easy_language(lang):  # offers with their addresses instead of the week and places
                listed = highlights(site, quarter, view, print_day(site, today), EASY_HIGHLIGHTS)
                texts[2] = [view.gettext("Every week")] + [view.plain(h.offer.text("title")) for h in listed[:1]]
                continue
            week = regular_week(site, quarter, view, print_day(site, today))
            # the week's first row: the fitting may leave out later rows of a busy day, never the first
            titles = [view.plain(d.rows[0].offer.text("title")) for d in week if d.rows and d.rows[0].offer]
            texts[2] = [view.gettext("Places")] + titles[:1]
    return texts


def _fonts(page: Any) -> Iterator[tuple[str, bool]]:
    import ctypes

    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
        yield buffer.value.decode("utf-8", "replace"), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))


def _inflated_streams(data: bytes) -> Iterator[bytes]:
    """Every Flate-compressed stream of a PDF, inflated (PDF 1.5+ keeps its dictionaries in object streams)."""
    view = memoryview(data)
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            yield zlib.decompressobj().decompress(view[match.end():])
        except zlib.error:
            continue


def cmyk_output_intent(data: bytes) -> bool:
    """Whether the PDF declares a PDF/X output intent and embeds a CMYK ICC profile for it.

    Without one, a PDF/X claims colours that nobody can interpret: a print shop's preflight rejects it.
    """
    intent = profile = False
    for chunk in itertools.chain((data,), _inflated_streams(data)):
        intent = intent or re.search(rb"/OutputIntents\s*\[\s*<<[^\]]*/S\s*/GTS_PDFX[^\]]*/DestOutputProfile\s+\d+",
                                     chunk) is not None
        profile = profile or (chunk[36:40] == b"acsp" and chunk[16:20] == b"CMYK")  # ICC header: signature, space
        if intent and profile:
            return True
    return False


def _box_mm(box: tuple[float, float, float, float]) -> tuple[float, ...]:
    return tuple(v / POINTS_PER_MM for v in box)


def check_pdf(path: Path, entry: dict[str, Any], output: Path, base_url: str,
              site: Site | None, today: dt.date) -> tuple[int, list[str]]:
    """Problems of one PDF against its manifest *entry*; returns (pages, problems).

    A print variant also gets the shop's checks (:mod:`~quartierboards.print.preflight_press`):
    the output intent's condition as *site* configures it, no RGB, crop marks outside the bleed;
    a flyer's web address whole on one line.
    """
    import pypdfium2 as pdfium
    import zxingcpp

    from quartierboards.print.flyer import display_url

    name = entry["file"]
    problems: list[str] = []
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        problems.append(tr("%(file)s: sha256 differs from the manifest", file=name))
    pdf = pdfium.PdfDocument(data)
    if len(pdf) != entry["pages"]:
        problems.append(tr("%(file)s: %(pages)s pages, manifest says %(expected)s", file=name, pages=len(pdf),
                           expected=entry["pages"]))
    printed = entry["variant"] == "print"
    if printed and not cmyk_output_intent(data):
        problems.append(tr("%(file)s: no PDF/X output intent with a CMYK colour profile", file=name))
    if printed:
        condition = print_condition(site) if site else None
        problems += press.press_problems(name, data, entry, condition.identifier if condition
                                         else entry.get("output_condition"))
    qr_url = entry["qr_url"]
    if not qr_url.startswith(base_url):
        problems.append(tr("%(file)s: QR target %(url)s is not below %(base)s", file=name, url=qr_url, base=base_url))
    else:
        target = qr_url[len(base_url):]
        target = target + "index.html" if target.endswith("/") or not target else target
        if not (output / target).is_file():
            problems.append(tr("%(file)s: QR target %(url)s does not exist in %(folder)s/ (%(target)s)",
                               file=name, url=qr_url, folder=output, target=target))
    expected = expected_texts(site, entry, today) if site else {}
    page_texts: list[str] = []
    qr_seen = 0
    trim_w, trim_h = entry["trim_mm"]
    bleed = entry["bleed_mm"]
    media_bleed = bleed + entry.get("slug_mm", 0)
    for number, page in enumerate(pdf, start=1):
        trim = _box_mm(page.get_trimbox())
        media = _box_mm(page.get_mediabox())
        bleedbox = _box_mm(page.get_bleedbox())
        if (abs(trim[2] - trim[0] - trim_w) > BOX_TOLERANCE_MM
                or abs(trim[3] - trim[1] - trim_h) > BOX_TOLERANCE_MM):
            problems.append(tr("%(file)s page %(page)s: trim box %(size)s mm, expected %(expected)s mm",
                               file=name, page=number, size=f"{trim[2] - trim[0]:.1f} x {trim[3] - trim[1]:.1f}",
                               expected=f"{trim_w} x {trim_h}"))
        for label, box, expected_mm in ((tr("media box"), media, media_bleed), (tr("bleed box"), bleedbox, bleed)):
            margins = (trim[0] - box[0], trim[1] - box[1], box[2] - trim[2], box[3] - trim[3])
            if any(abs(m - expected_mm) > BOX_TOLERANCE_MM for m in margins):
                problems.append(tr("%(file)s page %(page)s: %(box)s extends %(margins)s mm beyond the trim box, "
                                   "expected %(bleed)s mm", file=name, page=number, box=label,
                                   margins=", ".join(f"{m:.1f}" for m in margins), bleed=f"{expected_mm:g}"))
        if printed:
            problems += press.box_problems(name, number, media, bleedbox)
            problems += press.marks_in_bleed(name, number, page, trim, bleedbox)
        for font, embedded in set(_fonts(page)):
            if not embedded:
                problems.append(tr("%(file)s page %(page)s: font %(font)s is not embedded", file=name, page=number,
                                   font=font))
            if not font.split("+", 1)[-1].startswith(PDF_FONT_PREFIXES):
                problems.append(tr("%(file)s page %(page)s: font %(font)s is not a packaged font", file=name,
                                   page=number, font=font))
        for dpi in DPIS:
            image = page.render(scale=dpi / 72).to_pil()
            codes = [c for c in zxingcpp.read_barcodes(image) if "QR" in str(c.format)]
            qr_seen += bool(codes)
            for code in codes:
                if code.text != qr_url:
                    problems.append(tr("%(file)s page %(page)s: QR code at %(dpi)s dpi reads '%(text)s', "
                                       "manifest says '%(url)s'", file=name, page=number, dpi=dpi, text=code.text,
                                       url=qr_url))
                pos = code.position
                width_mm = (abs(pos.top_right.x - pos.top_left.x) / dpi) * 25.4
                minimum = MIN_QR_MM.get(entry["product"], 0)
                if width_mm + 1.5 < minimum:
                    problems.append(tr("%(file)s page %(page)s: QR code is %(width)s mm wide, at least %(minimum)s mm "
                                       "needed", file=name, page=number, width=f"{width_mm:.0f}",
                                       minimum=f"{minimum:.0f}"))
                if dpi == DPIS[0]:
                    problems += _module_problems(name, number, entry["product"], code, width_mm)
        if entry["product"] == "sticker" and number == 1:  # the one product read from the pavement
            problems += _photo_problems(name, number, entry["product"], page, qr_url)
        text = page.get_textpage().get_text_range()
        page_texts.append(text)
        problems += layout.type_problems(name, number, page, layout.minimum_size(entry))
        if entry["product"] == "flyer":  # the front shows the address; the back's footer repeats it
            problems += press.url_problems(name, number, text, display_url(qr_url), required=number == 1)
        for string in expected.get(number, []):
            if not text_contains(text, string):
                problems.append(tr("%(file)s page %(page)s: text '%(text)s' not found in the PDF's text", file=name,
                                   page=number, text=string))
    problems += layout.grey_problems(name, data)
    if site is not None:
        problems += layout.venue_problems(name, page_texts, layout.venues(site, entry, today, page_texts))
    if entry["variant"] == "web":
        board_languages = tuple(cldr.html_lang(lang) for lang in site.config.languages) if site else ()
        # the board's languages, each named in itself, are on the front of a flyer (not the easy one's)
        named = entry["product"] == "flyer" and layout.minimum_size(entry) == layout.MIN_TEXT_PT
        problems += layout.web_problems(name, data, qr_url, display_url(qr_url), board_languages if named else ())
    if qr_seen < len(DPIS):
        problems.append(tr("%(file)s: no readable QR code at %(dpi)s dpi", file=name, dpi=" / ".join(map(str, DPIS))))
    return len(pdf), problems


def _module_problems(name: str, number: int, product: str, code: Any, width_mm: float) -> list[str]:
    """A QR code whose modules are too small for the product's scanning distance (``print/phone.py``)."""
    distance = phone.SCAN_DISTANCE_M.get(product)
    version = str(code.extra.get("Version", "")) if isinstance(code.extra, dict) else ""
    if distance is None or not version.isdigit():
        return []
    module = width_mm / (17 + 4 * int(version))
    needed = phone.min_module_mm(distance)
    if module >= needed:
        return []
    return [tr("%(file)s page %(page)s: QR modules are %(module)s mm, at least %(needed)s mm needed to scan from "
               "%(distance)s m", file=name, page=number, module=f"{module:.2f}", needed=f"{needed:.2f}",
               distance=f"{distance:g}")]


def _photo_problems(name: str, number: int, product: str, page: Any, url: str) -> list[str]:
    """The decoders that cannot read *url* from a simulated phone photo of *page* at the product's distance."""
    distance = phone.SCAN_DISTANCE_M[product]
    failed = phone.scan_page(page, distance).failed(url)
    if not failed:
        return []
    return [tr("%(file)s page %(page)s: the QR code does not decode from a simulated phone photo at %(distance)s m "
               "(%(decoders)s)", file=name, page=number, distance=f"{distance:g}", decoders=", ".join(failed))]


def preflight(flyers: Path, output: Path, site: Site | None = None,
              base_url: str | None = None, today: dt.date | None = None) -> Checked:
    """Check every PDF listed in ``flyers/manifest.json`` (texts expected as built for *today*)."""
    today = today or dt.date.today()
    manifest_path = flyers / MANIFEST
    if not manifest_path.is_file():
        return Checked(0, 0, [tr("%(file)s not found; run 'quartierboards build' first", file=manifest_path)])
    entries = json.loads(manifest_path.read_text("utf-8"))
    base = base_url or (site.config.base_url if site else "")
    problems: list[str] = []
    pages = 0
    listed = {e["file"] for e in entries}
    on_disk = {p.relative_to(flyers).as_posix() for p in flyers.rglob("*.pdf")}
    problems += [tr("%(file)s: in %(folder)s/ but not in the manifest", file=f, folder=flyers)
                 for f in sorted(on_disk - listed)]
    problems += press.order_problems(flyers, entries)
    for entry in entries:
        if entry.get("product") == "order":  # auftrag.pdf: checked with the order
            continue
        path = flyers / entry["file"]
        if not path.is_file():
            problems.append(tr("%(file)s: listed in the manifest but missing", file=entry["file"]))
            continue
        count, found = check_pdf(path, entry, output, base, site, today)
        pages += count
        problems += found
    return Checked(len(entries), pages, problems)
