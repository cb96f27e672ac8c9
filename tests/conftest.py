"""Shared fixtures: the sample city built once per session, website only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from qb_support import SAMPLE, TODAY, build_args, cli, tree


def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # ours, so the sample site's German does not win
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session", autouse=True)
def english_session() -> Iterator[None]:
    """English for the session- and module-scoped builds too (they run before function fixtures)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _english(monkeypatch)
        yield


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Editor messages in English whatever locale the machine has (tests assert English fragments);
    a test may switch to another language with ``monkeypatch.setenv("LANG", …)``."""
    _english(monkeypatch)


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
    run = cli(*build_args(SAMPLE, root, TODAY, keep=True))  # not --strict: the sample has two deliberate warnings
    assert run.code == 0, run.err
    return SampleBuild(root, root / "output", tree(root / "output"), run.out)
