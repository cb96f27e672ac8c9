"""The built PDFs, read back the way a print shop and a phone see them."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest
import zxingcpp

from quartierboards.cli import main
from quartierboards.fonts import PDF_FONT_PREFIXES
from quartierboards.print.preflight import _fonts, cmyk_output_intent, preflight, text_contains
from tests.print.conftest import ROOT, TODAY


def _entry(built, file: str) -> dict:
    entries = json.loads((built.flyers / "manifest.json").read_text("utf-8"))
    return next(e for e in entries if e["file"] == file)


def test_preflight_passes(built):
    checked = preflight(built.flyers, built.output, built.result.site, today=TODAY)
    assert checked.problems == []
    assert checked.files == 49  # 48 products (4 quarters × 2 variants × 5 flyers and a sticker) and the order


def test_preflight_command(built, capsys):
    code = main(["preflight", "--flyers", str(built.flyers), "--output", str(built.output),
                 "--content", str(ROOT / "content"), "--today", TODAY.isoformat()])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("file", ["nordstadt/flyer-nordstadt-fa-print.pdf",
                                  "suedpark/sticker-suedpark-web.pdf"])
def test_qr_decodes_at_150_dpi_to_manifest_url(built, file):
    entry = _entry(built, file)
    page = pdfium.PdfDocument(built.flyers / file)[0]
    codes = zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())
    assert [c.text for c in codes] == [entry["qr_url"]]
    width_mm = abs(codes[0].position.top_right.x - codes[0].position.top_left.x) / 150 * 25.4
    assert width_mm >= (30 if entry["product"] == "flyer" else 80) - 1.5


def test_fonts_embedded_and_packaged(built):
    pdf = pdfium.PdfDocument(built.flyers / "nordstadt/flyer-nordstadt-ar-print.pdf")
    seen = {font for page in pdf for font, embedded in _fonts(page) if embedded}
    assert seen and all(name.split("+", 1)[1].startswith(PDF_FONT_PREFIXES) for name in seen)
    assert any("QB-Arabic" in name for name in seen) and any("QB-Sans" in name for name in seen)
    assert all(embedded for page in pdf for _, embedded in _fonts(page))


def test_print_variant_has_bleed_and_web_variant_none(built):
    to_mm = 25.4 / 72
    page = pdfium.PdfDocument(built.flyers / "nordstadt/flyer-nordstadt-de-print.pdf")[0]
    trim, media = page.get_trimbox(), page.get_mediabox()
    assert round((trim[2] - trim[0]) * to_mm) == 148 and round((trim[3] - trim[1]) * to_mm) == 210
    bleed = page.get_bleedbox()
    assert round((trim[0] - bleed[0]) * to_mm, 1) == 3.0  # the bleed
    assert round((trim[0] - media[0]) * to_mm, 1) == 9.0  # bleed and slug: the crop marks are outside the bleed
    web = pdfium.PdfDocument(built.flyers / "nordstadt/flyer-nordstadt-de-web.pdf")[0]
    assert web.get_mediabox() == web.get_trimbox()


@pytest.mark.parametrize(("lang", "front", "back"), [
    ("de", "Was ist los im Quartier Nordstadt?", "Sozialberatung"),
    ("ru", "Что происходит в районе Нордштадт?", "Социальная консультация"),  # at 9 pt its week is shortened
    ("ar", "ماذا يجري في حي نوردشتات؟", "مقهى اللغة"),
    ("fa", "در محله نوردشتات چه خبر است؟", "کافه‌ی زبان"),
])
def test_text_extracts(built, lang, front, back):
    pdf = pdfium.PdfDocument(built.flyers / f"nordstadt/flyer-nordstadt-{lang}-web.pdf")
    assert text_contains(pdf[0].get_textpage().get_text_range(), front)
    assert text_contains(pdf[1].get_textpage().get_text_range(), back)


def test_preflight_reports_a_wrong_qr_url(built, tmp_path):
    import shutil

    copy = tmp_path / "flyers"
    shutil.copytree(built.flyers, copy)
    entries = json.loads((copy / "manifest.json").read_text("utf-8"))
    entries[0]["qr_url"] = "https://quartiere.example.org/xx/nowhere/"
    (copy / "manifest.json").write_text(json.dumps(entries), "utf-8")
    problems = preflight(copy, built.output, built.result.site, today=TODAY).problems
    assert any("reads 'https://quartiere.example.org/" in p for p in problems)
    assert any("does not exist" in p for p in problems)


def test_print_variant_declares_its_cmyk_output_intent(built):
    printed = (built.flyers / "nordstadt/flyer-nordstadt-de-print.pdf").read_bytes()
    assert cmyk_output_intent(printed)
    assert not cmyk_output_intent((built.flyers / "nordstadt/flyer-nordstadt-de-web.pdf").read_bytes())


def test_preflight_reports_a_print_pdf_without_output_intent(built, tmp_path):
    import hashlib
    import shutil

    copy = tmp_path / "flyers"
    shutil.copytree(built.flyers, copy)
    web = (copy / "nordstadt/flyer-nordstadt-de-web.pdf").read_bytes()
    (copy / "nordstadt/flyer-nordstadt-de-print.pdf").write_bytes(web)  # an RGB PDF handed in as the print one
    entries = json.loads((copy / "manifest.json").read_text("utf-8"))
    for entry in entries:
        if entry["file"] == "nordstadt/flyer-nordstadt-de-print.pdf":
            entry["sha256"] = hashlib.sha256(web).hexdigest()
    (copy / "manifest.json").write_text(json.dumps(entries), "utf-8")
    problems = preflight(copy, built.output, built.result.site, today=TODAY).problems
    assert "nordstadt/flyer-nordstadt-de-print.pdf: no PDF/X output intent with a CMYK colour profile" in problems
