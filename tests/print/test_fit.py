"""Skipping week limits from the measured full week gives the flyer that trying every limit gives."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products
from quartierboards.print.fit import WeekMeasure

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """Quarters from quiet to very busy (the generator's offers spread over them unevenly)."""
    content = tmp_path_factory.mktemp("busy") / "content"
    generate(content, quarters=1, offers=70, seed=23)
    site = load_site(content)
    products._init_worker(site, plan_schedules(site, dt.date(2026, 11, 30)), None)
    return site


def _layouts(monkeypatch) -> list[int | None]:
    """Record the week limit of every layout made from now on."""
    made: list[int | None] = []
    original = products.product_html

    def recording(site, plan, spec, templates_dir, week_limit=None):
        made.append(week_limit)
        return original(site, plan, spec, templates_dir, week_limit)

    monkeypatch.setattr(products, "product_html", recording)
    return made


@pytest.mark.parametrize("lang", ["de", "ar", "fa"])
def test_skipping_limits_picks_the_week_that_trying_each_limit_picks(busy, monkeypatch, lang):
    spec = next(s for s in products.product_specs(busy) if s.product == "flyer" and s.lang == lang
                and s.variant == "print")
    made = _layouts(monkeypatch)
    fast, fast_limit = products._render(spec)
    skipping = list(made)
    made.clear()
    monkeypatch.setattr(WeekMeasure, "cannot_fit", lambda self, limit: False)
    slow, slow_limit = products._render(spec)
    assert fast_limit == slow_limit and fast_limit is not None  # a busy quarter: the week was shortened
    assert fast.pdf == slow.pdf and fast.pages == 2
    assert made == list(products.WEEK_LIMITS[:products.WEEK_LIMITS.index(slow_limit) + 1])
    assert len(skipping) < len(made)  # the same flyer with fewer layouts
    assert skipping[0] is None and skipping[-1] == slow_limit


def test_a_measured_week_only_rules_out_limits_that_overflow():
    week = WeekMeasure(days=((10.0, 10.0, 10.0), (10.0,)), content=100.0, available=85.0, line=4.0)
    assert not week.cannot_fit(1)  # 100 - 20 + 4 = 84 fits
    assert week.cannot_fit(2)  # 100 - 10 + 4 = 94 does not
    assert not WeekMeasure(days=((10.0,),), content=50.0, available=85.0, line=4.0).cannot_fit(1)


def test_a_full_back_page_never_pushes_its_footer_into_the_margin(tmp_path, monkeypatch):
    import pypdfium2

    monkeypatch.setattr(WeekMeasure, "cannot_fit", lambda self, limit: False)  # the layout check alone decides
    content = tmp_path / "content"
    generate(content, quarters=3, offers=50, seed=5)  # quartier-001's German week once pushed it 6 mm down
    site = load_site(content)
    products._init_worker(site, plan_schedules(site, dt.date(2026, 11, 30)), None)
    spec = next(s for s in products.product_specs(site)
                if s.quarter == "quartier-001" and s.product == "flyer" and s.lang == "de" and s.variant == "web")
    result, _ = products._render(spec)
    page = pypdfium2.PdfDocument(result.pdf)[1]
    text = page.get_textpage()
    found = text.search("Stand:")
    start, count = found.get_next()
    boxes = [text.get_charbox(i) for i in range(start, start + 40)]
    bottom_pt = min(box[1] for box in boxes)  # PDF points from the page's bottom edge
    assert bottom_pt >= 10 * 72 / 25.4 - 1  # inside the 10 mm page margin, well clear of the 5 mm safe zone
