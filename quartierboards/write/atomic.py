"""Atomic replacement of an output directory.

The new tree is written completely into a fresh sibling directory, then swapped
with the old one in a single ``renameat2(RENAME_EXCHANGE)`` system call (Linux),
so readers and a killed build only ever see the old or the new tree, never half
of one. Where the exchange is not available we fall back to two renames and
repair an interrupted swap on the next run (:func:`recover`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

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


def write_tree(files: Mapping[str, object], staging: Path, previous: Path | None = None) -> None:
    """Write *files* (relative POSIX path → bytes) below *staging*.

    A value that is not bytes (a ``Reused`` marker) means "unchanged": the file is
    hard-linked from the *previous* tree (copied where links are not possible).
    """
    made: set[Path] = set()
    for rel, data in files.items():
        path = staging / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if isinstance(data, bytes):
            path.write_bytes(data)
            continue
        if previous is None:
            raise ValueError(f"{rel}: no previous tree to take the unchanged file from")
        try:
            os.link(previous / rel, path)
        except OSError:
            shutil.copy2(previous / rel, path)


def _is_reused(value: object) -> bool:
    return type(value).__name__ == "Reused"




def new_staging(target: Path) -> Path:
    """A fresh, empty directory beside *target* to build its next version in."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))


def write_file(staging: Path, rel: str, data: bytes) -> None:
    """Write one file below *staging* (used to stream rendered files to disk as they come)."""
    path = staging / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def replace_dir(target: Path, files: Mapping[str, object], staging: Path | None = None) -> None:
    """Make *target* contain exactly *files*; atomic with respect to crashes.

    With *staging* (from :func:`new_staging`), files already streamed there are kept:
    values that are neither bytes nor ``Reused`` markers mean "already written".
    """
    target = Path(target)
    if staging is None:
        staging = new_staging(target)
    try:
        pending = {rel: data for rel, data in files.items() if isinstance(data, bytes) or _is_reused(data)}
        write_tree(pending, staging, previous=target if target.is_dir() else None)
        os.sync()  # one flush of the new tree (much cheaper than fsync per file), before it goes live
        os.chmod(staging, 0o755)
        if not target.exists():
            staging.rename(target)
            return
        if _exchange(staging, target):
            shutil.rmtree(staging)  # now holds the old tree
            return
        parked = target.with_name(f".{target.name}.old")
        shutil.rmtree(parked, ignore_errors=True)
        target.rename(parked)
        staging.rename(target)
        shutil.rmtree(parked, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def clean_stale_staging(parent: Path, name: str) -> None:
    """Remove staging directories left by builds that were killed."""
    for stale in parent.glob(f".{name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


class BuildLocked(Exception):
    """Another build holds the lock (and did not release it within the wait)."""

    def __init__(self, path: Path, holder: str = ""):
        self.path = path
        self.holder = holder
        super().__init__(str(path))


def _holder(fh) -> str:
    fh.seek(0)
    return fh.read().strip()


@contextmanager
def build_lock(directory: Path, *, wait: float = 0.0,
               on_wait: Callable[[Path, str], None] | None = None) -> Iterator[None]:
    """Serialize builds writing into *directory*.

    When another build holds the lock, call *on_wait* once (with the lock file and
    the holder's process id) and wait up to *wait* seconds for it; then raise
    :class:`BuildLocked`. The lock is an ``flock``: it dies with its process, so a
    killed build never leaves a stale lock behind.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ".quartierboards.lock"
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fh)
            if wait <= 0:
                raise BuildLocked(path, holder) from None
            if on_wait:
                on_wait(path, holder)
            deadline = time.monotonic() + wait
            while True:
                time.sleep(0.05)
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise BuildLocked(path, _holder(fh)) from None
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
