"""Only by appointment: no drop-in times anywhere a resident could take them for an open door."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import icalendar
import pytest
from qb_support import build_args, cli, copy_base


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The base city: the café only by appointment (with a phone), Jana's office hours too."""
    dest = tmp_path_factory.mktemp("appointments")
    content = copy_base(dest)
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text().replace("place: treff\n", textwrap.dedent("""\
        place: treff
        by_appointment:
          phone: "+49 2041 555-0100"
          text: {de: Auch vor Ort im Treff., en: Also in person at the centre.}
        """)))
    quarter = content / "quarters/nord/quarter.yaml"
    quarter.write_text(quarter.read_text().replace("    email: jana@example.org\n",
                                                   "    email: jana@example.org\n    by_appointment: true\n"))
    run = cli(*build_args(content, dest))
    assert run.code == 0, run.err
    return dest / "output"


def _items(html: str) -> list[str]:
    return re.findall(r'<li class="item[^"]*"[^>]*>(.*?)</li>', html, re.S)


@pytest.mark.parametrize("lang,words", [("de", "nach Vereinbarung"), ("ar", "بموعد مسبق")])
def test_the_week_plan_says_by_appointment_instead_of_times(built: Path, lang: str, words: str):
    items = _items((built / lang / "nord/2026-W49/index.html").read_text())
    assert len(items) == 2  # Tuesday's office hours, Friday's café
    for item in items:
        assert words in item
        assert not re.search(r'<time datetime="[^"]*T', item), "no drop-in time"


def test_the_offer_page_says_how_to_book_and_lists_no_dates(built: Path):
    page = (built / "de/nord/cafe/index.html").read_text()
    assert "Nur nach Vereinbarung." in page and 'href="tel:+492041555-0100"' in page
    assert "Auch vor Ort im Treff." in page
    assert "Termine gibt es:" in page  # the times are when appointments are given
    assert "Nächste Termine" not in page and "calendar.ics" not in page.split("<main", 1)[1]
    assert '"subEvent"' not in page


def test_calendars_hold_no_events_for_appointments(built: Path):
    offer = icalendar.Calendar.from_ical((built / "de/nord/cafe/calendar.ics").read_bytes())
    assert offer.walk("VEVENT") == []
    quarter = icalendar.Calendar.from_ical((built / "de/nord/calendar.ics").read_bytes())
    assert quarter.walk("VEVENT") == []


def test_the_contact_card_says_office_hours_are_by_appointment(built: Path):
    board = (built / "de/nord/index.html").read_text()
    card = board[board.index('<article class="card person">'):]
    assert "Nur nach Vereinbarung." in card[:card.index("</article>")]
