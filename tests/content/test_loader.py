"""Loading with *defer*: quarters left unloaded read none of their offers, and load them whole when asked."""

from __future__ import annotations

import shutil

import pytest
from qb_support import SAMPLE

from quartierboards.content import loader
from quartierboards.content.loader import load_site
from quartierboards.errors import ContentErrors


def _read_offers(monkeypatch) -> list[str]:
    read: list[str] = []
    original = loader.load_markdown_file

    def spy(path, *args, **kwargs):
        read.append(path.parent.parent.name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(loader, "load_markdown_file", spy)
    return read


def test_a_deferred_quarter_reads_no_offer_until_asked_and_then_loads_as_an_eager_load(monkeypatch):
    eager = load_site(SAMPLE)
    read = _read_offers(monkeypatch)
    asked: dict[str, set[str]] = {}

    def defer(site, quarter):
        asked[quarter.slug] = {p.ref for q in site.quarters.values() for p in q.places.values()}
        return {"quarter": "remembered"} if quarter.slug == "am-wasserturm" else None

    site = load_site(SAMPLE, defer=defer)
    all_places = {p.ref for q in eager.quarters.values() for p in q.places.values()}
    assert set(asked) == set(eager.quarters) and all(places == all_places for places in asked.values())
    deferred = site.quarters["am-wasserturm"]
    assert deferred.deferred and deferred.known_keys == {"quarter": "remembered"}
    assert "am-wasserturm" not in read and read  # the other quarters were loaded
    assert all(q.sources for q in site.quarters.values())
    assert deferred.offers == eager.quarters["am-wasserturm"].offers
    assert deferred.news == eager.quarters["am-wasserturm"].news
    assert "am-wasserturm" in read and not deferred.deferred


def test_problems_in_a_deferred_quarter_are_reported_when_it_loads(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    offer = content / "quarters/am-wasserturm/offers/deutschkurs-fuer-frauen.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("place: stadtteiltreff", "place: nirgendwo"),
                     encoding="utf-8")
    with pytest.raises(ContentErrors):
        load_site(content)
    site = load_site(content, defer=lambda site, quarter: {})  # a wrong promise, as it might come from a bug
    with pytest.raises(ContentErrors) as caught:
        site.quarters["am-wasserturm"].complete()
    [error] = caught.value.errors
    line = offer.read_text(encoding="utf-8").splitlines().index("place: nirgendwo") + 1
    assert error.location.path.endswith("offers/deutschkurs-fuer-frauen.md") and error.location.line == line
    assert "nirgendwo" in error.message


def test_an_unquoted_postcode_or_phone_number_keeps_its_leading_zero(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    place = content / "quarters/nordstadt/places/familienzentrum.yaml"
    text = place.read_text(encoding="utf-8")
    place.write_text(text.replace('postcode: "45999"', "postcode: 01067").replace(
        'phone: "+49 2041 555-0120"', "phone: 02041555012"), encoding="utf-8")
    loaded = load_site(content).quarters["nordstadt"].places["familienzentrum"].data
    assert (loaded.address.postcode, loaded.phone) == ("01067", "02041555012"), \
        "Dresden's postcode, not 1067 (or 567, read as octal)"
