"""Keyboard only: Tab reaches every link and button in order, focus is always visible, the skip link works."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'

MARK_ALL = """(sel) => {
  const els = [...document.querySelectorAll(sel)].filter(el => !el.closest('[hidden]') &&
    (el.getClientRects().length > 0));
  window.__kbd = els.map(el => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.boxShadow].join('|');
  });
  els.forEach((el, i) => { el.dataset.kbd = i; });
  return els.length;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const s = getComputedStyle(el);
  const look = [s.outlineStyle, s.outlineWidth, s.boxShadow].join('|');
  const r = el.getBoundingClientRect();
  return {
    index: el.dataset.kbd === undefined ? -1 : Number(el.dataset.kbd),
    text: (el.textContent || '').trim().slice(0, 40),
    changed: look !== window.__kbd[Number(el.dataset.kbd)],
    visibleOutline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
  };
}"""


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("path", ["suedpark/", "suedpark/2026-W50/", "suedpark/krabbelgruppe/"])
def test_tab_reaches_everything_in_order_with_visible_focus(lang: str, path: str, new_context) -> None:
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{lang}/{path}")
    count = page.evaluate(MARK_ALL, FOCUSABLE)
    assert count > 10
    seen = []
    for _ in range(count):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        assert info is not None, f"focus left the page after {seen[-3:]}"
        seen.append(info)
        assert info["changed"] and info["visibleOutline"], f"focus not visible on {info}"
        assert info["inView"], f"focused element outside the viewport: {info}"
    assert [i["index"] for i in seen] == list(range(count)), "Tab order differs from reading order"


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_skip_link(lang: str, new_context) -> None:
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{lang}/suedpark/")
    skip = page.locator("a.skip")
    hidden_box = skip.bounding_box()
    assert hidden_box is None or hidden_box["width"] <= 1, "the skip link is hidden until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip')")
    box = skip.bounding_box()
    assert box and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), \
        "after the skip link, Tab continues inside <main>"
