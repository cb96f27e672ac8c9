"""A deferred quarter loads its offers and news on first use, once, for every reader."""

from __future__ import annotations

import pytest

from quartierboards.content.models import QuarterFile
from quartierboards.content.structure import Quarter


def _quarter() -> Quarter:
    data = {"name": {"de": "Nord"}, "summary": {"de": "Der Norden"}}
    context = {"default_language": "de", "languages": ["de"]}
    return Quarter(slug="nord", data=QuarterFile.model_validate(data, context=context))


def test_offers_and_news_load_on_first_use_and_only_once():
    calls = []

    def load(quarter: Quarter) -> None:
        calls.append(quarter.slug)
        quarter.offers["treff"] = "an offer"
        quarter.news = ["a post"]

    quarter = _quarter()
    quarter.defer({"quarter": "k1"}, load)
    assert quarter.deferred and calls == [] and quarter.known_keys == {"quarter": "k1"}
    assert quarter.news == ["a post"]
    assert dict(quarter.offers) == {"treff": "an offer"}
    assert calls == ["nord"] and not quarter.deferred
    quarter.complete()
    assert calls == ["nord"]


def test_a_failing_load_leaves_the_quarter_deferred_and_fails_again():
    def load(quarter: Quarter) -> None:
        raise ValueError("broken offer")

    quarter = _quarter()
    quarter.defer({}, load)
    for _ in range(2):
        with pytest.raises(ValueError, match="broken offer"):
            quarter.complete()
        assert quarter.deferred
    with pytest.raises(AttributeError):
        quarter.no_such_attribute  # noqa: B018
