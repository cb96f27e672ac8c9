"""Who runs an offer, for which ages, and how to get to a place: checked as editors write them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from quartierboards.content.models import OfferFile, PlaceFile

CONTEXT = {"default_language": "de", "languages": ["de", "en"]}
OFFER = {"title": "Treff", "summary": "Ein Treff", "audience": "children", "category": "leisure", "place": "haus"}
PLACE = {"name": "Haus", "address": {"street": "Weg 1", "postcode": "45999", "city": "Kohlenberg"}}


def test_age_organizer_and_transit_are_read():
    offer = OfferFile.model_validate({**OFFER, "age": {"min": 6, "max": 12},
                                      "organizer": {"name": {"de": "Diakonie", "en": "Diakonie"},
                                                    "website": "https://example.org/"}}, context=CONTEXT)
    assert (offer.age.min, offer.age.max, offer.organizer.name["en"]) == (6, 12, "Diakonie")
    place = PlaceFile.model_validate({**PLACE, "transit": {"stop": "Kokereiplatz", "lines": ["SB16", 262]}},
                                     context=CONTEXT)
    assert [(t.stop, t.lines) for t in place.transit] == [("Kokereiplatz", ["SB16", "262"])]


@pytest.mark.parametrize(("age", "fragment"), [
    ({}, "give 'min', 'max' or both"),
    ({"min": 12, "max": 6}, "'min' (12) is above 'max' (6)"),
    ({"min": -1}, "greater than or equal to 0"),
])
def test_an_age_range_that_cannot_be_meant_is_an_error(age, fragment):
    with pytest.raises(ValidationError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        OfferFile.model_validate({**OFFER, "age": age}, context=CONTEXT)


def test_an_organizer_website_must_be_a_web_address():
    with pytest.raises(ValidationError, match="must start with https://"):
        OfferFile.model_validate({**OFFER, "organizer": {"name": "X", "website": "javascript:alert(1)"}},
                                 context=CONTEXT)
