"""The fragment cache never changes what a page shows: its keys name everything that varies."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable

import orjson
from qb_support import SAMPLE, tree

from quartierboards.content.loader import load_site
from quartierboards.pipeline import BuildOptions, build, plan_schedules
from quartierboards.render import fragments
from quartierboards.render.pages import render_page, site_pages
from quartierboards.render.site import render_site

TODAY = dt.date(2026, 11, 30)
QUARTER_PAGES = ("board.html", "week.html", "filter.html")


def test_pages_with_shared_fragments_equal_pages_rendered_alone():
    """Every page of the site (the chrome is shared across kinds too: a city-wide list's filter page is as
    deep as a week page but links to its list differently), in the build's order and backwards."""
    site = load_site(SAMPLE)
    plan = plan_schedules(site, TODAY)
    pages = site_pages(site, plan)
    alone = {}
    for page in pages:
        fragments.clear()
        alone[page.path] = render_page(page, site, plan, None)
    for order in (pages, pages[::-1]):
        fragments.clear()
        for page in order:  # fragments reused across pages
            assert render_page(page, site, plan, None) == alone[page.path], page.path
    assert {p.template for p in pages} >= {*QUARTER_PAGES, "offer.html", "city_offers.html", "legal/imprint.html"}


def test_a_new_build_in_the_same_process_never_shows_old_fragments(tmp_path):
    """``serve`` renders build after build in one process."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    place = next((content / "quarters").glob("*/places/*.yaml"))
    quarter = place.parent.parent.name
    old_street = next(line.split(":", 1)[1].strip() for line in place.read_text(encoding="utf-8").splitlines()
                      if line.strip().startswith("street:"))
    site = load_site(content)
    board = f"de/{quarter}/index.html"
    assert old_street in render_site(site, plan_schedules(site, TODAY)).files[board].decode()
    place.write_text(place.read_text(encoding="utf-8").replace(old_street, "Neue Straße 99"), encoding="utf-8")
    site = load_site(content)
    html = render_site(site, plan_schedules(site, TODAY)).files[board].decode()
    assert "Neue Straße 99" in html and old_street not in html


def _kept_file(output):
    return output.parent / ".cache" / f"{output.name}.fragments.json"


def _city_options(content, output, today=TODAY, jobs=1):
    return BuildOptions(content=content, output=output, today=today, print_products=False, jobs=jobs)


def _stored(output) -> tuple[bytes, list[list[str]]]:
    """The kept fragments' file: its first line, and a ``[name, version, html]`` per fragment."""
    header, *lines = _kept_file(output).read_bytes().splitlines()
    return header, [orjson.loads(line) for line in lines]


def _rewrite_kept(path, select: Callable[[list[str]], bool], html: str) -> list[list[str]]:
    """Put *html* into every fragment kept in *path* whose name's parts (template, line, language,
    folder, …) *select* takes; those fragments as they were, ``[name, version, HTML]``."""
    header, *lines = path.read_bytes().splitlines()
    entries = [orjson.loads(line) for line in lines]
    found = [entry for entry in entries if select(entry[0].split("\x1f"))]
    before = [list(entry) for entry in found]
    for entry in found:
        entry[2] = html
    path.write_bytes(b"\n".join([header, *map(orjson.dumps, entries)]) + b"\n")
    return before


def _poison(output, row_id: str, marker: str) -> int:
    """Put *marker* into the kept fragments of the row *row_id* in the city-wide list; how many there were."""
    row = _rewrite_kept(_kept_file(output), lambda parts: parts[0] == "city_offers.html" and row_id in parts,
                        f"<li>{marker}</li>")
    return len(row)


def _is_row(name: str) -> bool:
    """Whether a kept fragment's *name* is a city-wide list's row (it ends in the offer's UUID), not its chips."""
    return re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", name.rsplit("\x1f", 1)[1]) is not None


def _first_row_id(output) -> str:
    return json.loads((output / "data/de/offers.json").read_text(encoding="utf-8"))["offers"][0]["id"]


