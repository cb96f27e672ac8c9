"""Lints that need expanded schedules: dates that will not happen as the editor thinks (warnings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from quartierboards.content.lints import ContentFile, content_warnings, warning
from quartierboards.content.models import ScheduleEntry
from quartierboards.content.structure import Offer, Site
from quartierboards.errors import ContentError
from quartierboards.i18n.messages import tr
from quartierboards.schedule.expand import entry_dates, first_date

# How far ahead an offer is looked at for a date still to come (a yearly rule fits).
HORIZON = dt.timedelta(days=2 * 366)


def _offer_file(root: Path, offer: Offer) -> ContentFile:
    return ContentFile(root / "quarters" / offer.quarter / "offers" / offer.file_name, root)


def _is_occurrence(entry: ScheduleEntry, day: dt.date) -> bool:
    return bool(entry_dates(entry.model_copy(update={"except_": []}), day, day))


def except_not_scheduled(site: Site, root: Path) -> list[ContentError]:
    """An ``except`` date the entry would not have taken place on anyway: a typo, and the real day stays."""
    found = []
    for quarter in site.quarters.values():
        for offer in quarter.offers.values():
            for i, entry in enumerate(offer.data.schedule or []):
                for j, day in enumerate(entry.except_):
                    if not _is_occurrence(entry, day):
                        found.append(warning(_offer_file(root, offer).doc.locate(("schedule", i, "except", j)),
                                             tr("%(date)s is not a date of this schedule; 'except' has no effect",
                                                date=day.isoformat()),
                                             tr("Check the date: it must be a day the offer would take place.")))
    return found


def before_opening(site: Site, root: Path, today: dt.date, linted: Site | None = None) -> list[ContentError]:
    """An offer (of the quarters of *linted*, default all) with dates at a place before the place's ``opens`` date."""
    found = []
    for quarter in (linted or site).quarters.values():
        for offer in quarter.offers.values():
            for i, entry in enumerate(offer.data.schedule or []):
                ref = entry.place if entry.place and "/" in entry.place else (
                    f"{offer.quarter}/{entry.place}" if entry.place else offer.place_ref)
                opening = site.place(ref).data.opens
                opens = opening.exact if opening is not None else None  # only a day is a date to check against
                if opens is None or opens <= today:
                    continue
                early = entry_dates(entry, today, opens - dt.timedelta(days=1))
                if early:
                    found.append(warning(_offer_file(root, offer).doc.locate(("schedule", i)),
                                         tr("scheduled on %(date)s, but the place opens on %(opens)s",
                                            date=early[0].isoformat(), opens=opens.isoformat()),
                                         tr("Add 'from: %(opens)s' to the schedule entry.", opens=opens.isoformat())))
    return found


def all_past(site: Site, root: Path, today: dt.date) -> list[ContentError]:
    """An offer whose every date is in the past: it is still published, with nothing to come."""
    found = []
    for quarter in site.quarters.values():
        for offer in quarter.offers.values():
            entries = offer.data.schedule or []
            if entries and all(first_date(e, today, today + HORIZON) is None for e in entries):
                found.append(warning(_offer_file(root, offer).doc.locate(("schedule",), key=True),
                                     tr("every date of this offer is past"),
                                     tr("Add new dates, or delete the file (list it under removed_offers).")))
    return found


def site_warnings(site: Site, root: Path, today: dt.date, *, loaded_only: bool = False) -> list[ContentError]:
    """Every lint of the site loaded from *root*, sorted like errors.

    With *loaded_only*, quarters left unloaded (``Quarter.defer``: their files and the
    date are those of the last build, which showed their warnings) are not loaded for
    the lints: an edit's build stays as fast as without them.
    """
    linted = replace(site, quarters={k: q for k, q in site.quarters.items() if not q.deferred}) \
        if loaded_only else site
    found = content_warnings(linted, root, today)
    found += except_not_scheduled(linted, root) + before_opening(site, root, today, linted)
    found += all_past(linted, root, today)
    return sorted(set(found))
