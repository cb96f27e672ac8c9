"""What the file system can hold that content may not: checked for the whole of ``content/`` first.

Named pipes, sockets and devices (opening a pipe waits for a writer for ever), file
names that are not UTF-8 (nothing downstream can spell them), and symbolic links
leading out of ``content/`` (a translation import or a later reader would follow
them), also in hidden folders and folders the loader never reads. The walk looks
at each entry's type as the directory listing gives it and opens nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quartierboards.content.files import FileProblem, check_inside, display_path
from quartierboards.errors import ContentError, Location
from quartierboards.i18n.messages import N_, tr

_KINDS = {stat.S_IFIFO: N_("a named pipe"), stat.S_IFSOCK: N_("a socket"),
          stat.S_IFCHR: N_("a device"), stat.S_IFBLK: N_("a device")}


def _special(entry: os.DirEntry[str]) -> str | None:
    """What *entry* is when it is neither a file, a folder nor a link (one ``lstat``, only for those)."""
    if entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False) or entry.is_symlink():
        return None
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return None  # gone since the listing
    return _KINDS.get(stat.S_IFMT(mode), N_("a special file"))


def tree_problems(root: Path) -> list[ContentError]:
    """Every entry below *root* that is a pipe, socket or device, has a non-UTF-8 name or links outside."""
    errors: list[ContentError] = []
    pending = [os.fspath(root)]
    while pending:  # 6,600 entries at 100 x 50 quarters: nothing but the listing for a good one
        try:
            with os.scandir(pending.pop()) as it:
                entries = list(it)
        except OSError:
            continue  # an unreadable folder: the loader says so where it matters
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _utf8(entry.name):
                    pending.append(entry.path)
                    continue
            elif entry.is_file(follow_symlinks=False) and _utf8(entry.name):
                continue
            error = _problem(entry, root)
            if error is not None:
                errors.append(error)
    return errors


def _utf8(name: str) -> bool:
    """Whether *name* came from UTF-8 bytes (the others hold surrogates: os.fsdecode's surrogateescape)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _problem(entry: os.DirEntry[str], root: Path) -> ContentError | None:
    """What is wrong with *entry*: a name that is not UTF-8, a link leading out, or not a file at all."""
    path = Path(entry.path)
    shown = Location(display_path(path, root))
    if not _utf8(entry.name):
        return ContentError(shown, tr("file name is not UTF-8"), tr("Rename it; names use a-z, digits and hyphens."))
    if entry.is_symlink():
        try:
            check_inside(path, root)
        except FileProblem as exc:
            return exc.error
        return None
    kind = _special(entry)
    if kind is None:
        return None
    return ContentError(shown, tr("%(kind)s, not a file: content holds only files and folders", kind=tr(kind)),
                        tr("Remove it from the content folder."))
