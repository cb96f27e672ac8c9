"""Age filters: a static page per age band lists exactly the offers whose `age` range reaches into it."""

from __future__ import annotations

import re

import pytest

TITLE = re.compile(r'<a class="title" href="\.\./\.\./([a-z0-9-]+)/"')
CARD = re.compile(r'<li class="card offer"[^>]*>\s*<h4><a href="\.\./\.\./([a-z0-9-]+)/"')


# Nordstadt: Krabbelgruppe up to 3, Hausaufgabenhilfe and Ferienspiele 6–12, Jugendtreff 12–21; the others
# say no age.
@pytest.mark.parametrize("band,offers", [
    ("age-0-5", {"krabbelgruppe"}),
    ("age-6-12", {"hausaufgabenhilfe", "ferienspiele", "jugendtreff"}),  # "my 8-year-old", the 12-year-olds
    ("age-13-17", {"jugendtreff"}),
    ("age-18", {"jugendtreff"}),
])
def test_an_age_filter_page_lists_exactly_the_offers_for_that_age(sample_build, band, offers):
    html = sample_build.text(f"de/nordstadt/filter/{band}/index.html")
    assert set(CARD.findall(html)) == offers
    assert set(TITLE.findall(html)) <= offers  # the week plan (an offer may not meet this week)


def test_the_board_offers_the_age_filters_with_their_years(sample_build):
    html = sample_build.text("de/nordstadt/index.html")
    nav = html[html.index('id="f-age"'):]
    nav = nav[: nav.index("</div>")]
    assert "Alter" in nav and "6–12 Jahre" in nav and "ab 18 Jahren" in nav
    assert 'data-filter="age-6-12"' in nav
    assert "Angebote nach Alter: 6–12 Jahre" in sample_build.text("de/nordstadt/filter/age-6-12/index.html")
    assert "سن" in sample_build.text("fa/nordstadt/index.html")
