"""schema.org data that search engines accept: Events with dates, Services without, Places with hours."""

from __future__ import annotations

import datetime as dt
import json
import re

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _documents(sample_build, lang: str = "de"):
    for rel, data in sample_build.files.items():
        if rel.startswith(f"{lang}/") and rel.endswith(".html"):
            for block in LD.findall(data.decode("utf-8")):
                yield rel, json.loads(block)


def _check_event(rel: str, event: dict) -> None:
    """Google's required properties for an Event, and ours: a dated, located, stated event."""
    for key in ("name", "startDate", "location", "eventStatus"):
        assert event.get(key), f"{rel}: Event without {key}: {event.get('name')}"
    start = dt.datetime.fromisoformat(event["startDate"]) if "T" in event["startDate"] else None
    if start:
        assert start.tzinfo is not None, f"{rel}: startDate without offset"
        assert dt.datetime.fromisoformat(event["endDate"]) > start
    assert event["location"].get("address", {}).get("streetAddress"), f"{rel}: location without address"
    assert event["eventStatus"] in ("https://schema.org/EventScheduled", "https://schema.org/EventCancelled")


def test_every_event_has_a_start_date_location_and_status(sample_build) -> None:
    events = services = 0
    for rel, doc in _documents(sample_build):
        if doc.get("@type") == "Event":
            events += 1
            _check_event(rel, doc)
            for sub in doc.get("subEvent", []):
                _check_event(rel, sub)
        elif doc.get("@type") == "Service":
            services += 1
            assert "startDate" not in doc and "eventSchedule" not in doc
    assert events >= 20


def test_an_upcoming_date_paused_by_a_holiday_is_a_cancelled_sub_event(sample_build) -> None:
    statuses = {sub["eventStatus"] for _, doc in _documents(sample_build) for sub in doc.get("subEvent", [])}
    assert statuses == {"https://schema.org/EventScheduled", "https://schema.org/EventCancelled"}


def test_places_carry_opening_hours(sample_build) -> None:
    specs = [spec for _, doc in _documents(sample_build) for node in doc.get("@graph", [])
             for spec in node.get("openingHoursSpecification", [])]
    assert specs, "the sample city has places with opening hours"
    assert all(s["dayOfWeek"] and re.fullmatch(r"\d\d:\d\d", s["opens"]) for s in specs)


def test_an_offer_whose_next_date_lies_beyond_the_planned_weeks_still_shows_it(sample_build) -> None:
    # Repair-Café: last Thursday of the month; built on 30 Nov, the weeks shown end on 27 Dec.
    page = sample_build.text("en/lindenhof/repair-cafe/index.html")
    assert "Next dates" in page and "December 31, 2026" in page
    event = next(json.loads(b) for b in LD.findall(page))
    assert event["startDate"].startswith("2026-12-31T17:00:00+01:00")


def test_a_past_one_off_event_offers_no_calendar_and_says_so(sample_build) -> None:
    page = sample_build.text("de/nordstadt/laternenumzug/index.html")
    assert "Hat bereits stattgefunden." in page
    assert "Nächste Termine" not in page and "Zu meinem Kalender" not in page and "webcal:" not in page


def test_the_board_says_a_past_one_off_event_has_taken_place(sample_build) -> None:
    board = sample_build.text("de/nordstadt/index.html")
    card = board[board.index('href="laternenumzug/"'):]
    card = card[:card.index("</ul>\n")] if "</ul>\n" in card else card
    card = card.split('class="card offer"')[0]
    assert "Hat bereits stattgefunden." in card
    assert "Hat bereits stattgefunden." not in board.replace(card, "")  # only that one


def test_a_multi_day_event_ends_on_its_last_day_and_past_midnight_on_the_next(sample_build):
    """Weihnachtsmarkt 5–6 December 14–19 h; Mitternachtssport 20:00–01:00 (the sample city)."""
    found = {e["name"]: e for rel, e in _documents(sample_build) if isinstance(e, dict) and e.get("@type") == "Event"}
    market = found["Weihnachtsmarkt am Wasserturm"]
    assert market["startDate"].startswith("2026-12-05T14:00") and market["endDate"].startswith("2026-12-06T19:00")
    sport = found["Mitternachtssport"]
    start, end = (dt.datetime.fromisoformat(sport[k]) for k in ("startDate", "endDate"))
    assert (end.date() - start.date()).days == 1 and end.hour == 1
