"""End-to-end: the sample city built for Monday 2026-11-30 (ISO week 49)."""

from __future__ import annotations

import re

import pytest
from qb_support import SAMPLE, TODAY, WEEKS, build_args, cli, tree, week_items

QUARTERS = sorted(p.name for p in (SAMPLE / "quarters").iterdir() if p.is_dir())
LANGUAGES = ["de", "en", "ru", "ar", "fa", "tr", "uk"]


def test_build_reports_success(sample_build):
    assert "Built" in sample_build.stdout
    assert "2026-11-30" in sample_build.stdout


def test_url_layout(sample_build):
    files = sample_build.files
    assert {"index.html", "sitemap.xml"} <= set(files)
    for lang in LANGUAGES:
        assert f"{lang}/index.html" in files
    for quarter in QUARTERS:
        assert f"{quarter}/index.html" in files, "language chooser (sticker short link)"
        offers = [p.stem for p in (SAMPLE / "quarters" / quarter / "offers").glob("*.md")
                  if p.name.count(".") == 1] if (SAMPLE / "quarters" / quarter / "offers").is_dir() else []
        for lang in LANGUAGES:
            assert f"{lang}/{quarter}/index.html" in files
            assert f"{lang}/{quarter}/calendar.ics" in files
            for week in WEEKS:
                assert f"{lang}/{quarter}/{week}/index.html" in files
            assert f"{lang}/{quarter}/2026-W53/index.html" not in files, "only the current week and 3 ahead"
            for offer in offers:
                assert f"{lang}/{quarter}/{offer}/index.html" in files


def test_sitemap_has_hreflang_alternates(sample_build):
    sitemap = sample_build.text("sitemap.xml")
    assert "<loc>https://quartiere.example.org/de/nordstadt/</loc>" in sitemap
    assert 'hreflang="ar" href="https://quartiere.example.org/ar/nordstadt/"' in sitemap


def test_muetter_cafe_on_first_wednesday(sample_build):
    html = sample_build.text("de/nordstadt/2026-W49/index.html")
    items = week_items(html)
    assert ("2026-12-02T10:00+01:00", "../muetter-cafe/", False) in items
    assert '<time datetime="2026-12-02T10:00+01:00"' in html
    # Monthly: not in the other weeks of December.
    for week in WEEKS[1:]:
        assert not [i for i in week_items(sample_build.text(f"de/nordstadt/{week}/index.html"))
                    if i[1].endswith("muetter-cafe/")]
    # The offer page says when.
    offer = sample_build.text("de/nordstadt/muetter-cafe/index.html")
    assert "Mütter-Café" in offer
    assert "10:00–11:30" in offer


def test_quartiersbuero_sprechstunde_tuesday(sample_build):
    board = sample_build.text("de/nordstadt/index.html")
    match = re.search(r'<span class="days">Dienstag</span>\s*<bdi class="when">16:00–18:00 Uhr</bdi>[^<]*'
                      r'Quartiersbüro Nordstadt', board)
    assert match, "office hours Tue 16–18 in the Quartiersbüro on the Nordstadt board"


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("fa", "rtl"), ("de", "ltr"), ("ru", "ltr")])
def test_html_lang_and_dir(sample_build, lang, direction):
    pages = [p for p in sample_build.files if p.startswith(f"{lang}/") and p.endswith(".html")]
    assert len(pages) > 20
    for page in pages:
        assert f'<html lang="{lang}" dir="{direction}">' in sample_build.text(page), page


def test_holidays_in_christmas_week(sample_build):
    html = sample_build.text("de/nordstadt/2026-W52/index.html")
    assert "Erster Weihnachtstag" in html
    assert "Zweiter Weihnachtstag" in html
    items = week_items(html)
    on_25th = [i for i in items if i[0].startswith("2026-12-25")]
    assert on_25th, "regular Friday offers are listed on the holiday …"
    assert all(cancelled for _, _, cancelled in on_25th), "… and marked as not taking place"
    assert 'class="paused"' in html


def test_every_week_page_links_offers_of_its_quarter(sample_build):
    """Each item of a week page links an offer of its quarter, or for office hours the board's contacts."""
    for quarter in QUARTERS:
        for week in WEEKS:
            for when, href, _ in week_items(sample_build.text(f"de/{quarter}/{week}/index.html")):
                year, number = week.split("-W")
                import datetime as dt

                day = dt.datetime.fromisoformat(when).date()
                assert day.isocalendar()[:2] == (int(year), int(number)), (week, when)
                # office hours link the board's contacts ("../#contact"), offers their pages
                target = f"de/{quarter}/" + href.partition("#")[0].removeprefix("../")
                assert target + "index.html" in sample_build.files, href


@pytest.mark.slow
def test_builds_are_reproducible(sample_build, tmp_path):
    second = cli(*build_args(SAMPLE, tmp_path, TODAY, keep=True))
    assert second.code == 0, second.err
    again = tree(tmp_path / "output")
    assert set(again) == set(sample_build.files)
    different = [p for p in again if again[p] != sample_build.files[p]]
    assert not different, different[:10]
