"""What a print shop checks: boxes and marks, no RGB, the print condition, whole URLs, the order."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from quartierboards.content.loader import load_site
from quartierboards.content.print_settings import QuarterPrint
from quartierboards.errors import ContentErrors
from quartierboards.pipeline import plan_schedules
from quartierboards.print import workers
from quartierboards.print.order import make_order, order_pdf
from quartierboards.print.pdfobjects import PdfObjects
from quartierboards.print.preflight import check_pdf
from quartierboards.print.preflight_press import order_problems, output_condition, url_problems
from quartierboards.print.prepress import PT_PER_MM, default_profile
from quartierboards.print.products import product_specs
from quartierboards.print.render import ProductResult
from tests.print.conftest import ROOT, TODAY
from tests.qb_support import cli

FLYER = "suedpark/flyer-suedpark-de-print.pdf"


def _pdf(html: str, css: str, finisher=None) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=css)], finisher=finisher)


def _swap(built, tmp_path: Path, file: str, data: bytes) -> tuple[Path, dict]:
    """*data* handed in as *file*, with the manifest entry of *file* (its hash updated)."""
    path = tmp_path / Path(file).name
    path.write_bytes(data)
    entries = json.loads((built.flyers / "manifest.json").read_text("utf-8"))
    entry = next(e for e in entries if e["file"] == file)
    return path, {**entry, "sha256": hashlib.sha256(data).hexdigest()}


def _problems(built, swapped: tuple[Path, dict]) -> list[str]:
    """What preflight says about the one PDF (the whole city takes a while)."""
    path, entry = swapped
    site = built.result.site
    return check_pdf(path, entry, built.output, site.config.base_url, site, TODAY)[1]


def test_preflight_passes_on_the_sample_order(built):
    entries = json.loads((built.flyers / "manifest.json").read_text("utf-8"))
    assert order_problems(built.flyers, entries) == []


def test_every_print_pdf_has_slug_cmyk_marks_and_the_condition(built):
    for path in sorted(built.flyers.glob("*/*-print.pdf")):
        data = path.read_bytes()
        objects = PdfObjects.read(data)
        assert all(objects.rgb_uses(page) == [] for page in objects.pages()), path
        assert output_condition(objects).startswith("Ghostscript default_cmyk.icc"), path
        assert b"Artifex CMYK SWOP Profile" not in data.split(b"/OutputIntents")[0][-200:]
        for page in pdfium.PdfDocument(data):
            media, bleed, trim = page.get_mediabox(), page.get_bleedbox(), page.get_trimbox()
            assert media[0] < bleed[0] < trim[0] and media[2] > bleed[2] > trim[2], path
            assert round((trim[0] - bleed[0]) / PT_PER_MM, 1) == 3.0


def test_flyer_urls_on_one_line_in_every_language(built):
    for lang in ("de", "ru", "ar", "fa", "de-x-ls"):
        for quarter in ("am-wasserturm", "suedpark"):
            for variant in ("print", "web"):
                pdf = pdfium.PdfDocument(built.flyers / quarter / f"flyer-{quarter}-{lang}-{variant}.pdf")
                for number, page in enumerate(pdf, start=1):  # the front, and the back's footer
                    text = page.get_textpage().get_text_range()
                    url = f"quartiere.example.org/{lang}/{quarter}/"
                    assert url_problems("x", number, text, url, required=number == 1) == []


def test_url_check_finds_a_hyphenated_address():
    text = "Scannen Sie den Code\r\nquartie\u2010\r\nre.example.org/de/suedpark/\r\n"
    assert url_problems("f.pdf", 1, text, "quartiere.example.org/de/suedpark/") == [
        "f.pdf page 1: the address quartiere.example.org/de/suedpark/ is not on one line (hyphenated or broken)",
        "f.pdf page 1: the address quartiere.example.org/de/suedpark/ is broken across lines ('quartie\u2010')"]


def test_preflight_reports_rgb_marks(built, tmp_path):
    # WeasyPrint's own crop marks: RGB black
    data = _pdf("<p>quartiere.example.org/de/suedpark/</p>",
                "@page { size: A5; bleed: 9mm; marks: crop } html { color: device-cmyk(0 0 0 1) }")
    problems = _problems(built, _swap(built, tmp_path, FLYER, data))
    assert any(p.startswith(f"{FLYER} page 1: RGB in a print file") for p in problems), problems


def test_preflight_reports_marks_inside_the_bleed(built, tmp_path):
    def marks_in_bleed(document, pdf):  # CMYK, but 1.5 mm from the trim corner, MediaBox = BleedBox
        for number in pdf.pages["Kids"][::3]:
            stream = pdf.objects[int(pdf.objects[number]["Contents"].split()[0])]
            stream.stream[:0] = [b"q"]
            stream.stream += [b"Q q 0 0 0 1 K 0.5 w -8.5 0 m -1.5 0 l S 0 -8.5 m 0 -1.5 l S Q"]

    data = _pdf("<p>quartiere.example.org/de/suedpark/</p>",
                "@page { size: A5; bleed: 3mm } html { color: device-cmyk(0 0 0 1) }", marks_in_bleed)
    problems = _problems(built, _swap(built, tmp_path, FLYER, data))
    assert any(p.startswith(f"{FLYER} page 1: marks or drawings inside the bleed") for p in problems), problems
    assert any(p.startswith(f"{FLYER} page 1: no room for crop marks outside the bleed") for p in problems)


def test_preflight_reports_a_hyphenated_url(built, tmp_path):
    data = _pdf("<p>Scannen Sie den Code</p><p>quartie\u2010<br>re.example.org/de/suedpark/</p>",
                "@page { size: A5; bleed: 3mm } html { color: device-cmyk(0 0 0 1) }")
    problems = _problems(built, _swap(built, tmp_path, FLYER, data))
    assert any(p.startswith(f"{FLYER} page 1: the address quartiere.example.org/de/suedpark/ is not on one line")
               for p in problems), problems


def test_preflight_reports_a_missing_order_field(built, tmp_path):
    copy = tmp_path / "flyers"
    shutil.copytree(built.flyers, copy)
    sheet = copy / "auftrag.csv"
    rows = list(csv.reader(io.StringIO(sheet.read_text("utf-8-sig")), delimiter=";"))
    rows[2][rows[0].index("Lieferadresse")] = ""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    sheet.write_text("\ufeff" + buffer.getvalue(), "utf-8")
    (copy / "auftrag.pdf").unlink()
    problems = order_problems(copy, json.loads((copy / "manifest.json").read_text("utf-8")))
    assert "auftrag.csv line 3: 'Lieferadresse' is missing (site.yaml, print.order)" in problems
    assert "auftrag.pdf: missing; the print shop needs the order" in problems


def test_order_pdf_is_reproducible_and_says_what_to_print(built):
    site = built.result.site
    results = [ProductResult(s, pages=s.pages) for s in product_specs(site)]
    order = make_order(site, results, TODAY, None)
    first = order_pdf(order, site, None, "2026-11-30T00:00:00+01:00")
    assert first == order_pdf(order, site, None, "2026-11-30T00:00:00+01:00")
    assert first[1] == 1
    assert (built.flyers / "auftrag.pdf").is_file()
    text = pdfium.PdfDocument(built.flyers / "auftrag.pdf")[0].get_textpage().get_text_range()
    for expected in ("Druckauftrag", "Rathausplatz 1", "Bilderdruck matt, 170 g/m²", "10200", "Ghostscript"):
        assert expected in text


def test_quantities_per_quarter_and_language(built):
    site = built.result.site
    quarter = site.quarters["suedpark"]
    own = quarter.data.print
    try:
        quarter.data.print = QuarterPrint(quantities={"flyer": {"de": 800}, "sticker": 20})
        order = make_order(site, [ProductResult(s, pages=s.pages) for s in product_specs(site)], TODAY, None)
    finally:
        quarter.data.print = own
    amounts = {line.file: line.quantity for line in order.lines}
    assert amounts[FLYER] == 800 and amounts["suedpark/flyer-suedpark-ru-print.pdf"] == 500
    assert amounts["suedpark/sticker-suedpark-print.pdf"] == 20
    assert amounts["nordstadt/sticker-nordstadt-print.pdf"] == 50


def _content(tmp_path: Path, old: str, new: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    site = content / "site.yaml"
    text = site.read_text("utf-8")
    assert old in text
    site.write_text(text.replace(old, new), "utf-8")
    return content


def test_missing_delivery_is_a_content_error_in_german(tmp_path, monkeypatch):
    start = "    delivery:\n"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    text = (content / "site.yaml").read_text("utf-8")
    head, _, rest = text.partition(start)
    kept = rest.split("    proof:", 1)[1]
    (content / "site.yaml").write_text(head + "    proof:" + kept, "utf-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli("check", "--content", content)
    assert run.code == 1 and "Traceback" not in run.err
    assert any(m["path"].endswith("site.yaml") and "delivery" in m["message"] and "fehlt" in m["message"]
               for m in run.error_lines()), run.err


@pytest.mark.skipif(default_profile() is None, reason="Ghostscript's CMYK profile is not installed")
def test_configured_output_intent_is_in_the_pdf(tmp_path):
    content = _content(tmp_path, "  order:\n", "  output_intent:\n    profile: druck/shop.icc\n"
                       "    identifier: FOGRA39\n    info: Coated FOGRA39 (ISO 12647-2:2004)\n  order:\n")
    (content / "druck").mkdir()
    shutil.copy(default_profile(), content / "druck" / "shop.icc")
    site = load_site(content)
    workers.init_worker(site, plan_schedules(site, TODAY), None)
    spec = next(s for s in product_specs(site) if s.product == "sticker" and s.variant == "print")
    result, _ = workers.render_one(spec)
    objects = PdfObjects.read(result.pdf)
    assert output_condition(objects) == "FOGRA39"
    assert rb"/Info (Coated FOGRA39 \(ISO 12647-2:2004\))" in b"".join(objects.dicts.values())
    order = make_order(site, [result], TODAY, spec.condition)
    assert order.condition == "FOGRA39 – Coated FOGRA39 (ISO 12647-2:2004)"


def test_missing_icc_profile_is_a_content_error(tmp_path):
    content = _content(tmp_path, "  order:\n", "  output_intent:\n    profile: druck/missing.icc\n"
                       "    identifier: FOGRA39\n  order:\n")
    with pytest.raises(ContentErrors) as caught:
        load_site(content)
    assert any("druck/missing.icc" in str(e) and ":" in str(e.location) for e in caught.value.errors)


def test_quantities_and_order_change_only_the_order(built):
    from quartierboards.content.print_settings import Delivery
    from quartierboards.print.order import order_key
    from quartierboards.print.products import product_keys

    site = built.result.site
    plan = plan_schedules(site, TODAY)
    quarter = site.quarters["suedpark"]
    own, settings = quarter.data.print, site.config.print.order
    before = product_keys(site, plan, None)
    order_before = order_key(make_order(site, [ProductResult(s, pages=s.pages) for s in product_specs(site)],
                                        TODAY, None), before)
    try:
        quarter.data.print = QuarterPrint(quantities={"flyer": 900})
        site.config.print.order = settings.model_copy(update={"delivery": Delivery(
            street="Lager 2", postcode="45999", city="Kohlenberg")})
        after = product_keys(site, plan, None)
        order_after = order_key(make_order(site, [ProductResult(s, pages=s.pages) for s in product_specs(site)],
                                           TODAY, None), after)
    finally:
        quarter.data.print, site.config.print.order = own, settings
    assert after == before, "no flyer or sticker is rendered again for a quantity or a delivery address"
    assert order_after != order_before


STICKER = "suedpark/sticker-suedpark-print.pdf"


def test_every_sticker_decodes_from_a_simulated_photo_at_2_m_with_both_decoders(built):
    import pypdfium2 as pdfium

    from quartierboards.print import phone

    entries = json.loads((built.flyers / "manifest.json").read_text("utf-8"))
    stickers = [e for e in entries if e["product"] == "sticker"]
    assert len(stickers) == 2 * len(built.result.site.quarters)  # print and web, every quarter
    for entry in stickers:
        page = pdfium.PdfDocument(built.flyers / entry["file"])[0]
        scan = phone.scan_page(page, phone.SCAN_DISTANCE_M["sticker"])
        assert scan.failed(entry["qr_url"]) == [], (entry["file"], scan.texts)


def test_the_photo_model_matches_its_documentation():
    from quartierboards.print import phone

    assert round(phone.pixels_per_mm(2.0), 2) == 1.43  # docs/print.md
    assert round(phone.min_module_mm(2.0), 2) == 1.40


def test_preflight_reports_a_sticker_code_too_small_for_2_m(built, tmp_path):
    import segno

    url = next(e for e in json.loads((built.flyers / "manifest.json").read_text("utf-8"))
               if e["file"] == STICKER)["qr_url"]
    svg = segno.make(url, error="m").svg_inline(scale=1, border=4, dark="#000")
    data = _pdf(f'<p>quartiere.example.org</p><div style="width: 25mm; height: 25mm">{svg}</div>',
                "@page { size: A5; bleed: 3mm } html { color: device-cmyk(0 0 0 1) } svg { width: 25mm; height: 25mm }")
    problems = _problems(built, _swap(built, tmp_path, STICKER, data))
    assert any(p.startswith(f"{STICKER} page 1: QR modules are") and "to scan from 2 m" in p
               for p in problems), problems
    assert any(p.startswith(f"{STICKER} page 1: the QR code does not decode from a simulated phone photo at 2 m")
               for p in problems), problems


def test_every_venue_of_the_week_plan_has_its_address_on_the_flyer(built):
    from quartierboards.print.preflight_layout import venues

    entries = json.loads((built.flyers / "manifest.json").read_text("utf-8"))
    entry = next(e for e in entries if e["file"] == "nordstadt/flyer-nordstadt-fa-print.pdf")
    places = venues(built.result.site, entry, TODAY)
    assert len(places) == 6  # more than the four the flyer once had room for
    text = subprocess.run(["pdftotext", "-layout", built.flyers / entry["file"], "-"], capture_output=True,
                          text=True, check=True).stdout
    assert all(street in text for _, street in places)


def test_preflight_reports_a_venue_without_address(built, tmp_path):
    file = "nordstadt/flyer-nordstadt-de-print.pdf"
    data = _pdf("<p>quartiere.example.org/de/nordstadt/</p><p>Lindenstraße 12, 45999 Kohlenberg</p>",
                "@page { size: A5; bleed: 3mm } html { color: device-cmyk(0 0 0 1); font-size: 10pt }")
    problems = _problems(built, _swap(built, tmp_path, file, data))
    assert any(p.startswith(f"{file} page 1: the week plan's venue 'Jugendhaus Förderturm' has no address")
               for p in problems), problems
    assert not any("Quartiersbüro Nordstadt' has no address" in p for p in problems)  # Lindenstraße 12 is there


def test_preflight_reports_7_pt_text(built, tmp_path):
    data = _pdf("<p>quartiere.example.org/de/suedpark/</p><p class='tiny'>Kleingedrucktes</p>",
                "@page { size: A5; bleed: 3mm } html { color: device-cmyk(0 0 0 1); font-size: 10pt }"
                " .tiny { font-size: 7pt }")
    problems = _problems(built, _swap(built, tmp_path, FLYER, data))
    assert any(p.startswith(f"{FLYER} page 1: text set at 7.0 pt ('Kleingedrucktes'), at least 9 pt needed")
               for p in problems), problems


@pytest.mark.parametrize("colour, shown", [("device-cmyk(0 0 0 0.7)", "70"), ("#808080", "50"),
                                           ("device-cmyk(0 0 0 0.85)", None), ("device-cmyk(0.9 0.15 0.5 0.3)", None)])
def test_preflight_reports_light_grey_text(built, tmp_path, colour, shown):
    data = _pdf("<p>quartiere.example.org/de/suedpark/</p><p class='grey'>Stand: 30. November</p>",
                "@page { size: A5; bleed: 3mm } html { color: device-cmyk(0 0 0 1); font-size: 10pt }"
                f" .grey {{ color: {colour} }}")
    problems = [p for p in _problems(built, _swap(built, tmp_path, FLYER, data)) if "grey" in p]
    if shown is None:  # 85 % black, and the brand colour (not a grey), are fine
        assert problems == []
    else:
        assert problems == [f"{FLYER} page 1: text in {shown} % grey, at least 85 % needed"]


def test_no_flyer_or_sticker_has_text_lighter_than_85_percent_black(built):
    entries = json.loads((built.flyers / "manifest.json").read_text("utf-8"))
    for entry in entries:
        objects = PdfObjects.read((built.flyers / entry["file"]).read_bytes())
        for page in objects.pages():
            greys = objects.text_greys(page)
            assert greys and min(greys) >= 0.85, (entry["file"], greys)


def test_easy_language_products_need_14_pt():
    from quartierboards.print.preflight_layout import minimum_size

    assert minimum_size({"languages": ["de-x-ls"]}) == 14
    assert minimum_size({"languages": ["de", "ru"]}) == 9


def _alt_texts(data: bytes) -> list[str]:
    """The /Alt texts of a PDF's figures (literal or UTF-16 hex strings)."""
    import re

    found = []
    for d in PdfObjects.read(data).dicts.values():
        if b"/S /Figure" not in d:
            continue
        hex_alt = re.search(rb"/Alt\s*<([0-9a-fA-F]+)>", d)
        literal = re.search(rb"/Alt\s*\((.*?)\)\s*>>", d)
        if hex_alt:
            found.append(bytes.fromhex(hex_alt[1].decode()).decode("utf-16"))
        elif literal:
            found.append(literal[1].decode("latin-1"))
    return found


