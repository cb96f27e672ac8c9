"""The sample city says everything the content model can say, so the sample build (and every test and
outside validator run on it) covers every field: a new field fails here until the sample uses it."""

from __future__ import annotations

import pytest
from pydantic import BaseModel
from qb_support import SAMPLE

from quartierboards.content.closures import Closure
from quartierboards.content.loader import load_site
from quartierboards.content.models import (
    AgeRange,
    Contact,
    NewsFile,
    OfferFile,
    Organizer,
    PlaceFile,
    QuarterFile,
    ScheduleEntry,
    Transit,
)

# Fields the sample leaves out on purpose, with the tests that cover them instead.
NOT_IN_SAMPLE = {
    (QuarterFile, "aliases"): "a renamed quarter: tests/content/test_ledger.py",
    (QuarterFile, "removed_offers"): "a deleted offer: tests/render/test_redirects.py",
    (QuarterFile, "print"): "per-quarter print quantities: tests/print/",
    (OfferFile, "aliases"): "a renamed offer: tests/render/test_redirects.py",
    (OfferFile, "id"): "an id kept from an imported directory: tests/commands/test_import_hsds.py",
    (PlaceFile, "id"): "an id kept from an imported directory: tests/commands/test_import_hsds.py",
}


@pytest.fixture(scope="module")
def used() -> dict[type[BaseModel], list[BaseModel]]:
    site = load_site(SAMPLE)
    quarters = list(site.quarters.values())
    offers = [o.data for q in quarters for o in q.offers.values()]
    places = [p.data for q in quarters for p in q.places.values()]
    contacts = [c for q in quarters for c in q.data.contacts]
    entries = ([e for o in offers for e in o.schedule or []] + [e for c in contacts for e in c.office_hours]
               + [e for p in places for e in p.opening_hours])
    closures = [c for holder in [site.config, *(q.data for q in quarters), *contacts, *places, *offers]
                for c in holder.closures] + list(site.config.school_holidays)
    return {
        QuarterFile: [q.data for q in quarters],
        Contact: contacts,
        PlaceFile: places,
        OfferFile: offers,
        NewsFile: [n.data for q in quarters for n in q.news],
        ScheduleEntry: entries,
        Closure: closures,
        Organizer: [o.organizer for o in offers if o.organizer],
        AgeRange: [o.age for o in offers if o.age],
        Transit: [t for p in places for t in p.transit],
    }


@pytest.mark.parametrize("model", [QuarterFile, Contact, PlaceFile, OfferFile, NewsFile, ScheduleEntry,
                                   Closure, Organizer, AgeRange, Transit], ids=lambda m: m.__name__)
def test_the_sample_uses_every_field(used, model):
    items = used[model]
    assert items, f"the sample has no {model.__name__}"
    unused = []
    for name, info in model.model_fields.items():
        if (model, name) in NOT_IN_SAMPLE:
            continue
        default = info.get_default(call_default_factory=True)
        if not any(getattr(item, name) != default for item in items):
            unused.append(name)
    assert not unused, f"{model.__name__}: no sample file sets {unused}"


def test_every_school_holiday_mode_is_in_the_sample(used):
    assert {o.school_holidays for o in used[OfferFile]} == {"keep", "skip", "only"}
