"""A quarter with many regular offers still gets a 2-page flyer: the week is shortened, not the build failed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pypdfium2

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print.products import render_print_products

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def test_flyer_of_a_busy_quarter_fits_two_pages(tmp_path):
    generate(tmp_path / "content", quarters=1, offers=45, seed=11)
    site = load_site(tmp_path / "content")
    site.config.print.languages = ["de"]
    files = render_print_products(site, plan_schedules(site, dt.date(2026, 11, 30)), None, jobs=1).files
    pdf = pypdfium2.PdfDocument(files["quartier-000/flyer-quartier-000-de-print.pdf"])
    assert len(pdf) == 2
    back = pdf[1].get_textpage().get_text_range()
    assert "weitere auf der Website" in back
