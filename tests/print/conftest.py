"""The sample city built once (site and print products) into a temporary folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from quartierboards.pipeline import BuildOptions, BuildResult, build

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 30)


@dataclass
class Built:
    """Where the sample build went, and what it returned."""

    output: Path
    flyers: Path
    result: BuildResult


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """``quartierboards build --today 2026-11-30`` of the sample content into a temporary folder."""
    base = tmp_path_factory.mktemp("print-build")
    options = BuildOptions(content=ROOT / "content", output=base / "output", flyers=base / "flyers",
                           today=TODAY)
    return Built(base / "output", base / "flyers", build(options))
