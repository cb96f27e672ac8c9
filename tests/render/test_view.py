"""Dates and time ranges as each language writes them, on the web and in print."""

from __future__ import annotations

import re

WHEN = re.compile(r'<bdi class="when"( dir="(\w+)")?>')


def test_arabic_and_persian_date_lines_use_their_own_comma(sample_build) -> None:
    for lang in ("ar", "fa"):
        page = sample_build.text(f"{lang}/lindenhof/repair-cafe/index.html")
        dates = re.search(r'<ul class="dates">(.*?)</ul>', page, re.S).group(1)
        visible = re.sub(r"<[^>]+>", "", dates)
        assert "," not in visible, f"{lang}: Latin comma in {visible[:120]}"
    assert "الخميس، 31 ديسمبر 2026" in sample_build.text("ar/lindenhof/repair-cafe/index.html")


def test_time_ranges_follow_the_page_direction_on_every_page(sample_build) -> None:
    for lang, direction in (("ar", "rtl"), ("fa", "rtl"), ("de", "ltr"), ("ru", "ltr")):
        seen = 0
        for rel, data in sample_build.files.items():
            if rel.startswith(f"{lang}/") and rel.endswith(".html"):
                for match in WHEN.finditer(data.decode("utf-8")):
                    seen += 1
                    assert match.group(2) == direction, f"{rel}: {match.group(0)}"
        assert seen > 100
