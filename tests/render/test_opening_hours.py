"""A place's opening hours in the week plan, where the place asks for it (``in_week_plan: true``)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import icalendar
import pytest
from qb_support import build_args, cli, copy_base, week_items


def _build(dest: Path, in_week_plan: bool) -> Path:
    content = copy_base(dest)
    place = content / "quarters/nord/places/treff.yaml"
    place.write_text(place.read_text() + textwrap.dedent(f"""\
        in_week_plan: {str(in_week_plan).lower()}
        opening_hours:
          - weekly: wed
            time: "10:00-12:00"
        closures:
          - dates: 2026-12-09
            reason: Renovierung
        """))
    run = cli(*build_args(content, dest))
    assert run.code == 0, run.err
    return dest / "output"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("opening"), True)


def test_opening_hours_stand_in_the_week_plan_once_a_day(built: Path):
    html = (built / "de/nord/2026-W49/index.html").read_text()
    assert html.count("Geöffnet: Treff Nord") == 1
    assert ("2026-12-02T10:00+01:00", "../#places", False) in week_items(html)
    english = re.sub(r"<[^>]+>", "", (built / "en/nord/2026-W49/index.html").read_text())
    assert "Open: Treff Nord" in english  # the German name, marked as German


def test_opening_hours_pause_in_the_place_s_closures(built: Path):
    html = (built / "de/nord/2026-W50/index.html").read_text()
    assert ("2026-12-09T10:00+01:00", "../#places", True) in week_items(html)
    assert "Pause: Renovierung" in html


def test_opening_hours_are_in_the_quarter_calendar(built: Path):
    cal = icalendar.Calendar.from_ical((built / "de/nord/calendar.ics").read_bytes())
    [event] = [e for e in cal.walk("VEVENT") if str(e["summary"]) == "Geöffnet: Treff Nord"]
    assert event["rrule"]["byday"] == ["WE"]
    assert "#places" in str(event["url"])


def test_without_asking_a_place_s_hours_stay_on_its_card(tmp_path: Path):
    output = _build(tmp_path, False)
    assert "Geöffnet:" not in (output / "de/nord/2026-W49/index.html").read_text()
