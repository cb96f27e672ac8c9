"""Fonts in the print workers: nothing of them is left behind in the temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys

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

