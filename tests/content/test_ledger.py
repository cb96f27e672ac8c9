"""``content/published.txt``: the published addresses, kept and checked."""

from __future__ import annotations

from quartierboards.content.ledger import output_path, read_ledger, unresolved, update_ledger


def test_the_ledger_only_grows_and_is_written_only_when_it_does(tmp_path) -> None:
    assert update_ledger(tmp_path, {"de/nord/", "de/nord/cafe/calendar.ics", ""})
    assert set(read_ledger(tmp_path)) == {"de/nord/", "de/nord/cafe/calendar.ics", ""}
    assert not update_ledger(tmp_path, {"de/nord/"})  # nothing new: not written
    assert update_ledger(tmp_path, {"ru/nord/"})
    assert set(read_ledger(tmp_path)) == {"de/nord/", "de/nord/cafe/calendar.ics", "", "ru/nord/"}
    text = (tmp_path / "published.txt").read_text(encoding="utf-8")
    assert text.startswith("# ") and "\n/de/nord/\n" in text


def test_unresolved_names_each_published_address_without_a_file(tmp_path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    content.mkdir()
    update_ledger(content, {"de/nord/", "de/nord/cafe/", "de/nord/cafe/calendar.ics"})
    (output / "de/nord").mkdir(parents=True)
    (output / "de/nord/index.html").write_text("board", encoding="utf-8")
    (output / "de/nord/cafe").mkdir()
    (output / "de/nord/cafe/calendar.ics").write_text("BEGIN:VCALENDAR", encoding="utf-8")
    missing = unresolved(content, output)
    assert [url for url, _ in missing] == ["de/nord/cafe/"]
    assert output_path("de/nord/cafe/") == "de/nord/cafe/index.html" and output_path("") == "index.html"
    line = missing[0][1]
    assert (content / "published.txt").read_text(encoding="utf-8").splitlines()[line - 1] == "/de/nord/cafe/"
