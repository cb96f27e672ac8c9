"""The build lock outlives neither its build nor the process it names."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import subprocess
import sys
import textwrap

import pytest

from quartierboards.write.lock import LOCK_NAME, BuildLocked, build_lock

# Holds the lock file the way a worker left behind by a killed build did: an flock on it,
# and the killed build's record in it. Prints "held" once it has the lock.
HOLDER = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.write(fd, sys.argv[2].encode())
    print("held", flush=True)
    time.sleep(120)
""")


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.fixture
def holder(tmp_path):
    """Start a process that holds the lock in *tmp_path* with a given record; stopped after the test."""
    started: list[subprocess.Popen] = []

    def start(record: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / LOCK_NAME), record],
                                stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def test_a_lock_naming_a_dead_process_is_taken_over(tmp_path, holder):
    """A killed build's orphan still holds the flock: the next build must not wait for a dead process."""
    dead = _dead_pid()
    holder(f"{dead}\n")
    with build_lock(tmp_path, wait=0):
        assert (tmp_path / LOCK_NAME).read_text().split()[0] == str(os.getpid())
    with build_lock(tmp_path, wait=0):  # and released again
        pass


def test_a_recycled_process_id_is_not_the_holder(tmp_path, holder):
    """The record names a live process id, but one that started at another time: taken over too."""
    holder(f"{os.getppid()} 1\n")  # our parent is alive, and did not start one tick after boot
    with build_lock(tmp_path, wait=0):
        pass


def test_a_live_holder_is_not_taken_over(tmp_path, holder):
    proc = holder(f"{os.getppid()}\n")  # a live process, the old format without a start time
    with pytest.raises(BuildLocked) as info, build_lock(tmp_path, wait=0):
        pass  # pragma: no cover
    assert info.value.holder == str(os.getppid())
    proc.kill()
    proc.wait()
    with build_lock(tmp_path, wait=0):
        pass


def _wait_until_told(started, done) -> None:
    started.set()
    done.wait(60)


def _open_files(pid: int) -> set[str]:
    folder = f"/proc/{pid}/fd"
    links = set()
    for name in os.listdir(folder):
        with contextlib.suppress(OSError):  # closed meanwhile
            links.add(os.readlink(f"{folder}/{name}"))
    return links


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_forked_workers_do_not_hold_the_lock(tmp_path):
    """A worker forked while the lock is held has no descriptor of the lock file: were the build
    killed, the worker could not keep the lock."""
    context = multiprocessing.get_context("fork")
    started, done = context.Event(), context.Event()
    with build_lock(tmp_path):
        worker = context.Process(target=_wait_until_told, args=(started, done))
        worker.start()
        try:
            assert started.wait(30)
            lock = str(tmp_path / LOCK_NAME)
            assert lock in _open_files(os.getpid())
            assert lock not in _open_files(worker.pid)
        finally:
            done.set()
            worker.join(30)


def test_builds_sharing_flyers_but_not_output_wait_for_each_other(tmp_path) -> None:
    from qb_support import BASE

    from quartierboards.pipeline import BuildOptions, build

    shared = tmp_path / "shared"
    options = BuildOptions(content=BASE, output=tmp_path / "site-b" / "output", flyers=shared / "flyers",
                           jobs=1, lock_wait=0)
    with build_lock(shared), pytest.raises(BuildLocked):  # another build writes flyers/ now
        build(options)
    assert not options.output.exists()
