"""Search: a link to the city-wide list without JavaScript; with it, Pagefind's index of the page's language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

RESULTS = "ls => ls.map(l => l.querySelector('a').textContent)"


def _search(page, path: str, query: str) -> list[str]:
    page.goto(path)
    page.locator("a.search-link").click()
    page.locator("#search-input").fill(query)
    page.wait_for_selector(f'#search-ui[data-done="{query}"]')
    return page.eval_on_selector_all(".search-results li", RESULTS)


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("de/suedpark/", "Kurs", "Deutschkurs für Frauen mit Kinderbetreuung"),  # a part of a compound word
    ("ru/suedpark/", "кафе", "Языковое кафе"),
    ("ar/suedpark/", "مقهى", "مقهى اللغة"),
])
def test_search_finds_offers_and_nothing_leaves_the_site(new_context, base_url: str, path: str, query: str,
                                                         expected: str) -> None:
    context = new_context()
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(path)
    assert not any("pagefind" in u or "search." in u for u in loaded), "search loads only when used"
    found = _search(page, path, query)
    assert expected in found
    assert not outside
    lang = path.split("/")[0]
    links = page.eval_on_selector_all(".search-results a", "as => as.map(a => a.href)")
    assert all(href.startswith(f"{base_url}{lang}/") for href in links), "results in the page's language"
    if lang == "ar":
        assert page.locator(".search-results").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator(".search-results li .where").first.inner_text().strip(), "results show the quarter"


def test_without_javascript_the_box_is_the_city_list(new_context, base_url: str) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("de/suedpark/")
    page.locator("a.search-link").click()
    page.wait_for_url(f"{base_url}de/angebote/")
