"""Hand-off files for the print shop: ``flyers/manifest.json`` and ``flyers/auftrag.csv``.

``manifest.json`` lists every PDF with what a machine needs to check it (preflight reads it).
``auftrag.csv`` is the order sheet: print variants only, one line per PDF, separated by
semicolons and UTF-8 with a byte order mark, so that a spreadsheet opens it correctly
with German settings.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from quartierboards.print.render import BLEED_MM, TRIM_MM, ProductResult

MANIFEST = "manifest.json"
ORDER_SHEET = "auftrag.csv"
ORDER_COLUMNS = ("file", "product", "quarter", "languages", "format", "pages", "bleed", "colour",
                 "quantity")


def manifest_entry(result: ProductResult) -> dict[str, Any]:
    """One manifest entry for a rendered PDF."""
    spec = result.spec
    return {
        "file": spec.file,
        "product": spec.product,
        "variant": spec.variant,
        "quarter": spec.quarter,
        "languages": list(spec.languages),
        "qr_url": spec.qr_url,
        "trim_mm": list(TRIM_MM),
        "bleed_mm": BLEED_MM[spec.variant],
        "pages": result.pages,
        "sha256": result.sha256,
    }


def manifest_json(results: Iterable[ProductResult]) -> bytes:
    """``manifest.json``: a list with one entry per PDF, sorted by file, stable formatting."""
    entries = sorted((manifest_entry(r) for r in results), key=lambda e: e["file"])
    return (json.dumps(entries, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def order_sheet(results: Iterable[ProductResult], quantities: dict[str, int]) -> bytes:
    """``auftrag.csv``: what to print, how, and how many (print variants only)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(ORDER_COLUMNS)
    for result in sorted(results, key=lambda r: r.spec.file):
        spec = result.spec
        if spec.variant != "print":
            continue
        sides = "4/4" if result.pages > 1 else "4/0"
        writer.writerow([
            spec.file, spec.product, spec.quarter, " ".join(spec.languages),
            f"DIN A5 portrait {TRIM_MM[0]} x {TRIM_MM[1]} mm", result.pages,
            f"{BLEED_MM['print']} mm, crop marks", f"{sides} CMYK",
            quantities.get(spec.product, 0),
        ])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
