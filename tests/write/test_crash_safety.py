"""A build killed with SIGKILL at any moment leaves output/ complete: the old tree or the new one.

Real builds of the sample city run as subprocesses; a seeded random schedule kills them
at different points (rendering, writing the staging tree, fsync, swap). Afterwards
output/ must equal one of the two known trees byte for byte, and the next build must
succeed and clean up.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from qb_support import ROOT, SAMPLE, TODAY, tree

OLD_DAY = "2026-11-23"  # the build already in output/ (ISO weeks 48–51)
KILLS = int(os.environ.get("QB_CRASH_KILLS", "5"))


def build_cmd(output, flyers, content=SAMPLE) -> list[str]:
    return [sys.executable, "-m", "quartierboards", "build", "--no-print", "--content", str(content),
            "--output", str(output), "--flyers", str(flyers), "--today", TODAY.isoformat()]


def run_build(cmd: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, timeout=300)
    return time.monotonic() - started


def _difference(now: dict, old: dict, new: dict) -> str:
    closer = new if len(set(now) ^ set(new)) <= len(set(now) ^ set(old)) else old
    missing = sorted(set(closer) - set(now))[:5]
    extra = sorted(set(now) - set(closer))[:5]
    changed = sorted(p for p in set(now) & set(closer) if now[p] != closer[p])[:5]
    return (f"closest to the {'new' if closer is new else 'old'} tree; missing {missing}, "
            f"extra {extra}, different {changed}")


@pytest.mark.slow
def test_sigkill_leaves_old_or_new_tree(tmp_path):
    # A snapshot: the sample content may be edited while the suite runs.
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    pristine = tmp_path / "pristine"
    old_cmd = build_cmd(pristine, tmp_path / "pristine-flyers", content)
    old_cmd[old_cmd.index("--today") + 1] = OLD_DAY
    run_build(old_cmd)
    old = tree(pristine)

    work = tmp_path / "site"
    output = work / "output"
    cmd = build_cmd(output, work / "flyers", content)
    # How long a full build takes here, so the kills spread over all its phases.
    shutil.copytree(pristine, output)
    duration = run_build(cmd)
    new = tree(output)
    assert old and new and old != new

    rng = random.Random(20261130)
    delays = sorted(rng.uniform(0.05, 1.0) * duration for _ in range(KILLS - 2))
    delays += [duration * 0.9, duration * 0.97]  # around the swap at the very end
    outcomes = []
    for delay in delays:
        shutil.rmtree(output)
        shutil.copytree(pristine, output)
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its render workers
        proc.wait(timeout=30)
        now = tree(output)
        assert now in (old, new), (f"killed after {delay:.2f}s of {duration:.2f}s: output/ is neither the old "
                                   f"nor the new tree: {_difference(now, old, new)}")
        outcomes.append("new" if now == new else "old")
    # The next build after a crash succeeds, cleans up, and is the new tree again.
    run_build(cmd)
    assert tree(output) == new
    assert not [p.name for p in work.iterdir() if p.name.startswith(".output.")], "staging left behind"
    assert "old" in outcomes, outcomes


@pytest.mark.slow
def test_two_builds_at_once_are_serialized(tmp_path):
    output = tmp_path / "output"
    cmd = build_cmd(output, tmp_path / "flyers")
    first = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Start the second one once the first holds the lock.
    lock = tmp_path / ".quartierboards.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.02)
    second = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "waiting for it to finish" in err2
    assert f"process {first.pid}" in err2
    assert "Built" in out1 and "Built" in out2
    assert (output / "de" / "nordstadt" / "index.html").is_file()
