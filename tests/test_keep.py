"""The last good sources (``keep.save_last_good``): copied when they changed, removed when they went away."""

from __future__ import annotations

import os
from pathlib import Path

from quartierboards.keep import KEPT, KeptBack, last_good_dir, save_last_good


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_last_good_sources_follow_the_content_but_keep_what_was_kept_back(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    offers = content / "quarters/nord/offers"
    offers.mkdir(parents=True)
    (content / "site.yaml").write_text("title: A\n", encoding="utf-8")
    (offers / "cafe.md").write_text("Café\n", encoding="utf-8")
    (offers / "kurs.md").write_text("Kurs\n", encoding="utf-8")
    (content / ".git").mkdir()
    (content / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    (offers / ".cafe.md.swp").write_text("editor\n", encoding="utf-8")
    save_last_good(content, output)
    good = last_good_dir(output)
    assert _tree(good) == {"site.yaml": "title: A\n", "quarters/nord/offers/cafe.md": "Café\n",
                           "quarters/nord/offers/kurs.md": "Kurs\n"}, "hidden files and folders are not sources"

    # A copy whose size and time match its source is not read or copied again.
    copy, source = good / "quarters/nord/offers/cafe.md", offers / "cafe.md"
    copy.write_text("CAFÉ\n", encoding="utf-8")
    os.utime(copy, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns))
    save_last_good(content, output)
    assert copy.read_text(encoding="utf-8") == "CAFÉ\n"

    (offers / "cafe.md").write_text("Café neu\n", encoding="utf-8")
    (content / "site.yaml").unlink()
    (offers / "neu.md").write_text("Neu\n", encoding="utf-8")
    (offers / "kurs.md").write_text("kaputt\n", encoding="utf-8")  # broken: kept back
    save_last_good(content, output, KeptBack(errors=[], root=tmp_path, files={"quarters/nord/offers/kurs.md": KEPT}))
    assert _tree(good) == {"quarters/nord/offers/cafe.md": "Café neu\n", "quarters/nord/offers/neu.md": "Neu\n",
                           "quarters/nord/offers/kurs.md": "Kurs\n"}
