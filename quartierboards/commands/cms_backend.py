"""Groundwork for the editor's local backend (issue #26): which paths it may touch.

The HTTP server for the decap-server ``local_backend`` protocol is not written yet.
"""

from __future__ import annotations

from pathlib import Path


class OutsideContent(ValueError):
    """A requested path leads outside the content folder."""


def content_path(root: Path, relative: str) -> Path:
    """The file ``relative`` inside ``root``; raises OutsideContent for ``..``, absolute paths or links out."""
    if "\x00" in relative or Path(relative).is_absolute():
        raise OutsideContent(relative)
    base = root.resolve()
    # resolve() follows symlinks, so a link pointing out of the folder is refused too
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise OutsideContent(relative)
    return target
