"""The build lock: one build at a time writes into a folder.

The lock is an ``flock`` on ``.quartierboards.lock``, which records the holder's process
id (and its start time, so that a recycled id is not mistaken for it). Two things keep
it from outliving its build:

- An ``flock`` belongs to the open file, which a forked process shares: a worker that
  outlived a killed build used to keep the lock. Every process forked while the lock is
  held closes its copy at once (``os.register_at_fork``), so only the build holds it.
- A lock whose recorded process is gone, but which something still holds (a worker
  of an older version, or anything else that inherited it), is taken over: the lock file
  is replaced by a fresh one, locked before it appears.

Taking a lock and taking one over both happen under a second ``flock``
(``.quartierboards.lock.guard``, held for a few system calls): two builds that find the
same stale lock cannot both replace it, and none sees the record of a build that has
the lock but has not written its id yet.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".quartierboards.lock"
_POLL = 0.05  # seconds between attempts while another build holds the lock

# Lock descriptors of this process, closed in every forked child.
_HELD: set[int] = set()


def _close_in_child() -> None:
    # The child's copies only: closing them releases nothing the build holds.
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class BuildLocked(Exception):
    """Another build holds the lock (and did not release it within the wait)."""

    def __init__(self, path: Path, holder: str = ""):
        self.path = path
        self.holder = holder
        super().__init__(str(path))


def _start_time(pid: int) -> str | None:
    """When process *pid* started (clock ticks since boot), ``""`` where unknown, ``None`` if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rpartition(b")")[2].split()
    except FileNotFoundError:
        return None
    except OSError:  # no /proc: ask the kernel whether the id exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return ""
    if fields[0] == b"Z":  # a zombie has ended; only its parent has not collected it yet
        return None
    return fields[19].decode()


def _record() -> bytes:
    return f"{os.getpid()} {_start_time(os.getpid()) or ''}".strip().encode() + b"\n"


def _read(fd: int) -> str:
    return os.pread(fd, 200, 0).decode("ascii", "replace").strip()


def _gone(record: str) -> bool:
    """Whether the process a lock file names has ended (an empty or unreadable record: not known to)."""
    parts = record.split()
    if not parts or not parts[0].isdigit():
        return False
    started = _start_time(int(parts[0]))
    if started is None:
        return True
    return len(parts) > 1 and bool(started) and started != parts[1]  # the id now names another process


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


def _hold(fd: int) -> int:
    """Record this process in the lock file *fd* it has just locked."""
    _HELD.add(fd)
    os.ftruncate(fd, 0)
    os.pwrite(fd, _record(), 0)
    return fd


def _take_over(path: Path) -> int:
    """Replace the lock file by a fresh one, locked and naming this process before it appears."""
    fresh = path.with_name(f"{path.name}.{os.getpid()}")
    fresh.unlink(missing_ok=True)
    fd = _open(fresh)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else can hold it
        _hold(fd)
        os.rename(fresh, path)
    except BaseException:
        _HELD.discard(fd)
        os.close(fd)
        fresh.unlink(missing_ok=True)
        raise
    return fd


def _attempt(path: Path) -> tuple[int | None, str]:
    """One try: the locked descriptor, or ``None`` and the record of the build that holds the lock."""
    guard = _open(path.with_name(path.name + ".guard"))
    _HELD.add(guard)
    try:
        try:
            fcntl.flock(guard, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another build is taking the lock right now
            return None, ""
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            record = _read(fd)
            os.close(fd)
            if _gone(record):
                return _take_over(path), ""
            return None, record.split()[0] if record else ""
        except BaseException:
            os.close(fd)
            raise
        try:
            return _hold(fd), ""
        except BaseException:
            _HELD.discard(fd)
            os.close(fd)
            raise
    finally:
        _HELD.discard(guard)
        os.close(guard)  # and with it the guard's flock


def _acquire(path: Path, wait: float, on_wait: Callable[[Path, str], None] | None) -> int:
    fd, holder = _attempt(path)
    if fd is not None:
        return fd
    if wait <= 0:
        raise BuildLocked(path, holder)
    if on_wait:
        on_wait(path, holder)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(_POLL)
        fd, holder = _attempt(path)
        if fd is not None:
            return fd
    raise BuildLocked(path, holder)


@contextlib.contextmanager
def build_lock(directory: Path, *, wait: float = 0.0,
               on_wait: Callable[[Path, str], None] | None = None) -> Iterator[None]:
    """Serialize builds writing into *directory*.

    When another build holds the lock, call *on_wait* once (with the lock file and
    the holder's process id) and wait up to *wait* seconds for it; then raise
    :class:`BuildLocked`. The lock dies with the build, not with the last of its
    workers, and a lock naming a process that is gone is taken over at once, so a
    killed build never leaves a stale lock behind.
    """
    directory.mkdir(parents=True, exist_ok=True)
    fd = _acquire(directory / LOCK_NAME, wait, on_wait)
    try:
        yield
    finally:
        if fd in _HELD:  # not in a forked child, where it was closed already
            _HELD.discard(fd)
            os.close(fd)  # the last descriptor of the lock file: the flock goes with it
