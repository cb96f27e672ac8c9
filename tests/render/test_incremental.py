"""Incremental builds give byte-identical output to clean builds, after any sequence of edits."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from quartierboards.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 11, 30)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _city(tmp_path: Path, *, quarters: int, offers: int, seed: int) -> BuildOptions:
    """A generated city in *tmp_path*, and the options of its website-only build (not built yet)."""
    content = tmp_path / "content"
    generate(content, quarters=quarters, offers=offers, seed=seed)
    return BuildOptions(content=content, output=tmp_path / "out" / "output", today=TODAY,
                        print_products=False, jobs=1)


def _offers(content: Path) -> list[Path]:
    return sorted(p for p in content.glob("quarters/*/offers/*.md") if p.name.count(".") == 1)


def _names(offer: Path) -> list[str]:
    """The offer's own name and the names it had before (its aliases)."""
    match = re.search(r"^aliases: \[(.*)\]$", offer.read_text(encoding="utf-8"), re.M)
    return [offer.stem] + ([n.strip() for n in match.group(1).split(",")] if match else [])


def _with_alias(text: str, names: list[str]) -> str:
    """Front matter *text* whose ``aliases`` are *names* (a renamed offer keeps its old addresses)."""
    text = re.sub(r"^aliases: \[.*\]\n", "", text, count=1, flags=re.M)
    return text.replace("---\n", f"---\naliases: [{', '.join(names)}]\n", 1)


def _declare_removed(offer: Path) -> None:
    quarter = offer.parent.parent / "quarter.yaml"
    data = yaml.safe_load(quarter.read_text(encoding="utf-8"))
    data["removed_offers"] = sorted(set(data.get("removed_offers", [])) | set(_names(offer)))
    quarter.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _edit(rng: random.Random, content: Path, templates: Path, step: int) -> str:
    kind = rng.choice(["change", "add", "delete", "rename", "place", "site", "template", "translation", "title"])
    offers = _offers(content)
    if kind == "change" or (kind in ("delete", "rename") and len(offers) < 3):
        path = rng.choice(offers)
        path.write_text(path.read_text(encoding="utf-8").replace("cost: ", f"cost: {step} x ", 1), encoding="utf-8")
    elif kind == "title":  # one language's title: its search index is made again, the others' are kept
        path, lang = rng.choice(offers), rng.choice(["de", "ru", "ar", "fa"])
        path.write_text(path.read_text(encoding="utf-8").replace(f'\n  {lang}: "', f'\n  {lang}: "{step} ', 1),
                        encoding="utf-8")
    elif kind == "add":
        source = rng.choice(offers)
        shutil.copy(source, source.with_name(f"neu-{step}.md"))
    elif kind == "delete":
        path = rng.choice(offers)
        _declare_removed(path)  # a published offer is deleted on purpose (see the URL ledger)
        path.unlink()
        for translation in path.parent.glob(path.stem + ".*.md"):
            translation.unlink()
    elif kind == "rename":
        path = rng.choice(offers)
        for translation in path.parent.glob(path.stem + ".*.md"):
            translation.unlink()
        renamed = path.with_name(f"umbenannt-{step}.md")
        text, names = path.read_text(encoding="utf-8"), _names(path)
        path.unlink()
        renamed.write_text(_with_alias(text, names), encoding="utf-8")
    elif kind == "place":
        path = rng.choice(sorted(content.glob("quarters/*/places/*.yaml")))
        path.write_text(path.read_text(encoding="utf-8").replace("wheelchair: yes", "wheelchair: limited")
                        .replace("street: ", f"street: {step} ", 1), encoding="utf-8")
    elif kind == "site":
        site = content / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("Benchmark-Stadt", f"Stadt {step}"), encoding="utf-8")
    elif kind == "template":
        base = templates / "base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("<main", f"<!-- v{step} --><main", 1),
                        encoding="utf-8")
    else:
        path = rng.choice(offers)
        path.with_name(path.stem + ".uk.md").write_text(f"Текст {step}\n", encoding="utf-8")
    return kind


