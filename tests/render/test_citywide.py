"""The city-wide list and today's offers across the city, and the search index, in the sample build."""

from __future__ import annotations

import json
import re
from pathlib import Path

from quartierboards.render.search import compound_parts, index_files, records

ROOT = Path(__file__).resolve().parents[2]
OFFER_LINK = re.compile(r'<li class="card offer"[^>]*>\s*<h4><a href="(?:\.\./)+([a-z0-9-]+/[a-z0-9-]+)/">')


def _offers(content: Path) -> set[str]:
    # translations (deutschkurs.ar.md) belong to their offer
    return {f"{p.parent.parent.name}/{p.name.split('.')[0]}" for p in (content / "quarters").glob("*/offers/*.md")}


def test_every_offer_of_the_city_once(sample_build) -> None:
    for lang in ("de", "ar"):
        listed = OFFER_LINK.findall(sample_build.text(f"{lang}/angebote/index.html"))
        assert len(listed) == len(set(listed)), "each offer once"
        assert set(listed) == _offers(ROOT / "content")


def test_filter_page_lists_only_matching_offers(sample_build) -> None:
    html = sample_build.text("de/angebote/in-suedpark/index.html")
    assert {ref.split("/")[0] for ref in OFFER_LINK.findall(html)} == {"suedpark"}
    monday = sample_build.text("de/angebote/monday/index.html")
    assert all("monday" in days for days in re.findall(r'data-days="([^"]*)"', monday))


def test_rows_show_quarter_place_and_next_date(sample_build) -> None:
    html = sample_build.text("de/angebote/index.html")
    assert 'class="where"' in html and "Nächster Termin" in html
    assert "Deutschkurs für Frauen" in sample_build.text("de/heute/index.html")  # a Monday offer on Monday


def test_city_page_links_both(sample_build) -> None:
    html = sample_build.text("de/index.html")
    assert 'href="angebote/"' in html and 'href="heute/"' in html


def test_every_page_has_the_search_box(sample_build) -> None:
    for page in ("de/index.html", "fa/suedpark/index.html", "en/impressum/index.html"):
        assert 'class="search-link"' in sample_build.text(page)


def test_german_compound_parts() -> None:
    assert "kurs" in compound_parts("Deutschkurs für Frauen")
    assert "gymnastik" in compound_parts("Sitzgymnastik")


def test_search_index_is_reproducible(sample_build) -> None:
    import datetime as dt

    from quartierboards.pipeline import BuildOptions, load, plan_schedules
    from quartierboards.render.offerdata import CityRows

    site = load(BuildOptions(content=ROOT / "content", print_products=False))
    found = records(site, CityRows(site, plan_schedules(site, dt.date(2026, 11, 30))))
    assert index_files(found) == index_files(found)
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= set(sample_build.files)
    langs = json.loads(sample_build.files["pagefind/pagefind-entry.json"])["languages"]
    assert {"de", "en", "ru", "uk", "tr", "ar", "fa"} <= set(langs), "one index per language"


def _ld(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def test_boards_and_the_city_list_carry_an_item_list_of_their_offers(sample_build) -> None:
    board = _ld(sample_build.text("fa/suedpark/index.html"))[0]["@graph"]
    [items] = [node for node in board if node["@type"] == "ItemList"]
    listed = {e["url"].rstrip("/").rsplit("/", 1)[1] for e in items["itemListElement"]}
    assert listed == {p.name.split(".")[0] for p in (ROOT / "content/quarters/suedpark/offers").glob("*.md")}
    assert [e["position"] for e in items["itemListElement"]] == list(range(1, len(listed) + 1))
    city = _ld(sample_build.text("de/angebote/in-suedpark/index.html"))[0]
    assert city["@type"] == "ItemList" and city["numberOfItems"] == len(listed)


def test_a_city_without_offers_has_no_index_and_no_error() -> None:
    assert index_files([]) == {}
