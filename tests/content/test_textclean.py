"""One normalisation for all text: control characters refused (raw or escaped), bidi controls
removed from every output, NFC."""

from __future__ import annotations

import re
import unicodedata

import pytest
from qb_support import build_args, cli, copy_base, tree

from quartierboards.content.textclean import clean_text, refused_character

RLO = "\u202e"
OFFER = """---
title: {title}
summary: Kaffee und Kuchen.
audience: everyone
category: meeting
place: treff
schedule:
  - weekly: fri
    time: "15:00-17:00"
---
{body}
"""


def _offer(content, title: str = "Café", body: str = "Jeden Freitag.") -> None:
    (content / "quarters" / "nord" / "offers" / "cafe.md").write_text(
        OFFER.format(title=title, body=body), encoding="utf-8")


@pytest.mark.parametrize("escape", ["\\x01", "\\0", "\\x7f", "\\x85", "\\e", "\\uFFFF", "\\ud800"])
def test_a_yaml_escape_for_a_control_character_is_an_error_at_its_line(escape, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    content = copy_base(tmp_path)
    _offer(content, title=f'"Caf{escape}é"')
    run = cli("check", "--content", content)
    assert run.code == 1, run.err
    [error] = run.error_lines()
    assert (error["path"], error["line"], error["col"]) == ("content/quarters/nord/offers/cafe.md", "2", "8")
    assert "control character U+" in error["message"]
    assert "Traceback" not in run.err


def test_a_raw_control_character_in_a_body_is_an_error_at_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    content = copy_base(tmp_path)
    _offer(content, body="Erste Zeile.\n\nZweite \x01Zeile.")
    run = cli(*build_args(content, tmp_path))
    assert run.code == 1, run.err
    [error] = run.error_lines()
    assert (error["line"], error["col"]) == ("13", "8")
    assert "Steuerzeichen U+0001" in error["message"]


def _outputs(tmp_path) -> dict[str, str]:
    files = tree(tmp_path / "output")
    return {p: b.decode("utf-8") for p, b in files.items() if p.endswith((".html", ".ics", ".xml", ".json"))}


def test_bidi_controls_reach_no_output_and_text_comes_out_nfc(tmp_path):
    content = copy_base(tmp_path)
    nfd = unicodedata.normalize("NFD", "Café Müller")
    _offer(content, title=f'"{nfd} {RLO}gnp.exe"', body=f"{nfd} {RLO}txt.exe\n\n| a | {RLO}b |\n|---|---|\n| c | d |")
    news = content / "quarters" / "nord" / "news"
    news.mkdir()
    (news / "2026-11-20-fest.md").write_text(
        f'---\ntitle: "Fest {RLO}ssa {nfd}"\nsummary: "Kurz {RLO}x"\n---\nText {RLO}y {nfd}\n', encoding="utf-8")
    run = cli(*build_args(content, tmp_path))
    assert run.code == 0, run.err
    outputs = _outputs(tmp_path)
    assert any(p.endswith(".ics") for p in outputs) and any(p.endswith("feed.xml") for p in outputs)
    for path, text in outputs.items():
        assert RLO not in text, path
        assert not re.search("%E2%80%AE", text, re.I), f"{path}: in a share link"
        assert nfd not in text, path
    offer = outputs["de/nord/cafe/index.html"]
    assert "Café Müller gnp.exe" in offer and "Café Müller txt.exe" in offer
    assert "wa.me/?text=Caf%C3%A9+M%C3%BCller+gnp.exe" in offer  # share link: NFC, no override
    assert "SUMMARY:Café Müller gnp.exe" in outputs["de/nord/calendar.ics"]
    assert "Fest ssa Café Müller" in outputs["de/nord/news/feed.xml"]


def test_clean_text():
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_text(f"x{RLO}\u2066y\u2069") == "xy"
    assert clean_text("e\u0301") == "é"
    assert clean_text("\u200c\u200f\t\n") == "\u200c\u200f\t\n"  # ZWNJ, RLM, tab and line feed stay
    assert refused_character("ok\tok\n") is None
    assert refused_character("a\x1bb") == 1
