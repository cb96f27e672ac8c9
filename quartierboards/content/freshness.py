"""Which facts nobody has checked for too long: the coordinator's list (``check --stale``).

Directories whose data goes stale lose residents' trust, so offers and places carry
a ``checked:`` date, and a site says after how many months it is stale
(``freshness.checked_months`` in ``site.yaml``, default 12).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quartierboards.content.structure import Site
from quartierboards.i18n.text import pick


@dataclass(frozen=True, order=True)
class Unchecked:
    """An offer or place whose ``checked`` date is missing or older than the site allows."""

    quarter: str
    organizer: str  # "" for places and offers without one
    path: str  # relative to the folder that holds content/
    name: str
    checked: dt.date | None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day *months* earlier (the month's last day where it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month + 1, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_stale(checked: dt.date | None, today: dt.date, months: int) -> bool:
    """Whether a ``checked`` date is older than *months* before *today* (a missing one is not: it says nothing)."""
    return checked is not None and checked < months_before(today, months)


def unchecked(site: Site, today: dt.date, content: str = "content") -> tuple[list[Unchecked], list[Unchecked]]:
    """The stale offers and places, and those never checked, each sorted by quarter, organizer and file."""
    months = site.config.freshness.checked_months
    default = site.config.default_language
    stale: list[Unchecked] = []
    never: list[Unchecked] = []
    for slug, quarter in site.quarters.items():
        base = f"{content}/quarters/{slug}"
        items = [(f"{base}/places/{p.slug}.yaml", p.data.name, "", p.data.checked) for p in quarter.places.values()]
        items += [(f"{base}/offers/{o.file_name}", o.text("title"),
                   pick(o.data.organizer.name, default, default).text if o.data.organizer else "", o.data.checked)
                  for o in quarter.offers.values()]
        for path, name, organizer, checked in items:
            entry = Unchecked(slug, organizer, path, pick(name, default, default).text, checked)
            if checked is None:
                never.append(entry)
            elif is_stale(checked, today, months):
                stale.append(entry)
    return sorted(stale), sorted(never)
