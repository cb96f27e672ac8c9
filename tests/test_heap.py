"""The loaded site is kept out of garbage collection while rendering, and collected again afterwards."""

from __future__ import annotations

import gc
import weakref

from quartierboards.heap import long_lived


class _Node:
    """A container object that refers to itself: only the cycle collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_objects_made_before_are_left_alone_until_the_block_ends():
    node = _Node()
    ref = weakref.ref(node)
    with long_lived():
        del node
        gc.collect()
        assert ref() is not None  # unreachable, but frozen: the collector does not walk it
        fresh = _Node()
        fresh_ref = weakref.ref(fresh)
        del fresh
        gc.collect()
        assert fresh_ref() is None  # what the render makes is collected as usual
    gc.collect()
    assert ref() is None  # a long-running process (serve) frees an old site afterwards
    assert gc.get_freeze_count() == 0
