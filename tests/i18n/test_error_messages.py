"""Editor messages follow LANG: German for ``de_*``, English otherwise, through the UI catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qb_support import BASE, cli

from quartierboards.commands.report import closing_count
from quartierboards.i18n.messages import choose_editor_language, editor_language, tr, trn

CORPUS = Path(__file__).resolve().parents[1] / "bad_content"
CAFE = "content/quarters/nord/offers/cafe.md"
TREFF = "content/quarters/nord/places/treff.yaml"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The base tree of the bad-input corpus with three mistakes in two files."""
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    shutil.copytree(CORPUS / "unknown-key" / "content", content, dirs_exist_ok=True)
    cafe = content / "quarters" / "nord" / "offers" / "cafe.md"
    cafe.write_text(cafe.read_text(encoding="utf-8").replace("weekly: fri", "weekly: fritag"), encoding="utf-8")
    treff = content / "quarters" / "nord" / "places" / "treff.yaml"
    treff.write_text(treff.read_text(encoding="utf-8") + "email: jana@example\n", encoding="utf-8")
    return content


def _errors(run) -> dict[tuple[str, int, int], str]:
    return {(m["path"], int(m["line"]), int(m["col"])): m["message"] for m in run.error_lines()}


def test_german(broken, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli("check", "--content", broken)
    assert run.code == 1
    assert "Traceback" not in run.err
    assert _errors(run) == {
        (CAFE, 3, 1): "Unbekannter Schlüssel 'summery', meinten Sie 'summary'?",
        (CAFE, 8, 13): "Unbekannter Wochentag 'fritag', meinten Sie 'freitag'?",
        (TREFF, 8, 8): "Ungültige E-Mail-Adresse 'jana@example'",
    }
    assert "    Hier erlaubt: title, summary," in run.err
    assert run.err.rstrip().endswith("3 Fehler in 2 Dateien")


def test_english(broken, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    run = cli("check", "--content", broken)
    assert run.code == 1
    assert _errors(run) == {
        (CAFE, 3, 1): "unknown key 'summery', did you mean 'summary'?",
        (CAFE, 8, 13): "unknown weekday 'fritag', did you mean 'freitag'?",
        (TREFF, 8, 8): "invalid e-mail address 'jana@example'",
    }
    assert "    Allowed here: title, summary," in run.err
    assert run.err.rstrip().endswith("3 errors in 2 files")


def test_german_build_says_nothing_was_written(broken, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli("build", "--content", broken, "--output", tmp_path / "output", "--flyers", tmp_path / "flyers",
              "--no-print", "--jobs", "1", "--strict")
    assert run.code == 1
    assert "Unbekannter Wochentag 'fritag'" in run.err
    assert "3 Fehler in 2 Dateien" in run.err
    assert "Es wurde nichts geschrieben" in run.err


def test_german_yaml_and_file_problems(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    shutil.copytree(CORPUS / "yaml-tab-indentation" / "content", content, dirs_exist_ok=True)
    (content / "quarters" / "nord" / "places" / "treff.yaml").write_bytes(b"name: Treff \xe9\n")
    run = cli("check", "--content", content)
    errors = _errors(run)
    assert errors[(CAFE, 9, 1)] == "Ungültiges YAML: Tabulator zum Einrücken verwendet"
    assert errors[(TREFF, 1, 13)] == "Die Datei ist nicht in UTF-8 gespeichert (Byte 0xe9)"
    assert "Rücken Sie mit Leerzeichen ein" in run.err
    assert run.err.rstrip().endswith("2 Fehler in 2 Dateien")


@pytest.mark.parametrize(("count", "files", "german", "english"), [
    (1, 1, "1 Fehler in 1 Datei", "1 error in 1 file"),
    (2, 1, "2 Fehler in 1 Datei", "2 errors in 1 file"),
    (3, 2, "3 Fehler in 2 Dateien", "3 errors in 2 files"),
])
def test_closing_count(count, files, german, english, monkeypatch):
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert closing_count(count, files) == german
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert closing_count(count, files) == english


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "de"}, "de"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "tr_TR.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "de_CH.UTF-8"}, "de"),
    ({"LC_ALL": "", "LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:en"}, "de"),
    ({"LANG": "C.UTF-8", "LANGUAGE": "de"}, "en"),
])
def test_editor_language(env, expected):
    assert editor_language(env) == expected


def test_placeholders_are_filled_after_translation(monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert tr("unknown key '%(key)s', did you mean '%(guess)s'?", key="titel", guess="title") == \
        "Unbekannter Schlüssel 'titel', meinten Sie 'title'?"
    assert trn("%(files)s file", "%(files)s files", 2, files=2) == "2 Dateien"
    assert tr("a message nobody translated: %(x)s", x=1) == "a message nobody translated: 1"


def test_german_site_speaks_german_where_no_locale_is_set(broken, monkeypatch):
    """CI runners and containers have ``C.UTF-8``: the site's default language (de) decides."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    run = cli("check", "--content", broken, "--no-print")
    assert run.err.rstrip().endswith("3 Fehler in 2 Dateien")
    assert editor_language() == "en", "the next command in this process chooses again"


@pytest.mark.parametrize(("lang", "option", "expected"), [
    ("de_DE.UTF-8", "en", "3 errors in 2 files"),  # --lang wins over the locale
    ("C.UTF-8", "en", "3 errors in 2 files"),  # ... and over the site's default language
    ("en_US.UTF-8", "de", "3 Fehler in 2 Dateien"),
])
def test_lang_option_wins(broken, monkeypatch, lang, option, expected):
    monkeypatch.setenv("LANG", lang)
    assert cli("check", "--content", broken, "--no-print", "--lang", option).err.rstrip().endswith(expected)
    assert cli("--lang", option, "check", "--content", broken, "--no-print").err.rstrip().endswith(expected)


@pytest.mark.parametrize(("env", "site", "expected"), [
    ({"LANG": "C.UTF-8"}, "de", "de"),
    ({"LANG": "C.UTF-8"}, "de-x-ls", "de"),
    ({}, "de", "de"),
    ({"LANG": "fr_FR.UTF-8"}, "de", "de"),  # a locale we have no messages in passes on to the site
    ({"LANG": "en_GB.UTF-8"}, "de", "en"),  # one we have wins over the site
    ({"LANG": "C.UTF-8"}, "ru", "en"),
    ({"LANG": "C.UTF-8"}, "dexx", "en"),
])
def test_site_default_language_after_the_locale(env, site, expected):
    choose_editor_language(site_default=site)
    try:
        assert editor_language(env) == expected
    finally:
        choose_editor_language()
