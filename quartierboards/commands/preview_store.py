"""Where the live preview keeps the files it serves: on disk, by content hash.

Held in memory, every page and PDF of a large city made the preview a 1.2 GB
process (100 × 50 quarters). On disk, the preview holds a digest per path (about
100 bytes a file); the operating system's page cache keeps what is read often. A
rebuild writes only the files it rendered, beside the ones served, and the served
set changes in one step (a new :class:`StoredFiles`), so a request never sees half
an edit. Files no longer served are removed one clean-up later, when no request can
still be reading them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path


class BlobStore:
    """Files by the digest of their bytes, in a folder of their own (safe to use from several threads)."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._known: set[str] = set()
        self._unused: set[str] = set()  # not served at the last clean-up: removed at the next one if still so
        self._lock = threading.Lock()

    def put(self, data: bytes) -> str:
        """Store *data* (once, whatever the number of paths it serves); return its digest."""
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        with self._lock:
            self._unused.discard(digest)  # wanted again: not removed by a clean-up under way
            if digest not in self._known:
                path = self._path(digest)
                path.parent.mkdir(exist_ok=True)
                temporary = path.with_name(f".{digest}.{threading.get_ident()}")
                temporary.write_bytes(data)
                os.replace(temporary, path)  # a reader sees the whole file or none
                self._known.add(digest)
        return digest

    def get(self, digest: str) -> bytes:
        """The bytes stored under *digest*."""
        return self._path(digest).read_bytes()

    def keep_only(self, digests: set[str]) -> None:
        """Remove the files that neither this clean-up nor the one before found in *digests*.

        One clean-up of delay: a request may still be reading a file of the set served
        before, and another thread may have stored a file it has not served yet.
        """
        with self._lock:
            unused = self._known - digests
            gone = unused & self._unused
            for digest in gone:
                self._path(digest).unlink(missing_ok=True)
            self._known -= gone
            self._unused = unused - gone

    def remove(self) -> None:
        """Remove the whole folder (when the preview stops)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest


class StoredFiles(Mapping[str, bytes]):
    """Paths and the digests of their bytes in a :class:`BlobStore`, read like a dict of bytes."""

    def __init__(self, store: BlobStore, digests: dict[str, str] | None = None):
        self.store = store
        self.digests: dict[str, str] = digests or {}

    def __getitem__(self, path: str) -> bytes:
        return self.store.get(self.digests[path])

    def __contains__(self, path: object) -> bool:
        return path in self.digests

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)

    def digest(self, path: str) -> str:
        """The digest of *path*'s bytes: equal digests, equal files (without reading them)."""
        return self.digests[path]


def retire(store: BlobStore, *served: Mapping[str, bytes]) -> None:
    """Clean up the stored files that none of *served* (the sets served now) refers to (:meth:`BlobStore.keep_only`)."""
    keep: set[str] = set()
    for files in served:
        if isinstance(files, StoredFiles):
            keep.update(files.digests.values())
    store.keep_only(keep)
