"""Closures and school holidays: what a resident sees on the week pages, the offer page and in the calendar."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from qb_support import build_args, cli, copy_base, week_items

from quartierboards.content.closures import Closure
from quartierboards.content.models import ScheduleEntry
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.schedule.expand import expand_entry
from quartierboards.schedule.pauses import Pauses

TZ = ZoneInfo("Europe/Berlin")
NW = HolidayCalendar("DE-NW")
D = dt.date
WEIHNACHTSFERIEN = Closure.model_validate({"dates": "2026-12-14..2026-12-19", "reason": "Weihnachtsferien"},
                                          context={"default_language": "de"})


def _expand(fields: dict, **kw) -> list:
    entry = ScheduleEntry.model_validate({"time": "10:00-12:00", **fields})
    return expand_entry(entry, D(2026, 12, 7), D(2026, 12, 27), tz=TZ, source="q/o", place_ref=None,
                        calendar=NW, pause_on_holidays=True, **kw)


def test_a_closure_pauses_the_regular_dates_in_it_and_names_itself():
    occs = _expand({"weekly": "fri"}, pauses=Pauses([WEIHNACHTSFERIEN]))
    assert [(o.start.day, o.cancelled) for o in occs] == [(11, False), (18, True), (25, True)]
    assert occs[1].closure is WEIHNACHTSFERIEN and occs[1].holiday is None
    assert occs[2].closure is None and occs[2].holiday  # Christmas Day: the public holiday


def test_a_one_off_date_in_a_closure_takes_place():
    occs = _expand({"date": "2026-12-16"}, pauses=Pauses([WEIHNACHTSFERIEN]))
    assert [(o.start.day, o.cancelled) for o in occs] == [(16, False)]


def test_a_holiday_programme_runs_only_in_the_holidays():
    occs = _expand({"weekly": ["mon", "wed"]}, only=Pauses([WEIHNACHTSFERIEN]))
    assert [o.start.day for o in occs] == [14, 16]


@pytest.mark.parametrize("dates,problem", [
    ("2027-10-20..2027-10-16", "endet, bevor sie beginnt"),
    ("2027-01-01..2028-06-01", "länger als ein Jahr"),
    ("Herbst", "ungültige Pause 'Herbst'"),
])
def test_a_wrong_closure_is_an_error_at_its_line(tmp_path: Path, monkeypatch, dates: str, problem: str):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # the editor's language
    content = copy_base(tmp_path)
    place = content / "quarters/nord/places/treff.yaml"
    place.write_text(place.read_text() + f"closures:\n  - dates: {dates}\n    reason: Betriebsferien\n")
    run = cli(*build_args(content, tmp_path))
    assert run.code == 1
    [error] = run.error_lines()
    assert error["path"].endswith("quarters/nord/places/treff.yaml") and error["line"] == "9", run.err
    assert problem in error["message"]
    assert "Traceback" not in run.err


def test_pausing_in_school_holidays_the_site_does_not_list_is_an_error(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    content = copy_base(tmp_path)
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text().replace("place: treff\n", "place: treff\nschool_holidays: pause\n"))
    run = cli(*build_args(content, tmp_path))
    assert run.code == 1
    [error] = run.error_lines()
    assert error["path"].endswith("offers/cafe.md") and "Schulferien in site.yaml" in error["message"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The base city with school holidays, a place closed for a day, a closed quarter office and a
    holiday programme."""
    dest = tmp_path_factory.mktemp("pauses")
    content = copy_base(dest)
    site = content / "site.yaml"
    site.write_text(site.read_text() + textwrap.dedent("""\
        school_holidays:
          - dates: 2026-12-14..2026-12-19
            reason: Weihnachtsferien
        """))
    place = content / "quarters/nord/places/treff.yaml"
    place.write_text(place.read_text() + textwrap.dedent("""\
        closures:
          - dates: 2026-12-04
            reason: {de: Betriebsausflug, en: staff outing}
        """))
    quarter = content / "quarters/nord/quarter.yaml"
    quarter.write_text(quarter.read_text() + textwrap.dedent("""\
        closures:
          - dates: 2026-12-08..2026-12-09
            reason: {de: Fortbildung, en: training}
        """))
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text().replace("place: treff\n", "place: treff\nschool_holidays: pause\n"))
    (content / "quarters/nord/offers/ferienspiele.md").write_text(textwrap.dedent("""\
        ---
        title: Ferienspiele
        summary: Spielen in den Ferien.
        audience: children
        category: leisure
        place: treff
        school_holidays: only
        schedule:
          - weekly: [mon, tue, wed, thu, fri]
            time: "10:00-13:00"
        ---
        """))
    run = cli(*build_args(content, dest))
    assert run.code == 0, run.err
    return dest / "output"