def test_the_city_wide_list_takes_unchanged_rows_from_the_last_build(tmp_path):
    """An offer edit renders only the edited offer's rows of the city-wide list again; the rest are kept."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output, jobs=2))  # forked workers hand their fragments back
    site = load_site(content)
    languages, count = len(site.config.languages), sum(len(q.offers) for q in site.quarters.values())
    kept = [name for name, _, _ in _stored(output)[1] if name.startswith("city_offers.html") and _is_row(name)]
    assert len(kept) == count * languages * 2  # every row, in every language, for both folder depths
    # A marker in an unchanged row's kept fragment shows up once the list is made again ...
    assert _poison(output, _first_row_id(output), "KEPT-ROW") == languages * 2
    edited = sorted(content.glob("quarters/*/offers/*.md"))[-1]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("title:\n  de: ", "title:\n  de: Neu ", 1), encoding="utf-8")
    assert "Neu " in edited.read_text(encoding="utf-8")
    build(_city_options(content, output))
    page = (output / "de/angebote/index.html").read_text(encoding="utf-8")
    assert "KEPT-ROW" in page
    # ... while the edited offer's row is made again with its new title.
    assert ">Neu " in page


def test_the_city_wide_lists_filter_chips_are_kept_until_a_quarter_is_renamed(tmp_path):
    """Over a hundred chips per page in a large city: kept per language, depth and chosen filter; their version
    holds the filters and the quarters' names, which the chips show."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output))
    chips = _rewrite_kept(_kept_file(output),
                          lambda parts: parts[0] == "city_offers.html" and not _is_row("\x1f".join(parts)),
                          "<nav>KEPT-CHIPS</nav>")
    languages = len(load_site(content).config.languages)
    assert len(chips) == len(list((output / "de/angebote").glob("**/index.html"))) * languages
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    assert "KEPT-CHIPS" in (output / "de/angebote/index.html").read_text(encoding="utf-8")

    quarter = sorted((content / "quarters").glob("*/quarter.yaml"))[0]
    text = quarter.read_text(encoding="utf-8")
    quarter.write_text(text.replace("name:\n  de: ", "name:\n  de: Neu-", 1), encoding="utf-8")
    assert "Neu-" in quarter.read_text(encoding="utf-8")
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    page = (output / "de/angebote/index.html").read_text(encoding="utf-8")
    assert "KEPT" not in page and "Neu-" in page
    clean = tmp_path / "clean" / "output"
    build(_city_options(content, clean, today=TODAY + dt.timedelta(days=1)))
    assert page == (clean / "de/angebote/index.html").read_text(encoding="utf-8")


def test_kept_rows_are_not_used_in_another_week(tmp_path):
    """Kept fragments belong to the code, templates, settings and week they were made with."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output))
    _poison(output, _first_row_id(output), "KEPT-ROW")
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=7)))
    assert "KEPT-ROW" not in (output / "de/angebote/index.html").read_text(encoding="utf-8")


def test_a_broken_kept_fragments_file_is_ignored(tmp_path):
    """``.cache/`` may be cut short or come from another version: the build renders the rows again."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output))
    header, entries = _stored(output)
    _kept_file(output).write_bytes(header + b"\n" + orjson.dumps(entries[0])[:40])  # cut off mid-line
    edited = sorted(content.glob("quarters/*/offers/*.md"))[-1]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("title:\n  de: ", "title:\n  de: Neu ", 1), encoding="utf-8")
    build(_city_options(content, output))
    clean = tmp_path / "clean" / "output"
    build(_city_options(content, clean))
    assert (output / "de/angebote/index.html").read_bytes() == (clean / "de/angebote/index.html").read_bytes()
    def rows(found: list[list[str]]) -> list[str]:  # the German list's (the other languages' are taken over)
        return sorted(name for name, _, _ in found
                      if name.startswith("city_offers.html") and "\x1fde\x1f" in name and _is_row(name))

    assert rows(entries) and rows(_stored(output)[1]) == rows(entries)  # the list's rows are saved whole again