def test_random_edits_incremental_equals_clean(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    generate(content, quarters=2, offers=4, seed=7)
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "base.html", templates / "base.html")
    incremental = tmp_path / "site" / "output"
    options = BuildOptions(content=content, output=incremental, today=TODAY, templates=templates,
                           print_products=False, jobs=1)
    build(options)
    rng = random.Random(20261130)
    kinds = set()
    for step in range(14):
        kinds.add(_edit(rng, content, templates, step))
        result = build(options)
        clean = tmp_path / f"clean-{step}" / "output"
        build(BuildOptions(content=content, output=clean, today=TODAY, templates=templates,
                           print_products=False, jobs=1))
        assert _tree(incremental) == _tree(clean), f"step {step}: incremental differs from clean build"
        assert len(result.rendered) <= len(result.files)
    assert len(kinds) >= 5 and "title" in kinds  # the seeded sequence exercises most edit kinds


def test_noop_rebuild_renders_nothing_and_one_offer_edit_stays_local(tmp_path):
    options = _city(tmp_path, quarters=3, offers=4, seed=3)
    content = options.content
    first = build(options)
    again = build(options)
    assert [p for p in again.rendered if p.endswith((".html", ".ics", ".xml")) and p != "sitemap.xml"] == []
    offer = content / "quarters/quartier-001/offers/angebot-002.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: kostenlos", "cost: 2 Euro"), encoding="utf-8")
    edited = build(options)
    touched = {p for p in edited.rendered if p.endswith((".html", ".ics"))}
    # the quarter's files, and the city-wide lists that list the offer
    city = ("/angebote/", "/heute/")
    assert touched and all(p.startswith("quartier-001/") or "/quartier-001/" in p or any(c in p for c in city)
                           for p in touched)
    assert len(touched) < len(first.rendered) / 2
    assert any(p.endswith("/quartier-001/angebot-002/index.html") for p in touched)
    assert not any(p.endswith("/quartier-001/angebot-001/index.html") for p in touched)
    # Of the city-wide list, only the pages that list the edited offer: the whole list and
    # its quarter's filter, not the other quarters' filters.
    assert {"de/angebote/index.html", "de/angebote/in-quartier-001/index.html"} <= touched
    assert not {"de/angebote/in-quartier-000/index.html", "de/angebote/in-quartier-002/index.html"} & touched


def test_a_title_edit_in_one_language_makes_that_languages_city_wide_lists_again(tmp_path):
    options = _city(tmp_path, quarters=3, offers=4, seed=3)
    content = options.content
    build(options)
    offer = content / "quarters/quartier-001/offers/angebot-002.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace('\n  ru: "', '\n  ru: "Новое ', 1),
                     encoding="utf-8")
    edited = build(options)
    city = {p for p in edited.rendered if p.split("/")[1:2] == ["angebote"]}
    assert "ru/angebote/index.html" in city and "ru/angebote/in-quartier-001/index.html" in city
    assert {p.split("/")[0] for p in city} == {"ru"}, "the other languages' lists show the same rows as before"
    assert "Новое" in (options.output / "ru/angebote/index.html").read_text(encoding="utf-8")


def test_a_site_that_overrides_the_city_wide_list_gets_the_whole_citys_key(tmp_path):
    """Its own template may show more of the quarters than the rows it lists."""
    content, templates = tmp_path / "content", tmp_path / "templates"
    generate(content, quarters=3, offers=4, seed=3)
    templates.mkdir()
    shutil.copy(ROOT / "templates" / "city_offers.html", templates / "city_offers.html")
    options = BuildOptions(content=content, output=tmp_path / "out" / "output", today=TODAY, templates=templates,
                           print_products=False, jobs=1)
    build(options)
    offer = content / "quarters/quartier-001/offers/angebot-002.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: kostenlos", "cost: 2 Euro"), encoding="utf-8")
    assert "de/angebote/in-quartier-000/index.html" in build(options).rendered


