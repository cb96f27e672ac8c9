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