def test_web_pdfs_link_the_board_and_say_what_the_code_is(built):
    data = (built.flyers / "nordstadt/flyer-nordstadt-ar-web.pdf").read_bytes()
    uris = [d for d in PdfObjects.read(data).dicts.values() if b"/URI" in d]
    assert len(uris) >= 2 and all(b"https://quartiere.example.org/ar/nordstadt/" in d for d in uris)
    [alt] = _alt_texts(data)
    assert alt.startswith("رمز QR") and "quartiere.example.org/ar/nordstadt/" in alt
    printed = (built.flyers / "nordstadt/flyer-nordstadt-ar-print.pdf").read_bytes()
    assert not [d for d in PdfObjects.read(printed).dicts.values() if b"/URI" in d]  # paper has no links


def test_preflight_reports_a_web_pdf_without_links_or_alt_text(built, tmp_path):
    from quartierboards.print.preflight_layout import web_problems

    url = "https://quartiere.example.org/de/suedpark/"
    data = _pdf("<p>quartiere.example.org/de/suedpark/</p>", "@page { size: A5 }")
    problems = web_problems("suedpark/flyer-suedpark-de-web.pdf", data, url, "quartiere.example.org/de/suedpark/")
    assert problems == [
        f"suedpark/flyer-suedpark-de-web.pdf: the address and the code are not links to {url}",
        "suedpark/flyer-suedpark-de-web.pdf: the QR code has no alternative text saying where it leads "
        "(quartiere.example.org/de/suedpark/)"]


