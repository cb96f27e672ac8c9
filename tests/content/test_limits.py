"""A site over the documented size limits is refused before any offer is read, with a message."""

from __future__ import annotations

import pytest
from qb_support import build_args, cli, copy_base

from quartierboards.content import limits


@pytest.fixture
def content(tmp_path, monkeypatch):
    """The tiny base content with 4 offers in ``nord`` and 3 in ``sued``, and limits of 3 per quarter, 6 in all."""
    monkeypatch.setattr(limits, "MAX_OFFERS_PER_QUARTER", 3)
    monkeypatch.setattr(limits, "MAX_OFFERS_PER_SITE", 6)
    content = copy_base(tmp_path)
    cafe = (content / "quarters/nord/offers/cafe.md").read_text(encoding="utf-8")
    for name in ("a", "b", "c"):
        (content / f"quarters/nord/offers/{name}.md").write_text(cafe, encoding="utf-8")
    (content / "quarters/nord/offers/cafe.en.md").write_text("---\ntitle: Café\n---\n", encoding="utf-8")
    (content / "quarters/sued/offers").mkdir()
    for name in ("x", "y", "z"):
        # Never read: a file that would not even parse is not reported, the site is refused first.
        (content / f"quarters/sued/offers/{name}.md").write_text("---\n: [\n", encoding="utf-8")
    return content


def test_check_names_the_quarter_and_the_site(content):
    run = cli("check", "--content", content)
    assert run.code == 1
    lines = [(m["path"], m["message"]) for m in run.error_lines()]
    assert lines == [
        ("content/quarters", "too many offers in the site: 7 (at most 6 in all quarters)"),
        ("content/quarters/nord/offers", "too many offers in this quarter: 4 (at most 3)"),
    ], run.err
    assert "docs/content-format.md" in run.err and "Traceback" not in run.err


def test_build_refuses_in_german(content, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli(*build_args(content, tmp_path))
    assert run.code == 1
    assert "zu viele Angebote in diesem Quartier: 4 (höchstens 3)" in run.err
    assert not (tmp_path / "output").exists()


def test_translations_and_hidden_files_do_not_count(tmp_path):
    offers = tmp_path / "offers"
    offers.mkdir()
    for name in ("a.md", "a.fa.md", ".b.md", "notes.txt", "c.md"):
        (offers / name).write_text("", encoding="utf-8")
    assert limits.count_offers(offers) == 2
    assert limits.count_offers(tmp_path / "missing") == 0
