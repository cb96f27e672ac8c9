"""Holiday tables: the package's names, in a language chosen by the site (never by the machine), kept per machine."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from quartierboards.i18n import holidays
from quartierboards.i18n.holidays import HolidayCalendar, UnknownRegion, holiday_table, package_language

CHRISTMAS = dt.date(2026, 12, 25)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTIERBOARDS_CACHE", str(tmp_path))
    return tmp_path / "holidays"


def _in_fresh_process(code: str, cache_dir, lang: str = "C.UTF-8") -> str:
    env = {**os.environ, "QUARTIERBOARDS_CACHE": str(cache_dir), "LANG": lang, "LC_ALL": lang}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_a_table_is_made_once_then_read_without_importing_the_package(cache):
    code = ("import sys, datetime as dt\n"
            "from quartierboards.i18n.holidays import holiday_table\n"
            "print(holiday_table('DE-NW', 2026, 'de')[dt.date(2026, 12, 25)], 'holidays' in sys.modules)")
    assert _in_fresh_process(code, cache.parent).split() == ["Erster", "Weihnachtstag", "True"]
    assert _in_fresh_process(code, cache.parent).split() == ["Erster", "Weihnachtstag", "False"], \
        "the second build reads the kept table: the package (0.2 s with its 250 countries) is not imported"
    (kept,) = cache.glob("holidays-*/DE-NW-2026-de.json")
    assert json.loads(kept.read_text(encoding="utf-8"))["2026-12-25"] == "Erster Weihnachtstag"


def test_names_do_not_depend_on_the_machines_locale(tmp_path):
    code = ("from quartierboards.i18n.holidays import holiday_table\n"
            "import datetime as dt\n"
            "print([holiday_table('DE-NW', 2026, lang)[dt.date(2026, 12, 25)] for lang in (None, 'de', 'en', 'ar')])")
    english_machine = _in_fresh_process(code, tmp_path / "a", lang="C.UTF-8")
    german_machine = _in_fresh_process(code, tmp_path / "b", lang="de_DE.UTF-8")
    assert english_machine == german_machine
    assert english_machine.strip() == str(["Erster Weihnachtstag", "Erster Weihnachtstag", "Christmas Day",
                                           "Erster Weihnachtstag"])


def test_a_language_the_package_lacks_gets_the_countrys_own_names():
    assert package_language("en", ("de", "en_US", "uk"), "de") == "en_US"
    assert package_language("uk", ("de", "en_US", "uk"), "de") == "uk"
    assert package_language("fa", ("de", "en_US", "uk"), "de") == "de"
    assert package_language(None, ("de", "en_US"), "de") == "de"


def test_a_damaged_table_is_made_again(cache):
    holiday_table("DE-NW", 2026, "de")
    (kept,) = cache.glob("holidays-*/DE-NW-2026-de.json")
    for damage in ('{"2026-12-25": ', '{"not a date": "x"}', '["2026-12-25"]', '{"2026-12-25": 1}'):
        kept.write_text(damage, encoding="utf-8")
        assert holiday_table("DE-NW", 2026, "de")[CHRISTMAS] == "Erster Weihnachtstag"
        assert json.loads(kept.read_text(encoding="utf-8"))["2026-12-25"] == "Erster Weihnachtstag"


@pytest.mark.parametrize("region", ["DE-XX", "XX", "de-nw", "../DE", "country_holidays"])
def test_an_unknown_region_is_refused_and_nothing_is_kept(cache, region):
    with pytest.raises(UnknownRegion):
        holiday_table(region, 2026)
    assert not list(cache.glob("**/*.json"))


def test_without_a_known_package_version_tables_are_made_each_time_not_kept(cache, monkeypatch):
    monkeypatch.setattr(holidays, "_package_version", lambda: None)
    assert holiday_table("DE-BY", 2026, "de")[dt.date(2026, 1, 6)] == "Heilige Drei Könige"
    assert not cache.exists()


def test_the_calendar_names_a_day_or_none():
    assert HolidayCalendar("DE-NW").name(CHRISTMAS, "en") == "Christmas Day"
    assert HolidayCalendar("DE-NW").is_holiday(CHRISTMAS)
    assert not HolidayCalendar("DE-NW").is_holiday(dt.date(2026, 12, 23))
    assert HolidayCalendar(None).name(CHRISTMAS) is None
