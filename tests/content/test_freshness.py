"""Facts nobody has checked for too long are listed for the coordinator; old news leave the board."""

from __future__ import annotations

import datetime as dt
import shutil

from qb_support import SAMPLE, cli

from quartierboards.content.freshness import is_stale, months_before
from quartierboards.content.loader import load_site
from quartierboards.render.pages import current_news


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2026, 11, 30), 12) == dt.date(2025, 11, 30)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)
    assert is_stale(dt.date(2025, 11, 29), dt.date(2026, 11, 30), 12)
    assert not is_stale(dt.date(2025, 11, 30), dt.date(2026, 11, 30), 12)
    assert not is_stale(None, dt.date(2026, 11, 30), 12)  # never checked says nothing about age


def test_check_stale_lists_what_is_old_per_quarter_and_organizer(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    offer = content / "quarters/nordstadt/offers/hausaufgabenhilfe.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("checked: 2026-11-16", "checked: 2025-05-02"),
                     encoding="utf-8")
    run = cli("check", "--content", str(content), "--no-print", "--stale", "--today", "2026-11-30", "--lang", "de")
    assert run.code == 0, run.err
    stale = run.out.split("Nie geprüft")[0]
    assert "Seit mehr als 12 Monaten nicht geprüft: 1" in stale
    assert "  nordstadt – Diakonie Kohlenberg\n" in stale
    assert "hausaufgabenhilfe.md: Hausaufgabenhilfe (geprüft am 2025-05-02)" in stale
    assert "sozialberatung.md" not in run.out  # checked in October: fresh


def test_news_leave_the_board_after_the_sites_months_unless_until_says_otherwise():
    site = load_site(SAMPLE)
    quarter = site.quarters["nordstadt"]
    shown = [n.slug for n in current_news(quarter, dt.date(2026, 11, 30), months=6)]
    assert "2026-10-19-richtfest-haus-der-begegnung" in shown
    later = [n.slug for n in current_news(quarter, dt.date(2027, 5, 1), months=6)]
    assert "2026-10-19-richtfest-haus-der-begegnung" not in later  # half a year on: archive only
