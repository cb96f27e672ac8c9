"""Schedule rules in words, as residents read them in each language."""

from __future__ import annotations

import pytest
from qb_support import SAMPLE

from quartierboards.content.loader import load_site
from quartierboards.content.models import ScheduleEntry
from quartierboards.render.describe import describe_days
from quartierboards.render.view import LangView


@pytest.fixture(scope="module")
def site():
    return load_site(SAMPLE)


def entry(**data) -> ScheduleEntry:
    return ScheduleEntry.model_validate({"time": "10:00-12:00", **data})


@pytest.mark.parametrize(("rule", "lang", "words"), [
    ("first wed", "ru", "каждую первую среду месяца"),
    ("third tue", "ru", "каждый третий вторник месяца"),
    ("last sun", "ru", "каждое последнее воскресенье месяца"),
    ("first wed", "uk", "кожну першу середу місяця"),
    ("second mon", "uk", "кожен другий понеділок місяця"),
    ("third tue", "en", "every third Tuesday of the month"),
])
def test_monthly_rules_say_which_weekday_of_the_month(site, rule: str, lang: str, words: str) -> None:
    assert describe_days(entry(monthly=rule), LangView(site, lang)) == words


def test_no_monthly_rule_speaks_of_weeks_of_the_month(site) -> None:
    # "среда первой недели" is the Wednesday of the first week: another day in some months.
    for lang in ("ru", "uk"):
        for rule in ("first mon", "second wed", "third fri", "fourth sat", "last sun"):
            text = describe_days(entry(monthly=rule), LangView(site, lang))
            assert "недели" not in text and "тижня" not in text, text


@pytest.mark.parametrize(("rrule", "lang", "expected"), [
    ("FREQ=MONTHLY;BYDAY=3TU", "ru", "каждый третий вторник месяца"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "en", "every last Friday of the month"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "en", "Monday and Thursday"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "en", "every 2 weeks: Saturday"),
])
def test_hand_written_rrules_are_described_in_words(site, rrule: str, lang: str, expected: str) -> None:
    assert describe_days(entry(rrule=rrule), LangView(site, lang)) == expected


def test_the_german_monthly_rule_keeps_its_pattern_and_odd_rrules_fall_back(site) -> None:
    de = LangView(site, "de")
    assert "Dienstag" in describe_days(entry(monthly="third tue"), de)
    odd = entry(rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21")
    assert describe_days(odd, de) == "an wechselnden Tagen, siehe Wochenplan"


def test_the_sample_debt_advice_page_no_longer_says_changing_days(sample_build) -> None:
    page = sample_build.text("ru/suedpark/schuldnerberatung/index.html")
    assert "каждый третий вторник месяца" in page
    assert "wechselnden" not in sample_build.text("de/suedpark/schuldnerberatung/index.html")


def test_a_start_and_exceptions_that_have_passed_are_not_said_any_more(site) -> None:
    import datetime as dt

    from quartierboards.render.describe import describe_exceptions, describe_validity

    view, today = LangView(site, "de"), dt.date(2026, 11, 30)
    old = entry(weekly=["di"], **{"from": "2017-04-25"})
    assert describe_validity(old, view, today) == ""  # was "ab 25. April 2017", for years
    assert describe_validity(entry(weekly=["di"], **{"from": "2027-03-01"}), view, today) == "ab 1. März 2027"
    both = entry(weekly=["di"], **{"from": "2017-04-25", "until": "2027-06-30"})
    assert describe_validity(both, view, today) == "bis 30. Juni 2027"
    excepted = entry(weekly=["di"], **{"except": ["2026-11-24", "2026-12-29"]})
    assert describe_exceptions(excepted, view, today) == "nicht am 29. Dezember 2026"
    assert describe_exceptions(entry(weekly=["di"], **{"except": ["2026-11-24"]}), view, today) == ""


@pytest.mark.parametrize(("dates", "lang", "expected"), [
    ("2027-06-12..2027-06-13", "de", "12.–13. Juni 2027, täglich"),
    ("2027-06-12..2027-06-13", "ar", "يوميًا"),
    ("2027-06-12..2027-06-13", "fa", "هر روز"),
    (["2027-06-12..2027-06-13", "2027-07-03..2027-07-03"], "de", "12.–13. Juni 2027 und 3. Juli 2027, täglich"),
])
def test_a_multi_day_event_is_said_once_as_a_span(site, dates, lang: str, expected: str) -> None:
    assert expected in describe_days(entry(dates=dates, time="14:00-22:00"), LangView(site, lang))


def test_single_dates_are_not_daily(site) -> None:
    import datetime as dt

    said = describe_days(entry(dates=[dt.date(2027, 6, 12), dt.date(2027, 6, 19)], time="14:00-22:00"),
                         LangView(site, "de"))
    assert "täglich" not in said and "12. Juni 2027" in said


def test_a_multi_day_event_is_one_entry_on_its_page_and_on_each_of_its_days(sample_build) -> None:
    """The Weihnachtsmarkt (sample) runs Saturday and Sunday, 5–6 December."""
    page = sample_build.text("de/am-wasserturm/weihnachtsmarkt/index.html")
    hours = page[page.index('<ul class="hours">'):]
    hours = hours[: hours.index("</ul>")]
    assert hours.count("<li>") == 1
    assert "5.–6. Dez. 2026, täglich" in hours and "14:00–19:00 Uhr" in hours
    week = sample_build.text("de/am-wasserturm/2026-W49/index.html")
    days = [part for part in week.split('<section class="day') if "weihnachtsmarkt/" in part]
    assert ['id="day-2026-12-05"' in days[0], 'id="day-2026-12-06"' in days[1]] == [True, True]
    assert len(days) == 2