def _shelf_file(output, quarter: str):
    return output.parent / ".cache" / f"{output.name}.fragments" / f"{quarter}.json"


def _poison_shelf(output, quarter: str, template: str, marker: str) -> int:
    """Put *marker* into every kept fragment of *template* on *quarter*'s shelf; how many there were."""
    found = _rewrite_kept(_shelf_file(output, quarter), lambda parts: parts[0] == template, f"<li>{marker}</li>")
    return len(found)


def test_a_removed_quarters_shelf_is_deleted_and_the_others_stay(tmp_path):
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output))
    gone, *staying = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())
    assert all(_shelf_file(output, q).is_file() for q in [gone, *staying])
    shutil.rmtree(content / "quarters" / gone)  # its offers' places are its own: nothing else names them
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"removed_quarters: [{gone}]\n", encoding="utf-8")
    assert build(_city_options(content, output)).site is not None
    assert not _shelf_file(output, gone).exists(), "a removed quarter's kept pieces are not kept for ever"
    assert all(_shelf_file(output, q).is_file() for q in staying)


def test_the_next_days_boards_take_their_week_plan_and_cards_from_the_last_build(tmp_path):
    """Boards and filter pages show the day and are made every day; their week plan's items and their
    offer cards are kept per quarter until the quarter's content (or, for a card, what it shows of the day)
    changes."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output, jobs=2))  # forked workers hand their fragments back
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    board = output / f"de/{quarter}/index.html"
    assert _poison_shelf(output, quarter, "partials/macros.html", "KEPT-ITEM") > 0
    assert _poison_shelf(output, quarter, "board.html", "KEPT-CARD") > 0
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    html = board.read_text(encoding="utf-8")
    assert 'data-day="2026-12-01"' in html, "the board is made again: it shows the day"
    assert "KEPT-ITEM" in html and "KEPT-CARD" in html, "its week plan items and cards are taken over"
    other = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[1]
    assert "KEPT" not in (output / f"de/{other}/index.html").read_text(encoding="utf-8")

    offer = sorted(p for p in content.glob(f"quarters/{quarter}/offers/*.md") if p.name.count(".") == 1)[0]
    text = offer.read_text(encoding="utf-8")
    assert "title:\n  de: " in text
    offer.write_text(text.replace("title:\n  de: ", "title:\n  de: Neu ", 1), encoding="utf-8")
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    assert "KEPT" not in board.read_text(encoding="utf-8"), "the quarter changed: its fragments are made again"
    clean = tmp_path / "clean" / "output"
    build(_city_options(content, clean, today=TODAY + dt.timedelta(days=1)))
    assert board.read_bytes() == (clean / f"de/{quarter}/index.html").read_bytes()


def _poison_days(output, quarter: str, marker: str) -> list[str]:
    """Put *marker* into the kept days of *quarter*'s week plans; the days (ISO dates) there were."""
    # template, line, language, folder, filter, day, filterable: a day of a week plan
    days = _rewrite_kept(_shelf_file(output, quarter),
                         lambda parts: parts[0] == "partials/macros.html" and len(parts) == 7, f"<p>{marker}</p>")
    return sorted({e[0].split("\x1f")[5] for e in days})


