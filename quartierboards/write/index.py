"""The build index: which key every output file had in the last build.

Stored in ``.cache/`` beside the output folder, together with the identity
(device and inode) of the output folder it describes and a stat signature (inode,
size, mtime) of every file. If the folder was replaced or removed by anything
else, the index no longer matches and the next build renders everything; a file
changed or replaced by anything else is rendered again. (Inode numbers are
recycled: ``rm -rf output && cp -r backup output`` can give the new folder the
old folder's inode, so the folder's identity alone is not enough.)
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


class BuildIndex:
    """Keys of the files in one output folder, persisted between builds."""

    def __init__(self, output: Path, cache_dir: Path | None = None):
        self.output = Path(output)
        folder = cache_dir or self.output.resolve().parent / ".cache"
        self.path = folder / f"{self.output.name}.index.json"

    def _identity(self) -> list[int] | None:
        try:
            st = os.stat(self.output)
        except FileNotFoundError:
            return None
        return [st.st_dev, st.st_ino]

    def load(self) -> dict[str, str]:
        """Keys of the current output, or ``{}`` when unknown or stale."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if data.get("output") != self._identity():
            return {}
        files = data.get("files", {})
        stats = data.get("stats", {})
        return {p: k for p, k in files.items() if p in stats and self._signature(p) == stats[p]}

    def _signature(self, rel: str) -> list[int] | None:
        try:
            st = os.stat(self.output / rel, follow_symlinks=False)
        except OSError:
            return None
        return [st.st_ino, st.st_size, st.st_mtime_ns] if os.path.isfile(self.output / rel) else None

    def save(self, keys: dict[str, str]) -> None:
        """Record *keys* for the output folder as it is now."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        stats = {p: self._signature(p) for p in keys}
        tmp.write_text(json.dumps({"output": self._identity(), "files": keys, "stats": stats}, sort_keys=True),
                       encoding="utf-8")
        os.replace(tmp, self.path)


def tree_fingerprint(*folders: Path | None) -> str:
    """Hash of every file's path, size and modification time below *folders* (cheap: no reads)."""
    h = hashlib.sha256()
    for folder in folders:
        if folder is None or not Path(folder).is_dir():
            h.update(b"-\0")
            continue
        for dirpath, dirnames, names in os.walk(folder):
            dirnames.sort()
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


class BuildStamp:
    """What the last successful build was made from, to skip a build where nothing changed.

    Like make: when content, templates, code, catalogs, the build date and the
    options are as last time, and the output folders are the ones that build wrote,
    there is nothing to do.
    """

    def __init__(self, output: Path):
        self.output = Path(output)
        self.path = self.output.resolve().parent / ".cache" / f"{self.output.name}.stamp.json"

    @staticmethod
    def _identity(folder: Path) -> list[int] | None:
        try:
            st = os.stat(folder)
        except FileNotFoundError:
            return None
        return [st.st_dev, st.st_ino, st.st_mtime_ns]

    def current(self, inputs: str, folders: list[Path]) -> dict[str, object]:
        """The stamp for *inputs* (a fingerprint) and the identities of the output *folders*."""
        return {"inputs": inputs, "folders": [self._identity(f) for f in folders]}

    def matches(self, stamp: dict[str, object]) -> bool:
        """Whether the last build recorded exactly *stamp*."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8")) == stamp
        except (OSError, ValueError):
            return False

    def save(self, stamp: dict[str, object]) -> None:
        """Record *stamp* after a successful build."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
