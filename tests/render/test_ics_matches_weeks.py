"""The quarter calendars (RRULE/EXDATE) expand to exactly the occurrences of the week pages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rruleset, rrulestr
from qb_support import SAMPLE, WEEKS, week_items

TZ = ZoneInfo("Europe/Berlin")
FIRST = dt.datetime(2026, 11, 30, tzinfo=TZ)
LAST = dt.datetime(2026, 12, 28, tzinfo=TZ)  # exclusive: end of ISO week 52
QUARTERS = sorted(p.name for p in (SAMPLE / "quarters").iterdir() if p.is_dir())


def _dates(prop) -> list[dt.datetime]:
    values = prop if isinstance(prop, list) else [prop]
    return [d.dt for v in values for d in v.dts]


def ics_occurrences(data: bytes) -> Counter:
    """(offer slug, UTC start, duration) of every occurrence in ISO weeks 49–52."""
    cal = icalendar.Calendar.from_ical(data)
    assert cal.walk("VTIMEZONE"), "the feed carries its VTIMEZONE"
    found: Counter = Counter()
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("dtstart")
        assert start.tzinfo is not None, "local times with TZID, not floating"
        duration = ev.decoded("dtend") - start
        slug = str(ev.get("url")).rstrip("/").rsplit("/", 1)[-1]
        if "rrule" in ev:
            rules = rruleset()
            rules.rrule(rrulestr(ev["rrule"].to_ical().decode(), dtstart=start))
            for day in _dates(ev.get("exdate", [])):
                rules.exdate(day)
            starts = rules.between(FIRST, LAST, inc=True)
        else:
            starts = [start] if FIRST <= start < LAST else []
        for s in starts:
            found[(slug, s.astimezone(dt.UTC), duration)] += 1
    return found


def html_occurrences(pages: list[str]) -> Counter:
    """The same, from the non-cancelled items of the week pages that have a time."""
    found: Counter = Counter()
    for html in pages:
        for when, href, cancelled in week_items(html):
            if cancelled or len(when) == 10:  # a day without a time: only by appointment, not in calendars
                continue
            found[(href.rstrip("/").rsplit("/", 1)[-1], dt.datetime.fromisoformat(when).astimezone(dt.UTC))] += 1
    return found


@pytest.mark.parametrize("quarter", QUARTERS)
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_ics_equals_week_pages(sample_build, quarter, lang):
    ics = ics_occurrences(sample_build.files[f"{lang}/{quarter}/calendar.ics"])
    html = html_occurrences([sample_build.text(f"{lang}/{quarter}/{w}/index.html") for w in WEEKS])
    assert Counter({(slug, start): n for (slug, start, _), n in ics.items()}) == html


def test_sample_has_something_to_compare(sample_build):
    ics = ics_occurrences(sample_build.files["de/nordstadt/calendar.ics"])
    assert sum(ics.values()) > 20
    cafe = [k for k in ics if k[0] == "muetter-cafe"]
    assert [(k[1], k[2]) for k in cafe] == [
        (dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC), dt.timedelta(hours=1, minutes=30))]


def test_holiday_paused_occurrences_are_excluded(sample_build):
    html = sample_build.text("de/nordstadt/2026-W52/index.html")
    cancelled = {(h.rstrip("/").rsplit("/", 1)[-1], dt.datetime.fromisoformat(w).astimezone(dt.UTC))
                 for w, h, c in week_items(html) if c}
    assert cancelled, "the sample has offers paused on 25/26 December"
    ics = {(slug, start) for slug, start, _ in ics_occurrences(sample_build.files["de/nordstadt/calendar.ics"])}
    assert not cancelled & ics