def test_web_pdfs_tag_the_board_languages_each_in_its_own(built):
    import re

    data = (built.flyers / "nordstadt/flyer-nordstadt-ar-web.pdf").read_bytes()
    tagged = {m[1] for d in PdfObjects.read(data).dicts.values() if b"/StructElem" in d
              for m in [re.search(rb"/Lang\s*\(([^)]*)\)", d)] if m}
    assert {b"de", b"ru", b"fa", b"uk", b"tr", b"en"} <= tagged  # "Deutsch", "Русский", … on the front


def test_preflight_reports_untagged_languages():
    from quartierboards.print.preflight_layout import web_problems

    data = _pdf("<html lang=\"de\"><p>Deutsch</p><p>Русский</p></html>", "@page { size: A5 }")
    problems = web_problems("x-web.pdf", data, "https://quartiere.example.org/", "quartiere.example.org/",
                            ("de", "ru"))
    assert "x-web.pdf: passages in other languages are not tagged with their language (ru)" in problems


def test_the_front_names_the_quarters_highlights_first(built):
    front = pdfium.PdfDocument(built.flyers / "nordstadt/flyer-nordstadt-de-web.pdf")[0].get_textpage()
    text = front.get_text_range().replace("\r\n", " ")
    assert "Unsere Tipps" in text
    tips = text[text.index("Unsere Tipps"):]
    # highlights: [nachbarschaftscafe, sprachcafe, jugendtreff] in quarter.yaml, in that order
    assert tips.index("Nachbarschaftscafé") < tips.index("Kontakt")


