"""``sitemap.xml`` with hreflang alternates for every page.

The sitemap protocol allows at most 50,000 URLs and 50 MB per file. A larger site
gets ``sitemap.xml`` as a sitemap index that lists ``sitemap-1.xml``, ``sitemap-2.xml``
and so on, each within both limits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from markupsafe import escape

from quartierboards.render import urls
from quartierboards.render.pages import PageSpec

MAX_URLS = 50_000
MAX_BYTES = 50 * 1000 * 1000
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
_TAIL = "</urlset>\n"


def pages_digest(pages: list[PageSpec]) -> str:
    """What the sitemap lists of *pages*: each page with its alternates (cheap to compute)."""
    h = hashlib.sha256()
    seen: set[int] = set()
    for page in pages:
        h.update(page.path.encode() + b"\0")
        if id(page.alternates) not in seen:  # the language versions of a page share one mapping
            seen.add(id(page.alternates))
            h.update(repr(sorted(page.alternates.items())).encode() + b"\1")
    return h.hexdigest()


def sitemap_key(base_url: str, digests: list[str]) -> str:
    """What the sitemap shows: the base URL and the :func:`pages_digest` of each part of the site, in order."""
    return hashlib.sha256("\0".join([base_url, *digests]).encode()).hexdigest()


def _entries(base_url: str, pages: list[PageSpec]) -> Iterator[str]:
    links: dict[int, str] = {}
    for page in pages:
        block = links.get(id(page.alternates))
        if block is None:
            block = "".join(f'  <xhtml:link rel="alternate" hreflang="{escape(lang)}" '
                            f'href="{escape(urls.absolute(base_url, path))}"/>\n'
                            for lang, path in page.alternates.items()) if len(page.alternates) > 1 else ""
            links[id(page.alternates)] = block
        yield f"<url>\n  <loc>{escape(urls.absolute(base_url, page.path))}</loc>\n{block}</url>\n"


def sitemap_files(base_url: str, pages: list[PageSpec]) -> dict[str, bytes]:
    """``sitemap.xml`` (and, for a large site, the files its index lists) for *pages*."""
    parts: list[list[str]] = [[]]
    size = len(_HEAD) + len(_TAIL)
    for entry in _entries(base_url, pages):
        length = len(entry.encode())
        if len(parts[-1]) >= MAX_URLS or size + length > MAX_BYTES:
            parts.append([])
            size = len(_HEAD) + len(_TAIL)
        parts[-1].append(entry)
        size += length
    if len(parts) == 1:
        return {"sitemap.xml": (_HEAD + "".join(parts[0]) + _TAIL).encode()}
    files = {f"sitemap-{n}.xml": (_HEAD + "".join(part) + _TAIL).encode() for n, part in enumerate(parts, 1)}
    index = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    index += [f"<sitemap><loc>{escape(urls.absolute(base_url, name))}</loc></sitemap>\n" for name in files]
    index.append("</sitemapindex>\n")
    files["sitemap.xml"] = "".join(index).encode()
    return files
