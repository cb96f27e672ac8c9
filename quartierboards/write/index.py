"""The build index: which key every output file had in the last build.

Stored in ``.cache/`` beside the output folder, together with the identity
(device and inode) of the output folder it describes. If the folder was replaced
or removed by anything else, the index no longer matches and the next build
renders everything.
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
        return {p: k for p, k in files.items() if (self.output / p).is_file()}

    def save(self, keys: dict[str, str]) -> None:
        """Record *keys* for the output folder as it is now."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"output": self._identity(), "files": keys}, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
