"""``opens:`` says what is known: a day, a month, a season or words; only a day is a date to reason with."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from quartierboards.content.models import PlaceFile
from quartierboards.content.opening import Opening

BASE = {"name": "Haus", "address": {"street": "Weg 1", "postcode": "45999", "city": "Kohlenberg"}}
CONTEXT = {"default_language": "de", "languages": ["de", "en"]}


def _opens(value: object) -> Opening:
    return PlaceFile.model_validate({**BASE, "opens": value}, context=CONTEXT).opens


def test_each_form_is_read_as_written():
    assert _opens(dt.date(2027, 3, 1)) == Opening(day=dt.date(2027, 3, 1))
    assert _opens("2027-04") == Opening(month=(2027, 4))
    assert _opens("Frühjahr 2027") == Opening(season=(2027, "spring"))
    assert _opens("herbst 2027") == Opening(season=(2027, "autumn"))
    assert _opens("in Bauphase") == Opening(text={"de": "in Bauphase"})
    assert _opens({"de": "in Bauphase", "en": "under construction"}).text == {
        "de": "in Bauphase", "en": "under construction"}


def test_only_a_day_is_exact_and_each_form_is_announced_until_it_has_come():
    assert _opens(dt.date(2027, 3, 1)).exact == dt.date(2027, 3, 1)
    assert _opens("2027-04").exact is None
    month, winter, words = _opens("2027-04"), _opens("Winter 2027"), _opens("in Bauphase")
    assert month.ahead(dt.date(2027, 4, 30)) and not month.ahead(dt.date(2027, 5, 1))
    assert winter.last_day() == dt.date(2028, 2, 29)  # winter ends in the next year's February
    assert words.ahead(dt.date(2035, 1, 1))  # words stay until the editors remove them
    assert not _opens(dt.date(2027, 3, 1)).ahead(dt.date(2027, 3, 1))


@pytest.mark.parametrize(("value", "fragment"), [
    ("2027-13", "is no month"),
    ("2027-02-30", "is no date"),
    (["Frühjahr"], "a season (Frühjahr 2027) or a text"),
    ({"fr": "bientôt"}, "unknown language 'fr'"),
])
def test_what_cannot_be_read_says_how_to_write_it(value, fragment):
    with pytest.raises(ValidationError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        _opens(value)


def test_keys_and_schemas_see_the_value_as_written():
    place = PlaceFile.model_validate({**BASE, "opens": "2027-4"}, context=CONTEXT)
    assert place.model_dump(mode="json")["opens"] == "2027-04"
    assert PlaceFile.model_validate({**BASE, "opens": "Sommer 2027"}, context=CONTEXT).model_dump(
        mode="json")["opens"] == "summer 2027"
