"""Stage timings and progress reporting for builds.

On a terminal a stage that runs longer than a second shows a progress bar; in CI
logs (no terminal, or ``CI`` set) each stage prints one plain line when it ends.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Collects per-stage wall-clock times and shows progress."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interactive = enabled and self.stream.isatty() and not os.environ.get("CI")
        self.timings: dict[str, float] = {}
        self._stage = ""
        self._started = 0.0
        self._shown = False

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the stage *name*; in logs, print one line when it ends (if it took ≥ 1 s)."""
        self._stage, self._started, self._shown = name, time.perf_counter(), False
        try:
            yield
        finally:
            seconds = time.perf_counter() - self._started
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            if self.interactive and self._shown:
                self.stream.write("\r\033[K")
            if self.enabled and not self.interactive and seconds >= 1:
                self.stream.write(f"{name}: {seconds:.1f} s\n")
            self.stream.flush()

    def advance(self, done: int, total: int) -> None:
        """Report *done* of *total* items of the current stage (a bar after the first second)."""
        if not self.interactive or total <= 0 or time.perf_counter() - self._started < 1:
            return
        width = 30
        filled = width * done // total
        self.stream.write(f"\r{self._stage:<14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self._shown = True

    def table(self) -> str:
        """Per-stage timings as a small table."""
        total = sum(self.timings.values()) or 1.0
        lines = [f"{'stage':<16}{'seconds':>9}{'share':>8}"]
        for name, seconds in self.timings.items():
            lines.append(f"{name:<16}{seconds:>9.2f}{100 * seconds / total:>7.0f}%")
        lines.append(f"{'total':<16}{total:>9.2f}")
        return "\n".join(lines)
