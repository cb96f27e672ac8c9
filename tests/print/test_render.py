"""WeasyPrint's user-agent stylesheet, trimmed: the same PDFs, and the full one where a template needs it;
the CMYK profile of the print variant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from quartierboards import fonts
from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products, render, workers

ROOT = Path(__file__).resolve().parents[2]


def _pdf(html: str, css_text: str = "", *, lean: bool = True) -> bytes:
    from weasyprint import CSS, HTML

    document = render._html_document(html, css_text) if lean else HTML(string=html)
    sheets = [fonts.font_stylesheet(), CSS(string=css_text or "html { font-family: 'QB Sans' }")]
    return document.render(stylesheets=sheets, font_config=fonts.font_config()).write_pdf(
        pdf_identifier=b"0123456789abcdef")


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.parametrize("lang", ["de", "fa"])
def test_the_trimmed_user_agent_stylesheet_gives_the_same_flyer(lang):
    site = load_site(ROOT / "content")
    plan = plan_schedules(site, dt.date(2026, 11, 30))
    spec = next(s for s in products.product_specs(site) if s.product == "flyer" and s.lang == lang)
    # one highlight on the front, as the build fits it: a flyer of two pages
    html = workers.product_html(site, plan, spec, None, None, 1)
    style = render._stylesheet(None, spec.variant, "rtl" if lang == "fa" else "ltr", 40.0, 90.0)
    css, css_text = style.css, style.text
    assert render._lean_html_class() is not None  # WeasyPrint's stylesheet still has the expected shape
    assert type(render._html_document(html, css_text)) is render._lean_html_class()

    def pdf(lean: bool) -> bytes:
        from weasyprint import HTML

        document = render._html_document(html, css_text) if lean else HTML(string=html, base_url=str(Path.cwd()))
        return document.render(stylesheets=[fonts.font_stylesheet(), css], font_config=fonts.font_config()
                               ).write_pdf(pdf_identifier=b"0123456789abcdef")

    assert pdf(lean=True) == pdf(lean=False)


def test_list_numbers_stay_in_a_sites_own_print_template():
    html = "<html><body><ol><li>Eins</li><li>Zwei</li></ol></body></html>"
    assert _pdf(html) == _pdf(html, lean=False)
    assert {"1.", "2."} <= set(_text(_pdf(html)).split())


def test_a_template_with_footnotes_gets_the_full_user_agent_stylesheet():
    html = '<html><body><p>Text<span class="fn">Fussnote</span> weiter</p></body></html>'
    css = "html { font-family: 'QB Sans' } .fn { float: footnote }"
    assert type(render._html_document(html, css)) is not render._lean_html_class()
    assert _pdf(html, css) == _pdf(html, css, lean=False)
    assert "Text1" in _text(_pdf(html, css)).replace(" ", "")  # the footnote call is numbered


def test_print_pdfs_embed_the_cmyk_profile_the_same_way_every_time():
    """The first print PDF of a worker and its later ones are byte-identical (littlecms re-serializes a
    profile once its name is read), and each carries the profile for its PDF/X output intent."""
    from quartierboards.print.preflight import _inflated_streams, cmyk_output_intent

    render._stylesheet.cache_clear()  # as in a fresh worker
    site = load_site(ROOT / "content")
    workers.init_worker(site, plan_schedules(site, dt.date(2026, 11, 30)), None)
    spec = next(s for s in products.product_specs(site) if s.product == "sticker" and s.variant == "print")
    first, _ = workers.render_one(spec)
    second, _ = workers.render_one(spec)
    assert first.pdf == second.pdf
    assert cmyk_output_intent(first.pdf)
    assert render.cmyk_profile().read_bytes() in list(_inflated_streams(first.pdf))  # the profile as shipped


def _rtl_page(body: str, width_mm: int = 80) -> Any:
    from weasyprint import HTML

    return HTML(string=f'<html dir="rtl" lang="ar"><style>@page {{ size: {width_mm}mm 200mm; margin: 10mm }}'
                       f'body {{ font: 8pt "DejaVu Sans"; margin: 0 }}</style><p>{body}</p></html>').render()


def test_a_right_to_left_line_end_weasyprint_places_a_space_too_far_is_no_overflow() -> None:
    """The "also" line of an Arabic flyer: WeasyPrint puts a line's last text a space's width past
    the line's end; the line fits, and the editor must not be told to shorten a text."""
    from types import SimpleNamespace

    from weasyprint.formatting_structure.boxes import TextBox

    from quartierboards.print.render import layout_problems

    items = "<strong>وأيضًا:</strong> " + "؛ ".join(
        f"<span>الأربعاء، {day} ديسمبر</span> مجموعة جيران" for day in range(1, 30))
    document = _rtl_page(items)
    page = document.pages[0]._page_box
    leftmost = min(c.position_x for c in page.descendants() if isinstance(c, TextBox) and c.text.strip())
    assert page.content_box_x() - leftmost > 2  # as WeasyPrint lays it out: past the edge
    assert layout_problems(document, SimpleNamespace(pages=1, product="flyer")) == []


def test_a_right_to_left_word_too_long_to_wrap_is_still_an_overflow() -> None:
    from types import SimpleNamespace

    from quartierboards.print.render import layout_problems

    document = _rtl_page("مجموعة جيران " + "استشارة" * 12)
    problems = layout_problems(document, SimpleNamespace(pages=1, product="flyer"))
    assert problems and "runs outside the printable area" in problems[0]
