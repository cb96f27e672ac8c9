"""Garbage collection during a build: what is loaded is not garbage, so the collector need not look at it.

Rendering makes millions of short-lived objects (Jinja contexts, WeasyPrint boxes).
Each full collection walks every container object in the process, and in a large
city the loaded content and the expanded schedules are most of them: measured at
100 quarters × 50 offers, a worker spent about a third of a flyer's time walking
the site again and again. Worse, in forked workers every walk writes to the
inherited objects' headers, so the pages the workers share with the build process
get copied.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_DEPTH = [0]  # nested long_lived() blocks: only the outermost one unfreezes


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Keep every object that exists now out of garbage collection until the outermost such block ends.

    Use it after loading and before forking workers: they inherit the frozen state.
    A nested block freezes what has been made since; the objects go back into the
    oldest generation when the outermost block ends, so a long-running process
    (``serve``) still frees an old site that is no longer referenced.
    """
    gc.freeze()
    _DEPTH[0] += 1
    try:
        yield
    finally:
        _DEPTH[0] -= 1
        if _DEPTH[0] == 0:
            gc.unfreeze()


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """Pause automatic garbage collection while a block makes many objects that all stay.

    Loading the content or reading the build index makes about a million objects and
    hardly any garbage; every automatic collection in between walks all objects made
    so far, for nothing (about 0.3 s of 1.2 s when loading 100 quarters × 50 offers).
    Cycles that do become garbage meanwhile wait for the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
