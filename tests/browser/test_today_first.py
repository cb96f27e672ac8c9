"""A resident who scans the code sees what runs today on the first screen of the board."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FIRST_ENTRY = """() => {
  const item = document.querySelector('.today-box .item:not(.over)');
  const box = document.querySelector('.today-box');
  return {top: item ? item.getBoundingClientRect().top + window.scrollY : null,
          day: box.getAttribute('data-day'), text: item ? item.textContent.replace(/\\s+/g, ' ').trim() : ''};
}"""


@pytest.mark.parametrize("lang", ["de", "ar", "ru"])
def test_todays_first_entry_is_on_the_first_phone_screen(lang: str, new_context) -> None:
    page = new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/Berlin").new_page()
    page.clock.set_fixed_time("2026-11-30T08:00:00+01:00")  # the build day, before anything has begun
    page.goto(f"{lang}/suedpark/")
    first = page.evaluate(FIRST_ENTRY)
    assert first["top"] is not None, "the board shows today's entries"
    assert first["top"] < 844, f"{lang}: today's first entry starts at y = {first['top']:.0f} px"
    # the same first entry as the week plan's today
    plan_first = page.evaluate("""() => document.querySelector('#day-2026-11-30').parentNode
                                  .querySelector('.item .title').textContent.trim()""")
    assert plan_first in first["text"]


def test_later_in_the_week_the_box_follows_the_clock_and_marks_what_runs_now(new_context) -> None:
    page = new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/Berlin").new_page()
    page.clock.set_fixed_time("2026-12-01T10:30:00+01:00")  # Tuesday: the page was built on Monday
    page.goto("de/suedpark/")
    state = page.evaluate("""() => {
      const box = document.querySelector('.today-box');
      const day = document.querySelector('#day-2026-12-01').parentNode;
      const titles = el => [...el.querySelectorAll('.item:not(.over) .title')].map(a => a.textContent.trim());
      return {day: box.getAttribute('data-day'), box: titles(box), plan: titles(day),
              now: [...box.querySelectorAll('.item.now .title')].map(a => a.textContent.trim()),
              ended: box.querySelectorAll('.item.over').length, heading: box.querySelector('h2').textContent};
    }""")
    assert state["day"] == "2026-12-01" and "Dienstag" in state["heading"]
    assert state["box"] and set(state["box"]) <= set(state["plan"])
    assert state["ended"] + len(state["box"]) == len(state["plan"])  # what ended before 10:30 left the box


def test_without_javascript_the_build_days_entries_are_shown(new_context) -> None:
    page = new_context(java_script_enabled=False, viewport={"width": 390, "height": 844}).new_page()
    page.goto("ru/suedpark/")
    assert page.locator(".today-box .item").count() > 0
    assert page.locator(".today-box h2").inner_text().startswith("Сегодня")


def test_when_today_is_over_the_box_shows_what_comes_next(new_context) -> None:
    page = new_context(viewport={"width": 390, "height": 844}, timezone_id="Europe/Berlin").new_page()
    page.clock.set_fixed_time("2026-12-01T23:30:00+01:00")
    page.goto("de/suedpark/")
    box = page.locator(".today-box")
    assert "Heute ist nichts mehr los." in box.inner_text()
    assert box.locator("h3").first.inner_text().startswith("Mittwoch")
    assert box.locator(".item:not(.over)").count() > 0
