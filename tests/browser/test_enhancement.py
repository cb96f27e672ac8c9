"""Filters and the today/now highlight: static without JavaScript, in place with it — the same result."""

from __future__ import annotations

import pytest

from .conftest import BUILD_DAY

pytestmark = pytest.mark.browser

BOARD = "de/suedpark/"

SHOWN = """() => ({
  items: [...document.querySelectorAll('.weekplan .item')].filter(el => el.offsetParent !== null)
           .map(el => el.closest('.day').getAttribute('aria-labelledby') + ' ' +
                      el.querySelector('.title').textContent.trim()),
  cards: [...document.querySelectorAll('#offers .card.offer')].filter(el => el.offsetParent !== null)
           .map(el => el.querySelector('a').textContent.trim()),
  categories: [...document.querySelectorAll('#offers h3')].filter(el => el.offsetParent !== null).map(el => el.id),
  emptyDays: [...document.querySelectorAll('.weekplan .day')]
           .filter(d => d.querySelector('.nothing') && d.querySelector('.nothing').offsetParent !== null)
           .map(d => d.getAttribute('aria-labelledby')),
})"""


def _filter_values(page) -> list[str]:
    return page.eval_on_selector_all(".filters a[data-filter]", "as => as.map(a => a.dataset.filter)")


def test_filters_without_javascript_are_pages(new_context, base_url: str) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(BOARD)
    everything = page.evaluate(SHOWN)
    page.locator('.filters a[data-filter="children"]').click()
    page.wait_for_url(f"{base_url}{BOARD}filter/children/")
    assert page.locator('.filters a[aria-current="page"]').get_attribute("data-filter") == "children"
    shown = page.evaluate(SHOWN)
    assert 0 < len(shown["items"]) < len(everything["items"])
    for item in page.locator(".weekplan .item").all():
        audience = item.get_attribute("data-audience").split()
        assert "children" in audience or "everyone" in audience
    # and back to everything
    page.locator('.filters a[data-filter=""]').click()
    page.wait_for_url(f"{base_url}{BOARD}#week")
    assert page.evaluate(SHOWN)["items"] == everything["items"]


def test_filters_with_javascript_work_in_place_like_the_pages(new_context, base_url: str) -> None:
    page = new_context().new_page()
    page.goto(BOARD)
    everything = page.evaluate(SHOWN)
    static = {}
    for value in _filter_values(page):
        if value:
            page.goto(f"{BOARD}filter/{value}/")
            static[value] = page.evaluate(SHOWN)
    assert len(static) >= 6
    page.goto(BOARD)
    loads = []
    page.on("domcontentloaded", lambda p: loads.append(p.url))
    page.evaluate("window.stillTheBoard = true")
    for value, expected in static.items():
        page.locator(f'.filters a[data-filter="{value}"]').click()
        assert page.evaluate("window.stillTheBoard === true"), "filtering must not load another page"
        # the address bar shows the filter's static page: shareable, and it comes back on reload
        assert page.url == f"{base_url}{BOARD}filter/{value}/"
        assert page.evaluate(SHOWN) == expected, f"filter {value!r} differs from its static page"
        assert page.locator('.filters a[aria-current="page"]').get_attribute("data-filter") == value
        assert page.locator("#filter-status").inner_text().strip()
    page.locator('.filters a[data-filter=""]').click()
    assert page.url == f"{base_url}{BOARD}"
    assert page.evaluate(SHOWN) == everything
    assert not loads


def test_filter_in_the_address_keeps_links_and_survives_a_reload(new_context, base_url: str) -> None:
    page = new_context().new_page()
    page.goto(BOARD)
    offer = page.locator(".weekplan .item .title").first
    target = offer.evaluate("a => a.href")
    page.locator('.filters a[data-filter="families"]').click()
    assert page.url == f"{base_url}{BOARD}filter/families/"
    # relative links were made for the board's folder; they still lead where they led
    assert page.locator(".weekplan .item:not([hidden]) .title").first.evaluate("a => a.href").startswith(
        f"{base_url}{BOARD}")
    assert offer.evaluate("a => a.href") == target
    assert page.locator('.toc a[href="#week"]').count() == 1, "in-page links stay in the page"
    page.reload()
    assert page.locator("h1").inner_text().startswith("Angebote für Familien")
    assert page.locator('.filters a[aria-current="page"]').get_attribute("data-filter") == "families"
    offer_link = page.locator(".weekplan .item .title").first
    offer_link.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1 and page.url.startswith(f"{base_url}{BOARD}")
    assert "/filter/" not in page.url


def test_filter_by_keyboard(new_context) -> None:
    page = new_context().new_page()
    page.goto(BOARD)
    page.locator('.filters a[data-filter="seniors"]').focus()
    page.keyboard.press("Enter")
    assert page.locator('.filters a[aria-current="page"]').get_attribute("data-filter") == "seniors"
    hidden = page.locator(".weekplan .item[hidden]").count()
    assert hidden > 0


def _today_sections(page) -> list[str]:
    return page.eval_on_selector_all(".day.today", "ds => ds.map(d => d.getAttribute('aria-labelledby'))")


def test_today_without_javascript_is_the_build_day(new_context) -> None:
    page = new_context(java_script_enabled=False, timezone_id="Europe/Berlin").new_page()
    page.goto(BOARD)
    assert _today_sections(page) == [f"day-{BUILD_DAY.isoformat()}"]
    assert page.locator(f"#day-{BUILD_DAY.isoformat()} .today-mark").is_visible()
    assert page.locator(".item.now").count() == 0


@pytest.mark.parametrize(("now", "path", "day"), [
    ("2026-12-02T10:00:00+01:00", BOARD, "2026-12-02"),
    ("2026-12-10T08:00:00+01:00", "de/suedpark/2026-W50/", "2026-12-10"),
    ("2026-12-06T23:30:00+01:00", "ar/suedpark/", "2026-12-06"),
])
def test_today_with_javascript_follows_the_clock(now: str, path: str, day: str, new_context) -> None:
    context = new_context(timezone_id="Europe/Berlin")
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto(path)
    assert _today_sections(page) == [f"day-{day}"]
    assert page.locator(f"#day-{day} .today-mark").count() == 1
    assert page.locator(".today-mark").count() <= 1


def test_now_marks_running_offers(new_context) -> None:
    page = new_context(timezone_id="Europe/Berlin").new_page()
    page.clock.set_fixed_time("2026-11-30T10:00:00+01:00")
    page.goto(BOARD)
    running = page.locator(".item.now")
    assert running.count() >= 1
    for item in running.all():
        assert item.locator(".now-mark").is_visible()
        start, end = item.locator("time").evaluate("t => [t.getAttribute('datetime'), t.getAttribute('data-end')]")
        assert start <= "2026-11-30T10:00+01:00" < end
    assert page.locator(".now-mark:visible").count() == running.count()


def test_stale_today_is_cleared_by_the_clock(new_context) -> None:
    """A page built weeks ago must not claim that its build day is today."""
    page = new_context(timezone_id="Europe/Berlin").new_page()
    page.clock.set_fixed_time("2027-01-15T10:00:00+01:00")
    page.goto(BOARD)
    assert _today_sections(page) == []
    assert page.locator(".today-mark").count() == 0
    assert page.locator(".item.now").count() == 0
