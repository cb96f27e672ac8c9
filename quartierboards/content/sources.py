"""Source digests: one hash over every file of a quarter, to know it is unchanged without parsing it.

Reading the bytes of a quarter's 60 files and hashing them takes about a
millisecond; parsing and validating them, about ten. A build that knows the digest
of the last build's quarter can leave that quarter's offers unloaded
(:meth:`~quartierboards.content.structure.Quarter.defer`).

At 100 quarters, reading every file is still 0.06–0.08 s of each edit, so
:class:`SourceDigests` trusts what ``stat`` says, as git's index does: a quarter
whose files all have the inode, size and times they had when their bytes were
hashed keeps that digest without being read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from quartierboards.content.files import MAX_FILE_BYTES

# A file changed again within the same tick of the file system's clock keeps its times
# ("racily clean" in git's words). Bytes hashed less than this long after their file's
# last change are not trusted by stat: the quarter is read again next time.
RACY_NS = 2_000_000_000

_Entry = tuple[bytes, str, os.stat_result | None]  # name below the folder, path (empty: a folder), stat


def _walk(folder: Path, with_stat: bool) -> list[_Entry] | None:
    """Every entry below *folder* in a fixed order; ``None`` when there is a symbolic link or it cannot be read."""
    top = os.fspath(folder)
    pending = [top]
    found: list[_Entry] = []
    try:
        while pending:
            current = pending.pop()
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
            below = current[len(top):]
            for entry in entries:
                if entry.is_symlink():
                    return None
                name = f"{below}/{entry.name}".encode("utf-8", "surrogateescape")
                if entry.is_dir():
                    found.append((name, "", None))
                    pending.append(entry.path)
                else:
                    found.append((name, entry.path, entry.stat(follow_symlinks=False) if with_stat else None))
    except OSError:
        return None
    return found


def _folder(name: bytes) -> bytes:
    """What a folder adds to a digest (a folder's name only: empty folders count too)."""
    return b"d\0%s\0" % name


def _digest(entries: list[_Entry]) -> str | None:
    h = hashlib.blake2b(digest_size=20)
    try:
        for name, path, _ in entries:
            if not path:
                h.update(_folder(name))
                continue
            # Non-blocking: a named pipe that slipped in between the loader's check and
            # here must not wait for a writer. What is not a regular file, or is larger
            # than any content file may be (a hidden one the loader never reads), counts
            # by its stat, never by its bytes.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
            with open(fd, "rb") as file:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
                    h.update(b"s\0%s\0%d\0%d\0%d\0%d\0" % (name, st.st_mode, st.st_ino, st.st_size,
                                                            st.st_mtime_ns))
                    continue
                data = file.read()
            h.update(b"f\0%s\0%d\0" % (name, len(data)))
            h.update(data)
    except OSError:
        return None
    return h.hexdigest()


def quarter_sources(folder: Path) -> str | None:
    """Digest of the names and bytes of everything below *folder*; ``None`` when it cannot vouch for them.

    Every entry counts, also hidden or misplaced files (the loader reports some of
    them), so any change the loader could notice changes the digest. A folder with a
    symbolic link gets no digest: what the link points to may change without the
    folder changing.
    """
    entries = _walk(folder, with_stat=False)
    return None if entries is None else _digest(entries)


class SourceDigests:
    """:func:`quarter_sources` of quarter folders, taken from *known* where no file changed since.

    *known* maps a folder's name to ``[stat fingerprint, digest]`` from an earlier
    build (:attr:`records`). The fingerprint covers every entry's name, inode, size,
    modification and change time; the change time moves with every write, rename or
    ``touch``, and cannot be set back.
    """

    def __init__(self, known: dict[str, list[str]] | None = None):
        self._known = known or {}
        self._records: dict[str, list[str]] = {}

    @property
    def records(self) -> dict[str, list[str]]:
        """``[fingerprint, digest]`` of each folder digested so far that may be trusted next time."""
        return self._records

    def digest(self, folder: Path) -> str | None:
        """The digest of *folder*, as :func:`quarter_sources` would give it."""
        # The times are looked at before the bytes are read: a file changed in between has
        # other times next time, so its stale digest is never trusted.
        entries = _walk(folder, with_stat=True)
        if entries is None:
            return None
        h = hashlib.blake2b(digest_size=20)
        newest = 0
        for name, _, st in entries:
            if st is None:
                h.update(_folder(name))
            else:
                h.update(b"f\0%s\0%d\0%d\0%d\0%d\0" % (name, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
                newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
        fingerprint = h.hexdigest()
        known = self._known.get(folder.name)
        digest = known[1] if known is not None and known[0] == fingerprint else _digest(entries)
        if digest is not None and newest < time.time_ns() - RACY_NS:
            self._records[folder.name] = [fingerprint, digest]
        return digest
