"""Results remembered per object, for objects that are not hashable by value (content models, offers).

The key is the object's ``id()`` plus further parts. The object is kept with its
result, so an id that Python reuses for a new object after the old one is gone
never finds the old result.

Most memos hold results of one build: their objects (a build's offers, its city
rows) are made anew by the next build and never asked for again. A long-running
process (``serve``) forgets them when a build ends (:func:`end_of_build`):
otherwise each memo kept the objects of several earlier builds until it was full,
and with them whole sites and the city's rows (2 GB in the preview at 100 × 50).
A memo whose objects live on from build to build (validated models kept by the
parse cache) says so with ``across_builds``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

# Every memo of one build's objects, emptied by end_of_build().
_PER_BUILD: weakref.WeakSet[IdentityMemo] = weakref.WeakSet()


class IdentityMemo(Generic[V]):
    """At most *limit* results, keyed by an object and more key parts; emptied when full.

    Also emptied at the end of every build (:func:`end_of_build`) unless *across_builds*.
    """

    def __init__(self, limit: int, *, across_builds: bool = False):
        self._limit = limit
        self._items: dict[tuple[int, Hashable], tuple[object, V]] = {}
        if not across_builds:
            _PER_BUILD.add(self)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, obj: object, parts: Hashable, make: Callable[[], V]) -> V:
        """The result for (*obj*, *parts*), made by *make()* the first time."""
        key = (id(obj), parts)
        hit = self._items.get(key)
        if hit is not None and hit[0] is obj:
            return hit[1]
        if len(self._items) >= self._limit:
            self._items.clear()
        value = make()
        self._items[key] = (obj, value)
        return value

    def clear(self) -> None:
        """Forget every result."""
        self._items.clear()


def end_of_build() -> None:
    """Forget the results of the build that ends (every memo not made ``across_builds``)."""
    for memo in list(_PER_BUILD):
        memo.clear()
