"""The sitemap: every page once, with alternates; split into an index beyond the protocol's limits."""

from __future__ import annotations

import re

from quartierboards.render import sitemap
from quartierboards.render.pages import PageSpec


def pages(n: int) -> list[PageSpec]:
    found = []
    for i in range(n):
        alternates = {lang: f"{lang}/q/o{i}/index.html" for lang in ("de", "ar")}
        found += [PageSpec(path, "offer.html", lang, {}, alternates) for lang, path in alternates.items()]
    return found


def test_small_site_has_one_sitemap_with_alternates():
    files = sitemap.sitemap_files("https://x.example/", pages(2))
    assert list(files) == ["sitemap.xml"]
    text = files["sitemap.xml"].decode()
    assert text.count("<loc>") == 4
    assert '<xhtml:link rel="alternate" hreflang="ar" href="https://x.example/ar/q/o1/"/>' in text


def test_large_site_gets_a_sitemap_index(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    files = sitemap.sitemap_files("https://x.example/", pages(4))  # 8 URLs → 3 files of ≤ 3
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = files["sitemap.xml"].decode()
    assert "<sitemapindex" in index and "<loc>https://x.example/sitemap-3.xml</loc>" in index
    locs = [loc for name, data in files.items() if name != "sitemap.xml"
            for loc in re.findall(r"<loc>(.*?)</loc>", data.decode())]
    assert len(locs) == 8 and len(set(locs)) == 8
    assert all(data.decode().count("<loc>") <= 3 for name, data in files.items() if name != "sitemap.xml")


def test_key_changes_with_the_pages_only():
    def key(base, n):
        return sitemap.sitemap_key(base, [sitemap.pages_digest(pages(n))])

    a = key("https://x.example/", 2)
    assert a == key("https://x.example/", 2)
    assert a != key("https://x.example/", 3)
    assert a != key("https://y.example/", 2)
