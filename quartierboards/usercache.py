"""The per-user cache of data made once per machine: static font instances, hyphenation
patterns, public holiday tables.

Everything in it is derived from installed packages and can be made again; a file that
cannot be read is ignored and written anew. JSON or font files only, never pickle: a
cache folder must never be able to run code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson


def user_cache_dir() -> Path:
    """The cache folder (``$QUARTIERBOARDS_CACHE``, else ``quartierboards`` in ``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    explicit = os.environ.get("QUARTIERBOARDS_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quartierboards"


def store_json(target: Path, data: Any) -> None:
    """Write *data* to *target* as JSON, atomically (see :func:`store_bytes`)."""
    store_bytes(target, orjson.dumps(data))


def store_bytes(target: Path, data: bytes) -> None:
    """Write *data* to *target* atomically (readers see the old file or the whole new one).

    A cache that cannot be written (read-only, full) only costs making the data again next time.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError:
        pass
