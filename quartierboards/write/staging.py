"""Where the next version of an output folder is built before it is swapped in.

A build writes the complete new tree into a *staging* folder and exchanges it with
the live folder in one system call (:mod:`quartierboards.write.atomic`). Building
that tree from scratch costs one file operation per output file, even when only a
few changed: at 83,000 files that is seconds of hard-linking and, afterwards,
seconds of deleting the old tree.

So the old tree is not deleted: it is kept as the *spare* (``.cache/<name>.spare/``)
and becomes the next build's staging folder. The spare is one generation behind the
live folder, so only the files that differ — those changed by the last build and by
this one — need to be touched: the cost of a build follows what changed, not the
size of the site. Files that are the same in both trees are hard links to one inode,
so the spare costs little disk space.

The spare is only trusted with its record (``.cache/<name>.spare.json``: which file
is which inode), written right after the swap and deleted before the spare is
changed. A build killed while changing the spare leaves no record, and the next build
throws the spare away and starts from an empty staging folder.

After a build that rewrote most files (new code, templates or day), the tree swapped
out shares almost nothing with the live one, and bringing it up to date next time
would delete and relink every file: deleting a file's last link costs about four
times a new hard link (on ext4 here 100 µs against 23 µs; at 83,000 files 17 s of
write stage). Such a tree is not kept but deleted in the background
(:func:`discard_tree`; the build does not wait for it), and the next build starts
from an empty folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import orjson


def cache_dir(target: Path) -> Path:
    """The build cache beside *target* (``.cache/`` in the folder that holds ``output/``)."""
    return Path(target).resolve().parent / ".cache"


def spare_dir(target: Path) -> Path:
    """Where the previous tree of *target* is kept for reuse."""
    return cache_dir(target) / f"{Path(target).name}.spare"


def _record_path(target: Path) -> Path:
    return cache_dir(target) / f"{Path(target).name}.spare.json"


def folder_identity(folder: Path) -> list[int] | None:
    """Device and inode of *folder* (``None`` when it is not there): what a rename keeps."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


@dataclass
class Staging:
    """A folder to build the next version of an output folder in.

    *listing* holds the files already in it (relative path → inode): empty for a fresh
    folder, the previous tree's files for a recycled spare.
    """

    path: Path
    listing: dict[str, int] = field(default_factory=dict)
    recycled: bool = False
    record: Path | None = None  # the spare's record, deleted before the first change
    trash: Path | None = None  # where a fresh folder that is given up is deleted in the background
    # Folders this build made in a fresh tree (a site has nearly as many folders as pages):
    # a new page's folder is made before its file, instead of after a failed open.
    _made: set[str] = field(default_factory=set, repr=False)

    def _changing(self) -> None:
        if self.record is not None:
            self.record.unlink(missing_ok=True)
            self.record = None

    def write(self, rel: str, data: bytes) -> None:
        """Write one file (a new inode: a recycled tree's files may be shared with the live tree)."""
        self._changing()
        path = f"{self.path}{os.sep}{rel}"  # strings: called for every page rendered
        self.listing.pop(rel, None)
        if self.recycled:  # never write into an inode that the live tree may share
            _remove(path)
        try:
            if not self.recycled:
                self._make_folder(rel.rpartition("/")[0])
            _write_new(path, data)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            _make_room(self.path, rel)
            _write_new(path, data)

    def _make_folder(self, folder: str) -> None:
        """Make *folder* and its missing parents in a fresh tree, each once per build."""
        if not folder or folder in self._made:
            return
        self._make_folder(folder.rpartition("/")[0])
        with contextlib.suppress(FileExistsError):
            os.mkdir(f"{self.path}{os.sep}{folder}")
        self._made.add(folder)

    def link(self, rel: str, source: str) -> None:
        """Make *rel* the same file as *source* (a hard link; a copy where links are impossible)."""
        self._changing()
        path = f"{self.path}{os.sep}{rel}"  # strings: called for every file taken over
        self.listing.pop(rel, None)
        if self.recycled:
            _remove(path)
        try:
            _link_or_copy(source, path)
        except (FileNotFoundError, NotADirectoryError, FileExistsError):  # an older tree is in the way
            _make_room(self.path, rel)
            _link_or_copy(source, path)

    def make_folders(self, files: Iterable[str]) -> None:
        """Create the folders of *files* in a fresh tree at once, parents first.

        Cheaper than finding each missing folder by a failed link: a site has nearly as
        many folders as pages (``<page>/index.html``).
        """
        folders = {rel.rpartition("/")[0] for rel in files}
        for folder in list(folders):
            while "/" in folder:
                folder = folder.rpartition("/")[0]
                if folder in folders:
                    break
                folders.add(folder)
        root = str(self.path)
        for folder in sorted(folders - {""}):  # a parent sorts before its children
            with contextlib.suppress(FileExistsError):  # made by a page written while rendering
                os.mkdir(f"{root}{os.sep}{folder}")

    def remove_stale(self, keep: Mapping[str, object]) -> None:
        """Delete the files of a recycled tree that *keep* (the new tree's files) lacks, and emptied folders."""
        stale = self.listing.keys() - keep.keys()  # set operations on the views: no copy of 83,000 paths
        if stale:
            self._changing()
        folders: set[str] = set()
        for rel in stale:
            _remove(self.path / rel)
            del self.listing[rel]
            parent = rel.rpartition("/")[0]
            while parent and parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            with contextlib.suppress(OSError):  # not empty: other files still live there
                os.rmdir(self.path / folder)

    def discard(self) -> None:
        """Give the folder up after a failed or needless build (an untouched spare stays usable)."""
        if self.recycled:
            pass
        elif self.trash is None:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            try:
                os.rmdir(self.path)  # nothing was written into it
            except FileNotFoundError:
                pass
            except OSError:  # a failed or interrupted build does not wait for the deletion of its pages
                discard_tree(self.path, self.trash)
        # A recycled spare that was changed has no record any more: the next build throws it away.


