"""Run one function in a forked process beside the build, and take its result later.

The search index (Pagefind over every offer) needs only the site and its rows, not the
pages: it is made while the pages render instead of after them. The function and its
arguments are not pickled (the site is large): the child inherits them by forking, as
the render workers inherit their jobs (``render/site.py``). Only the result is sent back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from quartierboards.lifetime import die_with_parent, stop_pool

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")

# What the forked child is to call, by the number :class:`Beside` gave it.
_CALLS: dict[int, Callable[[], object]] = {}


def _call(number: int) -> object:
    return _CALLS[number]()


class Beside(Generic[T]):
    """*func* running in a forked process (or, where processes cannot fork, when its result is asked for).

    Call :meth:`result` for its value (an exception it raised is raised there), or
    :meth:`stop` to end it unfinished. Start it from the build's main thread.
    """

    def __init__(self, func: Callable[[], T]):
        self._func = func
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[T] | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        from concurrent.futures import ProcessPoolExecutor

        number = id(self)
        _CALLS[number] = func
        try:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=die_with_parent, initargs=(os.getpid(),))
            self._future = self._pool.submit(_call, number)  # forks now, with _CALLS set
        finally:
            del _CALLS[number]

    def result(self) -> T:
        """Wait for the value (or compute it here, where nothing was forked)."""
        if self._future is None or self._pool is None:
            return self._func()
        try:
            value = self._future.result()
        except BaseException:
            self.stop()
            raise
        self._pool.shutdown()
        self._pool = None
        self._future = None  # it holds the value too: the caller decides how long that lives
        return value

    def stop(self) -> None:
        """End the process if it still runs; safe to call again."""
        if self._pool is not None:
            stop_pool(self._pool)
            self._pool = None
