"""The key memo: an edit loads only the quarters whose sources changed, and the output stays as a clean build's."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from quartierboards.errors import ContentErrors
from quartierboards.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402
from test_incremental import TODAY, _tree  # noqa: E402


def _loaded(result) -> list[str]:
    return sorted(slug for slug, q in result.site.quarters.items() if not q.deferred)


def _options(tmp_path: Path, content: Path, name: str, **kw) -> BuildOptions:
    return BuildOptions(content=content, output=tmp_path / name / "output", flyers=tmp_path / name / "flyers",
                        today=TODAY, jobs=1, **kw)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _assert_as_clean(tmp_path: Path, options: BuildOptions, name: str) -> None:
    clean = replace(options, output=tmp_path / name / "output", flyers=tmp_path / name / "flyers")
    build(clean)
    assert _tree(options.output) == _tree(clean.output)
    if options.print_products:
        assert _tree(options.flyers) == _tree(clean.flyers)


def test_an_edit_loads_only_its_quarter_and_gives_a_clean_builds_website_and_flyers(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=3, offers=3, seed=5)
    options = _options(tmp_path, content, "inc")
    assert _loaded(build(options)) == ["quartier-000", "quartier-001", "quartier-002"]  # nothing remembered yet
    title = content / "quarters/quartier-001/offers/angebot-001.md"
    _edit(title, 'title:\n  de: "', 'title:\n  de: "Neu: ')  # on the flyers too
    result = build(options)
    assert _loaded(result) == ["quartier-001"]
    assert result.print_rendered and all(p.startswith("quartier-001/") for p in result.print_rendered)
    _assert_as_clean(tmp_path, options, "clean-1")
    # A page of an unchanged quarter deleted by hand: that quarter is loaded to render it again.
    (options.output / "de/quartier-002/index.html").unlink()
    _edit(title, "Neu: ", "Neu! ")
    assert _loaded(build(options)) == ["quartier-001", "quartier-002"]
    _assert_as_clean(tmp_path, options, "clean-2")


def test_settings_templates_and_the_date_load_every_quarter(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    generate(content, quarters=2, offers=2, seed=6)
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "base.html", templates / "base.html")
    options = _options(tmp_path, content, "inc", templates=templates, print_products=False)
    build(options)
    _edit(content / "site.yaml", "Benchmark-Stadt", "Neue Stadt")
    assert _loaded(build(options)) == ["quartier-000", "quartier-001"]
    _edit(templates / "base.html", "<main", "<!-- neu --><main")
    assert _loaded(build(options)) == ["quartier-000", "quartier-001"]
    later = replace(options, today=TODAY.replace(day=TODAY.day - 1))
    assert _loaded(build(later)) == ["quartier-000", "quartier-001"]
    _edit(content / "quarters/quartier-000/offers/angebot-000.md", "cost: ", "cost: 2 x ")
    assert _loaded(build(later)) == ["quartier-000"]
    _assert_as_clean(tmp_path, later, "clean")


def test_a_changed_place_of_another_quarter_loads_the_quarters_that_name_it(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=3, offers=2, seed=8)
    offer = content / "quarters/quartier-000/offers/angebot-000.md"
    _edit(offer, "    time:", "    place: quartier-002/ort-3\n    time:")
    options = _options(tmp_path, content, "inc", print_products=False)
    build(options)
    _edit(content / "quarters/quartier-002/places/ort-3.yaml", "street: ", "street: Neue ")
    assert _loaded(build(options)) == ["quartier-000", "quartier-002"]
    _assert_as_clean(tmp_path, options, "clean")
    # The place is gone: the unchanged quarter that names it is loaded, and its offer reported.
    (content / "quarters/quartier-002/places/ort-3.yaml").unlink()
    before = _tree(options.output)
    with pytest.raises(ContentErrors) as caught:
        build(replace(options, strict=True))  # all or nothing: the errors, not the offer kept back
    assert [e.location.path for e in caught.value.errors] == ["content/quarters/quartier-000/offers/angebot-000.md"]
    assert _tree(options.output) == before


def test_a_damaged_memo_is_ignored(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=2, offers=2, seed=4)
    options = _options(tmp_path, content, "inc", print_products=False)
    build(options)
    memo = options.output.parent / ".cache" / "output.quarter-keys.json"
    assert memo.is_file()
    memo.write_text('{"format": 1, "quarters": {"quartier-000": {"sources": 3}}}', encoding="utf-8")
    _edit(content / "quarters/quartier-001/offers/angebot-001.md", "cost: ", "cost: 2 x ")
    assert _loaded(build(options)) == ["quartier-000", "quartier-001"]
    _assert_as_clean(tmp_path, options, "clean")


def test_an_edit_reads_the_bytes_of_its_quarter_only(tmp_path, monkeypatch):
    """The other quarters' source digests are trusted by stat (content/sources.py)."""
    from quartierboards.content import sources

    monkeypatch.setattr(sources, "RACY_NS", 0)  # the generated files are brand new
    content = tmp_path / "content"
    generate(content, quarters=3, offers=3, seed=5)
    options = _options(tmp_path, content, "inc", print_products=False)
    build(options)
    read, original = [], sources._digest
    monkeypatch.setattr(sources, "_digest", lambda entries: read.append(entries) or original(entries))
    _edit(content / "quarters/quartier-002/offers/angebot-000.md", "cost: ", "cost: ab ")
    assert _loaded(build(options)) == ["quartier-002"]
    assert len(read) == 1 and all("quartier-002" in path for _, path, _ in read[0] if path)
    _assert_as_clean(tmp_path, options, "clean")
