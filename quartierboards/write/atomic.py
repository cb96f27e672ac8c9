"""Atomic replacement of an output directory.

The new tree is written completely into a staging directory (a fresh one, or the
tree swapped out by the previous build: :mod:`quartierboards.write.staging`), then
swapped with the old one in a single ``renameat2(RENAME_EXCHANGE)`` system call
(Linux), so readers and a killed build only ever see the old or the new tree, never
half of one. Where the exchange is not available we fall back to two renames and
repair an interrupted swap on the next run (:func:`recover`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

# The lock lives in its own module; these names stay importable from here.
from quartierboards.write.lock import BuildLocked as BuildLocked
from quartierboards.write.lock import build_lock as build_lock
from quartierboards.write.markers import REUSED
from quartierboards.write.staging import (
    KEEP_SPARE_SHARING,
    Staging,
    cache_dir,
    discard_tree,
    keep_as_spare,
    open_staging,
)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap *a* and *b* atomically; ``False`` if the platform cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def recover(target: Path) -> None:
    """Finish a swap that a crash interrupted between its two renames (fallback path only)."""
    parked = target.with_name(f".{target.name}.old")
    if not target.exists() and parked.exists():
        parked.rename(target)


def replace_dir(target: Path, files: Mapping[str, object], staging: Staging | None = None,
                current: dict[str, int] | None = None) -> None:
    """Make *target* contain exactly *files*; atomic with respect to crashes.

    *files* maps relative POSIX paths to bytes, to ``REUSED`` (unchanged: the
    file is taken over from *target* by hard link) or to any other marker (already
    written into *staging* while rendering). *staging* comes from
    :func:`~quartierboards.write.staging.open_staging`. *current* is what *target* holds
    now (relative path → inode, from the last build's index): it lets a recycled staging
    tree be brought up to date by difference, and the swapped-out tree be kept as the
    next build's staging tree instead of being deleted.
    """
    target = Path(target)
    recover(target)
    staging = staging or open_staging(target, recycle=False)
    swapped = False
    try:
        listing = staging.listing if staging.recycled and current is not None else {}
        live = str(target)
        taken_over = [rel for rel, data in files.items() if data is REUSED]
        if not staging.recycled:
            staging.make_folders(taken_over)
        for rel, data in files.items():
            if isinstance(data, bytes):
                staging.write(rel, data)
        for rel in taken_over:
            if rel not in listing or listing[rel] != current.get(rel):
                staging.link(rel, f"{live}{os.sep}{rel}")
        staging.remove_stale(files)
        os.sync()  # one flush of the new tree (much cheaper than fsync per file), before it goes live
        os.chmod(staging.path, 0o755)
        if not target.exists():
            staging.path.rename(target)
        elif _exchange(staging.path, target):
            # Now staging.path holds the old tree. It shares the files taken over with the new
            # one; after a build that rewrote most files it is not worth keeping as the spare.
            if current is None or len(taken_over) >= KEEP_SPARE_SHARING * len(files):
                keep_as_spare(target, staging.path, current)
            else:
                discard_tree(staging.path, cache_dir(target) / "trash")
        else:
            parked = target.with_name(f".{target.name}.old")
            shutil.rmtree(parked, ignore_errors=True)
            target.rename(parked)
            staging.path.rename(target)
            shutil.rmtree(parked, ignore_errors=True)
        swapped = True
    finally:
        if not swapped:
            staging.discard()


def clean_stale_staging(parent: Path, name: str) -> None:
    """Remove staging directories left by builds that were killed."""
    for stale in parent.glob(f".{name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
