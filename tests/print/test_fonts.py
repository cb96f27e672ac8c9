"""Fonts in the print workers: nothing of them is left behind; static instances are the same whenever made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from qb_support import TODAY

from tests.print.conftest import generate


@pytest.mark.parametrize("jobs", ["1", "2"])  # in the build's own process; in a forked worker
def test_a_build_leaves_no_font_folder_in_the_temporary_folder(tmp_path, jobs):
    """WeasyPrint copies the fonts into a ``weasyprint-*`` folder (2.5 MB) per process; each build removed none."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    content = tmp_path / "content"
    generate(content, quarters=1, offers=3, seed=5)
    done = subprocess.run(
        [sys.executable, "-m", "quartierboards", "build", "--content", str(content),
         "--output", str(tmp_path / "output"), "--flyers", str(tmp_path / "flyers"),
         "--today", TODAY.isoformat(), "--jobs", jobs],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env={**os.environ, "TMPDIR": str(temporary)})
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "flyers").rglob("flyer-*.pdf")), "the build rendered PDFs"
    assert sorted(p.name for p in temporary.iterdir()) == []



def test_static_instances_are_made_once_and_then_found_in_the_cache(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont

    from quartierboards import fonts

    monkeypatch.setenv("QUARTIERBOARDS_CACHE", str(tmp_path))
    *_, (_family, source) = fonts.variable_fonts()  # the Arabic one: the smaller font
    made = fonts._instance(source, 600)
    assert made.parent == tmp_path / "fonts"
    font = TTFont(made)
    assert "fvar" not in font, "a static font: WeasyPrint only subsets it"
    assert font["OS/2"].usWeightClass == 600
    stamp = made.stat().st_mtime_ns
    assert fonts._instance(source, 600) == made and made.stat().st_mtime_ns == stamp


def _pdf_with(font: Path) -> bytes:
    """A one-line PDF in *font*, which WeasyPrint subsets and embeds (with its ``head`` table)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    css = CSS(string=f'@font-face {{ font-family: "T"; src: url("{font.as_uri()}"); }} body {{ font-family: "T"; }}',
              font_config=config)
    return HTML(string="<p>سلام</p>").write_pdf(stylesheets=[css], font_config=config)


def test_instances_made_at_different_times_give_the_same_bytes_and_pdfs(tmp_path, monkeypatch):
    """Two empty caches filled years apart: the same instance bytes, so the same PDFs (cold cache = warm cache)."""
    import time

    from quartierboards import fonts

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # fontTools would stamp that instead of the clock
    *_, (_family, source) = fonts.variable_fonts()  # the Arabic one: the smaller font
    now = time.time
    made = []
    for name, shift in (("a", 0), ("b", 3 * 365 * 86400)):
        monkeypatch.setenv("QUARTIERBOARDS_CACHE", str(tmp_path / name))
        monkeypatch.setattr(time, "time", lambda shift=shift: now() + shift)
        made.append(fonts._instance(source, 400))
    monkeypatch.setattr(time, "time", now)
    first, second = made
    assert first.parent != second.parent
    assert first.read_bytes() == second.read_bytes()
    assert _pdf_with(first) == _pdf_with(second)
