"""``translations import`` of a translator's file that is wrong: a located message, nothing written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from qb_support import cli, copy_base

from quartierboards.content.loader import load_site
from quartierboards.content.xliff import XLIFF_NS
from quartierboards.content.xliff_import import import_file
from quartierboards.errors import ContentError, ContentErrors, Location

OFFER = "quarters/nord/offers/cafe.md"


def _xliff(units: list[tuple[str, str]], lang: str = "en") -> str:
    """An XLIFF file with one trans-unit per line, the n-th unit on line n + 2."""
    lines = [f'<xliff xmlns="{XLIFF_NS}" version="1.2">',
             f'<file original="x" source-language="de" target-language="{lang}"><body>']
    lines += [f'<trans-unit id="{uid}"><source>s</source><target>{text}</target></trans-unit>'
              for uid, text in units]
    lines.append("</body></file></xliff>")
    return "\n".join(lines) + "\n"


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _import(tmp_path: Path, content: Path, text: str):
    xlf = tmp_path / "t.xlf"
    xlf.write_text(text, encoding="utf-8")
    return cli("translations", "import", xlf, "--content", content)


GOOD = (f"{OFFER}#title", "Coffee")


@pytest.mark.parametrize("bad_id", [
    "quarters/nord/offers/gibtsnicht.md#title",  # unknown file
    "quarters/west/quarter.yaml#name",  # unknown folder
    "quarters/nord/quarter.yaml#contacts/99/role",  # unknown list entry
    "#title",  # empty file part
    f"{OFFER}#title/de",  # a nested field
    f"{OFFER}#place",  # a field that is not translatable
    "quarters/nord/places/treff.yaml#body",  # a place has no body: would create treff.y.en.md
    "site.yaml#body",  # would create content/site.y.en.md
    "../outside.md#body",
])
def test_unknown_id_is_a_message_and_nothing_is_written(tmp_path, bad_id):
    content = copy_base(tmp_path)
    before = _snapshot(content)
    run = _import(tmp_path, content, _xliff([GOOD, (bad_id, "x")]))
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    lines = run.error_lines()
    assert len(lines) == 1, run.err
    assert (lines[0]["path"], lines[0]["line"]) == (str(tmp_path / "t.xlf"), "4")
    assert "unknown unit id" in lines[0]["message"]
    assert _snapshot(content) == before  # not even the good unit before it


def test_target_language_of_the_sources_is_refused(tmp_path):
    content = copy_base(tmp_path)
    before = _snapshot(content)
    run = _import(tmp_path, content, _xliff([GOOD], lang="de"))
    assert run.code == 1
    assert run.error_lines()[0]["line"] == "2"
    assert "language of the source texts" in run.err
    assert _snapshot(content) == before


def test_not_xml_is_a_located_message(tmp_path):
    content = copy_base(tmp_path)
    run = _import(tmp_path, content, _xliff([GOOD]).replace("</body>", ""))
    assert run.code == 1
    assert run.error_lines()[0]["line"] == "4"
    assert "not valid XLIFF" in run.err


def test_new_texts_that_do_not_validate_are_taken_back(tmp_path):
    content = copy_base(tmp_path)
    before = _snapshot(content)
    site = load_site(content)
    data = _xliff([GOOD, (f"{OFFER}#body", "Every Friday.")]).encode()

    def validate() -> None:  # the content as written does not load
        assert (content / "quarters/nord/offers/cafe.en.md").exists()
        raise ContentErrors([ContentError(Location("content/x.md"), "broken")])

    with pytest.raises(ContentErrors):
        import_file(data, "t.xlf", content, site, validate)
    assert _snapshot(content) == before
    assert not [p for p in content.rglob("*") if p.name.endswith(".tmp")]


def test_a_link_out_of_content_is_not_followed(tmp_path):
    content = copy_base(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    # The translation of the offer's body would be written through a link into outside/.
    os.symlink(outside / "cafe.en.md", content / "quarters/nord/offers/cafe.en.md")
    run = _import(tmp_path, content, _xliff([(f"{OFFER}#body", "Every Friday.")]))
    assert run.code == 1
    assert "outside the content folder" in run.err
    assert not list(outside.iterdir())


def test_a_good_file_is_written_completely(tmp_path):
    content = copy_base(tmp_path)
    run = _import(tmp_path, content, _xliff([GOOD, (f"{OFFER}#body", "Every Friday.")]))
    assert run.code == 0, run.err
    assert (content / "quarters/nord/offers/cafe.en.md").read_text(encoding="utf-8") == "Every Friday.\n"
    assert "  en: Coffee\n" in (content / OFFER).read_text(encoding="utf-8")
    assert not [p for p in content.rglob("*") if p.name.endswith(".tmp")]


def test_closure_reasons_and_booking_words_go_out_and_come_back(tmp_path):
    """A translator sees "Renovierung" and "Termine am Telefon" in the XLIFF file, and the pages use the
    translation."""
    content = copy_base(tmp_path)
    place = content / "quarters/nord/places/treff.yaml"
    place.write_text(place.read_text(encoding="utf-8") + "closures:\n  - dates: 2026-12-04\n"
                     "    reason: Renovierung  # die Küche\n", encoding="utf-8")
    offer = content / OFFER
    offer.write_text(offer.read_text(encoding="utf-8").replace(
        "place: treff\n", "place: treff\nby_appointment:\n  text: Termine am Telefon\n"), encoding="utf-8")
    exported = tmp_path / "en.xlf"
    assert cli("translations", "export", "--lang", "en", "--content", content, "--out", exported).code == 0
    xlf = exported.read_text(encoding="utf-8")
    assert 'id="quarters/nord/places/treff.yaml#closures/0/reason"' in xlf and "Renovierung" in xlf
    assert f'id="{OFFER}#by_appointment/text"' in xlf and "Termine am Telefon" in xlf
    run = _import(tmp_path, content, _xliff([("quarters/nord/places/treff.yaml#closures/0/reason", "renovation"),
                                             (f"{OFFER}#by_appointment/text", "Appointments by phone")]))
    assert run.code == 0, run.err
    assert "# die Küche" in place.read_text(encoding="utf-8")  # the editors' comment stays
    site = load_site(content)
    assert site.quarters["nord"].places["treff"].data.closures[0].reason == {"de": "Renovierung", "en": "renovation"}
    assert site.quarters["nord"].offers["cafe"].data.by_appointment.text["en"] == "Appointments by phone"
