"""The editor backend never reads or writes outside the content folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from quartierboards.commands.cms_backend import OutsideContent, content_path


@pytest.mark.parametrize("bad", ["../secret.txt", "quarters/../../x", "/etc/passwd", "a\x00b", "link/x"])
def test_paths_outside_are_refused(tmp_path: Path, bad: str) -> None:
    root = tmp_path / "content"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(OutsideContent):
        content_path(root, bad)


def test_paths_inside_are_allowed(tmp_path: Path) -> None:
    assert content_path(tmp_path, "quarters/q/offers/a.md") == tmp_path.resolve() / "quarters/q/offers/a.md"
