"""A page whose day part is the same on two days of a week is the same page on both days.

This guards the table in ``render/dayparts.py``: a template that starts to show the
day (a date, a "today" mark, what is past) without its day part saying so would be
taken over from yesterday's build, stale. Every page of the sample city is rendered
on every day of a week and compared with the Monday's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from qb_support import SAMPLE

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.render.dayparts import shown_day, site_templates_show_the_day
from quartierboards.render.pages import render_page, site_pages

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def site():
    return load_site(SAMPLE)


def _pages(site, day: dt.date) -> dict[str, tuple[str, bytes]]:
    plan = plan_schedules(site, day)
    return {spec.path: (shown_day(spec, site, plan), render_page(spec, site, plan, None))
            for spec in site_pages(site, plan)}


def test_pages_with_the_same_day_part_are_the_same_all_week(site):
    days = [_pages(site, MONDAY + dt.timedelta(days=offset)) for offset in range(7)]
    kept = 0
    for before, day in zip(days, days[1:], strict=False):
        assert day.keys() == before.keys()  # the same pages all week
        for path, (part, page) in day.items():
            if part == before[path][0]:
                kept += 1
                assert page == before[path][1], f"{path} shows the day, but its day part does not say so"
            if part == days[0][path][0]:
                assert page == days[0][path][1], f"{path} shows the day, but its day part does not say so"
    # Most pages show nothing of the day: taking them over is what makes a daily build fast.
    # The city-wide list shows each offer's next date, and "today" the day: left out here.
    city = [p for p in days[0] if p.split("/")[1:2] in (["angebote"], ["heute"])]
    assert kept > 6 * (len(days[0]) - len(city)) / 2


def test_pages_that_show_the_day_say_so(site):
    monday, tuesday = _pages(site, MONDAY), _pages(site, MONDAY + dt.timedelta(days=1))
    changed = [path for path in monday if monday[path][0] != tuesday[path][0]]
    assert "de/nordstadt/index.html" in changed  # the board's "Today" box
    assert not any(path.endswith("impressum/index.html") for path in changed)


def test_a_site_template_that_shows_the_day_makes_every_page_daily(tmp_path):
    (tmp_path / "base.html").write_text("{% block main %}{% endblock %}", encoding="utf-8")
    assert not site_templates_show_the_day(str(tmp_path))
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "footer.html").write_text("Stand: {{ v.date(today) }}", encoding="utf-8")
    assert site_templates_show_the_day(str(tmp_path))
    assert not site_templates_show_the_day(None)
    (tmp_path / "partials" / "footer.html").unlink()
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text(".today { color: red }", encoding="utf-8")
    assert not site_templates_show_the_day(str(tmp_path))  # static files are copied, not rendered
