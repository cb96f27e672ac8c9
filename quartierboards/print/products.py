"""Print products (flyers, stickers). Filled in by the print issue."""

from __future__ import annotations

from quartierboards.content.structure import Site
from quartierboards.render.pages import SitePlan


def render_print_products(site: Site, plan: SitePlan, templates_dir: str | None,
                          jobs: int | None = None) -> dict[str, bytes]:
    """All files of ``flyers/``: PDFs, manifest and order sheet."""
    return {}
