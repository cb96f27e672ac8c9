"""The search index: one Pagefind index per language, each made again only when its records changed."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from pathlib import Path

from quartierboards.pipeline import BuildOptions, build
from quartierboards.render import search
from quartierboards.render.search import ENTRY

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 11, 30)
OFFER = "quarters/quartier-001/offers/angebot-002.md"


def _search_tree(output: Path) -> dict[str, bytes]:
    folder = output / "pagefind"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _found_in(output: Path, language: str, words: str) -> list[str]:
    """URLs of the records in *language*'s index whose text holds *words* (from Pagefind's fragments)."""
    urls = []
    for fragment in sorted((output / "pagefind" / "fragment").glob(f"{language}_*.pf_fragment")):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if words in record["content"]:
            urls.append(record["url"])
    return urls


def _options(content: Path, output: Path) -> BuildOptions:
    return BuildOptions(content=content, output=output, today=TODAY, print_products=False, jobs=1)


def _count_runs(monkeypatch, log: Path) -> None:
    """Note the languages of every Pagefind run in *log* (the index is made in a forked process)."""
    index_files = search.index_files

    def counted(found):
        with log.open("a", encoding="utf-8") as out:
            out.write(" ".join(sorted({r.language for r in found})) + "\n")
        return index_files(found)

    monkeypatch.setattr(search, "index_files", counted)


def test_a_title_edit_indexes_only_its_language_again(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    generate(content, quarters=2, offers=4, seed=3)
    output = tmp_path / "site" / "output"
    runs = tmp_path / "runs.txt"
    _count_runs(monkeypatch, runs)
    first = build(_options(content, output))
    assert sorted(runs.read_text().split()) == ["ar", "de", "en", "fa", "ru", "tr", "uk"], "one run per language"
    runs.unlink()
    languages = json.loads(first.files[ENTRY] if isinstance(first.files[ENTRY], bytes)
                           else (output / ENTRY).read_bytes())["languages"]
    assert {"de", "en", "ru", "ar", "fa", "tr", "uk"} <= set(languages)
    before = _search_tree(output)

    offer = content / OFFER
    offer.write_text(offer.read_text(encoding="utf-8").replace('title:\n  de: "', 'title:\n  de: "Nähcafé ', 1),
                     encoding="utf-8")
    edited = build(_options(content, output))
    assert runs.read_text() == "de\n", "only the German records are indexed again"

    after = _search_tree(output)
    changed = {path for path in after if before.get(path) != after[path]} | (before.keys() - after.keys())
    assert changed, "the German index holds the new title"
    assert all(p.startswith(("pagefind/fragment/de_", "pagefind/index/de_", "pagefind/pagefind.de_")) or p == ENTRY
               for p in changed), f"only German files change: {sorted(changed)}"
    assert {p for p in edited.rendered if p.startswith("pagefind/")} <= changed
    rekeyed = {p for p in after if first.keys.get(p) != edited.keys.get(p)}
    assert rekeyed <= changed, "a file whose bytes did not change keeps its key"
    entry = json.loads(after[ENTRY])["languages"]
    assert {k: v for k, v in entry.items() if k != "de"} == {k: v for k, v in languages.items() if k != "de"}
    assert entry["de"]["hash"] != languages["de"]["hash"]
    assert _found_in(output, "de", "Nähcafé") == ["/de/quartier-001/angebot-002/"]
    assert _found_in(output, "en", "Nähcafé") == []

    clean = tmp_path / "clean" / "output"
    build(_options(content, clean))
    assert _search_tree(clean) == after, "the index equals a clean build's"


def test_an_index_whose_entry_is_lost_is_made_again(tmp_path: Path) -> None:
    """Without the last ``pagefind-entry.json`` no language can be taken over: every one is indexed."""
    content = tmp_path / "content"
    generate(content, quarters=1, offers=3, seed=5)
    output = tmp_path / "site" / "output"
    build(_options(content, output))
    before = _search_tree(output)
    (output / ENTRY).write_text("{broken", encoding="utf-8")
    offer = content / "quarters/quartier-000/offers/angebot-000.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace('title:\n  de: "', 'title:\n  de: "Neu ', 1),
                     encoding="utf-8")
    build(_options(content, output))
    after = _search_tree(output)
    entry = json.loads(after[ENTRY])
    assert set(entry["languages"]) == set(json.loads(before[ENTRY])["languages"])
    for info in entry["languages"].values():
        assert f"pagefind/pagefind.{info['hash']}.pf_meta" in after
    clean = tmp_path / "clean" / "output"
    build(_options(content, clean))
    assert _search_tree(clean) == after