def test_the_next_days_filter_and_week_pages_take_their_days_from_the_last_build(tmp_path):
    """A filter page shows the day only in its week plan's "Today" mark: each day of the current week,
    with the items under its filter, is kept whole, and the next day's page only marks another day."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output, jobs=2))
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    days = _poison_days(output, quarter, "KEPT-DAY")
    assert days == [(TODAY + dt.timedelta(days=n)).isoformat() for n in range(7)], "the current week only"
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    filter_page = (output / f"de/{quarter}/filter/seniors/index.html").read_text(encoding="utf-8")
    week_page = (output / f"de/{quarter}/2026-W49/index.html").read_text(encoding="utf-8")
    for html in (filter_page, week_page):
        assert '<section class="day today" aria-labelledby="day-2026-12-01">' in html, "made again for the day"
        assert html.count("KEPT-DAY") == 7, "its days are taken over"
    assert "KEPT" not in (output / f"de/{quarter}/2026-W50/index.html").read_text(encoding="utf-8")


def test_the_next_days_filter_pages_take_their_offer_cards_over_whole(tmp_path):
    """A filter page's "All offers" (its cards under the filter) is one kept piece."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output, jobs=2))
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    # template, line, language, folder, filter: the section (a card names an offer, "quarter/offer")
    sections = _rewrite_kept(_shelf_file(output, quarter),
                             lambda parts: parts[0] == "board.html" and parts[4:] == ["seniors"], "<p>KEPT-SECTION</p>")
    assert len(sections) == 8, "one per language"
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    page = (output / f"de/{quarter}/filter/seniors/index.html").read_text(encoding="utf-8")
    assert 'class="day today" aria-labelledby="day-2026-12-01"' in page and "KEPT-SECTION" in page
    assert "KEPT" not in (output / f"de/{quarter}/filter/children/index.html").read_text(encoding="utf-8")


def test_the_next_days_boards_take_their_qr_code_and_flyer_links_over(tmp_path):
    """"Print and pass on" (the board's QR code: segno takes about 5 ms to encode one) is kept from day
    to day on the quarter's shelf, once per language and folder, and not used in another week."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output))
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    # template, line, language, folder: nothing more names the piece
    pieces = _rewrite_kept(_shelf_file(output, quarter),
                           lambda parts: parts[0] == "board.html" and len(parts) == 4, "<p>KEPT-PRINT-LINKS</p>")
    assert {e[0].split("\x1f")[2] for e in pieces} == {"de", "de-x-ls", "en", "ru", "ar", "fa", "tr", "uk"}
    assert all('<svg class="qr"' in e[2] and 'id="print-links"' in e[2] for e in pieces)
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=1)))
    for page in (f"de/{quarter}/index.html", f"ar/{quarter}/filter/seniors/index.html"):
        html = (output / page).read_text(encoding="utf-8")
        assert "KEPT-PRINT-LINKS" in html and '<svg class="qr"' not in html, page
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=7)))
    html = (output / f"de/{quarter}/index.html").read_text(encoding="utf-8")
    assert "KEPT" not in html and '<svg class="qr"' in html


def test_the_cards_are_made_again_when_one_of_them_shows_another_day():
    from quartierboards.render.pages import SitePlan, cards_version

    site = load_site(SAMPLE)
    quarter, offer = next((q, o) for q in site.quarters.values() for o in q.offers.values()
                          if o.data.schedule and any(e.from_ for e in o.data.schedule))
    start = min(e.from_ for e in offer.data.schedule if e.from_)
    before, after = (SitePlan(today=day, weeks={}) for day in (start - dt.timedelta(days=1), start))
    assert cards_version(before, "q", quarter) != cards_version(after, "q", quarter)
    assert cards_version(before, "q", quarter) != cards_version(SitePlan(today=before.today, weeks={}), "r", quarter)


def test_a_quarters_kept_fragments_are_not_used_in_another_week(tmp_path):
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output))
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    assert _poison_shelf(output, quarter, "partials/macros.html", "KEPT-ITEM") > 0
    build(_city_options(content, output, today=TODAY + dt.timedelta(days=7)))
    assert "KEPT" not in (output / f"de/{quarter}/index.html").read_text(encoding="utf-8")


def test_a_card_is_made_again_when_what_it_shows_of_the_day_changes():
    """"Has taken place" and a start still ahead are part of a kept card's version."""
    from quartierboards.render.pages import card_version

    site = load_site(SAMPLE)
    offer = next(o for q in site.quarters.values() for o in q.offers.values()
                 if o.data.schedule and any(e.from_ for e in o.data.schedule))
    start = min(e.from_ for e in offer.data.schedule if e.from_)
    before, after = start - dt.timedelta(days=1), start + dt.timedelta(days=1)
    assert card_version("q", offer, before) != card_version("q", offer, after)
    assert card_version("q", offer, before) != card_version("other", offer, before), "and the quarter's content"


