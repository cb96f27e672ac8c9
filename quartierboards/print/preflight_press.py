"""Preflight checks a print shop makes: print condition, no RGB, marks outside the bleed, whole URLs, the order.

Used by :mod:`quartierboards.print.preflight`; every problem names the file and page
(for ``auftrag.csv``, the line).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from quartierboards.i18n.messages import tr
from quartierboards.print.order import ORDER_COLUMNS, ORDER_PDF, ORDER_SHEET, REQUIRED_COLUMNS
from quartierboards.print.pdfobjects import PdfObjects

POINTS_PER_MM = 72 / 25.4
MARK_DPI = 150
INK_THRESHOLD = 40  # a channel this much darker than the bleed's own colour is a drawing, not paper
_STRING = re.compile(rb"/OutputConditionIdentifier\s*(?:\(((?:\\.|[^\\)])*)\)|<([0-9a-fA-F]*)>)")
_HYPHENS = "-\u00ad\u2010\u2011"


def output_condition(objects: PdfObjects) -> str | None:
    """The output intent's ``OutputConditionIdentifier``, or ``None``."""
    for text in objects.dicts.values():
        match = _STRING.search(text)
        if match:
            raw = (re.sub(rb"\\(.)", rb"\1", match.group(1)) if match.group(1) is not None
                   else bytes.fromhex(match.group(2).decode()))
            return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    return None


def press_problems(name: str, data: bytes, entry: dict[str, Any], condition: str | None) -> list[str]:
    """Output intent as configured (*condition*) and no RGB on any page of a print PDF."""
    objects = PdfObjects.read(data)
    problems = []
    found = output_condition(objects)
    if condition and found != condition:
        problems.append(tr("%(file)s: output intent is '%(found)s', site.yaml says '%(expected)s'", file=name,
                           found=found or "–", expected=condition))
    for number, page in enumerate(objects.pages(), start=1):
        uses = objects.rgb_uses(page)
        if uses:
            problems.append(tr("%(file)s page %(page)s: RGB in a print file (%(what)s)", file=name, page=number,
                               what="; ".join(uses[:3])))
    return problems


def box_problems(name: str, number: int, media: tuple[float, ...], bleed: tuple[float, ...]) -> list[str]:
    """The MediaBox must be larger than the BleedBox on every side: the marks need room outside the bleed."""
    margins = (bleed[0] - media[0], bleed[1] - media[1], media[2] - bleed[2], media[3] - bleed[3])
    if min(margins) <= 0.5:
        return [tr("%(file)s page %(page)s: no room for crop marks outside the bleed (media box extends "
                   "%(margins)s mm beyond the bleed box)", file=name, page=number,
                   margins=", ".join(f"{m:.1f}" for m in margins))]
    return []


