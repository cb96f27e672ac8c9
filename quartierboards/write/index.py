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
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import orjson

from quartierboards.lifetime import die_with_parent
from quartierboards.markers import REUSED
from quartierboards.write.staging import cache_dir


@dataclass
class Previous:
    """What the last build left in an output folder, as far as it can still be trusted."""

    # file → [key, inode, size, mtime], for the files nobody changed since the last build
    entries: dict[str, list] = field(default_factory=dict)
    complete: bool = False  # every file the last build wrote is still there, unchanged
    groups: dict[str, object] = field(default_factory=dict)  # what the renderer stored beside the keys (JSON)

    @cached_property
    def keys(self) -> dict[str, str]:
        """File → key, for the files in :attr:`entries`."""
        return {rel: entry[0] for rel, entry in self.entries.items()}

    @property
    def inodes(self) -> dict[str, int]:
        """File → inode, for the files in :attr:`keys`."""
        return {rel: entry[1] for rel, entry in self.entries.items()}


# An index of more files than this is checked in a forked process (see BuildIndex.start_load).
CHECK_IN_CHILD_ABOVE = 5000


def _changed(root: str, files: dict[str, list]) -> list[str]:
    """The files of *files* (path → [key, inode, size, mtime]) that are gone or not as recorded."""
    changed = []
    for rel, entry in files.items():
        try:
            st = os.lstat(root + rel)
        except OSError:
            changed.append(rel)
            continue
        if not (st.st_ino == entry[1] and st.st_size == entry[2] and st.st_mtime_ns == entry[3]
                and stat.S_ISREG(st.st_mode)):
            changed.append(rel)
    return changed


def _check_in_child(root: str, files: dict[str, list]) -> tuple[int, int] | None:
    """Fork a process that writes :func:`_changed` as JSON into a pipe: (its pid, the pipe); ``None`` if it cannot."""
    if not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: only system calls and JSON, then out without any clean-up of the parent's
        code = 1
        try:
            die_with_parent(parent)
            os.close(read)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(orjson.dumps(_changed(root, files)))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


class PendingIndex:
    """An index whose files are being checked; :meth:`result` gives what can still be trusted.

    Call :meth:`result` or :meth:`close` before the build ends: either waits for a
    checking process, so none is left behind.
    """

    def __init__(self, files: dict[str, list], groups: dict[str, object], root: str,
                 child: tuple[int, int] | None = None):
        self._files, self._groups, self._root, self._child = files, groups, root, child
        self._result: Previous | None = None

    def result(self) -> Previous:
        """The :class:`Previous` of the index: its files that are still as recorded."""
        if self._result is None:
            changed = self._wait()
            if changed is None:
                changed = _changed(self._root, self._files)
            files = self._files
            if changed:
                gone = set(changed)
                files = {rel: entry for rel, entry in files.items() if rel not in gone}
            self._result = Previous(files, complete=not changed and bool(self._root), groups=self._groups)
        return self._result

    def close(self) -> None:
        """Wait for the checking process, if one is still running."""
        self._wait()

    def _wait(self) -> list[str] | None:
        """The checking process's answer (``None`` without one, or when it failed)."""
        if self._child is None:
            return None
        pid, read = self._child
        self._child = None
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            changed = orjson.loads(data) if status == 0 else None
        except ValueError:
            return None
        return changed if isinstance(changed, list) else None


class BuildIndex:
    """Keys of the files in one output folder, persisted between builds."""

    def __init__(self, output: Path, folder: Path | None = None):
        self.output = Path(output)
        self.path = (folder or cache_dir(self.output)) / f"{self.output.name}.index.json"

    def _identity(self) -> list[int] | None:
        try:
            st = os.stat(self.output)
        except FileNotFoundError:
            return None
        return [st.st_dev, st.st_ino]

    def load(self) -> Previous:
        """Keys and inodes of the current output's files; empty when unknown or stale."""
        return self.start_load().result()

    def start_load(self) -> PendingIndex:
        """Read the index and start checking that its files are still as they were; see :class:`PendingIndex`.

        A large index is checked in a forked process (a ``stat`` per file: 0.25-0.3 s
        at 83,000 files), so the build can load its content meanwhile.
        """
        try:
            data = orjson.loads(self.path.read_bytes())  # 16 MB at 100 x 50: orjson reads it in 2/3 of the time
        except (OSError, ValueError):
            return PendingIndex({}, {}, "")
        if not isinstance(data, dict) or data.get("output") != self._identity():
            return PendingIndex({}, {}, "")
        files = data.get("files")
        if not isinstance(files, dict) or not all(type(v) is list and len(v) == 4 for v in files.values()):
            return PendingIndex({}, {}, "")  # an index of another format
        groups = data.get("groups")
        root = str(self.output) + os.sep
        child = _check_in_child(root, files) if len(files) > CHECK_IN_CHILD_ABOVE else None
        return PendingIndex(files, groups if isinstance(groups, dict) else {}, root, child)

    def save(self, keys: dict[str, str], files: Mapping[str, object] | None = None, previous: Previous | None = None,
             groups: dict[str, object] | None = None) -> None:
        """Record *keys* for the output folder as it is now.

        *files* (the build's files) and *previous* (what :meth:`load` returned): a file
        taken over from the last build (value :class:`Reused`) is the very same inode,
        so its entry is copied instead of being looked at again (83,000 files at 100 x 50).
        *groups*: JSON data the renderer wants back with the keys (the quarters' groups).
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        root = str(self.output) + os.sep
        old = previous.entries if previous is not None and files is not None else {}
        old_entry, marker = old.get, (files or {}).get
        entries = {}
        for rel, key in keys.items():  # 83,000 files at 100 × 50: a tight loop
            entry = old_entry(rel)
            if entry is None or marker(rel) is not REUSED or entry[0] != key:
                try:
                    st = os.lstat(root + rel)
                except OSError:
                    continue  # not in the folder (nothing was written): not known next time
                entry = [key, st.st_ino, st.st_size, st.st_mtime_ns]
            entries[rel] = entry
        # orjson writes it in a tenth of json's time (0.2 s at 100 x 50)
        tmp.write_bytes(orjson.dumps({"output": self._identity(), "files": entries, "groups": groups or {}}))
        os.replace(tmp, self.path)


def tree_fingerprint(*folders: Path | None) -> str:
    """Hash of every file's path, size and modification time below *folders* (cheap: no reads)."""
    h = hashlib.sha256()
    for folder in folders:
        if folder is None or not Path(folder).is_dir():
            h.update(b"-\0")
            continue
        top = os.fspath(folder)
        for dirpath, dirnames, names in os.walk(top):
            # Compiled modules and templates follow their sources, which are here already.
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            # os.path.relpath once per folder, not per file (it looks up the working directory)
            below = "" if dirpath == top else os.path.relpath(dirpath, top) + os.sep
            for name in sorted(names):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                # surrogateescape: a name that is not UTF-8 is hashed as its bytes (the loader reports it)
                h.update(f"{below}{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class BuildStamp:
    """What the last successful build was made from, to skip a build where nothing changed.

    Like make: when content, templates, code, catalogs, the build date and the
    options are as last time, and the output folders are the ones that build wrote,
    there is nothing to do.
    """

    def __init__(self, output: Path):
        self.output = Path(output)
        self.path = cache_dir(self.output) / f"{self.output.name}.stamp.json"

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
