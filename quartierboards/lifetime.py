"""How long the build's processes live: workers die with the build, signals end it cleanly.

A build forks worker processes (the HTML pool, the print pool, the index check). Each
of them must end when the build ends, however it ends:

- killed outright (``SIGKILL``: an OOM killer, a CI hard timeout): the kernel sends each
  worker ``SIGKILL`` as soon as the build dies (``PR_SET_PDEATHSIG``, :func:`die_with_parent`);
- asked to stop (``SIGTERM`` from ``timeout`` or a CI runner, ``SIGINT`` from Ctrl+C): the
  build raises :class:`Terminated` (a ``KeyboardInterrupt``) or ``KeyboardInterrupt`` in its
  main thread, kills its workers while unwinding (:func:`stop_pool`), and exits 143 or 130.

Only the few system calls that swap the new trees in are shielded from the signals
(:func:`signals_deferred`): the build stops right after them instead of between them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

_PR_SET_PDEATHSIG = 1

# Exit statuses of a build ended by a signal, as a shell reports them (128 + the signal).
EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """The build got ``SIGTERM``; it unwinds like after Ctrl+C (the same clean-up) and exits 143."""


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """The exit status for a build ended by *interrupt*: 143 after ``SIGTERM``, 130 after ``SIGINT``."""
    return EXIT_SIGTERM if isinstance(interrupt, Terminated) else EXIT_SIGINT


_deferring = 0
# The signals this command got (the first one counts). Once one came, the command ends:
# Python drops an exception raised in some places (an at-fork hook, a finaliser), so
# the build checks again at its next step (:func:`raise_if_signalled`).
_received: list[int] = []


def _raise_for(signum: int) -> None:
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _on_signal(signum: int, _frame: Any) -> None:
    _received.append(signum)
    # Raised once, unless held back (then when the shielded system calls are done); a
    # second Ctrl+C must not break into the clean-up that the first one started.
    if not _deferring and len(_received) == 1:
        _raise_for(_received[0])


def _fork_starts() -> None:
    global _deferring
    _deferring += 1  # an exception raised in the interpreter's own at-fork hooks would be lost


def _fork_done() -> None:
    global _deferring
    _deferring -= 1


def _forked() -> None:
    global _deferring
    _deferring = 0
    _received.clear()


# "before" hooks run in the reverse order of registration, "after" hooks in that order:
# registered after the standard library's (logging's), these enclose them.
os.register_at_fork(before=_fork_starts, after_in_parent=_fork_done, after_in_child=_forked)


def raise_if_signalled() -> None:
    """Raise for a signal that came before, in case its exception was lost (a step of the build calls this).

    A signal that arrives while the build forks a worker raises inside one of the
    interpreter's at-fork hooks, which prints the exception and carries on.
    """
    if _received and not _deferring:
        _raise_for(_received[0])


@contextlib.contextmanager
def signals_handled() -> Iterator[None]:
    """While a command runs: ``SIGTERM`` and ``SIGINT`` raise :class:`Terminated` / ``KeyboardInterrupt``.

    Outside the main thread (a test driving a command from a thread) nothing is changed:
    Python lets only the main thread set handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    previous = {signum: signal.signal(signum, _on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _received.clear()


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold ``SIGTERM`` and ``SIGINT`` back while the block runs; raise the first of them after it.

    For the swap of the new trees: a few renames that must all happen or none.
    """
    global _deferring
    raise_if_signalled()  # a signal that came before: nothing is swapped in
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
    raise_if_signalled()


def _find_prctl() -> Any:
    try:  # the C library is already loaded: no search for it (find_library starts ldconfig)
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


# Looked up once in the build, not in each freshly forked worker.
_PRCTL = _find_prctl()


def die_with_parent(parent: int) -> None:
    """Make this forked worker die with *parent* (the build's process id); a pool initializer.

    The kernel sends ``SIGKILL`` when the thread that forked this process ends, so workers
    must be forked from the build's main thread (they are: the pools start there). A parent
    that died before this call is noticed by the changed parent id. ``SIGINT`` (Ctrl+C reaches
    the whole process group) is left to the build, which stops its workers itself; ``SIGTERM``
    ends a worker at once (it inherited the build's handler, which would unwind it instead).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def stop_children() -> None:
    """Kill the worker processes this process still has: those of a pool whose start was interrupted."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            child.kill()
    for child in children:
        child.join(5)


def stop_pool(pool: Any) -> None:
    """Stop a ``ProcessPoolExecutor`` now: kill its workers, drop what they were doing, reap them.

    ``shutdown()`` alone waits for the tasks that are running (a PDF layout takes seconds).
    """
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
