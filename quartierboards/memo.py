"""Results remembered per object, for objects that are not hashable by value (content models, offers).

The key is the object's ``id()`` plus further parts. The object is kept with its
result, so an id that Python reuses for a new object after the old one is gone
never finds the old result.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    """At most *limit* results, keyed by an object and more key parts; emptied when full."""

    def __init__(self, limit: int):
        self._limit = limit
        self._items: dict[tuple[int, Hashable], tuple[object, V]] = {}

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
