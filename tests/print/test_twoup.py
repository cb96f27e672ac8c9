"""Print-at-home sheets: two web flyers on one A4 page, published beside the web flyer and linked from the board."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

from quartierboards.print.twoup import A4_LANDSCAPE_PT, CUT_LINE_GREY, two_up

SHEET = "fa/nordstadt/flyer-nordstadt-fa-a4.pdf"


def test_each_flyer_page_twice_on_a4_with_a_cut_line(built):
    data = (built.output / SHEET).read_bytes()
    sheet = pdfium.PdfDocument(data)
    flyer = pdfium.PdfDocument(built.output / "fa/nordstadt/flyer-nordstadt-fa.pdf")
    assert len(sheet) == len(flyer) == 2
    for page in sheet:
        assert tuple(round(v, 1) for v in page.get_size()) == tuple(round(v, 1) for v in A4_LANDSCAPE_PT)
    front = sheet[0].render(scale=150 / 72).to_pil()
    codes = [c for c in zxingcpp.read_barcodes(front) if "QR" in str(c.format)]
    assert [c.text for c in codes] == ["https://quartiere.example.org/fa/nordstadt/"] * 2
    assert codes[0].position.top_left.x < front.width / 2 < codes[1].position.top_left.x
    grey = front.convert("L")
    middle = [min(grey.getpixel((front.width // 2 + dx, y)) for dx in (-1, 0, 1)) for y in range(0, front.height, 3)]
    assert sum(1 for v in middle if v <= CUT_LINE_GREY + 60) > len(middle) / 4  # dashed
    back = sheet[1].get_textpage().get_text_range()
    assert back.count("Lindenstraße 12") == 2


def test_the_sheet_is_reproducible(built):
    flyer = (built.output / "fa/nordstadt/flyer-nordstadt-fa.pdf").read_bytes()
    assert two_up(flyer) == two_up(flyer) == (built.output / SHEET).read_bytes()


def test_the_board_links_the_sheets_in_every_print_language(built):
    board = (built.output / "de/nordstadt/index.html").read_text(encoding="utf-8")
    for lang in ("de", "ru", "ar", "fa", "de-x-ls"):
        assert f'href="../../{lang}/nordstadt/flyer-nordstadt-{lang}-a4.pdf"' in board or \
            f"flyer-nordstadt-{lang}-a4.pdf" in board
        assert (built.output / f"{lang}/nordstadt/flyer-nordstadt-{lang}-a4.pdf").is_file()
