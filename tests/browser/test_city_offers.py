"""The city-wide list: its filters work in place exactly as their static pages show; right to left in ar and fa."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SHOWN = """() => [...document.querySelectorAll('#offers .card.offer')].filter(el => el.offsetParent !== null)
  .map(el => el.querySelector('a').getAttribute('href').split('/').slice(-3).join('/'))"""


def test_city_filters_in_place_equal_their_pages(new_context, base_url: str) -> None:
    page = new_context().new_page()
    page.goto("de/angebote/")
    values = page.eval_on_selector_all(".filters a[data-filter]", "as => as.map(a => a.dataset.filter)")
    assert {"monday", "in-suedpark", "families", "education"} <= set(values)
    static = {}
    for value in filter(None, values):
        page.goto(f"de/angebote/{value}/")
        static[value] = page.evaluate(SHOWN)
        assert static[value]
    page.goto("de/angebote/")
    everything = page.evaluate(SHOWN)
    page.evaluate("window.stillTheList = true")
    for value, expected in static.items():
        page.locator(f'.filters a[data-filter="{value}"]').click()
        assert page.evaluate("window.stillTheList === true")
        assert page.url == f"{base_url}de/angebote/{value}/"
        assert page.evaluate(SHOWN) == expected, value
    page.locator('.filters a[data-filter=""]').click()
    assert page.evaluate(SHOWN) == everything


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_city_pages_right_to_left(new_context, lang: str) -> None:
    page = new_context().new_page()
    for path in (f"{lang}/angebote/", f"{lang}/heute/"):
        page.goto(path)
        assert page.locator("main").evaluate("el => getComputedStyle(el).direction") == "rtl"
