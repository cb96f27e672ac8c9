"""The sample city built once (site and print products) into a temporary folder."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from quartierboards.content.loader import load_site
from quartierboards.content.structure import Site
from quartierboards.pipeline import BuildOptions, BuildResult, build, plan_schedules
from quartierboards.print import workers

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 30)
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


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


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A quarter too busy for its flyer's back page (70 offers), set up for in-process rendering."""
    content = tmp_path_factory.mktemp("busy") / "content"
    generate(content, quarters=1, offers=70, seed=23)
    site = load_site(content)
    workers.init_worker(site, plan_schedules(site, TODAY), None)
    return site