def test_keys_are_remembered_when_the_output_bytes_did_not_change(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    generate(content, quarters=1, offers=3, seed=5)
    templates.mkdir()
    base = templates / "base.html"
    shutil.copy(ROOT / "templates" / "base.html", base)
    options = BuildOptions(content=content, output=tmp_path / "out" / "output", today=TODAY, templates=templates,
                           print_products=False, jobs=1)
    build(options)
    # A template change that renders to the same bytes: everything is rendered, nothing is swapped ...
    base.write_text(base.read_text(encoding="utf-8") + "{# a comment for the team #}\n", encoding="utf-8")
    assert build(options).rendered
    # ... and the next build (inputs touched, nothing changed) renders nothing: the new keys were kept.
    offer = content / "quarters/quartier-000/offers/angebot-000.md"
    offer.write_text(offer.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(options).rendered == []


def test_renaming_a_place_another_quarter_meets_in_updates_that_quarters_pages(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=2, offers=3, seed=9)
    offer = content / "quarters/quartier-000/offers/angebot-000.md"
    text = offer.read_text(encoding="utf-8")
    offer.write_text(text.replace("    time:", "    place: quartier-001/ort-3\n    time:", 1), encoding="utf-8")
    options = BuildOptions(content=content, output=tmp_path / "inc" / "output", today=TODAY,
                           print_products=False, jobs=1)
    build(options)
    place = content / "quarters/quartier-001/places/ort-3.yaml"
    place.write_text(place.read_text(encoding="utf-8").replace('  de: "', '  de: "Umbenannt ', 1), encoding="utf-8")
    result = build(options)
    assert "de/quartier-000/index.html" in result.rendered  # the board lists this week's meetings there
    clean = tmp_path / "clean" / "output"
    build(BuildOptions(content=content, output=clean, today=TODAY, print_products=False, jobs=1))
    assert _tree(options.output) == _tree(clean)


def test_unchanged_quarters_are_taken_over_without_listing_their_pages(tmp_path, monkeypatch):
    from quartierboards.render import site as site_module

    content = tmp_path / "content"
    generate(content, quarters=3, offers=4, seed=11)
    options = BuildOptions(content=content, output=tmp_path / "inc" / "output", today=TODAY,
                           print_products=False, jobs=1)
    build(options)
    listed: list[str] = []
    original = site_module.quarter_pages
    monkeypatch.setattr(site_module, "quarter_pages",
                        lambda site, plan, quarter: listed.append(quarter.slug) or original(site, plan, quarter))
    offer = content / "quarters/quartier-002/offers/angebot-001.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: kostenlos", "cost: 3 Euro"), encoding="utf-8")
    build(options)
    assert listed == ["quartier-002"]
    # A page of an unchanged quarter deleted by hand: that quarter is listed again and the page comes back.
    listed.clear()
    (options.output / "de/quartier-000/index.html").unlink()
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: 3 Euro", "cost: 4 Euro"), encoding="utf-8")
    build(options)
    assert listed == ["quartier-000", "quartier-002"]
    clean = tmp_path / "clean" / "output"
    build(BuildOptions(content=content, output=clean, today=TODAY, print_products=False, jobs=1))
    assert _tree(options.output) == _tree(clean)


@pytest.mark.parametrize("in_child", [False, True])  # the index's files checked here or in a forked process
def test_a_page_edited_by_hand_comes_back_also_after_builds_that_took_it_over(tmp_path, monkeypatch, in_child):
    from quartierboards.write import index

    monkeypatch.setattr(index, "CHECK_IN_CHILD_ABOVE", 0 if in_child else 10**9)
    content = tmp_path / "content"
    generate(content, quarters=2, offers=2, seed=12)
    options = BuildOptions(content=content, output=tmp_path / "inc" / "output", today=TODAY,
                           print_products=False, jobs=1)
    build(options)
    offer = content / "quarters/quartier-001/offers/angebot-001.md"
    for step in range(2):  # builds that take quartier-000's pages over and index them without looking again
        offer.write_text(offer.read_text(encoding="utf-8").replace("cost: ", f"cost: {step} x ", 1), encoding="utf-8")
        build(options)
    board = options.output / "de/quartier-000/index.html"
    original = board.read_bytes()
    with board.open("r+b") as fh:  # in place: same inode
        fh.write(b"<!-- edited by hand -->")
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: ", "cost: 3 x ", 1), encoding="utf-8")
    result = build(options)
    assert "de/quartier-000/index.html" in result.rendered and board.read_bytes() == original


