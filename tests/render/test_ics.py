"""The words of the calendar feeds are in the feed's language, for every event of an offer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from qb_support import SAMPLE

from quartierboards.content.loader import load_site
from quartierboards.i18n.text import pick
from quartierboards.render import ics, urls

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def site():
    return load_site(Path(SAMPLE))


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "ru"])
def test_every_event_speaks_the_feed_language(site, lang):
    cfg = site.config
    quarter = site.quarters["nordstadt"]
    feed = icalendar.Calendar.from_ical(ics.quarter_calendar(site, quarter, lang, TODAY))
    events = feed.walk("VEVENT")
    assert len(events) >= len([o for o in quarter.offers.values() if o.data.schedule])
    offers = {urls.absolute(cfg.base_url, urls.offer_page(lang, "nordstadt", o.slug)): o
              for o in quarter.offers.values()}
    board = urls.absolute(cfg.base_url, urls.board_page(lang, "nordstadt"))
    for ev in events:
        if str(ev["url"]) == f"{board}#contact":  # a contact's office hours, linked to the board's contacts
            assert any(c.name in str(ev["summary"]) for c in quarter.data.contacts)
            continue
        if str(ev["url"]) == f"{board}#places":  # a place's opening hours (in_week_plan), linked to its card
            opened = [p for p in quarter.places.values() if p.data.in_week_plan]
            assert any(pick(p.data.name, lang, cfg.default_language).text in str(ev["summary"]) for p in opened)
            continue
        offer = offers[str(ev["url"])]  # the offer page in this language
        title = pick(offer.text("title"), lang, cfg.default_language).text
        summary = pick(offer.text("summary"), lang, cfg.default_language).text
        assert str(ev["summary"]) == title
        assert str(ev["description"]) == f"{summary}\n{ev['url']}"
        place = site.place(offer.place_ref)
        if not any(e.place for e in offer.data.schedule or []):
            assert str(ev["location"]).startswith(pick(place.data.name, lang, cfg.default_language).text)


def test_languages_share_times_not_words(site):
    """Switching the language changes the texts only; times, rules and exceptions stay."""
    quarter = site.quarters["nordstadt"]
    feeds = {lang: icalendar.Calendar.from_ical(ics.quarter_calendar(site, quarter, lang, TODAY)).walk("VEVENT")
             for lang in ("de", "ar")}
    assert [str(e["summary"]) for e in feeds["de"]] != [str(e["summary"]) for e in feeds["ar"]]
    for de, ar in zip(feeds["de"], feeds["ar"], strict=True):
        for ev in (de, ar):
            for word in ("summary", "description", "location", "url"):
                del ev[word]
        assert de.to_ical() == ar.to_ical()

def test_long_texts_stay_folded(site):
    """Content lines of the filled-in words are folded at 75 octets like the rest (RFC 5545 3.1)."""
    for lang in site.config.languages:
        data = ics.quarter_calendar(site, site.quarters["nordstadt"], lang, TODAY)
        assert max(len(line) for line in data.split(b"\r\n")) <= 75


def test_a_quarter_calendar_takes_the_events_of_offer_calendars_of_the_last_build(monkeypatch):
    earlier, now = load_site(Path(SAMPLE)), load_site(Path(SAMPLE))  # two builds: their own offer objects
    quarter = next(iter(now.quarters.values()))
    fresh = ics.quarter_calendar(earlier, earlier.quarters[quarter.slug], "ar", TODAY)
    serialized = []
    original = ics._Shape.serialize
    monkeypatch.setattr(ics._Shape, "serialize", lambda self, *a: serialized.append(1) or original(self, *a))
    offers = list(quarter.offers.values())
    for offer in offers[1:]:
        previous = ics.offer_calendar(earlier, earlier.quarters[quarter.slug].offers[offer.slug], "ar", TODAY)
        assert ics.remember_offer_calendar(now, offer, "ar", TODAY, previous)
    serialized.clear()
    assert ics.quarter_calendar(now, quarter, "ar", TODAY) == fresh
    assert len(serialized) == 1  # only the first offer, whose calendar was not taken over


def test_anything_but_an_offer_calendar_is_not_taken():
    site = load_site(Path(SAMPLE))
    quarter = next(iter(site.quarters.values()))
    offer, other = list(quarter.offers.values())[:2]
    own = ics.offer_calendar(site, offer, "de", TODAY)
    assert not ics.remember_offer_calendar(site, offer, "de", TODAY, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert not ics.remember_offer_calendar(site, other, "de", TODAY, own)  # another offer's name
    assert not ics.remember_offer_calendar(site, offer, "de", TODAY + dt.timedelta(days=7), own)  # another window
    assert not ics.remember_offer_calendar(site, offer, "de", TODAY, own[:-3])


def test_a_past_midnight_event_ends_on_the_next_day(site):
    """Mitternachtssport 20:00-01:00 (sample city): DTEND is 01:00 on the day after the start."""
    offer = site.quarters["nordstadt"].offers["mitternachtssport"]
    assert offer.data.schedule[0].time == (dt.time(20), dt.time(1))
    feed = icalendar.Calendar.from_ical(ics.offer_calendar(site, offer, "de", TODAY))
    (event,) = feed.walk("VEVENT")
    start, end = event["dtstart"].dt, event["dtend"].dt
    assert (start.hour, end.hour) == (20, 1)
    assert end.date() == start.date() + dt.timedelta(days=1)
    # The monthly rule still reaches its last start: UNTIL is not cut at 01:00 of the last day.
    until = event["rrule"]["UNTIL"][0]
    assert until.astimezone(start.tzinfo).time() == dt.time(20)
