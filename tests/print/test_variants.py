"""A product's print and web variant from one layout: the same PDFs as two layouts, or two layouts."""

from __future__ import annotations

import shutil

import pytest
from tinycss2.color5 import parse_color

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products, render, variants, workers
from tests.print.conftest import ROOT, TODAY

WEB_CSS = """@page { size: A5; margin: 10mm }
html { color: #1a1a1a; background: #fff }
h1 { color: #136158; border-bottom: 1px solid #1a1a1a }
"""
PRINT_CSS = """@page { size: A5; margin: 10mm;
  bleed: 3mm; marks: crop }
html { color: device-cmyk(0 0 0 1); background: device-cmyk(0 0 0 0) }
h1 { color: device-cmyk(0.9 0.15 0.5 0.3); border-bottom: 1px solid device-cmyk(0 0 0 1) }
"""
WEB_HTML = '<h1>Nordstadt</h1><svg><rect fill="#fff"/><path stroke="#000" fill="none"/></svg>'
PRINT_HTML = ('<h1>Nordstadt</h1><svg><rect fill="device-cmyk(0 0 0 0)"/>'
              '<path stroke="device-cmyk(0 0 0 1)" fill="none"/></svg>')


def test_a_pair_that_differs_in_colours_bleed_and_marks_shares_one_layout():
    plan = variants.plan_pair(WEB_HTML, PRINT_HTML, WEB_CSS, PRINT_CSS)
    assert plan is not None
    assert plan.bleed_px == pytest.approx(3 * 96 / 25.4) and plan.marks == ("crop",)
    drawn = {variant: {str(placeholder): str(colour) for placeholder, colour in colours.items()}
             for variant, colours in plan.colours.items()}
    by_web = {drawn["web"][p]: drawn["print"][p] for p in drawn["web"]}
    assert by_web == {  # every screen colour its press colour; #fff and #ffffff are one colour
        str(parse_color("#1a1a1a")): str(parse_color("device-cmyk(0 0 0 1)")),
        str(parse_color("#fff")): str(parse_color("device-cmyk(0 0 0 0)")),
        str(parse_color("#136158")): str(parse_color("device-cmyk(0.9 0.15 0.5 0.3)")),
        str(parse_color("#000")): str(parse_color("device-cmyk(0 0 0 1)")),
    }
    for text in (plan.css_text, plan.html):  # laid out with placeholders only
        assert "#1a1a1a" not in text and "#fff" not in text and "#000" not in text and "device-cmyk" not in text
    assert "bleed" not in plan.css_text and "size: A5; margin: 10mm" in plan.css_text


@pytest.mark.parametrize(("web_css", "print_css", "web_html", "print_html"), [
    # the print stylesheet changes the layout
    (WEB_CSS, PRINT_CSS + "h1 { font-size: 30pt }", WEB_HTML, PRINT_HTML),
    (WEB_CSS, PRINT_CSS.replace("margin: 10mm", "margin: 12mm"), WEB_HTML, PRINT_HTML),
    # a colour inside a gradient is not drawn as a plain colour
    (WEB_CSS + "p { background: linear-gradient(#fff, #000) }",
     PRINT_CSS + "p { background: linear-gradient(device-cmyk(0 0 0 0), device-cmyk(0 0 0 1)) }",
     WEB_HTML, PRINT_HTML),
    # transparent in one variant: drawing skips it there
    (WEB_CSS + "p { color: transparent }", PRINT_CSS + "p { color: device-cmyk(0 0 0 1) }", WEB_HTML, PRINT_HTML),
    # bleed per side, and marks this does not know
    (WEB_CSS, PRINT_CSS.replace("bleed: 3mm", "bleed: 3mm 2mm"), WEB_HTML, PRINT_HTML),
    (WEB_CSS, PRINT_CSS.replace("marks: crop", "marks: crop registration"), WEB_HTML, PRINT_HTML),
    # other content per variant
    (WEB_CSS, PRINT_CSS, WEB_HTML, PRINT_HTML.replace("Nordstadt", "Nordstadt (Druck)")),
    (WEB_CSS, PRINT_CSS, WEB_HTML, PRINT_HTML.replace('fill="none"', 'fill="none" opacity="0.5"')),
    (WEB_CSS, PRINT_CSS, WEB_HTML + '<p data-fill="#000">', PRINT_HTML + '<p data-fill="device-cmyk(0 0 0 1)">'),
    # a colour that happens to be a placeholder
    (WEB_CSS + f"p {{ color: {variants.placeholder(0)} }}", PRINT_CSS + f"p {{ color: {variants.placeholder(0)} }}",
     WEB_HTML, PRINT_HTML),
])
def test_variants_that_differ_otherwise_are_laid_out_one_by_one(web_css, print_css, web_html, print_html):
    assert variants.plan_pair(web_html, print_html, web_css, print_css) is None


