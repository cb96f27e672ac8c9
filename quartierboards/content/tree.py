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
    while pending:
        try:
            with os.scandir(pending.pop()) as it:
                entries = list(it)
        except OSError:
            continue  # an unreadable folder: the loader says so where it matters
        for entry in entries:
            path = Path(entry.path)
            shown = Location(display_path(path, root))
            try:
                entry.name.encode("utf-8")
            except UnicodeEncodeError:
                errors.append(ContentError(shown, tr("file name is not UTF-8"),
                                           tr("Rename it; names use a-z, digits and hyphens.")))
                continue
            if entry.is_symlink():
                try:
                    check_inside(path, root)
                except FileProblem as exc:
                    errors.append(exc.error)
                continue
            kind = _special(entry)
            if kind is not None:
                errors.append(ContentError(shown, tr("%(kind)s, not a file: content holds only files and folders",
                                                     kind=tr(kind)),
                                           tr("Remove it from the content folder.")))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
    return errors
