"""The output swap and the build lock."""

from __future__ import annotations

import os
import threading
import time

import pytest

from quartierboards.write import atomic
from quartierboards.write.atomic import (
    BuildLocked,
    build_lock,
    clean_stale_staging,
    finish_swaps,
    prepare_dir,
    recover,
    replace_dir,
    swap_in,
)


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_replace_dir_creates_and_replaces(tmp_path):
    target = tmp_path / "output"
    replace_dir(target, {"index.html": b"one", "de/index.html": b"eins"})
    assert files_of(target) == {"index.html": b"one", "de/index.html": b"eins"}
    (target / "stale.html").write_bytes(b"from an older build")
    replace_dir(target, {"index.html": b"two"})
    assert files_of(target) == {"index.html": b"two"}, "exactly the new files, nothing stale"
    assert [p.name for p in tmp_path.iterdir()] == ["output"], "no staging or parked folder left"


def test_replace_dir_is_an_exchange(tmp_path):
    """A reader holding the old directory open keeps seeing the complete old tree."""
    target = tmp_path / "output"
    replace_dir(target, {"a.html": b"old"})
    fd = os.open(target, os.O_RDONLY)
    try:
        replace_dir(target, {"a.html": b"new"})
        assert (target / "a.html").read_bytes() == b"new"
    finally:
        os.close(fd)


def test_recover_finishes_an_interrupted_fallback_swap(tmp_path):
    parked = tmp_path / ".output.old"
    parked.mkdir()
    (parked / "index.html").write_bytes(b"old")
    recover(tmp_path / "output")
    assert (tmp_path / "output" / "index.html").read_bytes() == b"old"


def test_clean_stale_staging(tmp_path):
    (tmp_path / ".output.new-abc").mkdir()
    (tmp_path / ".output.new-abc" / "x").write_bytes(b"half")
    (tmp_path / "output").mkdir()
    clean_stale_staging(tmp_path, "output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_lock_is_exclusive_and_released(tmp_path):
    with build_lock(tmp_path), pytest.raises(BuildLocked) as info, build_lock(tmp_path):
        pass  # pragma: no cover
    assert info.value.holder == str(os.getpid())
    with build_lock(tmp_path):
        pass


def test_lock_waits_for_the_other_build(tmp_path):
    waited = []
    holding = threading.Event()
    release = threading.Event()

    def other_build():
        with build_lock(tmp_path):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=other_build)
    thread.start()
    holding.wait(10)
    timer = threading.Timer(0.3, release.set)
    timer.start()
    started = time.monotonic()
    with build_lock(tmp_path, wait=10, on_wait=lambda path, holder: waited.append((path, holder))):
        elapsed = time.monotonic() - started
    thread.join()
    assert waited and waited[0][0] == tmp_path / ".quartierboards.lock"
    assert 0.2 < elapsed < 5


def test_lock_wait_times_out(tmp_path):
    with build_lock(tmp_path):
        started = time.monotonic()
        with pytest.raises(BuildLocked), build_lock(tmp_path, wait=0.3):
            pass  # pragma: no cover
        assert time.monotonic() - started >= 0.3


class _Killed(BaseException):
    """Stands for the build being killed at this point."""


def _two_trees(tmp_path):
    output, flyers = tmp_path / "output", tmp_path / "flyers"
    replace_dir(output, {"index.html": b"old"})
    replace_dir(flyers, {"manifest.json": b"old"})
    trees = [prepare_dir(output, {"index.html": b"new"}), prepare_dir(flyers, {"manifest.json": b"new"})]
    return output, flyers, trees


def _killed_at_swap(monkeypatch, number: int) -> None:
    """Make the *number*-th swap of a tree (from 1) kill the build instead."""
    real, done = atomic._put_in_place, []

    def swap(new, target):
        if len(done) + 1 == number:
            raise _Killed
        done.append(target)
        real(new, target)

    monkeypatch.setattr(atomic, "_put_in_place", swap)


def test_a_build_killed_between_the_swaps_is_completed_by_the_next(tmp_path, monkeypatch):
    output, flyers, trees = _two_trees(tmp_path)
    journal = tmp_path / ".cache" / "output.swaps.json"
    _killed_at_swap(monkeypatch, 2)
    with pytest.raises(_Killed):
        swap_in(trees, journal)
    monkeypatch.undo()
    assert (files_of(output), files_of(flyers)) == ({"index.html": b"new"}, {"manifest.json": b"old"})
    finish_swaps(journal)  # what the next build does first
    assert (files_of(output), files_of(flyers)) == ({"index.html": b"new"}, {"manifest.json": b"new"})
    assert not journal.exists()
    finish_swaps(journal)  # nothing to do
    assert files_of(flyers) == {"manifest.json": b"new"}


def test_a_build_killed_before_the_first_swap_leaves_both_trees(tmp_path, monkeypatch):
    output, flyers, trees = _two_trees(tmp_path)
    journal = tmp_path / ".cache" / "output.swaps.json"
    _killed_at_swap(monkeypatch, 1)
    with pytest.raises(_Killed):
        swap_in(trees, journal)
    monkeypatch.undo()
    finish_swaps(journal)
    assert (files_of(output), files_of(flyers)) == ({"index.html": b"old"}, {"manifest.json": b"old"})
    assert not journal.exists()


def test_swaps_without_a_kill_leave_no_journal(tmp_path):
    output, flyers, trees = _two_trees(tmp_path)
    journal = tmp_path / ".cache" / "output.swaps.json"
    swap_in(trees, journal)
    assert (files_of(output), files_of(flyers)) == ({"index.html": b"new"}, {"manifest.json": b"new"})
    assert not journal.exists()
