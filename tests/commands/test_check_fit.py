"""``check`` lays out every flyer and sticker as ``build`` does, writes no PDF, and names the line to shorten."""

from __future__ import annotations

from qb_support import SAMPLE, TODAY, cli, copy_base

LONG_NAME = " ".join(["Nord an der alten Zechenbahn und am Kanal"] * 12)


def _long_name(tmp_path):
    content = copy_base(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "print:\n  languages: [de]\n", encoding="utf-8")
    quarter = content / "quarters/nord/quarter.yaml"
    text = quarter.read_text(encoding="utf-8")
    quarter.write_text("# Stammdaten\n" + text.replace("name: Nord\n", f"name: {LONG_NAME}\n"), encoding="utf-8")
    return content


def test_too_long_quarter_name_fails_check_at_its_line(tmp_path):
    content = _long_name(tmp_path)
    run = cli("check", "--content", content, "--today", TODAY.isoformat())
    assert run.code == 1
    lines = run.error_lines()
    assert lines, run.err
    assert {(m["path"], m["line"], m["col"]) for m in lines} == {("content/quarters/nord/quarter.yaml", "2", "7")}
    assert any(m["message"].startswith("sticker nord") and "does not fit" in m["message"] for m in lines)
    assert not any(tmp_path.rglob("*.pdf")), "check writes no PDF"


def test_build_names_the_same_line(tmp_path):
    content = _long_name(tmp_path)
    run = cli("build", "--content", content, "--output", tmp_path / "output", "--flyers", tmp_path / "flyers",
              "--today", TODAY.isoformat())
    assert run.code == 1
    assert {(m["path"], m["line"], m["col"]) for m in run.error_lines()} == {
        ("content/quarters/nord/quarter.yaml", "2", "7")}


def test_sample_city_passes_check():
    run = cli("check", "--content", SAMPLE, "--today", TODAY.isoformat())
    assert run.code == 0, run.err
    assert run.out.startswith("OK: 4 quarters")


def test_no_print_skips_the_layouts(tmp_path):
    assert cli("check", "--content", _long_name(tmp_path), "--no-print").code == 0
