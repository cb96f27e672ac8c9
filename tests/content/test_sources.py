"""A quarter's source digest changes with any change the loader could notice, and only then."""

from __future__ import annotations

import shutil

from qb_support import SAMPLE

from quartierboards.content.sources import quarter_sources


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
