"""A build killed with SIGKILL at any moment leaves output/ complete: the old tree or the new one.

Real builds of the sample city run as subprocesses; a seeded random schedule kills them
at different points (rendering, writing the staging tree, fsync, swap). Afterwards
output/ must equal one of the two known trees byte for byte, and the next build must
succeed and clean up.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from qb_support import BASE, ROOT, SAMPLE, TODAY, tree

from quartierboards.write.atomic import build_lock

OLD_DAY = "2026-11-23"  # the build already in output/ (ISO weeks 48–51)
KILLS = int(os.environ.get("QB_CRASH_KILLS", "4"))


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
def test_sigkill_leaves_old_or_new_tree(tmp_path, sample_build):
    new = sample_build.files  # this build's result, known from the session build (builds are reproducible)
    pristine = tmp_path / "pristine"
    old_cmd = build_cmd(pristine, tmp_path / "pristine-flyers")
    old_cmd[old_cmd.index("--today") + 1] = OLD_DAY
    duration = run_build(old_cmd)  # also: how long a full build takes on this machine
    old = tree(pristine)
    assert old and new and old != new

    work = tmp_path / "site"
    output = work / "output"
    cmd = build_cmd(output, work / "flyers")
    rng = random.Random(20261130)
    delays = sorted(rng.uniform(0.1, 0.9) * duration for _ in range(max(KILLS - 2, 0)))
    delays += [duration * 0.9, duration * 0.97]  # around the swap at the very end
    outcomes = []
    for delay in delays:
        if output.exists():
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
    # The next build after a crash succeeds, cleans up, and is the new tree.
    run_build(cmd)
    assert tree(output) == new
    assert not [p.name for p in work.iterdir() if p.name.startswith(".output.")], "staging left behind"
    assert "old" in outcomes, outcomes


def test_a_second_build_waits_for_the_first(tmp_path):
    """While another build holds the lock, a real build waits with a message, then runs."""
    output = tmp_path / "output"
    cmd = build_cmd(output, tmp_path / "flyers", BASE)
    with build_lock(tmp_path):
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first_line = proc.stderr.readline()  # blocks until the build reports that it waits
        assert first_line.startswith(f"Another build (process {os.getpid()}) is writing into {tmp_path}/")
        assert "waiting for it to finish" in first_line
        time.sleep(0.3)
        assert proc.poll() is None, "still waiting"
        assert not output.exists(), "nothing written while the other build runs"
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Built" in out
    assert (output / "de" / "nord" / "index.html").is_file()


@pytest.mark.slow
def test_sigkill_while_the_spare_tree_is_updated(tmp_path):
    """The recycled spare tree is changed in place: a kill then must not touch output/, and
    the next build must not trust the half-changed spare.

    The two trees differ in one offer's pages (an edit), so each build keeps the tree it
    swapped out as the spare and the next one recycles it (after a build that rewrote
    most files, the swapped-out tree is deleted instead: see write.staging).
    """
    work = tmp_path / "site"
    output = work / "output"
    content_old, content_new = work / "content-old", work / "content-new"
    shutil.copytree(SAMPLE, content_old)
    shutil.copytree(SAMPLE, content_new)
    offer = content_new / "quarters" / "nordstadt" / "offers" / "fahrradwerkstatt.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("title:\n  de: ", "title:\n  de: Neu - ", 1),
                     encoding="utf-8")
    cmd = build_cmd(output, work / "flyers", content_new)
    old_cmd = build_cmd(output, work / "flyers", content_old)
    run_build(old_cmd)
    old = tree(output)
    run_build(cmd)  # output: new; spare: old
    new = tree(output)
    assert new != old and len([p for p in new if new[p] != old.get(p)]) < len(new) / 10
    duration = run_build(old_cmd)  # output: old again, built in the recycled spare; spare: new
    assert tree(output) == old
    assert (work / ".cache" / "output.spare.json").is_file(), "the spare is kept for the next build"
    rng = random.Random(20261121)
    outcomes = []
    for delay in sorted(rng.uniform(0.2, 0.95) * duration for _ in range(3)):
        before = tree(output)
        proc = subprocess.Popen(cmd if before == old else old_cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        now = tree(output)
        assert now in (old, new), f"killed after {delay:.2f}s: {_difference(now, old, new)}"
        outcomes.append("swapped" if now != before else "kept")
    run_build(cmd)
    assert tree(output) == new
    run_build(old_cmd)
    assert tree(output) == old, "a build after the kills is exact, whatever state the spare was left in"
    assert "kept" in outcomes, outcomes


# Runs a build whose first swap of a live tree is its last act: killed right after
# output/ is swapped, before flyers/ is.
KILLED_AFTER_FIRST_SWAP = """
import os, sys
from quartierboards.cli import run
from quartierboards.write import atomic

real = atomic._exchange

def exchange_then_die(a, b):
    if real(a, b):
        os._exit(137)
    return False

atomic._exchange = exchange_then_die
sys.exit(run(sys.argv[1:]))
"""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _consistent(output, flyers) -> tuple[list[str], list[str]]:
    """The web PDFs' hashes as flyers/manifest.json lists them, and as output/ publishes them."""
    manifest = json.loads((flyers / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        assert _sha256((flyers / entry["file"]).read_bytes()) == entry["sha256"], entry["file"]
    listed = sorted(e["sha256"] for e in manifest if e["variant"] == "web")
    # the web copies (the print-at-home sheets beside them are made from them)
    published = sorted(_sha256(p.read_bytes()) for p in output.rglob("*.pdf") if not p.name.endswith("-a4.pdf"))
    return listed, published


@pytest.mark.slow
def test_a_kill_between_the_two_swaps_is_completed(tmp_path):
    """output/ and flyers/ are both replaced or neither: a build killed right after output/ was
    swapped is completed before anything else, even by a build that then fails on its content."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    output, flyers = tmp_path / "output", tmp_path / "flyers"
    args = ["build", "--content", str(content), "--output", str(output), "--flyers", str(flyers), "--jobs", "2"]
    subprocess.run([sys.executable, "-m", "quartierboards", *args, "--today", OLD_DAY], check=True, cwd=ROOT,
                   capture_output=True, timeout=600)
    listed, published = _consistent(output, flyers)
    assert listed == published and listed

    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_FIRST_SWAP, *args, "--today", TODAY.isoformat()],
                            cwd=ROOT, capture_output=True, timeout=600)
    assert killed.returncode == 137, killed.stderr.decode()
    listed, published = _consistent(output, flyers)
    assert listed != published, "killed between the swaps: output/ is new, flyers/ still old"

    (content / "site.yaml").write_text("{ not yaml", encoding="utf-8")  # the editor's next change breaks it
    failed = subprocess.run([sys.executable, "-m", "quartierboards", *args, "--today", TODAY.isoformat()], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1, failed.stderr
    listed, published = _consistent(output, flyers)
    assert listed == published, "flyers/ matches the web flyers in output/"
