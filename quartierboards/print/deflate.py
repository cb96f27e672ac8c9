"""How the PDFs are compressed: at zlib's default level, and what every print PDF repeats only once.

pydyf, which writes WeasyPrint's PDFs, deflates every stream at level 9. On our
flyers that takes half as long again as zlib's default level 6 and saves 0.4 % of
the bytes; and the CMYK profile (187 KB) that every print PDF embeds cost 9 ms
each time. Inside :func:`deflating`, pydyf gets a ``zlib`` that compresses at
level 6 and keeps the result for large streams it has seen. The bytes stay
deterministic: the same stream always gives the same compressed bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LEVEL = 6
KEEP_FROM = 64 * 1024  # streams this large are kept: the colour profile (font subsets differ per PDF)
KEEP_AT_MOST = 8


class _Deflater:
    """A ``zlib.compressobj`` that compresses everything it was given when flushed."""

    def __init__(self, kept: dict[bytes, bytes]):
        self._kept = kept
        self._parts: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self._parts.append(bytes(data))
        return b""

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        data = b"".join(self._parts)
        self._parts = []
        if len(data) < KEEP_FROM:
            return zlib.compress(data, LEVEL)
        if data not in self._kept:
            if len(self._kept) >= KEEP_AT_MOST:
                self._kept.clear()
            self._kept[data] = zlib.compress(data, LEVEL)
        return self._kept[data]


class _Zlib:
    """The ``zlib`` module as pydyf sees it inside :func:`deflating`."""

    def __init__(self) -> None:
        self.kept: dict[bytes, bytes] = {}

    def compressobj(self, level: int = -1, *args: Any, **kwargs: Any) -> _Deflater:
        return _Deflater(self.kept)

    def compress(self, data: bytes, level: int = -1) -> bytes:
        return zlib.compress(data, LEVEL)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_ZLIB = _Zlib()


@contextmanager
def deflating() -> Iterator[None]:
    """While inside, pydyf compresses at level 6 and compresses a large repeated stream once per process."""
    import pydyf

    original = pydyf.zlib
    pydyf.zlib = _ZLIB
    try:
        yield
    finally:
        pydyf.zlib = original
