"""A built sample site for the language tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quartierboards.pipeline import BuildOptions, render

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sample_files() -> dict[str, bytes]:
    """The sample city's website files (in memory) for Monday 2026-11-30."""
    options = BuildOptions(content=ROOT / "content", today=dt.date(2026, 11, 30), print_products=False)
    return render(options).files
