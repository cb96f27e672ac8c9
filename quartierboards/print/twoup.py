"""Print-at-home: two A5 flyers on one A4 sheet, for residents who print one out and pass it on.

Made from the web flyer (A5, no bleed, screen colours): each A4 landscape page holds the
same flyer page twice, side by side, with a dashed cut line between them. Printed on
both sides (turned on the long edge) and cut in the middle, one sheet gives two
flyers; a home printer's unprintable rim falls into the flyer's 10 mm margin.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import re

A4_LANDSCAPE_PT = (841.89, 595.28)
CUT_LINE_GREY = 150  # light enough not to distract, dark enough to cut along
CUT_LINE_WIDTH_PT = 0.5
CUT_LINE_DASH_PT = (4.0, 3.0)
# Part of the keys of the sheets: change it when the sheet's layout changes.
VERSION = "twoup-1"


def two_up(flyer_pdf: bytes) -> bytes:
    """The A4 sheets (one per flyer page) of the A5 *flyer_pdf*; the same bytes for the same flyer."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    source = pdfium.PdfDocument(flyer_pdf)
    sheet = pdfium.PdfDocument.new()
    width, height = A4_LANDSCAPE_PT
    for index in range(len(source)):
        page = sheet.new_page(width, height)
        flyer_width, flyer_height = source[index].get_size()
        xobject = source.page_as_xobject(index, sheet)
        for half in (0, 1):
            placed = xobject.as_pageobject()
            placed.transform(pdfium.PdfMatrix().translate(half * width / 2 + (width / 2 - flyer_width) / 2,
                                                          (height - flyer_height) / 2))
            page.insert_obj(placed)
        line = raw.FPDFPageObj_CreateNewPath(width / 2, 0)
        raw.FPDFPath_LineTo(line, width / 2, height)
        raw.FPDFPageObj_SetStrokeColor(line, CUT_LINE_GREY, CUT_LINE_GREY, CUT_LINE_GREY, 255)
        raw.FPDFPageObj_SetStrokeWidth(line, CUT_LINE_WIDTH_PT)
        dashes = (ctypes.c_float * len(CUT_LINE_DASH_PT))(*CUT_LINE_DASH_PT)
        raw.FPDFPageObj_SetDashArray(line, dashes, len(CUT_LINE_DASH_PT), 0.0)
        raw.FPDFPath_SetDrawMode(line, 0, True)
        raw.FPDFPage_InsertObject(page.raw, line)
        page.gen_content()
    out = io.BytesIO()
    sheet.save(out)
    created = source.get_metadata_dict().get("CreationDate", "")
    return _reproducible(out.getvalue(), flyer_pdf, created)


_CREATED = re.compile(rb"/CreationDate\(D:\d{14}[^)]*\)")
_ID = re.compile(rb"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]")


def _reproducible(sheet: bytes, flyer: bytes, created: str) -> bytes:
    """*sheet* with PDFium's creation time and its time-based /ID replaced by the flyer's (*created*).

    The replacements have the same length, so the cross-reference offsets stay right.
    """
    digits = re.match(r"D:(\d{14})", created)
    stamp = digits[1].encode() if digits else b"19700101000000"
    sheet = _CREATED.sub(lambda m: b"/CreationDate(D:" + stamp + m[0][30:], sheet, count=1)
    digest = hashlib.md5(flyer, usedforsecurity=False).hexdigest().upper().encode()
    return _ID.sub(b"/ID[<" + digest + b"><" + digest + b">]", sheet, count=1)
