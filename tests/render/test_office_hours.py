"""A contact's office hours, entered once in quarter.yaml, stand in the week plan and the quarter's calendar."""

from __future__ import annotations

import icalendar
from qb_support import WEEKS


def test_office_hours_show_once_in_each_week_page(sample_build):
    """Jana Beispiel's Tuesday office hours: one item per week, linked to the board's contacts."""
    for week in WEEKS:
        html = sample_build.text(f"de/nordstadt/{week}/index.html")
        assert html.count("Sprechstunde: Jana Beispiel") == 1, week
    html = sample_build.text("de/nordstadt/2026-W49/index.html")
    item = html[:html.index("Sprechstunde: Jana Beispiel")]
    item = html[item.rindex('class="item office-hours'):]
    item = item[: item.index("</li>")]
    assert 'datetime="2026-12-01T16:00+01:00"' in item  # Tuesday 16:00
    assert "#contact" in item and "Quartiersbüro" in item


def test_office_hours_are_on_the_board_and_in_other_languages(sample_build):
    assert "Sprechstunde: Jana Beispiel" in sample_build.text("de/nordstadt/index.html")
    assert "ساعات الاستقبال: Jana Beispiel" in sample_build.text("ar/nordstadt/2026-W49/index.html")
    assert "ساعات پذیرش: Jana Beispiel" in sample_build.text("fa/nordstadt/2026-W49/index.html")


def test_office_hours_are_in_the_quarter_calendar(sample_build):
    feed = icalendar.Calendar.from_ical(sample_build.files["de/nordstadt/calendar.ics"])
    events = [e for e in feed.walk("VEVENT") if str(e["summary"]) == "Sprechstunde: Jana Beispiel"]
    assert len(events) == 1
    (event,) = events
    assert event["rrule"]["BYDAY"] == ["TU"]
    assert str(event["url"]).endswith("/de/nordstadt/#contact")
    assert str(event["location"]).startswith("Quartiersbüro")

