"""A build's worker processes end with it: SIGTERM, SIGINT and SIGKILL of a real build.

The real-build tests start ``quartierboards build`` of the sample city (website and PDFs, two
jobs) in a process group of its own, waits until it has forked workers, signals the
build's main process only, and then looks at every process of that group through /proc.
The others check the signal handling in this process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from qb_support import ROOT, SAMPLE, TODAY, tree

from quartierboards.lifetime import Terminated, raise_if_signalled, signals_deferred, signals_handled
from quartierboards.write.lock import build_lock

needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="looks at processes in /proc")

DEADLINE = 60.0  # seconds: generous bounds for a busy two-core machine; the events come far sooner


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, …); None once gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rpartition(b")")[2].decode().split()
    except OSError:
        return None


def _group(pgid: int) -> list[int]:
    """The live processes (zombies are dead) in process group *pgid*."""
    members = []
    for name in os.listdir("/proc"):
        if name.isdigit() and (fields := _stat(int(name))) and fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(name))
    return members


def _children(pid: int) -> list[int]:
    return [p for p in _group(pid) if (fields := _stat(p)) and int(fields[1]) == pid]


def _poll(condition, what: str, deadline: float = DEADLINE):
    """Wait until *condition()* is truthy and return it (polling /proc: there is no event to wait on)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if value := condition():
            return value
        time.sleep(0.05)
    pytest.fail(f"{what} within {deadline:.0f} s")


@pytest.fixture
def site(tmp_path, sample_build) -> Path:
    """A copy of the sample content beside an output/ of an earlier build (copied: every page renders again)."""
    shutil.copytree(SAMPLE, tmp_path / "content")
    shutil.copytree(sample_build.output, tmp_path / "output")
    return tmp_path


@pytest.fixture
def started(site) -> Iterator[subprocess.Popen]:
    """A full build of *site* with website and PDF workers, in a process group of its own; killed after the test."""
    cmd = [sys.executable, "-m", "quartierboards", "build", "--content", str(site / "content"),
           "--output", str(site / "output"), "--flyers", str(site / "flyers"), "--today", TODAY.isoformat(),
           "--jobs", "2"]
    with open(site / "stderr.txt", "wb") as err:  # a file, not a pipe: orphans must not block the test
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for pid in _group(proc.pid):  # left over only when the test failed
            os.kill(pid, signal.SIGKILL)


def _workers(proc: subprocess.Popen) -> list[int]:
    return _poll(lambda: _children(proc.pid), "the build forked no worker")


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.slow
@needs_proc
def test_a_signal_ends_the_build_and_its_workers(site, started, signum, status):
    before = tree(site / "output")
    workers = _workers(started)
    sent = time.monotonic()
    os.kill(started.pid, signum)  # the main process only, as `timeout` and CI runners do
    started.wait(DEADLINE)
    took = time.monotonic() - sent
    assert started.returncode == status, (site / "stderr.txt").read_text()
    assert took < 20, f"the build took {took:.1f} s to stop"  # about 0.1 s here; generous for a busy machine
    assert _group(started.pid) == [], f"no process of the build is left (its workers were {workers})"
    assert tree(site / "output") == before, "output/ untouched"
    assert not (site / "flyers").exists(), "flyers/ untouched"
    assert "interrupted; output/ and flyers/ are unchanged" in (site / "stderr.txt").read_text()
    with build_lock(site, wait=0):  # the next build does not wait
        pass


@pytest.mark.slow
@needs_proc
def test_workers_die_with_a_killed_build(site, started):
    workers = _workers(started)
    os.kill(started.pid, signal.SIGKILL)  # an OOM killer or a CI hard timeout
    started.wait(DEADLINE)
    _poll(lambda: not _group(started.pid), f"workers {workers} outlived the killed build", deadline=10)
    with build_lock(site, wait=0):  # the next build takes the lock at once
        pass


def test_the_swaps_finish_before_a_signal_ends_the_build():
    done = []
    with signals_handled(), pytest.raises(Terminated):
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            done.append("first swap")
            os.kill(os.getpid(), signal.SIGINT)  # a second signal changes nothing
            done.append("second swap")
        done.append("after the swaps")  # pragma: no cover
    assert done == ["first swap", "second swap"]


def test_a_lost_signal_is_raised_at_the_next_step():
    """An exception raised in an at-fork hook is dropped by Python; the signal is not."""
    with signals_handled():
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)  # pragma: no cover - the handler raises at once
        with pytest.raises(KeyboardInterrupt):
            raise_if_signalled()
    raise_if_signalled()  # outside a command: nothing is pending
