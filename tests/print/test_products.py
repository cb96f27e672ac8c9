"""Which PDFs the build makes, the manifest and the order sheet, the web copies and the board links."""

from __future__ import annotations

import csv
import hashlib
import io
import json

from quartierboards.print.products import product_specs
from quartierboards.render.urls import web_flyer_path, web_sticker_path

QUARTERS = ("am-wasserturm", "lindenhof", "nordstadt", "suedpark")
PRINT_LANGUAGES = ["de", "ru", "ar", "fa", "de-x-ls"]


def _manifest(built) -> list[dict]:
    """The manifest's PDFs of products (without the order, auftrag.pdf)."""
    return [e for e in json.loads((built.flyers / "manifest.json").read_text("utf-8")) if e["product"] != "order"]


def test_every_product_in_both_variants(built):
    entries = _manifest(built)
    assert len(entries) == len(QUARTERS) * (len(PRINT_LANGUAGES) + 1) * 2
    files = {e["file"] for e in entries}
    for quarter in QUARTERS:
        for variant in ("print", "web"):
            assert f"{quarter}/sticker-{quarter}-{variant}.pdf" in files
            for lang in PRINT_LANGUAGES:
                assert f"{quarter}/flyer-{quarter}-{lang}-{variant}.pdf" in files


def test_manifest_entries(built):
    for entry in _manifest(built):
        assert set(entry) == {"file", "product", "variant", "quarter", "languages", "qr_url", "trim_mm",
                              "bleed_mm", "slug_mm", "output_condition", "pages", "sha256"}
        data = (built.flyers / entry["file"]).read_bytes()
        assert data.startswith(b"%PDF-")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["trim_mm"] == [148, 210]
        assert entry["bleed_mm"] == (3 if entry["variant"] == "print" else 0)
        assert entry["slug_mm"] == (6 if entry["variant"] == "print" else 0)
        if entry["product"] == "flyer":
            lang = entry["languages"][0]
            assert entry["pages"] == 2
            assert entry["qr_url"] == f"https://quartiere.example.org/{lang}/{entry['quarter']}/"
        else:
            assert entry["pages"] == 1
            assert entry["languages"] == PRINT_LANGUAGES
            assert entry["qr_url"] == f"https://quartiere.example.org/{entry['quarter']}/"


def test_order_sheet(built):
    text = (built.flyers / "auftrag.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == len(QUARTERS) * (len(PRINT_LANGUAGES) + 1)
    assert all(r["Datei"].endswith("-print.pdf") for r in rows)
    flyer = next(r for r in rows if r["Datei"] == "nordstadt/flyer-nordstadt-ar-print.pdf")
    assert flyer["Menge"] == "500" and flyer["Seiten"] == "2" and flyer["Beschnitt"].startswith("3 mm")
    assert "148 × 210" in flyer["Format"] and "CMYK" in flyer["Farbigkeit"]
    assert flyer["Papier/Material"] == "Bilderdruck matt" and flyer["Grammatur"] == "170 g/m²"
    assert flyer["Lieferadresse"].endswith("Rathausplatz 1, 45999 Kohlenberg") and flyer["Auftragsnummer"]
    assert flyer["Druckbedingung"].startswith("Ghostscript default_cmyk.icc")
    sticker = next(r for r in rows if r["Produkt"] == "Aufkleber")
    assert sticker["Menge"] == "50" and sticker["Seiten"] == "1" and "Haftfolie" in sticker["Papier/Material"]
    assert sum(int(r["Menge"]) for r in rows) == 10200  # 4 quarters × (5 flyers × 500 + 50 stickers)


def test_web_variants_are_published_and_linked(built):
    for quarter in QUARTERS:
        sticker = built.output / web_sticker_path(quarter)
        assert sticker.read_bytes() == (built.flyers / quarter / f"sticker-{quarter}-web.pdf").read_bytes()
        for lang in PRINT_LANGUAGES:
            assert (built.output / web_flyer_path(lang, quarter)).is_file()
    board = (built.output / "en" / "nordstadt" / "index.html").read_text("utf-8")
    assert 'href="../../ar/nordstadt/flyer-nordstadt-ar.pdf"' in board
    assert 'href="../../nordstadt/sticker-nordstadt.pdf"' in board
    assert '<svg class="qr"' in board and "https://quartiere.example.org/en/nordstadt/" in board


def test_specs_are_stable(built):
    specs = product_specs(built.result.site)
    assert [s.file for s in specs] == [s.file for s in product_specs(built.result.site)]
    assert len({s.file for s in specs}) == len(specs)


def test_a_site_without_print_languages_builds_with_print_products(tmp_path):
    """No flyer, no order sheet, no traceback: a city that prints nothing still builds its website."""
    import datetime as dt
    import shutil
    from pathlib import Path

    from quartierboards.pipeline import BuildOptions, build

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[1] / "bad_content" / "_base" / "content", content)
    result = build(BuildOptions(content=content, output=tmp_path / "output", flyers=tmp_path / "flyers",
                                today=dt.date(2026, 11, 30), jobs=1))
    assert "auftrag.csv" not in result.print_files
    assert json.loads((tmp_path / "flyers" / "manifest.json").read_bytes()) == []  # nothing to print
    assert (tmp_path / "output" / "de" / "index.html").is_file()
