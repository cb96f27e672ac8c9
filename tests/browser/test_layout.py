"""Reflow at 320 px and 200 % text, 44 px touch targets, and a week plan screen readers can navigate."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const se = document.scrollingElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.width && (r.right > se.clientWidth + 1 || r.left < -1); })
    .filter(el => !el.classList.contains('skip'))
    .slice(0, 5).map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 30));
  return {scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, wide};
}"""

DOUBLE_TEXT = """() => { const root = document.documentElement;
  root.style.fontSize = (2 * parseFloat(getComputedStyle(root).fontSize)) + 'px'; }"""


@pytest.mark.parametrize("lang", ["de", "ar", "de-x-ls"])
@pytest.mark.parametrize("zoom", [1, 2], ids=["text100", "text200"])
def test_no_horizontal_scrolling_at_320px(lang: str, zoom: int, new_context) -> None:
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    for path in ["suedpark/", "suedpark/2026-W49/", "suedpark/krabbelgruppe/", "", "barrierefreiheit/",
                 "datenschutz/", "impressum/"]:
        page.goto(f"{lang}/{path}")
        if zoom == 2:
            page.evaluate(DOUBLE_TEXT)
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 36
        result = page.evaluate(OVERFLOW)
        assert result["scrollWidth"] <= result["clientWidth"], f"{lang}/{path} scrolls sideways: {result}"


TARGETS = """() => [...document.querySelectorAll('a[href], button, summary')]
  .filter(el => el.getClientRects().length && !el.closest('[hidden]'))
  .filter(el => !el.classList.contains('skip'))
  // links inside running text are exempt (WCAG 2.5.8 "inline"); everything else is a 44 px target
  .filter(el => !el.closest('.body, .about, .lead, .share-url'))
  .map(el => { const r = el.getBoundingClientRect();
    return {text: (el.textContent || '').trim().slice(0, 30), w: r.width, h: r.height,
            cls: el.parentElement.className || el.parentElement.tagName}; })"""


@pytest.mark.parametrize("lang", ["de", "ar", "ru", "de-x-ls"])
def test_touch_targets_at_least_44px(lang: str, new_context) -> None:
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    small = []
    checked = 0
    for path in ["suedpark/", "suedpark/2026-W50/", "suedpark/krabbelgruppe/", "suedpark/filter/families/",
                 "suedpark/news/", "", "datenschutz/"]:
        page.goto(f"{lang}/{path}")
        targets = page.evaluate(TARGETS)
        checked += len(targets)
        small += [(path, t) for t in targets if t["w"] < 43.5 or t["h"] < 43.5]
    assert checked > 100
    assert not small, f"targets smaller than 44×44 px: {small[:10]}"


TYPE = """() => { const body = getComputedStyle(document.body);
  const p = document.querySelector('main p') || document.body;
  return {size: parseFloat(body.fontSize), line: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
          align: getComputedStyle(p).textAlign, hyphens: getComputedStyle(p).hyphens,
          columns: getComputedStyle(document.querySelector('.weekplan') || document.body)
                     .gridTemplateColumns.split(' ').length}; }"""


def test_easy_language_pages_use_larger_type_and_a_simple_layout(new_context) -> None:
    """Leichte Sprache: type at least 1.25 × the other pages, more line height, flush start, no hyphens."""
    page = new_context(viewport={"width": 1024, "height": 900}).new_page()
    for path in ["suedpark/", "suedpark/krabbelgruppe/", ""]:
        page.goto(f"de/{path}")
        normal = page.evaluate(TYPE)
        page.goto(f"de-x-ls/{path}")
        easy = page.evaluate(TYPE)
        assert easy["size"] >= 1.25 * normal["size"], (path, easy, normal)
        assert easy["line"] >= 1.65 > normal["line"], (path, easy, normal)
        assert easy["align"] in ("start", "left") and easy["hyphens"] != "auto", (path, easy)
        if path == "suedpark/":
            assert normal["columns"] == 2 and easy["columns"] == 1, (normal, easy)


@pytest.mark.parametrize("lang", ["de", "ar", "fa"])
def test_week_plan_is_headed_sections_with_lists(lang: str, new_context, built: dict[str, bytes]) -> None:
    page = new_context().new_page()
    page.goto(f"{lang}/suedpark/2026-W49/")
    days = page.locator(".weekplan > section")
    assert days.count() == 7
    with_items = 0
    for i in range(7):
        day = days.nth(i)
        heading_id = day.get_attribute("aria-labelledby")
        assert heading_id and re.fullmatch(r"day-\d{4}-\d{2}-\d{2}", heading_id)
        heading = page.locator(f"#{heading_id}")
        name = heading.inner_text().strip()
        # a region named by its level-2 heading: screen readers list the days and jump between them
        assert page.get_by_role("region", name=name, exact=True).count() == 1
        assert heading.evaluate("h => h.tagName") == "H2"
        tree = day.aria_snapshot()
        assert tree.startswith("- region"), tree
        assert re.search(r"- heading .* \[level=2\]", tree), tree
        if day.locator(".item").count():
            with_items += 1
            assert "- list:" in tree and "- listitem:" in tree, tree
            # every entry reads: time, then the offer as a link
            for item in day.locator(".item").all():
                assert item.locator("time[datetime]").count() == 1
                assert item.get_by_role("link").count() >= 1
        else:
            assert day.locator(".nothing").is_visible()
    assert with_items >= 4
    # the board shows the same plan one heading level lower
    page.goto(f"{lang}/suedpark/")
    assert page.locator(".weekplan > section > h3[id^='day-']").count() == 7


LONG_WORD_TABLE = """| Angebot | Hinweis |
|---|---|
| Donaudampfschifffahrtsgesellschaftskapitänsmützenaufbewahrungsstelle | https://example.org/langer/pfad/ohne/ende |
"""


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_long_word_in_a_markdown_table_wraps_at_375px(lang: str, new_context) -> None:
    from quartierboards.render.markdown import render_markdown

    page = new_context(viewport={"width": 375, "height": 700}).new_page()
    page.goto(f"{lang}/suedpark/krabbelgruppe/")
    page.evaluate("html => { document.querySelector('.body').insertAdjacentHTML('beforeend', html); }",
                  str(render_markdown(LONG_WORD_TABLE)))
    assert page.evaluate("document.querySelectorAll('.body td').length") == 2
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["clientWidth"], f"the table scrolls sideways: {result}"