@pytest.mark.parametrize("variant", ["print", "web"])
def test_the_easy_language_flyer_is_set_at_14_pt_and_lists_offers_with_their_addresses(built, variant):
    from quartierboards.print.preflight_layout import MIN_EASY_TEXT_PT, type_problems

    file = f"nordstadt/flyer-nordstadt-de-x-ls-{variant}.pdf"
    pdf = pdfium.PdfDocument(built.flyers / file)
    assert len(pdf) == 2
    for number, page in enumerate(pdf, start=1):
        assert type_problems(file, number, page, MIN_EASY_TEXT_PT) == []
    back = pdf[1].get_textpage().get_text_range().replace("\r\n", "\n")
    assert "\u2010\n" not in back and "-\n" not in back  # easy language splits no word at a line's end
    # the first named highlight, with its day, time and the address of its place
    assert "Nachbarschaftscafé im Haus der Begegnung" in back and "Haus der Begegnung, Kokereiplatz 1" in back
    assert "Jede Woche" in back


def test_a_normal_flyer_is_not_set_at_14_pt(built):
    from quartierboards.print.preflight_layout import MIN_EASY_TEXT_PT, type_problems

    page = pdfium.PdfDocument(built.flyers / "nordstadt/flyer-nordstadt-de-web.pdf")[1]
    assert type_problems("x", 2, page, MIN_EASY_TEXT_PT)  # the week plan is at 9 pt: the easy layout is its own


