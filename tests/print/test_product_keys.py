"""A PDF's key changes whenever its HTML does, and only edits a product shows render it again.

Checked on the HTML WeasyPrint lays out (every week limit of the fitting loop), which is
cheap; the PDF is a function of that HTML and of what the global key covers.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from quartierboards.content.loader import load_site
from quartierboards.pipeline import BuildOptions, build, plan_schedules
from quartierboards.print.products import product_keys, product_specs
from quartierboards.print.workers import WEEK_LIMITS, product_html

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 11, 30)


def _snapshot(content: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Every PDF's key and the HTML of every layout the fitting loop may try."""
    site = load_site(content)
    plan = plan_schedules(site, TODAY)
    htmls = {spec.file: tuple(product_html(site, plan, spec, None, limit)
                              for limit in (WEEK_LIMITS if spec.product == "flyer" else (None,)))
             for spec in product_specs(site)}
    return product_keys(site, plan, None), htmls


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, replacement, text, count=1)
    assert new != text, f"{pattern!r} not in {path}"
    path.write_text(new, encoding="utf-8")


def _offer(content: Path, quarter: int = 0, offer: int = 1) -> Path:
    return content / f"quarters/quartier-{quarter:03d}/offers/angebot-{offer:03d}.md"


def _weekly_offer(content: Path, quarter: int) -> Path:
    """An offer of *quarter* with a weekly schedule (it is on the flyer's week)."""
    return next(p for p in sorted((content / f"quarters/quartier-{quarter:03d}/offers").glob("angebot-*.md"))
                if p.name.count(".") == 1 and "weekly:" in p.read_text(encoding="utf-8"))


def _set_title(path: Path, lang: str, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf'(\n  {lang}: )"[^"]*"', rf'\1"{title}"', text, count=1), encoding="utf-8")


