"""Published URLs never die: the ledger, redirects, "no longer offered" pages, past weeks and 404 pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest
from qb_support import ROOT, TODAY, build_args, cli, tree

from quartierboards.content.ledger import output_path, read_ledger

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A small generated city, built once (so its ledger lists what it published)."""
    content = tmp_path / "content"
    generate(content, quarters=2, offers=3, seed=11)
    assert cli(*build_args(content, tmp_path, keep=True)).code == 0  # its example base_url is a warning
    return content


def _build(content: Path, today: dt.date = TODAY):
    return cli(*build_args(content, content.parent, today, keep=True))


def _declare(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":  # front matter: right after the opening ---
        text = text.replace("---\n", f"---\n{line}\n", 1)
    else:
        text += f"{line}\n"
    path.write_text(text, encoding="utf-8")


def _offer_files(content: Path, quarter: str, slug: str) -> list[Path]:
    folder = content / "quarters" / quarter / "offers"
    return [folder / f"{slug}.md", *folder.glob(f"{slug}.*.md")]


def _every_ledger_url_resolves(content: Path) -> None:
    output = content.parent / "output"
    ledger = read_ledger(content)
    assert ledger
    missing = [url for url in ledger if not (output / output_path(url)).is_file()]
    assert not missing, f"ledger URLs without a file: {missing[:5]}"


def test_the_first_build_records_pages_and_calendars_but_not_weeks(city: Path) -> None:
    ledger = read_ledger(city)
    assert "de/quartier-000/" in ledger and "quartier-000/" in ledger and "" in ledger
    assert "de/quartier-000/angebot-000/calendar.ics" in ledger
    assert not any("-W" in url for url in ledger) and not any(url.endswith("404.html") for url in ledger)
    _every_ledger_url_resolves(city)


def test_deleting_an_offer_without_saying_so_fails_and_keeps_the_published_site(city: Path) -> None:
    before = tree(city.parent / "output")
    for path in _offer_files(city, "quartier-000", "angebot-001"):
        path.unlink()
    run = _build(city)
    assert run.code == 1
    errors = run.error_lines()
    assert errors and all(e["path"].endswith("content/published.txt") for e in errors)
    assert "angebot-001" in run.err and "removed_offers" in run.err and "aliases" in run.err
    assert tree(city.parent / "output") == before


def test_an_offer_removed_on_purpose_gets_a_notice_in_every_language(city: Path) -> None:
    for path in _offer_files(city, "quartier-000", "angebot-001"):
        path.unlink()
    _declare(city / "quarters/quartier-000/quarter.yaml", "removed_offers: [angebot-001]")
    assert _build(city).code == 0
    output = city.parent / "output"
    page = (output / "de/quartier-000/angebot-001/index.html").read_text(encoding="utf-8")
    assert "Dieses Angebot gibt es nicht mehr" in page and 'href="../"' in page
    assert "angebot-000/" in page  # the quarter's other offers are linked
    assert "Это занятие больше не проводится" in (output / "ru/quartier-000/angebot-001/index.html").read_text()
    calendar = (output / "de/quartier-000/angebot-001/calendar.ics").read_text()
    assert "BEGIN:VCALENDAR" in calendar and "BEGIN:VEVENT" not in calendar
    _every_ledger_url_resolves(city)


def test_a_renamed_offer_redirects_its_old_addresses(city: Path) -> None:
    for path in _offer_files(city, "quartier-001", "angebot-002"):
        path.rename(path.with_name(path.name.replace("angebot-002", "neuer-name")))
    _declare(city / "quarters/quartier-001/offers/neuer-name.md", "aliases: [angebot-002]")
    assert _build(city).code == 0
    output = city.parent / "output"
    old = (output / "ru/quartier-001/angebot-002/index.html").read_text(encoding="utf-8")
    assert REFRESH.search(old).group(1) == "../neuer-name/"
    assert 'rel="canonical" href="https://bench.example.org/ru/quartier-001/neuer-name/"' in old
    assert (output / "ru/quartier-001/angebot-002/calendar.ics").read_bytes() == \
        (output / "ru/quartier-001/neuer-name/calendar.ics").read_bytes() or \
        "/ru/quartier-001/angebot-002/calendar.ics /ru/quartier-001/neuer-name/calendar.ics 301" in \
        (output / "_redirects").read_text()
    assert "/de/quartier-001/angebot-002/ /de/quartier-001/neuer-name/ 301" in (output / "_redirects").read_text()
    _every_ledger_url_resolves(city)


def test_a_renamed_quarter_keeps_its_board_and_sticker_link(city: Path) -> None:
    (city / "quarters/quartier-001").rename(city / "quarters/altstadt")
    _declare(city / "quarters/altstadt/quarter.yaml", "aliases: [quartier-001]")
    assert _build(city).code == 0
    output = city.parent / "output"
    assert REFRESH.search((output / "quartier-001/index.html").read_text()).group(1) == "../altstadt/"
    assert REFRESH.search((output / "de/quartier-001/index.html").read_text()).group(1) == "../altstadt/"
    assert REFRESH.search((output / "de/quartier-001/angebot-000/index.html").read_text()).group(1) == \
        "../../altstadt/angebot-000/"
    _every_ledger_url_resolves(city)


def test_a_removed_quarter_leads_to_the_city(city: Path) -> None:
    shutil.rmtree(city / "quarters/quartier-001")
    assert _build(city).code == 1
    _declare(city / "site.yaml", "removed_quarters: [quartier-001]")
    assert _build(city).code == 0
    output = city.parent / "output"
    assert REFRESH.search((output / "quartier-001/index.html").read_text()).group(1) == "../"
    assert REFRESH.search((output / "de/quartier-001/index.html").read_text()).group(1) == "../"
    _every_ledger_url_resolves(city)


def test_last_weeks_page_leads_to_this_week(city: Path) -> None:
    assert _build(city, TODAY + dt.timedelta(days=7)).code == 0
    page = (city.parent / "output/de/quartier-000/2026-W49/index.html").read_text(encoding="utf-8")
    assert REFRESH.search(page).group(1) == "../2026-W50/"
    weeks = {p.parent.name for p in (city.parent / "output/de/quartier-000").glob("20*-W*/index.html")}
    # four weeks back (bounded as the years pass) and the four shown (2026 has 53 ISO weeks)
    assert weeks == {f"2026-W{n}" for n in range(46, 54)}


def test_404_pages_in_every_language_with_links_from_the_root(city: Path) -> None:
    output = city.parent / "output"
    root = (output / "404.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in root and 'href="/de/quartier-000/"' in root and 'href="/de/"' in root
    assert 'href="/static/style.css"' in root
    for lang in ("ru", "ar", "fa"):
        page = (output / f"{lang}/404.html").read_text(encoding="utf-8")
        assert f'href="/{lang}/quartier-000/"' in page and 'href="/de/" lang="de"' in page


def test_the_sample_city_shows_a_removed_offer_and_keeps_its_calendar(sample_build) -> None:
    page = sample_build.text("ar/nordstadt/spieletreff/index.html")
    assert "هذا النشاط لم يعد موجودًا" in page and 'dir="rtl"' in page
    assert "BEGIN:VEVENT" not in sample_build.text("de/nordstadt/spieletreff/calendar.ics")


def test_preflight_fails_when_a_published_address_has_no_file(city: Path) -> None:
    output = city.parent / "output"
    (output / "de/quartier-000/angebot-001/index.html").unlink()
    run = cli("preflight", "--content", city, "--output", output, "--flyers", city.parent / "flyers",
              "--today", TODAY.isoformat())
    assert run.code == 1
    assert "published.txt:" in run.err and "/de/quartier-000/angebot-001/ was published but output/ has no" in run.err
