"""Hyphenation patterns come from a JSON copy after the first parse, and hyphenate exactly as pyphen's own."""

from __future__ import annotations

import pyphen
import pytest

from quartierboards import hyphenation

WORDS = ("Quartiersentwicklung", "Nachbarschaftstreff", "Hausaufgabenhilfe", "Seniorenfrühstück")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTIERBOARDS_CACHE", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return tmp_path / "hyphenation"


def test_patterns_are_parsed_once_and_then_read_from_their_copy(cache, monkeypatch):
    expected = [pyphen.Pyphen(lang="de_DE", cache=False).inserted(word) for word in WORDS]
    hyphenation.preload(["de", "ar"])  # Arabic has no patterns: skipped
    (copy,) = cache.glob("hyph_de*.json")
    pyphen.hdcache.clear()
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda self, path: pytest.fail("parsed again"))
    hyphenation.preload(["de"])
    assert [pyphen.Pyphen(lang="de").inserted(word) for word in WORDS] == expected
    assert expected[0].count("-") >= 3


def test_a_damaged_copy_is_parsed_again_and_replaced(cache):
    hyphenation.preload(["de"])
    (copy,) = cache.glob("hyph_de*.json")
    copy.write_text('{"broken": ', encoding="utf-8")
    pyphen.hdcache.clear()
    hyphenation.preload(["de"])
    assert pyphen.Pyphen(lang="de").inserted("Nachbarschaftstreff").count("-") >= 2
    assert copy.read_text(encoding="utf-8").startswith("{")
    assert len(copy.read_bytes()) > 10_000


@pytest.mark.parametrize("damage", ['{"ab": [1, ["2"]]}', '{"ab": [1]}', '[]', '{}', '{"ab": {"x": 1}}'])
def test_a_copy_of_the_wrong_shape_is_parsed_again(cache, damage):
    hyphenation.preload(["de"])
    (copy,) = cache.glob("hyph_de*.json")
    copy.write_text(damage, encoding="utf-8")
    pyphen.hdcache.clear()
    hyphenation.preload(["de"])
    assert pyphen.Pyphen(lang="de").inserted("Nachbarschaftstreff").count("-") >= 2
