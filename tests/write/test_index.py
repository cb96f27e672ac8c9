"""The build index: what it trusts after files changed by hand, checked here or in a forked process."""

from __future__ import annotations

import os

import pytest

from quartierboards.write import index as index_module
from quartierboards.write.index import BuildIndex, tree_fingerprint


def _written(tmp_path, count=30):
    output = tmp_path / "output"
    for i in range(count):
        page = output / f"de/seite-{i}/index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(f"<p>{i}</p>".encode())
    keys = {f"de/seite-{i}/index.html": f"key-{i}" for i in range(count)}
    BuildIndex(output).save(keys, groups={"nord": ["k", "p", []]})
    return output, keys


@pytest.mark.parametrize("in_child", [False, True])
def test_files_changed_by_hand_are_not_trusted(tmp_path, monkeypatch, in_child):
    monkeypatch.setattr(index_module, "CHECK_IN_CHILD_ABOVE", 0 if in_child else 10**9)
    output, keys = _written(tmp_path)
    intact = BuildIndex(output).load()
    assert intact.keys == keys and intact.complete and intact.groups == {"nord": ["k", "p", []]}
    with (output / "de/seite-3/index.html").open("r+b") as fh:  # in place: same inode, other size
        fh.write(b"<p>edited by hand</p>")
    (output / "de/seite-7/index.html").unlink()
    (output / "de/seite-9/index.html").rename(output / "de/seite-9/index.htm")
    (output / "de/seite-9/index.html").mkdir()
    pending = BuildIndex(output).start_load()
    if in_child:
        assert pending._child is not None
    previous = pending.result()
    assert set(keys) - set(previous.keys) == {"de/seite-3/index.html", "de/seite-7/index.html",
                                             "de/seite-9/index.html"}
    assert not previous.complete and set(previous.entries) == set(previous.keys)
    assert pending._child is None  # the checking process was waited for


def test_a_failed_checking_process_falls_back_to_checking_here(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "CHECK_IN_CHILD_ABOVE", 0)
    output, keys = _written(tmp_path)
    (output / "de/seite-1/index.html").unlink()
    parent, real = os.getpid(), index_module._changed

    def changed(root, files):
        if os.getpid() != parent:
            os._exit(3)  # the checking process dies without an answer
        return real(root, files)

    monkeypatch.setattr(index_module, "_changed", changed)
    previous = BuildIndex(output).load()
    assert set(keys) - set(previous.keys) == {"de/seite-1/index.html"} and not previous.complete


def test_close_reaps_the_checking_process_of_a_build_that_failed(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "CHECK_IN_CHILD_ABOVE", 0)
    output, _ = _written(tmp_path)
    pending = BuildIndex(output).start_load()
    pid = pending._child[0]
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_fingerprint_sees_sources_but_not_compiled_copies(tmp_path):
    (tmp_path / "page.html").write_text("Hallo")
    before = tree_fingerprint(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "page.jinja").write_bytes(b"compiled")  # what a build keeps beside its code
    assert tree_fingerprint(tmp_path) == before, "keeping compiled templates must not undo the next no-op"
    (tmp_path / "page.html").write_text("Guten Tag")
    assert tree_fingerprint(tmp_path) != before
