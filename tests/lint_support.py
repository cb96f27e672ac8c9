"""Helpers for the lint tests: an editable copy of the sample city and its warnings."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from quartierboards.content.loader import load_site
from quartierboards.schedule.lints import site_warnings

SAMPLE = Path(__file__).resolve().parents[1] / "content"
TODAY = dt.date(2026, 11, 30)
SAMPLE_WARNINGS = ["content/quarters/nordstadt/offers/laternenumzug.md:40:1: every date of this offer is past",
                   "content/site.yaml:12:11: base_url 'https://quartiere.example.org/' is an example address; "
                   "QR codes and links would lead nowhere"]


def copy_sample(tmp_path: Path) -> Path:
    """A copy of the sample city to edit."""
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    return root


def warnings(root: Path, today: dt.date = TODAY) -> list[str]:
    """The warnings of *root* as ``path:line:col: message``, the sample's deliberate ones left out."""
    found = [w.format().split("\n")[0] for w in site_warnings(load_site(root), root, today)]
    return [w for w in found if w not in SAMPLE_WARNINGS]


def edit(path: Path, old: str, new: str) -> None:
    """Replace *old* by *new* in *path* (which must contain it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
