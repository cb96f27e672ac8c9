"""Values that stand for a file's content in a build's file mapping when the bytes are not at hand."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Reused(enum.Enum):
    """Marker: this file is unchanged and is taken over from the previous output.

    It carries nothing (the file's key is in the build's keys), so its one member,
    :data:`REUSED`, stands for all such files: a quarter's files are marked in bulk,
    and ``value is REUSED`` is the test (an enum member cannot be made twice).
    """

    REUSED = "reused"


REUSED = Reused.REUSED


@dataclass(frozen=True)
class Written:
    """Marker: this file was rendered and already streamed to the build's staging folder."""

    key: str
