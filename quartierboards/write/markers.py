"""Values that stand for a file's content in a build's file mapping when the bytes are not at hand."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reused:
    """Marker: this file is unchanged and is taken over from the previous output.

    It carries nothing (the file's key is in the build's keys), so one instance,
    :data:`REUSED`, stands for all of them: a quarter's files are marked in bulk.
    """


REUSED = Reused()


@dataclass(frozen=True)
class Written:
    """Marker: this file was rendered and already streamed to the build's staging folder."""

    key: str