@pytest.mark.parametrize("variant", ["print", "web"])
def test_the_quarter_photo_is_on_the_front_in_cmyk_at_300_dpi(built, variant):
    pdf = pdfium.PdfDocument(built.flyers / f"am-wasserturm/flyer-am-wasserturm-de-{variant}.pdf")
    images = list(pdf[0].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
    assert len(images) == 1
    meta = images[0].get_metadata()
    assert meta.colorspace == pdfium.raw.FPDF_COLORSPACE_DEVICECMYK
    assert min(meta.horizontal_dpi, meta.vertical_dpi) >= 299
    assert not list(pdf[0].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))[1:]
    # a quarter without a photo has none
    other = pdfium.PdfDocument(built.flyers / f"nordstadt/flyer-nordstadt-de-{variant}.pdf")[0]
    assert not list(other.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))


def test_a_photo_too_small_for_print_is_a_warning_and_left_off_the_flyer(tmp_path):
    from PIL import Image

    from quartierboards.content.lints import photo_too_small_for_print
    from quartierboards.print.photo import flyer_photo
    from quartierboards.print.prepress import default_profile
    from tests.print.conftest import generate

    content = tmp_path / "content"
    generate(content, quarters=1, offers=3, seed=5)
    quarter_dir = next((content / "quarters").iterdir())
    (quarter_dir / "images").mkdir()
    Image.new("RGB", (600, 200), (200, 120, 40)).save(quarter_dir / "images/platz.jpg")
    yaml = quarter_dir / "quarter.yaml"
    yaml.write_text(yaml.read_text("utf-8") + "image:\n  file: platz.jpg\n  alt: Der Platz\n", "utf-8")
    site = load_site(content)
    quarter = site.quarters[quarter_dir.name]
    warnings = photo_too_small_for_print(site, content)
    assert len(warnings) == 1 and "166 dpi" in warnings[0].message and "1087 × 354" in warnings[0].hint
    assert warnings[0].location.line == yaml.read_text("utf-8").splitlines().index("  file: platz.jpg") + 1
    assert flyer_photo(quarter.images["platz.jpg"], default_profile()) is None
