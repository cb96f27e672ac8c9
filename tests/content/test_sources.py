"""A quarter's source digest changes with any change the loader could notice, and only then."""

from __future__ import annotations

import os
import shutil

from qb_support import SAMPLE

from quartierboards.content import sources
from quartierboards.content.sources import SourceDigests, quarter_sources


def _copy(tmp_path, name="q"):
    folder = tmp_path / name
    shutil.copytree(SAMPLE / "quarters" / "am-wasserturm", folder)
    return folder


def test_the_same_files_give_the_same_digest_wherever_they_are(tmp_path):
    a, b = _copy(tmp_path, "a"), _copy(tmp_path, "b")
    assert quarter_sources(a) == quarter_sources(b) is not None


def test_a_changed_byte_a_new_hidden_file_a_rename_and_an_empty_folder_change_the_digest(tmp_path):
    folder = _copy(tmp_path)
    seen = {quarter_sources(folder)}
    offer = folder / "offers" / "deutschkurs-fuer-frauen.md"
    offer.write_bytes(offer.read_bytes() + b"\n")
    seen.add(quarter_sources(folder))
    (folder / "offers" / ".entwurf.md").write_text("---\n", encoding="utf-8")
    seen.add(quarter_sources(folder))
    offer.rename(offer.with_name("umbenannt.md"))
    seen.add(quarter_sources(folder))
    (folder / "news" / "leer").mkdir()
    seen.add(quarter_sources(folder))
    assert len(seen) == 5 and None not in seen


def test_a_folder_with_a_symbolic_link_gets_no_digest(tmp_path):
    folder = _copy(tmp_path)
    (folder / "offers" / "link.md").symlink_to(next((folder / "offers").glob("*.md")))
    assert quarter_sources(folder) is None
    assert quarter_sources(tmp_path / "missing") is None


def _reads(monkeypatch):
    """Count the quarters whose bytes are read."""
    read, original = [], sources._digest
    monkeypatch.setattr(sources, "_digest", lambda entries: read.append(entries) or original(entries))
    return read


def test_digests_by_stat_trust_files_nobody_touched(tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    monkeypatch.setattr(sources, "RACY_NS", 0)  # the copies are brand new; the race is tested below
    first = SourceDigests()
    assert first.digest(folder) == quarter_sources(folder) is not None
    expected = quarter_sources(folder)
    read = _reads(monkeypatch)
    again = SourceDigests(first.records)
    assert again.digest(folder) == expected
    assert read == []  # nothing read: every file as it was
    assert again.records == first.records


def test_a_change_is_seen_even_with_the_same_size_and_modification_time(tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    monkeypatch.setattr(sources, "RACY_NS", 0)
    first = SourceDigests()
    before = first.digest(folder)
    offer = folder / "offers" / "deutschkurs-fuer-frauen.md"
    st = offer.stat()
    data = offer.read_bytes()
    offer.write_bytes(data.replace(b"Deutsch", b"DEUTSCH", 1))
    os.utime(offer, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and modification time as before
    assert offer.stat().st_size == st.st_size
    expected = quarter_sources(folder)
    read = _reads(monkeypatch)
    assert SourceDigests(first.records).digest(folder) == expected != before
    assert len(read) == 1


def test_bytes_hashed_right_after_a_change_are_not_trusted_next_time(tmp_path, monkeypatch):
    """A file written twice within one tick of the file system's clock keeps its times (git's racy clean)."""
    folder = _copy(tmp_path)
    first = SourceDigests()  # the files were just written: within RACY_NS
    assert first.digest(folder) == quarter_sources(folder)
    assert first.records == {}
    read = _reads(monkeypatch)
    SourceDigests(first.records).digest(folder)
    assert len(read) == 1


def test_a_symbolic_link_gives_no_digest_by_stat_either(tmp_path):
    folder = _copy(tmp_path)
    (folder / "offers" / "link.md").symlink_to(next((folder / "offers").glob("*.md")))
    digests = SourceDigests()
    assert digests.digest(folder) is None
    assert digests.records == {}


def test_a_large_hidden_file_is_digested_by_its_stat_not_read(tmp_path):
    import tracemalloc

    folder = _copy(tmp_path)
    big = folder / ".video.mp4"
    with big.open("wb") as fh:  # sparse: 64 MiB on no disk
        fh.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    try:
        first = quarter_sources(folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first is not None
    assert peak < 8 * 1024 * 1024  # it was read whole before
    os.utime(big, ns=(1, 1))
    assert quarter_sources(folder) != first  # but still counts


def test_a_named_pipe_is_never_opened_for_reading(tmp_path):
    folder = _copy(tmp_path)
    os.mkfifo(folder / ".pipe")
    # Before, the digest waited in open() for a writer that never comes.
    assert quarter_sources(folder) is not None
