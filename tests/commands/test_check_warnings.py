"""``check`` and ``build`` show lint warnings; ``--strict`` makes them errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_support import copy_sample, edit
from qb_support import SAMPLE, TODAY, build_args, cli, tree


def test_check_shows_the_samples_warnings_and_exits_0() -> None:
    run = cli("check", "--content", SAMPLE, "--today", "2026-11-30")
    assert run.code == 0 and "OK:" in run.out
    assert run.warning_lines() == [
        "content/quarters/nordstadt/offers/laternenumzug.md:40:1: warning: every date of this offer is past",
        "content/site.yaml:12:11: warning: base_url 'https://quartiere.example.org/' is an example address; "
        "QR codes and links would lead nowhere"]
    assert run.err.rstrip().endswith("2 warnings in 2 files")


def test_check_strict_fails_on_warnings_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli("check", "--content", SAMPLE, "--today", "2026-11-30", "--strict")
    assert run.code == 1
    assert "content/quarters/nordstadt/offers/laternenumzug.md:40:1: Alle Termine dieses Angebots liegen in " \
           "der Vergangenheit" in run.err
    assert "2 Fehler in 2 Dateien" in run.err


def test_check_warns_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli("check", "--content", SAMPLE, "--today", "2026-11-30")
    assert run.code == 0
    assert run.warning_lines()[0].startswith("content/quarters/nordstadt/offers/laternenumzug.md:40:1: Warnung: ")
    assert "2 Warnungen in 2 Dateien" in run.err


def test_build_publishes_with_warnings_and_strict_writes_nothing(tmp_path: Path) -> None:
    content = copy_sample(tmp_path)
    edit(content / "quarters/nordstadt/offers/sprachcafe.md", "  de: Sprachcafé\n", "  de: Treff #1 im Haus\n")
    strict = cli(*build_args(content, tmp_path, TODAY, "--strict"))
    assert strict.code == 1 and "Nothing was written" in strict.err
    assert "sprachcafe.md:5:13: the text ends at '#'" in strict.err
    assert not (tmp_path / "output").exists()
    built = cli(*build_args(content, tmp_path, keep=True))  # not --strict: warnings do not stop it
    assert built.code == 0 and "Built" in built.out
    assert any("sprachcafe.md:5:13: warning: the text ends at '#'" in w for w in built.warning_lines())
    assert tree(tmp_path / "output")



def test_strict_sees_the_warnings_of_a_quarter_an_edit_did_not_touch(tmp_path: Path) -> None:
    content = copy_sample(tmp_path)
    edit(content / "quarters/nordstadt/offers/sprachcafe.md", "  de: Sprachcafé\n", "  de: Treff #1 im Haus\n")
    assert cli(*build_args(content, tmp_path, keep=True)).code == 0
    edit(content / "quarters/lindenhof/offers/sprachcafe.md", "  de: Sprachcafé\n", "  de: Sprachcafé Lindenhof\n")
    strict = cli(*build_args(content, tmp_path, TODAY, "--strict"))
    assert strict.code == 1 and "nordstadt/offers/sprachcafe.md:5:13: the text ends at '#'" in strict.err
