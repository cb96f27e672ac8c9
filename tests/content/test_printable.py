"""Characters the packaged fonts do not have are found by check, at the printed field."""

from __future__ import annotations

from qb_support import cli, copy_base

from quartierboards.content import printable
from quartierboards.fonts import covered_characters


def test_latin_is_surely_covered():
    covered = covered_characters()
    assert all(i in covered for i in range(0x20, printable._SURELY_COVERED) if chr(i).isprintable())


def test_an_emoji_in_a_printed_language_is_found_where_it_is(tmp_path):
    content = copy_base(tmp_path)
    quarter = content / "quarters/sued/quarter.yaml"
    quarter.write_text("name:\n  de: Süd\n  en: South 🌳\nsummary: Das Quartier im Süden.\n", encoding="utf-8")
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "print:\n  languages: [de, en]\n", encoding="utf-8")
    run = cli("check", "--content", content)
    assert run.code == 1
    assert [m.group(0) for m in run.error_lines()] == [
        "content/quarters/sued/quarter.yaml:3:7: no packaged font has these characters: '🌳' (U+1F333)"]


def test_an_emoji_where_nothing_is_printed_is_fine(tmp_path):
    content = copy_base(tmp_path)
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text(encoding="utf-8") + "Mit Kuchen 🍰\n", encoding="utf-8")  # the body
    assert cli("check", "--content", content).code == 0
