"""The flyer lays time ranges out by the same rule as the web pages."""

from __future__ import annotations

import re

from qb_support import SAMPLE, TODAY

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print.products import product_specs
from quartierboards.print.workers import product_html

WHEN = re.compile(r'<bdi class="when"( dir="(\w+)")?>')


def test_the_flyer_lays_time_ranges_out_like_the_web() -> None:
    site = load_site(SAMPLE)
    plan = plan_schedules(site, TODAY)
    specs = {spec.file: spec for spec in product_specs(site)}
    for file, direction in (("suedpark/flyer-suedpark-ar-print.pdf", "rtl"),
                            ("suedpark/flyer-suedpark-de-print.pdf", "")):
        html = product_html(site, plan, specs[file], None)
        found = WHEN.findall(html)
        assert found and all(d == direction for _, d in found), (file, found[:3])
