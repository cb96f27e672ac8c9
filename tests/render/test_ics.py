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
    for ev in events:
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
