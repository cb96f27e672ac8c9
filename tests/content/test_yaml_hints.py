"""The YAML mistakes editors make are reported on their own line, with what to type instead."""

from __future__ import annotations

import pytest
from qb_support import cli, copy_base

from quartierboards.content.yamlsrc import YamlError, parse_yaml

GERMAN, ENGLISH = "de_DE.UTF-8", "en_US.UTF-8"
NBSP = "\u00a0"

# (YAML, line, col, German message, English message)
CASES = {
    "missing colon": (
        "id: x\nkind: weekly\ntitle Sprachcafé\nplace: haus\n", 3, 6,
        "Ungültiges YAML: der Doppelpunkt nach 'title' fehlt; schreiben Sie 'title: Sprachcafé'",
        "invalid YAML: the colon after 'title' is missing; write 'title: Sprachcafé'"),
    "missing colon in a list": (
        "schedule:\n  - weekly: mo\n    time: 10:00-12:00\n  - weekly di\n    time: 14:00-16:00\n", 4, 11,
        "Ungültiges YAML: der Doppelpunkt nach 'weekly' fehlt; schreiben Sie '- weekly: di'",
        "invalid YAML: the colon after 'weekly' is missing; write '- weekly: di'"),
    "colon inside a value": (
        "title: Treff: Kaffee\n", 1, 8,
        "Ungültiges YAML: der Text nach 'title:' enthält ': '; setzen Sie ihn in Anführungszeichen: "
        "title: \"Treff: Kaffee\"",
        "invalid YAML: the text after 'title:' contains ': '; put it in quotes: title: \"Treff: Kaffee\""),
    "non-breaking space that breaks the structure": (
        f"title:\n{NBSP}{NBSP}de: Hallo\n  en: Hi\n", 2, 1,
        "Ungültiges YAML: ein geschütztes Leerzeichen (U+00A0, oft von einer Webseite kopiert) in der "
        "Einrückung; ersetzen Sie es durch normale Leerzeichen",
        "invalid YAML: a non-breaking space (U+00A0, often copied from a web page) in the indentation; "
        "replace it with normal spaces"),
    "non-breaking space that parses into a wrong key": (
        f"title:\n  de: Hallo\n {NBSP}en: Hi\n", 3, 2,
        "Ungültiges YAML: ein geschütztes Leerzeichen (U+00A0, oft von einer Webseite kopiert) in der "
        "Einrückung; ersetzen Sie es durch normale Leerzeichen",
        "invalid YAML: a non-breaking space (U+00A0, often copied from a web page) in the indentation; "
        "replace it with normal spaces"),
    "list on the line of its key": (
        "title:\n  de: Hallo\n  ru: - Привет\n", 3, 7,
        "Ungültiges YAML: eine Liste kann nicht in der Zeile von 'ru:' beginnen; für einen Text, der mit '-' "
        "beginnt, schreiben Sie ru: \"- Привет\", für eine Liste jeden Eintrag '- ' in eine eigene, "
        "eingerückte Zeile darunter",
        "invalid YAML: a list cannot start on the line of 'ru:'; for a text starting with '-' write "
        "ru: \"- Привет\", for a list put each '- ' entry on its own line below, indented"),
    "list entry without the space after its dash": (
        "schedule:\n  -weekly: fri\n    time: 10:00-12:00\n", 2, 4,
        "Ungültiges YAML: nach dem '-' eines Listeneintrags fehlt das Leerzeichen; schreiben Sie '- weekly: fri'",
        "invalid YAML: a space is missing after the '-' of a list entry; write '- weekly: fri'"),
    "weekday list without its ']'": (
        "weekly: [mo, di\ntime: 10:00-12:00\n", 1, 9,
        "Ungültiges YAML: die mit '[' begonnene Liste ist nicht geschlossen; beenden Sie sie in derselben Zeile "
        "mit ']', z. B. [mo, di, mi]",
        "invalid YAML: the list opened with '[' is not closed; end it with ']' on the same line, e.g. [mo, di, mi]"),
    "indentation that does not match": (
        "title:\n    de: Hallo\n  en: Hi\n", 3, 3,
        "Ungültiges YAML: diese Zeile ist anders eingerückt als die Zeilen darüber",
        "invalid YAML: this line is indented differently from the lines above it"),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", [GERMAN, ENGLISH])
def test_message_names_the_line_and_what_to_type(name, lang, monkeypatch):
    text, line, col, german, english = CASES[name]
    monkeypatch.setenv("LANG", lang)
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "x.yaml")
    error = caught.value.error
    assert (error.location.line, error.location.col) == (line, col)
    assert error.message == (german if lang == GERMAN else english)


@pytest.mark.parametrize("text", [case[0] for case in CASES.values()] + ["a: [1\n", "a:\n  - b\n  c: d\n"])
def test_no_parser_words_in_german(text, monkeypatch):
    monkeypatch.setenv("LANG", GERMAN)
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "x.yaml")
    said = caught.value.error.format()
    for fragment in ("<", "allowed", "expected", "found", "scalar", "sequence", "mapping"):
        assert fragment not in said, said


def test_missing_colon_in_front_matter_is_on_its_line(tmp_path, monkeypatch):
    """Through the loader: the line in the offer file, below the front matter's ``---``."""
    monkeypatch.setenv("LANG", GERMAN)
    content = copy_base(tmp_path)
    cafe = content / "quarters/nord/offers/cafe.md"
    cafe.write_text(cafe.read_text(encoding="utf-8").replace("summary: Kaffee", "summary Kaffee"), encoding="utf-8")
    run = cli("check", "--content", content, "--no-print")
    assert run.code == 1
    assert run.error_lines()[0].group(0) == ("content/quarters/nord/offers/cafe.md:3:8: Ungültiges YAML: der "
                                             "Doppelpunkt nach 'summary' fehlt; schreiben Sie 'summary: Kaffee und "
                                             "Kuchen.'")


@pytest.mark.parametrize(("lang", "expected"), [
    (GERMAN, "'mo-fr' ist eine Spanne von Tagen; schreiben Sie `[mo, di, mi, do, fr]`"),
    (ENGLISH, "'mo-fr' is a range of days; write the days as a list: [mo, di, mi, do, fr]"),
])
def test_weekday_range_says_what_to_write(lang, expected, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", lang)
    content = copy_base(tmp_path)
    cafe = content / "quarters/nord/offers/cafe.md"
    cafe.write_text(cafe.read_text(encoding="utf-8").replace("weekly: fri", "weekly: mo-fr"), encoding="utf-8")
    run = cli("check", "--content", content, "--no-print")
    assert run.code == 1
    assert [m["message"] for m in run.error_lines()] == [expected]
