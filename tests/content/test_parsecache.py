"""The parse cache: unchanged files are not parsed again, and errors still point at line and column."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from qb_support import SAMPLE

from quartierboards.content import parsecache
from quartierboards.content.loader import load_site
from quartierboards.content.parsecache import ParseCache
from quartierboards.errors import ContentErrors


def test_cached_load_equals_a_fresh_load(tmp_path, monkeypatch):
    cache_file = tmp_path / "parsed.json"
    fresh = load_site(SAMPLE, ParseCache(cache_file))
    assert cache_file.is_file()
    calls = []
    monkeypatch.setattr(parsecache, "parse_yaml", lambda *a, **k: calls.append(a) or pytest.fail("parsed again"))
    cached = load_site(SAMPLE, ParseCache(cache_file))
    assert calls == []
    assert cached == fresh  # dates included: they survive the JSON round trip
    assert any(isinstance(d, dt.date) for q in cached.quarters.values() for o in q.offers.values()
               for e in o.data.schedule or [] for d in [e.from_, e.until, e.date] if d)


def test_an_error_in_a_cached_file_is_still_located(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    cache_file = tmp_path / "parsed.json"
    load_site(content, ParseCache(cache_file))
    # The offer stays as it was (cached, without positions); the place it names goes away.
    offer = next((content / "quarters").glob("*/offers/*.md"))
    text = offer.read_text(encoding="utf-8")
    place = next(line for line in text.splitlines() if line.startswith("place:"))
    (offer.parent.parent / "places" / f"{place.split(':', 1)[1].strip()}.yaml").unlink()
    with pytest.raises(ContentErrors) as first:
        load_site(content)
    with pytest.raises(ContentErrors) as cached:
        load_site(content, ParseCache(cache_file))
    assert [e.format() for e in cached.value.errors] == [e.format() for e in first.value.errors]
    line = text.splitlines().index(place) + 1
    assert any(f"{offer.name}:{line}:" in e.format() for e in cached.value.errors)


def test_a_damaged_cache_is_ignored(tmp_path):
    cache_file = tmp_path / "parsed.json"
    cache_file.write_text("{not json", encoding="utf-8")
    assert load_site(SAMPLE, ParseCache(cache_file)) == load_site(SAMPLE)


def test_a_cache_kept_in_memory_validates_only_changed_files(tmp_path, monkeypatch):
    """serve keeps its cache: after an edit, only the edited file is validated again."""
    from quartierboards.content.models import OfferFile

    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    cache = ParseCache()
    load_site(content, cache)
    validated = []
    original = OfferFile.model_validate.__func__
    monkeypatch.setattr(OfferFile, "model_validate",
                        classmethod(lambda cls, data, **kw: validated.append(data) or original(cls, data, **kw)))
    offer = content / "quarters" / "nordstadt" / "offers" / "fahrradwerkstatt.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("title:\n  de: ", "title:\n  de: Neu - ", 1),
                     encoding="utf-8")
    site = load_site(content, cache)
    assert len(validated) == 1
    assert site.quarters["nordstadt"].offers["fahrradwerkstatt"].data.title["de"].startswith("Neu - ")
    assert site == load_site(content)  # the same as loading afresh
    # A file that breaks the rules is reported, not taken from the memory of an earlier run.
    offer.write_text(offer.read_text(encoding="utf-8").replace("category: ", "category: nonsense-", 1),
                     encoding="utf-8")
    with pytest.raises(ContentErrors):
        load_site(content, cache)


def test_entries_of_quarters_left_unloaded_stay_for_the_next_full_load(tmp_path, monkeypatch):
    cache_file = tmp_path / "parsed.json"
    load_site(SAMPLE, ParseCache(cache_file))
    partial = load_site(SAMPLE, ParseCache(cache_file), defer=lambda site, quarter: {})
    assert all(q.deferred for q in partial.quarters.values())
    monkeypatch.setattr(parsecache, "parse_yaml", lambda *a, **k: pytest.fail("parsed again"))
    assert load_site(SAMPLE, ParseCache(cache_file)) == load_site(SAMPLE, ParseCache(cache_file))


def test_only_the_documents_asked_for_are_decoded(tmp_path, monkeypatch):
    """An edit loads one quarter: the cache decodes that quarter's documents, not all of them."""
    cache_file = tmp_path / "parsed.json"
    first = ParseCache(cache_file)
    texts = [f"title:\n  de: Angebot {n}\nplace: ort-{n}\nfrom: 2026-11-{n + 1:02d}\n" for n in range(20)]
    for n, text in enumerate(texts):
        first.parse(text, f"offers/angebot-{n}.md", 1)
    first.save()
    stored = ParseCache(cache_file)
    decoded, original = [], parsecache._decode
    monkeypatch.setattr(parsecache, "_decode", lambda mapping: decoded.append(mapping) or original(mapping))
    monkeypatch.setattr(parsecache, "parse_yaml", lambda *a, **k: pytest.fail("parsed again"))
    doc = stored.parse(texts[7], "offers/angebot-7.md", 1)
    assert doc.data == {"title": {"de": "Angebot 7"}, "place": "ort-7", "from": dt.date(2026, 11, 8)}
    assert len(decoded) == 3  # the document's three mappings (the date is one), not the other 19 documents
    assert stored.parse(texts[7], "offers/angebot-7.md", 1).data is doc.data  # decoded once
    assert len(decoded) == 3


def test_an_empty_document_is_cached_too(tmp_path, monkeypatch):
    cache_file = tmp_path / "parsed.json"
    first = ParseCache(cache_file)
    assert first.parse("~\n", "empty.yaml").data is None
    first.save()
    monkeypatch.setattr(parsecache, "parse_yaml", lambda *a, **k: pytest.fail("parsed again"))
    assert ParseCache(cache_file).parse("~\n", "empty.yaml").data is None