def _groups(site, product: str, langs: tuple[str, ...]) -> list[tuple[products.ProductSpec, ...]]:
    return [g for g in workers._groups(products.product_specs(site))
            if g[0].product == product and g[0].lang in langs]


def _assert_shared_equals_alone(groups) -> None:
    for group in groups:
        shared = workers.render_variants(group)
        for spec, result in zip(group, shared, strict=True):
            alone, limit = workers.render_one(spec)
            assert result.spec == spec and result.pdf, (spec.file, result.problems)
            assert (result.pdf, result.pages, result.week_limit) == (alone.pdf, alone.pages, limit), spec.file


@pytest.fixture(scope="module")
def sample():
    site = load_site(ROOT / "content")
    return site, plan_schedules(site, TODAY)


def test_shared_layouts_give_the_pdfs_of_separate_layouts(sample, monkeypatch):
    site, plan = sample
    workers.init_worker(site, plan, None)
    shared = []
    original = render.render_pair
    monkeypatch.setattr(workers, "render_pair", lambda *a, **k: shared.append(original(*a, **k)) or shared[-1])
    groups = _groups(site, "flyer", ("de", "ar", "fa")) + _groups(site, "sticker", ("de",))
    _assert_shared_equals_alone([g for g in groups if g[0].quarter == "nordstadt"])
    assert shared and all(results is not None for results in shared)  # the built-in templates share layouts


def test_a_busy_flyer_finds_its_shortened_week_once_for_both_variants(busy):
    group = _groups(busy, "flyer", ("fa",))[0]
    _assert_shared_equals_alone([group])
    assert workers.render_variants(group)[0].week_limit is not None  # the week was shortened


def _override(tmp_path, extra_css: str) -> str:
    """A site's own ``print/print.css``: the built-in one with *extra_css* appended."""
    folder = tmp_path / "templates" / "print"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "print" / "print.css", folder / "print.css")
    with (folder / "print.css").open("a", encoding="utf-8") as css:
        css.write(extra_css)
    return str(tmp_path / "templates")


@pytest.mark.parametrize(("extra_css", "shares"), [
    # shades of a border drawn from a variant's colour (WeasyPrint shades RGB colours only)
    ("\n.band { border: 1.5mm groove {{ '#005f50' if variant == 'print' else '#136158' }}; }\n", True),
    # a site's template that lays out the print variant differently
    ('\n{% if variant == "print" %}h1 { letter-spacing: 0.05em; }{% endif %}\n', False),
])
def test_a_sites_own_print_stylesheet(sample, tmp_path, monkeypatch, extra_css, shares):
    site, plan = sample
    workers.init_worker(site, plan, _override(tmp_path, extra_css))
    outcomes = []
    original = render.render_pair
    monkeypatch.setattr(workers, "render_pair", lambda *a, **k: outcomes.append(original(*a, **k)) or outcomes[-1])
    _assert_shared_equals_alone([g for g in _groups(site, "flyer", ("de",)) if g[0].quarter == "nordstadt"])
    assert outcomes and all((results is not None) == shares for results in outcomes)
