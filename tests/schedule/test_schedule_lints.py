"""Schedule lints: dates that will not happen the way the editor thinks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lint_support import SAMPLE, copy_sample, edit, warnings

from quartierboards.content.loader import load_site
from quartierboards.schedule.lints import site_warnings


def test_an_except_date_that_is_no_occurrence_is_reported(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    # Sprachcafé is on Wednesdays: 2026-12-23 is one, 2026-12-24 is not.
    edit(root / "quarters/nordstadt/offers/sprachcafe.md", '    time: "17:00-19:00"\n',
         '    time: "17:00-19:00"\n    except: [2026-12-23, 2026-12-24]\n')
    assert warnings(root) == ["content/quarters/nordstadt/offers/sprachcafe.md:43:26: 2026-12-24 is not a date "
                              "of this schedule; 'except' has no effect"]


def test_an_offer_before_its_place_opens_is_reported(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(root / "quarters/nordstadt/offers/nachbarschaftscafe.md", "    from: 2027-03-01\n", "")
    assert warnings(root) == ["content/quarters/nordstadt/offers/nachbarschaftscafe.md:41:5: scheduled on "
                              "2026-11-30, but the place opens on 2027-03-01"]


def test_an_offer_whose_every_date_is_past_is_reported() -> None:
    found = [w.format().split("\n")[0] for w in site_warnings(load_site(SAMPLE), SAMPLE, dt.date(2026, 11, 30))]
    assert "content/quarters/nordstadt/offers/laternenumzug.md:40:1: every date of this offer is past" in found
    # the day of the lantern walk itself it is still to come
    found = [w.format() for w in site_warnings(load_site(SAMPLE), SAMPLE, dt.date(2026, 11, 11))]
    assert not any("laternenumzug" in w for w in found)
