"""Atomic replacement of an output directory.

The new tree is written completely into a staging directory (a fresh one, or the
tree swapped out by the previous build: :mod:`quartierboards.write.staging`), then
swapped with the old one in a single ``renameat2(RENAME_EXCHANGE)`` system call
(Linux), so readers and a killed build only ever see the old or the new tree, never
half of one. Where the exchange is not available we fall back to two renames and
repair an interrupted swap on the next run (:func:`recover`).

A build replaces two folders (``output/`` and ``flyers/``), both or neither: both new
trees are made complete first (:func:`prepare_dir`), then a journal naming them is
written and the swaps follow one another (:func:`swap_in`). A build killed between
them leaves the journal, and the next build completes the swaps before anything else
(:func:`finish_swaps`).
"""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from quartierboards.lifetime import signals_deferred
from quartierboards.markers import REUSED

# The lock lives in its own module; these names stay importable from here.
from quartierboards.write.lock import BuildLocked as BuildLocked
from quartierboards.write.lock import build_lock as build_lock
from quartierboards.write.staging import (
    KEEP_SPARE_SHARING,
    Staging,
    cache_dir,
    discard_tree,
    folder_identity,
    keep_as_spare,
    open_staging,
)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _find_renameat2() -> Any:
    try:  # the C library is already loaded: no search for it (find_library starts ldconfig)
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return func


_RENAMEAT2 = _find_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap *a* and *b* atomically; ``False`` if the platform cannot."""
    if _RENAMEAT2 is None:
        return False
    return _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def recover(target: Path) -> None:
    """Finish a swap that a crash interrupted between its two renames (fallback path only)."""
    parked = target.with_name(f".{target.name}.old")
    if not target.exists() and parked.exists():
        parked.rename(target)


@dataclass
class Prepared:
    """A complete new tree for *target* in its staging folder, ready to be swapped in (:func:`swap_in`)."""

    target: Path
    staging: Staging
    current: dict[str, int] | None  # what *target* holds now (path → inode), when completely known
    taken_over: int  # files the new tree shares with the live one
    total: int


def prepare_dir(target: Path, files: Mapping[str, object], staging: Staging | None = None,
                current: dict[str, int] | None = None) -> Prepared:
    """Make *staging* contain exactly *files* for *target*; nothing live is changed.

    *files* maps relative POSIX paths to bytes, to ``REUSED`` (unchanged: the
    file is taken over from *target* by hard link) or to any other marker (already
    written into *staging* while rendering). *staging* comes from
    :func:`~quartierboards.write.staging.open_staging`. *current* is what *target* holds
    now (relative path → inode, from the last build's index): it lets a recycled staging
    tree be brought up to date by difference, and the swapped-out tree be kept as the
    next build's staging tree instead of being deleted. A failure gives the staging folder up.
    """
    target = Path(target)
    recover(target)
    staging = staging or open_staging(target, recycle=False)
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
        os.chmod(staging.path, 0o755)
    except BaseException:
        staging.discard()
        raise
    return Prepared(target, staging, current, len(taken_over), len(files))


def _put_in_place(new: Path, target: Path) -> None:
    """Make the tree *new* the live *target*; the old tree goes to *new* (an exchange), or is
    parked at ``.<name>.old`` where the exchange is not available."""
    if not target.exists():
        new.rename(target)
    elif not _exchange(new, target):
        parked = target.with_name(f".{target.name}.old")
        shutil.rmtree(parked, ignore_errors=True)
        target.rename(parked)
        new.rename(target)


def _after_swap(prepared: Prepared) -> None:
    """Keep or delete the tree that was swapped out (see :mod:`quartierboards.write.staging`)."""
    target, old = prepared.target, prepared.staging.path
    if not old.exists():  # the first tree, or the fallback's parked tree
        shutil.rmtree(target.with_name(f".{target.name}.old"), ignore_errors=True)
        return
    # The old tree shares the files taken over with the new one; after a build that
    # rewrote most files it is not worth keeping as the spare.
    if prepared.current is None or prepared.taken_over >= KEEP_SPARE_SHARING * prepared.total:
        keep_as_spare(target, old, prepared.current)
    else:
        discard_tree(old, cache_dir(target) / "trash")


def swap_in(trees: list[Prepared], journal: Path | None = None) -> None:
    """Swap the prepared *trees* in: all of them, or none.

    One flush of the new trees (much cheaper than fsync per file) before any goes live.
    With more than one tree, *journal* names them before the first swap and is removed
    after the last: a build killed between the swaps leaves it, and the next build
    completes them (:func:`finish_swaps`). ``SIGTERM`` and ``SIGINT`` wait until the
    swaps are done.
    """
    if not trees:
        return
    swapped = 0
    try:
        os.sync()
        with signals_deferred():
            if journal is not None and len(trees) > 1:
                write_journal(journal, [(t.target, t.staging.path) for t in trees])
            for tree in trees:
                _put_in_place(tree.staging.path, tree.target)
                swapped += 1
            if journal is not None:
                journal.unlink(missing_ok=True)
    except BaseException:
        if not swapped:  # else the journal stays, and the next build completes the swaps
            for tree in trees:
                tree.staging.discard()
            if journal is not None:
                journal.unlink(missing_ok=True)
        raise
    for tree in trees:
        _after_swap(tree)


def write_journal(journal: Path, swaps: list[tuple[Path, Path]]) -> None:
    """Record the swaps about to happen (live folder, new tree) before the first of them.

    Written whole (a new file renamed into place) and flushed: :func:`finish_swaps`
    reads either nothing or all of it.
    """
    entries = [{"target": str(Path(target).absolute()), "staged": str(Path(staged).absolute()),
                "new": folder_identity(staged)} for target, staged in swaps]
    journal.parent.mkdir(parents=True, exist_ok=True)
    tmp = journal.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        os.write(fd, orjson.dumps(entries))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, journal)


def finish_swaps(journal: Path) -> None:
    """Complete the swaps of a build killed between them (*journal* from :func:`write_journal`).

    Each new tree was complete and flushed before the journal was written, so the
    swaps not done yet are done now: afterwards every folder holds its new tree, or
    (killed before the first swap) every folder its old one. The trees swapped out are
    left where the staging trees were; the next build clears them away.
    """
    try:
        entries = orjson.loads(journal.read_bytes())
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        entries = []
    swaps = [(Path(e["target"]), Path(e["staged"]), e["new"]) for e in entries if isinstance(e, dict)]
    done = [folder_identity(target) == new for target, _staged, new in swaps]
    if any(done):
        for (target, staged, new), swapped in zip(swaps, done, strict=True):
            if swapped or folder_identity(staged) != new:
                continue
            recover(target)
            _put_in_place(staged, target)
            shutil.rmtree(target.with_name(f".{target.name}.old"), ignore_errors=True)
    journal.unlink(missing_ok=True)


def replace_dir(target: Path, files: Mapping[str, object], staging: Staging | None = None,
                current: dict[str, int] | None = None) -> None:
    """Make *target* contain exactly *files*; atomic with respect to crashes (see :func:`prepare_dir`)."""
    swap_in([prepare_dir(target, files, staging, current)])


def clean_stale_staging(parent: Path, name: str) -> None:
    """Remove staging directories left by builds that were killed."""
    for stale in parent.glob(f".{name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


