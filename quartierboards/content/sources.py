"""Source digests: one hash over every file of a quarter, to know it is unchanged without parsing it.

Reading the bytes of a quarter's 60 files and hashing them takes about a
millisecond; parsing and validating them, about ten. A build that knows the digest
of the last build's quarter can leave that quarter's offers unloaded
(:meth:`~quartierboards.content.structure.Quarter.defer`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def quarter_sources(folder: Path) -> str | None:
    """Digest of the names and bytes of everything below *folder*; ``None`` when it cannot vouch for them.

    Every entry counts, also hidden or misplaced files (the loader reports some of
    them), so any change the loader could notice changes the digest. A folder with a
    symbolic link gets no digest: what the link points to may change without the
    folder changing.
    """
    h = hashlib.blake2b(digest_size=20)
    top = os.fspath(folder)
    pending = [top]
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
                    h.update(b"d\0" + name + b"\0")
                    pending.append(entry.path)
                else:
                    with open(entry.path, "rb") as file:
                        data = file.read()
                    h.update(b"f\0%s\0%d\0" % (name, len(data)))
                    h.update(data)
    except OSError:
        return None
    return h.hexdigest()
