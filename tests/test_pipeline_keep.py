"""Keep going, keep the last good: a broken content file does not stop the rest of the city."""

from __future__ import annotations

import shutil
from pathlib import Path

from qb_support import TODAY, build_args, cli, copy_base

TAB_LINE = "\tbroken: [\n"  # a tab in the indentation: the most common typo of the field trials


def _page(dest: Path, path: str) -> str:
    return (dest / "output" / path).read_text(encoding="utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _published(tmp_path: Path) -> tuple[Path, Path]:
    """A content tree built once (so its sources are the last good ones); returns it and the build folder."""
    content, dest = copy_base(tmp_path), tmp_path / "site"
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("title: Café", "title: Café alt"), encoding="utf-8")
    assert cli(*build_args(content, dest, keep=True)).code == 0
    return content, dest


def _rename_sued(content: Path) -> None:
    quarter = content / "quarters/sued/quarter.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8").replace("name: Süd", "name: Süd neu"), encoding="utf-8")


def _break(path: Path, old: str | None = None, new: str | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    if old is not None and new is not None:
        text = text.replace(old, new)
    path.write_text(text.replace("\n", "\n" + TAB_LINE, 1) if text.startswith("---") else text + TAB_LINE,
                    encoding="utf-8")


def test_a_broken_offer_keeps_its_last_published_version_and_the_other_quarter_is_published(tmp_path) -> None:
    content, dest = _published(tmp_path)
    _rename_sued(content)
    _break(content / "quarters/nord/offers/cafe.md", "Café alt", "Café kaputt")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert "Süd neu" in _page(dest, "de/sued/index.html")  # B's change is published
    page, calendar = _page(dest, "de/nord/cafe/index.html"), _page(dest, "de/nord/cafe/calendar.ics")
    assert "Café alt" in page and "Café kaputt" not in page  # A's offer stays as last published
    assert "Café alt" in calendar and "Café kaputt" not in calendar
    assert "Café alt" in _page(dest, "de/nord/index.html")  # and so does the board's list
    [error] = run.error_lines()
    assert error["path"] == "content/quarters/nord/offers/cafe.md" and error["line"] == "2"
    assert "content/quarters/nord/offers/cafe.md" in run.err.split("kept back")[1]
    assert "/de/nord/cafe/" in run.err.split("older than their source")[1]


def test_the_fix_is_rendered_by_the_next_build(tmp_path) -> None:
    content, dest = _published(tmp_path)
    offer = content / "quarters/nord/offers/cafe.md"
    good = offer.read_text(encoding="utf-8")
    _break(offer)
    assert cli(*build_args(content, dest, keep=True)).code == 3
    assert cli(*build_args(content, dest, keep=True)).code == 3  # not "up to date": still kept back, still said
    offer.write_text(good.replace("Café alt", "Café repariert"), encoding="utf-8")
    assert cli(*build_args(content, dest, keep=True)).code == 0
    assert "Café repariert" in _page(dest, "de/nord/cafe/index.html")


def test_an_incremental_build_with_a_broken_file_equals_a_clean_one(tmp_path) -> None:
    content, dest = _published(tmp_path)
    _rename_sued(content)
    _break(content / "quarters/nord/offers/cafe.md", "Café alt", "Café kaputt")
    assert cli(*build_args(content, dest, keep=True)).code == 3
    incremental = _tree(dest / "output")
    # Clean: no output and no caches, only the last good sources (as a CI runner restores them).
    for entry in (dest / ".cache").iterdir():
        if not entry.name.endswith(".lastgood"):
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()
    shutil.rmtree(dest / "output")
    assert cli(*build_args(content, dest, keep=True)).code == 3
    assert _tree(dest / "output") == incremental


def test_a_broken_place_keeps_its_last_version_for_the_offers_there(tmp_path) -> None:
    content, dest = _published(tmp_path)
    _rename_sued(content)
    _break(content / "quarters/nord/places/treff.yaml", "Treff Nord", "Treff kaputt")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert "Süd neu" in _page(dest, "de/sued/index.html")
    page = _page(dest, "de/nord/cafe/index.html")
    assert "Treff Nord" in page and "Treff kaputt" not in page


def test_a_broken_translation_keeps_its_last_version(tmp_path) -> None:
    content = copy_base(tmp_path)
    dest = tmp_path / "site"
    translation = content / "quarters/nord/offers/cafe.en.md"
    translation.write_text("---\ntitle: Coffee old\n---\nEvery Friday.\n", encoding="utf-8")
    assert cli(*build_args(content, dest, keep=True)).code == 0
    _rename_sued(content)
    _break(translation, "Coffee old", "Coffee broken")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert "Süd neu" in _page(dest, "de/sued/index.html")
    assert "Coffee old" in _page(dest, "en/nord/cafe/index.html")
    assert "content/quarters/nord/offers/cafe.en.md" in run.err.split("kept back")[1]


def test_a_broken_quarter_file_keeps_its_last_version(tmp_path) -> None:
    content, dest = _published(tmp_path)
    _rename_sued(content)
    _break(content / "quarters/nord/quarter.yaml", "name: Nord", "name: Nord kaputt")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert "Süd neu" in _page(dest, "de/sued/index.html")
    board = _page(dest, "de/nord/index.html")
    assert "Nord" in board and "Nord kaputt" not in board


def test_a_broken_new_file_is_left_out_and_reported(tmp_path) -> None:
    content, dest = _published(tmp_path)
    new = content / "quarters/sued/offers/neu.md"
    new.parent.mkdir()
    new.write_text("---\ntitle: Neu\n\tsummary: x\n---\n", encoding="utf-8")
    _rename_sued(content)
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert "Süd neu" in _page(dest, "de/sued/index.html")
    assert not (dest / "output/de/sued/neu").exists()
    assert "content/quarters/sued/offers/neu.md" in run.err.split("left out")[1]


def test_without_a_last_good_copy_the_published_pages_are_taken_from_the_previous_output(tmp_path) -> None:
    content, dest = _published(tmp_path)
    shutil.rmtree(dest / ".cache")  # a fresh CI runner that still has the site
    _break(content / "quarters/nord/offers/cafe.md")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert "Café alt" in _page(dest, "de/nord/cafe/index.html")
    assert "/de/nord/cafe/" in run.err.split("Kept from the previous build")[1]


def test_strict_publishes_nothing(tmp_path) -> None:
    content, dest = _published(tmp_path)
    before = _tree(dest / "output")
    _rename_sued(content)
    _break(content / "quarters/nord/offers/cafe.md")
    run = cli(*build_args(content, dest, TODAY, "--strict", keep=True))
    assert run.code == 1
    assert _tree(dest / "output") == before


def test_a_broken_site_file_publishes_nothing(tmp_path) -> None:
    content, dest = _published(tmp_path)
    before = _tree(dest / "output")
    _rename_sued(content)
    _break(content / "site.yaml")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 1
    assert run.error_lines()[0]["path"] == "content/site.yaml"
    assert _tree(dest / "output") == before


def test_a_new_quarter_with_a_broken_quarter_file_is_left_out_with_its_one_error(tmp_path) -> None:
    content, dest = _published(tmp_path)
    (content / "quarters/neu").mkdir()
    (content / "quarters/neu/quarter.yaml").write_text("name: Neu\n\tsummary: x\n", encoding="utf-8")
    run = cli(*build_args(content, dest, keep=True))
    assert run.code == 3, run.err
    assert not (dest / "output/de/neu").exists() and (dest / "output/de/nord/cafe/index.html").exists()
    assert [(m["path"], m["line"]) for m in run.error_lines()] == [("content/quarters/neu/quarter.yaml", "2")]
    assert "content/quarters/neu" in run.err.split("left out")[1]


def test_kept_back_errors_show_on_the_changed_line_in_ci(tmp_path) -> None:
    content, dest = _published(tmp_path)
    _break(content / "quarters/nord/offers/cafe.md")
    run = cli(*build_args(content, dest, TODAY, "--format", "github", keep=True))
    assert run.code == 3, run.err
    assert run.out.startswith("::error file=content/quarters/nord/offers/cafe.md,line=2,")
    report = tmp_path / "gl.json"
    run = cli(*build_args(content, dest, TODAY, "--format", "gitlab", "--report", report, keep=True))
    assert run.code == 3
    assert '"path": "content/quarters/nord/offers/cafe.md"' in report.read_text(encoding="utf-8")