def _write_new(path: str, data: bytes) -> None:
    """Write *data* into *path* with three system calls (Python's ``open`` adds three more per file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _link_or_copy(source: str, path: str) -> None:
    try:
        os.link(source, path)
    except (FileNotFoundError, NotADirectoryError, FileExistsError):
        raise  # the folder is missing or blocked: the caller makes room
    except OSError:  # no hard links here (another file system, limits): copy
        shutil.copy2(source, path)


def _remove(path: Path | str) -> None:
    try:
        os.unlink(path)
    except IsADirectoryError:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass


def _make_room(root: Path, rel: str) -> None:
    """Create the folders of *rel*, removing files or folders of an older tree that stand in the way."""
    parts = rel.split("/")
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            folder.mkdir()
            continue
        if not stat.S_ISDIR(mode):
            os.unlink(folder)
            folder.mkdir()
    leaf = folder / parts[-1]
    if leaf.is_dir() and not leaf.is_symlink():
        shutil.rmtree(leaf)


def open_staging(target: Path, *, recycle: bool) -> Staging:
    """The staging folder for *target*: its recycled spare if it can be trusted, else a fresh one.

    With *recycle* false (the live tree's files are not known, so the spare could not be
    brought up to date cheaply) any spare is thrown away.
    """
    target = Path(target)
    spare, record = spare_dir(target), _record_path(target)
    listing = _read_record(record, spare) if recycle else None
    if listing is not None:
        return Staging(spare, listing, recycled=True, record=record)
    record.unlink(missing_ok=True)
    if spare.exists():
        discard_tree(spare, cache_dir(target) / "trash")
    target.parent.mkdir(parents=True, exist_ok=True)
    return Staging(Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent)),
                   trash=cache_dir(target) / "trash")


# A file in which the spare differs from the live tree costs a deletion and a hard link
# when the spare is recycled, a hard link only in an empty folder; a deletion costs about
# four hard links. So a swapped-out tree is kept as the spare only when it shares at
# least this share of its files with the new live tree.
KEEP_SPARE_SHARING = 0.75


def discard_tree(tree: Path, trash: Path) -> None:
    """Delete the folder *tree* without waiting for it.

    The tree is moved into *trash* (on the same file system) at once and deleted there
    by a background process that outlives the build. Trees left there by a deletion that
    was stopped are deleted with the next discarded tree. Where moving or starting the
    process fails, the tree is deleted right away.
    """
    rm = shutil.which("rm")
    try:
        trash.mkdir(parents=True, exist_ok=True)
        parked = Path(tempfile.mkdtemp(prefix="tree-", dir=trash))
        os.rename(tree, parked / "tree")
    except OSError:
        shutil.rmtree(tree, ignore_errors=True)
        return
    leftovers = [str(p) for p in trash.iterdir()]
    if rm is None:
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)
        return
    try:
        subprocess.Popen([rm, "-rf", "--", *leftovers], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(parked, ignore_errors=True)


def _read_record(record: Path, spare: Path) -> dict[str, int] | None:
    try:
        data = orjson.loads(record.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("folder") != folder_identity(spare):
        return None
    files = data.get("files")
    return dict(files) if isinstance(files, dict) else None


def keep_as_spare(target: Path, old_tree: Path, files: dict[str, int] | None) -> None:
    """Keep *old_tree* (the tree just swapped out of *target*) as the next build's staging folder.

    *files* is what it holds (relative path → inode), as the last build's index knows it.
    Without it, or when the tree holds anything else at its top level (files put into the
    output folder by hand), the tree is deleted instead: a spare must be exactly known.
    """
    tops = {rel.partition("/")[0] for rel in files or {}}
    if files is None or set(os.listdir(old_tree)) != tops:
        shutil.rmtree(old_tree, ignore_errors=True)
        return
    spare = spare_dir(target)
    if old_tree != spare:
        spare.parent.mkdir(parents=True, exist_ok=True)
        if spare.exists():
            shutil.rmtree(spare, ignore_errors=True)
        try:
            os.rename(old_tree, spare)
        except OSError:  # another file system: not worth keeping
            shutil.rmtree(old_tree, ignore_errors=True)
            return
    record = _record_path(target)
    tmp = record.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps({"folder": folder_identity(spare), "files": files}))
    os.replace(tmp, record)
