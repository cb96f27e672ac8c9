"""Shared fixtures: the sample city built once per session, website only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from qb_support import SAMPLE, TODAY, build_args, cli, tree


@dataclass
class SampleBuild:
    """Where the sample city was built to, with its files in memory."""

    root: Path
    output: Path
    files: dict[str, bytes]
    stdout: str

    def text(self, rel: str) -> str:
        """A built file as text."""
        return self.files[rel].decode("utf-8")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    """``quartierboards build --today 2026-11-30 --no-print`` of ``content/`` into a temporary folder."""
    root = tmp_path_factory.mktemp("sample")
    run = cli(*build_args(SAMPLE, root, TODAY))
    assert run.code == 0, run.err
    return SampleBuild(root, root / "output", tree(root / "output"), run.out)
