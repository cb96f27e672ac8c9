"""The live preview's files on disk: stored once by digest, read like a dict, removed one clean-up late."""

from __future__ import annotations

from quartierboards.commands.preview_store import BlobStore, StoredFiles, retire


def test_stored_files_read_like_a_dict_of_bytes(tmp_path):
    store = BlobStore(tmp_path / "files")
    files = StoredFiles(store, {"a.html": store.put(b"<p>a</p>"), "b.html": store.put(b"<p>a</p>")})
    assert files == {"a.html": b"<p>a</p>", "b.html": b"<p>a</p>"}
    assert files.digest("a.html") == files.digest("b.html")  # the same bytes are stored once
    assert len([p for p in (tmp_path / "files").rglob("*") if p.is_file()]) == 1


def test_a_file_no_longer_served_is_removed_one_clean_up_later(tmp_path):
    store = BlobStore(tmp_path / "files")
    old = StoredFiles(store, {"index.html": store.put(b"old")})
    new = StoredFiles(store, {"index.html": store.put(b"new")})
    retire(store, new)
    assert old["index.html"] == b"old"  # a request may still be reading the set served before
    retire(store, new)
    assert new["index.html"] == b"new"
    assert sorted(p.read_bytes() for p in (tmp_path / "files").rglob("*") if p.is_file()) == [b"new"]


def test_a_file_stored_again_before_the_clean_up_is_kept(tmp_path):
    store = BlobStore(tmp_path / "files")
    digest = store.put(b"flyer")
    retire(store)  # not served by anything: marked unused
    assert store.put(b"flyer") == digest  # wanted again (by a print run not yet served)
    retire(store)
    assert store.get(digest) == b"flyer"
