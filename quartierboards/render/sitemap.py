"""``sitemap.xml`` with hreflang alternates for every page."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from quartierboards.render import urls
from quartierboards.render.pages import PageSpec


def sitemap(base_url: str, pages: list[PageSpec]) -> bytes:
    """Sitemap of *pages*; each page lists the same page in the other languages."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        lines.append("<url>")
        lines.append(f"  <loc>{escape(urls.absolute(base_url, page.path))}</loc>")
        if len(page.alternates) > 1:
            for lang, path in page.alternates.items():
                lines.append(f"  <xhtml:link rel=\"alternate\" hreflang={quoteattr(lang)} "
                             f"href={quoteattr(urls.absolute(base_url, path))}/>")
        lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
