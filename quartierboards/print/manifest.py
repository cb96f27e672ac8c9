"""``flyers/manifest.json``: every PDF with what a machine needs to check it (preflight reads it).

The order (``auftrag.csv``, ``auftrag.pdf``) is made by :mod:`quartierboards.print.order`;
``auftrag.pdf`` is listed here too, as product ``order``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from quartierboards.print.render import TRIM_MM, ProductResult

MANIFEST = "manifest.json"


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
        "bleed_mm": spec.bleed_mm if spec.variant == "print" else 0,
        "slug_mm": spec.slug_mm if spec.variant == "print" else 0,
        "output_condition": spec.condition.identifier if spec.variant == "print" and spec.condition else None,
        "pages": result.pages,
        "sha256": result.sha256,
    }


def manifest_json(results: Iterable[ProductResult], extra: Iterable[dict[str, Any]] = ()) -> bytes:
    """``manifest.json``: a list with one entry per PDF (and the *extra* entries), sorted by file,
    stable formatting."""
    entries = sorted([*(manifest_entry(r) for r in results), *extra], key=lambda e: e["file"])
    return (json.dumps(entries, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