def _items(output: Path, lang: str, week: str) -> list[tuple[str, str, bool]]:
    return week_items((output / lang / "nord" / week / "index.html").read_text())


def test_a_place_closure_strikes_out_the_date_with_its_reason(built: Path):
    html = (built / "de/nord/2026-W49/index.html").read_text()
    assert ("2026-12-04T15:00+01:00", "../cafe/", True) in _items(built, "de", "2026-W49")
    assert "Pause: Betriebsausflug" in html
    assert "Pause: staff outing" in (built / "en/nord/2026-W49/index.html").read_text()


def test_a_quarter_closure_pauses_its_office_hours(built: Path):
    html = (built / "de/nord/2026-W50/index.html").read_text()
    office = [i for i in _items(built, "de", "2026-W50") if i[0].startswith("2026-12-08T16:00")]
    assert office and office[0][2], "Tuesday's office hours are struck out"
    assert "Pause: Fortbildung" in html


def test_school_holidays_pause_an_offer_and_are_said_in_the_reader_s_language(built: Path):
    items = _items(built, "de", "2026-W51")
    assert ("2026-12-18T15:00+01:00", "../cafe/", True) in items
    assert "Pause: Weihnachtsferien" in (built / "de/nord/2026-W51/index.html").read_text()
    # The editors wrote the German name only: the Arabic page says it in Arabic.
    assert "عطلة عيد الميلاد المدرسية" in (built / "ar/nord/2026-W51/index.html").read_text()
    offer = (built / "de/nord/cafe/index.html").read_text()
    assert "Nicht in den Schulferien." in offer and "14.–19. Dez. 2026 (Weihnachtsferien)" in offer


def test_a_holiday_programme_is_only_in_the_holiday_weeks(built: Path):
    def ferien(week: str) -> list[str]:
        return [i[0][:10] for i in _items(built, "de", week) if "ferienspiele" in i[1]]

    assert ferien("2026-W49") == [] and ferien("2026-W50") == []
    assert ferien("2026-W51") == ["2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18"]
    page = (built / "de/nord/ferienspiele/index.html").read_text()
    assert "Nur in den Schulferien:" in page


def test_calendars_leave_out_what_is_paused(built: Path):
    cal = icalendar.Calendar.from_ical((built / "de/nord/cafe/calendar.ics").read_bytes())
    [event] = cal.walk("VEVENT")
    excluded = {d.dt.date() for prop in _as_list(event.get("exdate")) for d in prop.dts}
    # Friday 4 December (the outing) is left out: the rule starts on the next Friday.
    assert event["dtstart"].dt.date() == D(2026, 12, 11)
    assert D(2026, 12, 18) in excluded and D(2026, 12, 11) not in excluded
    holiday = icalendar.Calendar.from_ical((built / "de/nord/ferienspiele/calendar.ics").read_bytes())
    [programme] = holiday.walk("VEVENT")
    assert programme["dtstart"].dt.date() == D(2026, 12, 14)
    assert programme["rrule"]["until"][0].date() == D(2026, 12, 19)
    quarter = icalendar.Calendar.from_ical((built / "de/nord/calendar.ics").read_bytes())
    office = next(e for e in quarter.walk("VEVENT") if "Sprechstunde" in str(e["summary"]))
    assert D(2026, 12, 8) in {d.dt.date() for prop in _as_list(office.get("exdate")) for d in prop.dts}


def _as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def test_a_quarter_loaded_later_in_an_edit_build_knows_the_site_s_school_holidays(tmp_path: Path):
    """An edit build loads an unchanged quarter only when asked; its offers still see site.yaml's settings."""
    content = copy_base(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text() + "school_holidays:\n  - dates: 2026-12-14..2026-12-19\n"
                                       "    reason: Weihnachtsferien\n")
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text().replace("place: treff\n", "place: treff\nschool_holidays: pause\n"))
    args = build_args(content, tmp_path)
    assert cli(*args).code == 0
    quarter = content / "quarters/sued/quarter.yaml"
    quarter.write_text(quarter.read_text().replace("name: Süd", "name: Südstadt", 1))
    run = cli(*args)
    assert run.code == 0, run.err