# (name, edit, flyers of quarter 0 must render again, stickers of quarter 0 must render again)
EDITS: list[tuple[str, Callable[[Path], None], bool, bool]] = [
    ("cost", lambda c: _replace(_offer(c), "cost: kostenlos", "cost: 3 Euro"), False, False),
    ("summary", lambda c: _replace(_offer(c), "summary:\n  de: \"", "summary:\n  de: \"Neu: "), False, False),
    ("description", lambda c: _offer(c).write_text(_offer(c).read_text(encoding="utf-8") + "Mehr Text.\n",
                                                    encoding="utf-8"), False, False),
    ("news", lambda c: (c / "quarters/quartier-000/news").mkdir() or
     (c / "quarters/quartier-000/news/2026-11-20-fest.md").write_text(
         "---\ntitle: {de: Fest}\n---\nEin Fest.\n", encoding="utf-8"), False, False),
    ("title", lambda c: _set_title(_weekly_offer(c, 0), "de", "Ganz neuer Titel"), True, False),
    ("russian title override", lambda c: _weekly_offer(c, 0).with_suffix(".ru.md").write_text(
        "---\ntitle: Новое название\n---\n", encoding="utf-8"), True, False),
    ("time", lambda c: _sub(_weekly_offer(c, 0), r'(time: "\d\d:\d\d-\d\d):00"', r'\1:45"'), True, False),
    ("place name", lambda c: _set_title(c / "quarters/quartier-000/places/ort-0.yaml", "ar", "مكان جديد"),
     True, False),
    ("office hours", lambda c: _replace(c / "quarters/quartier-000/quarter.yaml", 'time: "16:00-18:00"',
                                        'time: "15:00-18:00"'), True, True),
    ("quarter name", lambda c: _set_title(c / "quarters/quartier-000/quarter.yaml", "fa", "محله نو"), True, True),
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    generate(content, quarters=2, offers=6, seed=11)
    return content


@pytest.mark.parametrize("name, edit, flyers, stickers", EDITS, ids=[e[0] for e in EDITS])
def test_a_pdf_renders_again_exactly_when_what_it_shows_changes(content, name, edit, flyers, stickers):
    keys, htmls = _snapshot(content)
    edit(content)
    new_keys, new_htmls = _snapshot(content)
    for file, html in new_htmls.items():
        if html != htmls[file]:
            assert new_keys[file] != keys[file], f"{name}: {file} shows something new under its old key"
    changed = {f for f in keys if new_keys[f] != keys[f]}
    assert {f for f in changed if "/flyer-" in f and f.startswith("quartier-000/")} == (
        {f for f in keys if "/flyer-" in f and f.startswith("quartier-000/")} if flyers else set())
    assert bool({f for f in changed if "/sticker-" in f}) == stickers
    assert not {f for f in changed if f.startswith("quartier-001/")}, f"{name} changed the other quarter's PDFs"


def test_a_place_in_another_quarter_is_part_of_the_flyers_key(content):
    offer = _weekly_offer(content, 0)
    _replace(offer, "    time:", "    place: quartier-001/ort-3\n    time:")
    keys, htmls = _snapshot(content)
    _set_title(content / "quarters/quartier-001/places/ort-3.yaml", "de", "Anderer Ort")
    new_keys, new_htmls = _snapshot(content)
    flyer = "quartier-000/flyer-quartier-000-de-print.pdf"
    assert new_htmls[flyer] != htmls[flyer]  # quarter 0's flyer names the renamed place ...
    assert new_keys[flyer] != keys[flyer]  # ... so it renders again


def test_an_overridden_print_template_widens_the_keys(content, tmp_path):
    templates = tmp_path / "templates" / "print"
    templates.mkdir(parents=True)
    (templates / "flyer.html").write_text((ROOT / "templates/print/flyer.html").read_text(encoding="utf-8")
                                          .replace("{% block body %}", "{% block body %}{{ quarter.offers|length }}"),
                                          encoding="utf-8")
    site = load_site(content)
    plan = plan_schedules(site, TODAY)
    before = product_keys(site, plan, str(templates.parent))
    _replace(_offer(content), "cost: kostenlos", "cost: 3 Euro")
    site = load_site(content)
    after = product_keys(site, plan_schedules(site, TODAY), str(templates.parent))
    # The site's own flyer may show anything of the quarter: every edit renders it again.
    assert all(after[f] != before[f] for f in before if "/flyer-quartier-000" in f)
    assert all(after[f] == before[f] for f in before if "/sticker-" in f)


def test_editing_what_the_flyer_does_not_show_renders_no_pdf(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=1, offers=3, seed=5)
    options = BuildOptions(content=content, output=tmp_path / "site" / "output", flyers=tmp_path / "site" / "flyers",
                           today=TODAY, jobs=1)
    build(options)
    _replace(_offer(content, 0, 1), "cost: kostenlos", "cost: 3 Euro")
    result = build(options)
    assert result.print_rendered == []
    assert any(p.endswith("/angebot-001/index.html") for p in result.rendered)  # the page shows the cost
    _set_title(_weekly_offer(content, 0), "de", "Ganz neuer Titel")
    result = build(options)
    assert result.print_rendered == sorted(f for f in result.print_files
                                           if "/flyer-" in f and f.endswith(".pdf"))


def test_the_print_products_are_made_as_of_the_week_not_the_day(content):
    """A daily build renders no PDF until a new week begins: same HTML, same keys, all week."""
    site = load_site(content)

    def snapshot(day: dt.date) -> tuple[dict[str, str], dict[str, str]]:
        plan = plan_schedules(site, day)
        return product_keys(site, plan, None), {spec.file: product_html(site, plan, spec, None)
                                                for spec in product_specs(site)}

    monday = snapshot(TODAY)
    for day in range(1, 7):  # Tuesday to Sunday
        assert snapshot(TODAY + dt.timedelta(days=day)) == monday
    next_keys, next_htmls = snapshot(TODAY + dt.timedelta(days=7))
    assert all(next_keys[f] != monday[0][f] for f in next_keys), "a new week: every PDF is made again"
    flyer = "quartier-000/flyer-quartier-000-de-print.pdf"
    # The Monday of the week, in whichever medium form the locked CLDR writes it
    # ("30. Nov. 2026" or "30. November 2026").
    assert re.search(r"Stand: 30\. Nov\S* 2026", monday[1][flyer]), "the flyer says which week it was made as of"
    assert re.search(r"Stand: 7\. Dez\S* 2026", next_htmls[flyer]), "the flyer says which week it was made as of"


def test_a_daily_build_renders_no_pdf_within_the_week(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=1, offers=3, seed=5)
    options = BuildOptions(content=content, output=tmp_path / "site" / "output", flyers=tmp_path / "site" / "flyers",
                           today=TODAY, jobs=1)
    first = build(options)
    wednesday = build(replace(options, today=TODAY + dt.timedelta(days=2)))
    assert wednesday.print_rendered == [] and wednesday.print_files.keys() == first.print_files.keys()
    assert wednesday.rendered, "the website's week still moves on every day"


def _order_pictures(flyers: Path) -> int:
    """How many pictures of versions ``auftrag.pdf`` shows under its heading for them."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(flyers / "auftrag.pdf")
    assert "Ansicht der Versionen" in "".join(page.get_textpage().get_text_range() for page in document)
    return sum(len(list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))) for page in document)


def test_the_order_shows_every_version_also_when_the_pdfs_are_taken_over(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=2, offers=3, seed=5)
    options = BuildOptions(content=content, output=tmp_path / "site" / "output", flyers=tmp_path / "site" / "flyers",
                           today=TODAY, jobs=1)
    first = build(options)
    versions = [f for f in first.print_files if f.endswith("-print.pdf")]
    assert _order_pictures(options.flyers) == len(versions) == 10  # 2 quarters × (4 flyers + 1 sticker)
    order = (options.flyers / "auftrag.pdf").read_bytes()
    quarter = next(content.glob("quarters/*/quarter.yaml"))
    quarter.write_text(quarter.read_text("utf-8") + "print:\n  quantities:\n    flyer: 900\n", "utf-8")
    second = build(options)
    assert second.print_rendered == []  # a quantity changes the order only: every PDF is taken over
    assert (options.flyers / "auftrag.pdf").read_bytes() != order
    assert _order_pictures(options.flyers) == len(versions)


def test_the_order_draws_only_the_pictures_of_pdfs_made_now(tmp_path, monkeypatch):
    from quartierboards.print import thumbnail

    content = tmp_path / "content"
    generate(content, quarters=2, offers=3, seed=5)
    options = BuildOptions(content=content, output=tmp_path / "site" / "output", flyers=tmp_path / "site" / "flyers",
                           today=TODAY, jobs=1)
    build(options)
    kept = tmp_path / "site" / ".cache" / "flyers.thumbnails"
    assert len(list(kept.glob("*.jpg"))) == 10, "a picture per version, kept by its PDF's digest"
    before = {f.name: f.read_bytes() for f in options.flyers.rglob("*-print.pdf")}
    drawn = []
    front = thumbnail.front_thumbnail
    monkeypatch.setattr(thumbnail, "front_thumbnail", lambda pdf: drawn.append(pdf) or front(pdf))
    offer = next(p for p in sorted(content.glob("quarters/quartier-000/offers/*.md"))
                 if p.name.count(".") == 1 and "weekly:" in p.read_text("utf-8"))  # on the flyers' week
    offer.write_text(offer.read_text("utf-8").replace('title:\n  de: "', 'title:\n  de: "Neu ', 1), "utf-8")
    edited = build(options)
    assert any(f.endswith("-print.pdf") for f in edited.print_rendered)
    changed = [f for f in options.flyers.rglob("*-print.pdf") if before[f.name] != f.read_bytes()]
    assert changed and sorted(drawn) == sorted(f.read_bytes() for f in changed), \
        "only the versions whose PDF changed are drawn again"
    assert _order_pictures(options.flyers) == 10
    assert len(list(kept.glob("*.jpg"))) == 10, "the pictures of PDFs gone are removed"
    clean = replace(options, output=tmp_path / "clean" / "output", flyers=tmp_path / "clean" / "flyers")
    build(clean)
    assert (options.flyers / "auftrag.pdf").read_bytes() == (clean.flyers / "auftrag.pdf").read_bytes()
