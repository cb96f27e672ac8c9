"""The spare tree: the tree swapped out by one build becomes the next build's staging folder."""

from __future__ import annotations

import os
import time

from quartierboards.markers import REUSED
from quartierboards.write.atomic import replace_dir
from quartierboards.write.index import BuildIndex
from quartierboards.write.staging import open_staging, spare_dir

# Files that stay as they are from build to build: as on a real site, most of them.
SAME = {f"ru/p{i}/index.html": (f"p{i}", b"P") for i in range(10)}


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(target, files):
    """What the pipeline does: index → staging (recycled when possible) → swap → index."""
    index = BuildIndex(target)
    previous = index.load()
    staging = open_staging(target, recycle=previous.complete)
    values = {rel: REUSED if previous.keys.get(rel) == key else data for rel, (key, data) in files.items()}
    replace_dir(target, values, staging=staging, current=previous.inodes)
    index.save({rel: key for rel, (key, _) in files.items()})
    return staging


def test_the_old_tree_is_recycled_and_brought_up_to_date(tmp_path):
    target = tmp_path / "output"

    gen1 = {"index.html": ("1", b"one"), "de/a/index.html": ("a", b"A"), "de/gone/index.html": ("g", b"G"), **SAME}
    gen2 = {"index.html": ("2", b"two"), "de/a/index.html": ("a", b"A"), "de/gone/index.html": ("g", b"G"), **SAME}
    gen3 = {"index.html": ("3", b"three"), "de/a/index.html": ("a2", b"A2"), "de/new/x/index.html": ("n", b"N"),
            **SAME}
    assert not build(target, gen1).recycled  # cold: no old tree
    assert not build(target, gen2).recycled  # the first old tree is kept as the spare ...
    assert (spare_dir(target) / "index.html").read_bytes() == b"one"
    live_inode = os.stat(target / "de/a/index.html").st_ino
    staging = build(target, gen3)  # ... and the third build starts from it
    assert staging.recycled and staging.path == spare_dir(target)
    assert files_of(target) == {rel: data for rel, (_, data) in gen3.items()}
    assert not (target / "de/gone").exists(), "emptied folders of the old tree are removed"
    # The tree now swapped out (gen2) is intact: nothing was written through a shared inode.
    assert files_of(spare_dir(target)) == {rel: data for rel, (_, data) in gen2.items()}
    assert os.stat(spare_dir(target) / "de/a/index.html").st_ino == live_inode
    # And a fourth build goes on recycling, still exact.
    gen4 = {"index.html": ("4", b"four"), "de/a/index.html": ("a2", b"A2"), **SAME}
    assert build(target, gen4).recycled
    assert files_of(target) == {rel: data for rel, (_, data) in gen4.items()}


def test_a_spare_changed_by_a_killed_build_is_thrown_away(tmp_path):
    target = tmp_path / "output"
    for n in range(2):
        build(target, {"index.html": (str(n), str(n).encode()), **SAME})
    staging = open_staging(target, recycle=True)
    staging.write("half.html", b"from a build that was killed")  # the record goes with the first change
    assert not open_staging(target, recycle=True).recycled
    assert not spare_dir(target).exists()


def test_an_untouched_spare_stays_usable(tmp_path):
    target = tmp_path / "output"
    for n in range(2):
        build(target, {"index.html": (str(n), str(n).encode()), **SAME})
    open_staging(target, recycle=True).discard()  # e.g. a build that found nothing to write
    assert open_staging(target, recycle=True).recycled


def test_files_put_into_the_output_by_hand_never_reach_a_later_build(tmp_path):
    target = tmp_path / "output"
    build(target, {"index.html": ("1", b"one")})
    (target / "CNAME").write_bytes(b"example.org")
    build(target, {"index.html": ("2", b"two")})
    build(target, {"index.html": ("3", b"three")})
    assert files_of(target) == {"index.html": b"three"}


def test_a_tree_changed_by_hand_is_not_kept_as_spare(tmp_path):
    """A file edited by hand makes the index incomplete: that tree must not be recycled later,
    or a file put deeper into it by hand would come back in a later build."""
    from quartierboards.pipeline import _known  # what the pipeline passes as the live tree

    target = tmp_path / "output"

    def pipeline_build(files):
        index = BuildIndex(target)
        previous = index.load()
        staging = open_staging(target, recycle=previous.complete)
        values = {rel: REUSED if previous.keys.get(rel) == key else data
                  for rel, (key, data) in files.items()}
        replace_dir(target, values, staging=staging, current=_known(previous))
        index.save({rel: key for rel, (key, _) in files.items()})

    gen = {"index.html": ("1", b"one"), "de/a/index.html": ("a", b"A"), "de/b/index.html": ("b", b"B")}
    pipeline_build(gen)
    pipeline_build(gen)
    (target / "de/a/index.html").write_bytes(b"edited by hand")
    (target / "de/a/foreign.html").write_bytes(b"put there by hand")
    for _ in range(3):
        pipeline_build(gen)
        assert files_of(target) == {"index.html": b"one", "de/a/index.html": b"A", "de/b/index.html": b"B"}


def _pages(generation: int, changed: int = 20) -> dict[str, tuple[str, bytes]]:
    """20 files, the first *changed* of them new in this *generation*."""
    return {f"p{i}/index.html": (f"{generation}-{i}", f"{generation}-{i}".encode()) if i < changed
            else (f"same-{i}", f"same-{i}".encode()) for i in range(20)}


def test_a_tree_sharing_little_with_the_new_one_is_deleted_in_the_background(tmp_path):
    """After a build that rewrote everything, relinking the old tree file by file would cost
    more than an empty folder: it is not kept, and goes without the build waiting for it."""
    target = tmp_path / "output"
    build(target, _pages(1))
    build(target, _pages(2))  # every file rewritten: the tree swapped out (generation 1) shares none
    assert not spare_dir(target).exists(), "the tree swapped out is moved out of the way at once"
    staging = open_staging(target, recycle=True)
    assert not staging.recycled and staging.path != spare_dir(target)
    trash = spare_dir(target).parent / "trash"
    deadline = time.monotonic() + 60
    while list(trash.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(trash.iterdir()), "deleted by the background process"
    staging.discard()


def test_a_tree_sharing_most_files_is_kept_and_recycled(tmp_path):
    target = tmp_path / "output"
    build(target, _pages(1, changed=0))
    build(target, _pages(2, changed=3))  # 3 of 20 files rewritten
    assert open_staging(target, recycle=True).recycled


def test_a_fresh_tree_gets_nested_folders_and_readable_files(tmp_path):
    target = tmp_path / "output"
    staging = open_staging(target, recycle=False)
    big = os.urandom(3 * 1024 * 1024)  # more than one write() may take
    staging.write("de/nordstadt/2026-W49/index.html", b"week")
    staging.write("de/nordstadt/index.html", b"board")
    staging.write("fa/nordstadt/offers/calendar.ics", big)
    (staging.path / "blocked").write_bytes(b"a file where a folder must go")
    staging.write("blocked/index.html", b"page")
    assert files_of(staging.path) == {"de/nordstadt/2026-W49/index.html": b"week",
                                      "de/nordstadt/index.html": b"board",
                                      "fa/nordstadt/offers/calendar.ics": big, "blocked/index.html": b"page"}
    umask = os.umask(0)
    os.umask(umask)
    assert (staging.path / "de/nordstadt/index.html").stat().st_mode & 0o777 == 0o666 & ~umask
    staging.discard()