def marks_in_bleed(name: str, number: int, page: Any, trim: tuple[float, ...], bleed: tuple[float, ...]) -> list[str]:
    """Drawings in the bleed's corners, beside the trim: crop marks that a shop's cutter would see in the bleed.

    The corners between trim and bleed edge hold only the page background (content that
    bleeds off a corner overlaps the trim as well, and is whatever the page's background is).
    """
    media = page.get_mediabox()
    scale = MARK_DPI / 72
    image = page.render(scale=scale).to_pil().convert("RGB")

    def px(x: float, y: float) -> tuple[int, int]:
        return round((x - media[0]) * scale), round((media[3] - y) * scale)

    mm = POINTS_PER_MM
    trim_pt = tuple(v * mm for v in trim)
    bleed_pt = tuple(v * mm for v in bleed)
    # The bleed's own colour: the middle of the top bleed strip.
    reference = image.getpixel(px((trim_pt[0] + trim_pt[2]) / 2, (trim_pt[3] + bleed_pt[3]) / 2))
    edge = 0.3 * mm  # a mark on the trim line's extension straddles it
    corners = []
    for x_out, x_in in ((bleed_pt[0], trim_pt[0]), (bleed_pt[2], trim_pt[2])):
        for y_out, y_in in ((bleed_pt[1], trim_pt[1]), (bleed_pt[3], trim_pt[3])):
            sx, sy = (1 if x_in > x_out else -1), (1 if y_in > y_out else -1)
            # two strips per corner: along the horizontal and the vertical trim edge's extension
            inner = 0.2 * mm  # the bleed box's own edge: a mark may end there, outside
            corners.append((x_out + sx * inner, y_in - sy * edge, x_in - sx * 0.1 * mm, y_in + sy * edge))
            corners.append((x_in - sx * edge, y_out + sy * inner, x_in + sx * edge, y_in - sy * 0.1 * mm))
    for x0, y0, x1, y1 in corners:
        (a, b), (c, d) = px(min(x0, x1), max(y0, y1)), px(max(x0, x1), min(y0, y1))
        region = image.crop((a, b, max(c, a + 1), max(d, b + 1)))
        darkest = [lo for lo, _hi in region.getextrema()]
        if any(ref - low > INK_THRESHOLD for ref, low in zip(reference, darkest, strict=True)):
            return [tr("%(file)s page %(page)s: marks or drawings inside the bleed, beside the trim corner; "
                       "crop marks belong outside the bleed box", file=name, page=number)]
    return []


def url_problems(name: str, number: int, text: str, url: str, required: bool = True) -> list[str]:
    """The printed web address must be whole on one line (when *required* on the page), and no line may end
    or begin with a piece of it."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    problems = []
    if required and not any(url in line for line in lines):
        problems.append(tr("%(file)s page %(page)s: the address %(url)s is not on one line (hyphenated or broken)",
                           file=name, page=number, url=url))
    for line in lines:
        if url in line or not line:
            continue
        words = line.split()
        last, first = words[-1].rstrip(_HYPHENS), words[0]
        cut_end = len(last) >= 4 and last != url and url.startswith(last)
        cut_start = len(first) >= 4 and first != url and url.endswith(first) and "." in first
        if cut_end or cut_start:
            problems.append(tr("%(file)s page %(page)s: the address %(url)s is broken across lines ('%(line)s')",
                               file=name, page=number, url=url, line=line))
            break
    return problems


def order_problems(flyers: Path, manifest: list[dict[str, Any]]) -> list[str]:
    """``auftrag.csv`` and ``auftrag.pdf`` present, every print PDF in the order, every required field filled."""
    sheet, pdf = flyers / ORDER_SHEET, flyers / ORDER_PDF
    problems = [tr("%(file)s: missing; the print shop needs the order", file=path.name)
                for path in (sheet, pdf) if not path.is_file()]
    if not sheet.is_file():
        return problems
    rows = list(csv.reader(io.StringIO(sheet.read_text("utf-8-sig")), delimiter=";"))
    header = rows[0] if rows else []
    missing = [column for column in ORDER_COLUMNS if column not in header]
    if missing:
        return [*problems, tr("%(file)s line 1: columns missing: %(columns)s", file=ORDER_SHEET,
                              columns=", ".join(missing))]
    ordered = set()
    for line, row in enumerate(rows[1:], start=2):
        values = dict(zip(header, row, strict=False))
        ordered.add(values.get("Datei", ""))
        for column in REQUIRED_COLUMNS:
            value = values.get(column, "").strip()
            if not value or value.startswith("FEHLT") or (column == "Menge" and not value.isdigit()):
                problems.append(tr("%(file)s line %(line)s: '%(column)s' is missing (site.yaml, print.order)",
                                   file=ORDER_SHEET, line=line, column=column))
    for entry in manifest:
        if entry.get("variant") == "print" and entry["file"] not in ordered:
            problems.append(tr("%(file)s: %(pdf)s is not in the order", file=ORDER_SHEET, pdf=entry["file"]))
    return problems
