"""Preflight checks of what a resident reads: type size, text colour and the venues' addresses.

A print shop rejects type below what its process holds, and a resident cannot use a
week plan that names a house but not where it is. Both are checked on the PDF as
printed (pypdfium2's text layer), not on the template that made it.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import math
import re
from typing import Any

from quartierboards.content.structure import Site
from quartierboards.i18n.codes import is_easy_language
from quartierboards.i18n.messages import tr

MIN_TEXT_PT = 9.0  # body text on flyers and stickers
MIN_EASY_TEXT_PT = 14.0  # a product in easy language only
SIZE_TOLERANCE_PT = 0.05  # sizes come back from the PDF rounded
MIN_TEXT_GREY = 0.85  # text no lighter than 85 % black: lighter greys break up into dots in print


def minimum_size(entry: dict[str, Any]) -> float:
    """The smallest type (pt) a product may use: larger when every language of it is easy language."""
    languages = entry.get("languages") or []
    return MIN_EASY_TEXT_PT if languages and all(is_easy_language(lang) for lang in languages) else MIN_TEXT_PT


def type_problems(name: str, number: int, page: Any, minimum: float) -> list[str]:
    """Text on *page* (pypdfium2) set smaller than *minimum* points: one problem naming the smallest and a sample."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    matrix = raw.FS_MATRIX()
    smallest, sample = None, ""
    for index in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, index))
        if char.isspace():
            continue
        # The size in the text's own units, times its vertical scale: WeasyPrint draws in
        # CSS pixels under a 0.75 scale, so a 9 pt letter has size 12 in its units.
        raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
        size = raw.FPDFText_GetFontSize(textpage, index) * math.hypot(matrix.c, matrix.d)
        if size + SIZE_TOLERANCE_PT < minimum and (smallest is None or size < smallest):
            smallest = size
            sample = textpage.get_text_range(index, min(24, textpage.count_chars() - index)).split("\n")[0]
    if smallest is None:
        return []
    return [tr("%(file)s page %(page)s: text set at %(size)s pt ('%(sample)s'), at least %(minimum)s pt needed",
               file=name, page=number, size=f"{smallest:.1f}", sample=sample.strip(), minimum=f"{minimum:g}")]


def grey_problems(name: str, data: bytes) -> list[str]:
    """Pages of a PDF (its bytes) with text in a grey lighter than :data:`MIN_TEXT_GREY`: one problem per page."""
    from quartierboards.print.pdfobjects import PdfObjects

    objects = PdfObjects.read(data)
    problems = []
    for number, page in enumerate(objects.pages(), start=1):
        light = [grey for grey in objects.text_greys(page) if 0 < grey < MIN_TEXT_GREY - 0.005]
        if light:
            problems.append(tr("%(file)s page %(page)s: text in %(grey)s %% grey, at least %(minimum)s %% needed",
                               file=name, page=number, grey=f"{min(light) * 100:.0f}",
                               minimum=f"{MIN_TEXT_GREY * 100:.0f}"))
    return problems


def venues(site: Site, entry: dict[str, Any], today: dt.date, texts: list[str] = ()) -> list[tuple[str, str]]:
    """The week plan's venues of a flyer, ``(name, street)``, in the flyer's first language.

    The easy-language flyer has no week plan: its venues are those of the offers it lists
    (each with its address), found by their titles in *texts* (the pages' text).
    """
    from quartierboards.print.regular_week import EASY_HIGHLIGHTS, highlights, regular_week
    from quartierboards.render.view import LangView
    from quartierboards.schedule.plan import print_day

    quarter = site.quarters.get(entry.get("quarter", ""))
    if quarter is None or entry.get("product") != "flyer" or not entry.get("languages"):
        return []
    view = LangView(site, entry["languages"][0])
    day = print_day(site, today)
    found: dict[str, tuple[str, str]] = {}
    if is_easy_language(view.lang):
        flat = " ".join(" ".join(text.split()) for text in texts)
        for shown in highlights(site, quarter, view, day, EASY_HIGHLIGHTS):
            if shown.place is not None and view.plain(shown.offer.text("title")) in flat:
                found.setdefault(shown.place.ref, (view.plain(shown.place.data.name), shown.place.data.address.street))
        return list(found.values())
    for week_day in regular_week(site, quarter, view, day):
        for row in week_day.rows:
            if row.place is not None:
                found.setdefault(row.place.ref, (view.plain(row.place.data.name), row.place.data.address.street))
    return list(found.values())


def venue_problems(name: str, texts: list[str], places: list[tuple[str, str]]) -> list[str]:
    """Each venue of the week plan whose street is on no page of the flyer (*texts*: the pages' text)."""
    flat = " ".join(" ".join(text.split()) for text in texts)
    return [tr("%(file)s page %(page)s: the week plan's venue '%(place)s' has no address on the flyer "
               "(%(street)s)", file=name, page=len(texts), place=place, street=street)
            for place, street in places if " ".join(street.split()) not in flat]


def web_problems(name: str, data: bytes, url: str, shown: str, languages: tuple[str, ...] = ()) -> list[str]:
    """A web PDF whose code and address are not links to *url*, whose code has no alternative text naming
    *shown*, or whose passages in *languages* (HTML language tags) are not tagged as such.

    On a phone the PDF is read, not scanned: the address and the code must be tappable,
    and a screen reader must say what the code is and where it leads, and switch its voice
    for the board's languages, each named in itself.
    """
    from quartierboards.print.pdfobjects import PdfObjects

    objects = PdfObjects.read(data)
    problems = []
    uris = [d for d in objects.dicts.values() if b"/URI" in d]
    if not any(_pdf_string(url) in d for d in uris):
        problems.append(tr("%(file)s: the address and the code are not links to %(url)s", file=name, url=url))
    figures = [d for d in objects.dicts.values() if b"/S /Figure" in d]
    if not any(b"/Alt" in d and (_pdf_string(shown) in d or _pdf_utf16(shown) in d.lower()) for d in figures):
        problems.append(tr("%(file)s: the QR code has no alternative text saying where it leads (%(url)s)",
                           file=name, url=shown))
    tagged = {m[1].decode("latin-1") for d in objects.dicts.values() if b"/StructElem" in d
              for m in [re.search(rb"/Lang\s*\(([^)]*)\)", d)] if m}
    document = re.search(rb"/Type\s*/Catalog.*?/Lang\s*\(([^)]*)\)", b" ".join(objects.dicts.values()), re.S)
    own = document[1].decode("latin-1") if document else ""
    missing = sorted(lang for lang in set(languages) - tagged if lang.split("-")[0] != own.split("-")[0])
    if missing:
        problems.append(tr("%(file)s: passages in other languages are not tagged with their language (%(langs)s)",
                           file=name, langs=", ".join(missing)))
    return problems


def _pdf_string(text: str) -> bytes:
    return text.encode("latin-1", "replace")


def _pdf_utf16(text: str) -> bytes:
    """*text* as the (lower-case) hex digits of a UTF-16 PDF string, as WeasyPrint writes non-Latin text."""
    return text.encode("utf-16-be").hex().encode()