def test_the_quarters_shelves_are_saved_as_they_come_and_let_go_of(tmp_path, monkeypatch):
    """The build's process does not hold every quarter's fragments until the end (about 100 MB at 100 quarters)."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    outputs = [tmp_path / "bounded" / "output", tmp_path / "whole" / "output"]
    for output, limit in zip(outputs, (1, fragments.ADOPTED_LIMIT), strict=True):
        monkeypatch.setattr(fragments, "ADOPTED_LIMIT", limit)
        build(_city_options(content, output, jobs=2))
        assert [shelf for shelf in fragments._shelves if shelf != fragments.MAIN] == []
    def names_and_versions(output, quarter):
        return sorted(orjson.loads(line)[:2] for line in _shelf_file(output, quarter).read_bytes().splitlines()[1:])

    for quarter in sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir()):
        bounded, whole = (names_and_versions(output, quarter) for output in outputs)
        assert bounded and bounded == whole, quarter


def test_a_sites_own_template_that_shows_the_day_in_a_kept_piece_gets_it_made_every_day(tmp_path):
    """A site may copy the theme's macros and print the day inside a kept piece: its pieces then last a day."""
    from dataclasses import replace

    from quartierboards.render.env import default_templates_dir

    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    macros = (default_templates_dir() / "partials/macros.html").read_text(encoding="utf-8")
    mark = '<span class="now-mark" hidden>'
    marked = macros.replace(mark, '<span class="seen">{{ today }}</span>' + mark)
    assert marked != macros
    (templates / "partials/macros.html").write_text(marked, encoding="utf-8")
    options = replace(_city_options(content, output), templates=templates)
    build(options)
    tuesday = TODAY + dt.timedelta(days=1)
    build(replace(options, today=tuesday))
    clean = tmp_path / "clean" / "output"
    build(replace(options, output=clean, today=tuesday))
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    board = (output / f"de/{quarter}/index.html").read_text(encoding="utf-8")
    assert '<span class="seen">2026-12-01</span>' in board and "2026-11-30</span>" not in board
    assert board == (clean / f"de/{quarter}/index.html").read_text(encoding="utf-8")


def test_a_very_large_quarters_pieces_are_made_for_the_build_only(tmp_path, monkeypatch):
    """A quarter of 10,000 offers would hold all its pieces in every worker: its shelf stops growing."""
    monkeypatch.setattr(fragments, "SHELF_LIMIT", 4000)
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(SAMPLE, content)
    build(_city_options(content, output, jobs=2))
    quarter = sorted(p.name for p in (content / "quarters").iterdir() if p.is_dir())[0]
    kept = [orjson.loads(line) for line in _shelf_file(output, quarter).read_bytes().splitlines()[1:]]
    assert kept and sum(len(html) for _, _, html in kept) < 2 * (4000 + max(len(html) for _, _, html in kept))
    tuesday = TODAY + dt.timedelta(days=1)
    build(_city_options(content, output, today=tuesday))
    clean = tmp_path / "clean" / "output"
    build(_city_options(content, clean, today=tuesday))
    assert tree(output) == tree(clean)


def test_the_live_preview_keeps_no_quarters_pieces(monkeypatch):
    """The preview (no kept fragments file) keeps only the city-wide rows: its workers hand back no quarter's pieces."""
    handed: set[str] = set()
    adopt = fragments.adopt

    def recording(data: bytes) -> None:
        handed.update(orjson.loads(data) if data else ())
        adopt(data)

    monkeypatch.setattr(fragments, "adopt", recording)
    site = load_site(SAMPLE)
    render_site(site, plan_schedules(site, TODAY), jobs=2)  # forked workers, as in the preview's first build
    assert handed == {fragments.MAIN}, "only the city-wide rows come back"
    assert [s for s in fragments._shelves if s != fragments.MAIN] == []
