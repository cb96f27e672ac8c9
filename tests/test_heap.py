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


def test_no_automatic_collection_while_loading_and_the_previous_state_afterwards():
    from quartierboards.heap import no_collection

    with no_collection():
        assert not gc.isenabled()
        node = _Node()
        ref = weakref.ref(node)
        del node
        kept = [[] for _ in range(50_000)]  # enough new objects to trigger automatic collections
        assert ref() is not None and len(kept) == 50_000
    assert gc.isenabled()
    gc.collect()
    assert ref() is None
    gc.disable()
    try:
        with no_collection():
            pass
        assert not gc.isenabled()  # a caller that had paused collection keeps it paused
    finally:
        gc.enable()


def test_a_nested_block_freezes_what_is_new_and_only_the_outermost_one_unfreezes():
    outer_node = _Node()
    outer_ref = weakref.ref(outer_node)
    with long_lived():
        inner_node = _Node()  # made inside the outer block, like the site inside a build
        inner_ref = weakref.ref(inner_node)
        with long_lived():
            pass
        del outer_node, inner_node
        gc.collect()
        assert outer_ref() is not None and inner_ref() is not None  # still frozen after the inner block
    gc.collect()
    assert outer_ref() is None and inner_ref() is None