def test_a_renamed_offer_file_is_a_new_page_also_when_its_bytes_are_the_same(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=2, offers=3, seed=13)
    options = BuildOptions(content=content, output=tmp_path / "inc" / "output", today=TODAY,
                           print_products=False, jobs=1)
    build(options)
    (content / "published.txt").unlink()  # no ledger to keep the old address: the rename alone counts
    offer = content / "quarters/quartier-001/offers/angebot-001.md"
    offer.rename(offer.with_name("angebot-001-neu.md"))  # same place in the order, inode, size, times, bytes
    build(options)
    assert (options.output / "de/quartier-001/angebot-001-neu/index.html").is_file()
    clean = tmp_path / "clean" / "output"
    build(BuildOptions(content=content, output=clean, today=TODAY, print_products=False, jobs=1))
    assert _tree(options.output) == _tree(clean)


def test_an_edit_of_the_legal_block_renders_the_legal_pages_again(tmp_path):
    options = _city(tmp_path, quarters=1, offers=2, seed=11)
    content = options.content
    build(options)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("Max Muster", "Maxi Muster"), encoding="utf-8")
    rendered = set(build(options).rendered)
    assert {"de/impressum/index.html", "ar/impressum/index.html"} <= rendered
    assert "Maxi Muster" in (tmp_path / "out" / "output" / "de/impressum/index.html").read_text(encoding="utf-8")


def test_day_by_day_incremental_equals_clean_and_renders_only_what_shows_the_day(tmp_path, monkeypatch):
    from quartierboards.render import hsds

    made_hsds: list[str] = []  # the builds that made the HSDS files (not only wrote them)
    making = hsds.hsds_files
    monkeypatch.setattr(hsds, "hsds_files", lambda *args: made_hsds.append("made") or making(*args))
    content = tmp_path / "content"
    generate(content, quarters=2, offers=6, seed=11)
    incremental = tmp_path / "site" / "output"
    monday = TODAY  # 2026-11-30 is a Monday; the last day is the next Monday
    for offset in range(8):
        day = monday + dt.timedelta(days=offset)
        edited = offset == 3  # mid-week, a title changes: its quarter's kept week plan and cards are made again
        if edited:
            offer = _offers(content)[0]
            text = offer.read_text(encoding="utf-8")
            assert '\n  de: "' in text
            offer.write_text(text.replace('\n  de: "', '\n  de: "Neu ', 1), encoding="utf-8")
        made_hsds.clear()
        result = build(BuildOptions(content=content, output=incremental, today=day, print_products=False, jobs=1))
        hsds_made = bool(made_hsds)
        clean = tmp_path / f"clean-{offset}" / "output"
        build(BuildOptions(content=content, output=clean, today=day, print_products=False, jobs=1))
        assert _tree(incremental) == _tree(clean), f"{day}: the next day's build differs from a clean build"
        calendars = [p for p in result.rendered if p.endswith(".ics")]
        if 0 < offset < 7:  # within the week: every calendar is taken over (but the edited offer's), most pages too
            assert calendars == ([] if not edited else [p for p in calendars if f"/{offer.parent.parent.name}/" in p])
            assert len(result.rendered) < len(result.files) / 2
            # the HSDS files show the week, not the day: not even made, but after the edit
            assert hsds_made == edited
            assert ("data/hsds/services.json" in result.rendered) == edited
            assert "data/hsds/taxonomies.csv" not in result.rendered  # made again after the edit, the same bytes
        else:  # a new week: the week plans and the calendars' window move on
            assert calendars
            assert hsds_made
