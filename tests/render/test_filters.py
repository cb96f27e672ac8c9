"""Filter chips that work on a phone: two labelled groups, a show-all chip that cannot be
taken for an audience, filter pages that name their filter, and honest ``aria-current``."""

from __future__ import annotations

import posixpath
import re

import pytest

LANGUAGES = ["de", "en", "ru", "ar", "fa", "tr", "uk"]
BOARD = "{lang}/suedpark/index.html"
CHIP = re.compile(r'<a href="[^"]*" data-filter="(\w*)"[^>]*>([^<]+)</a>')


def _filters(html: str) -> str:
    start = html.index('<nav class="filters"')
    return html[start:html.index("</nav>", start)]


def _chips(html: str) -> dict[str, str]:
    return dict(CHIP.findall(_filters(html)))


def test_audiences_and_topics_are_two_labelled_groups(sample_build):
    nav = _filters(sample_build.text("de/suedpark/index.html"))
    groups = re.findall(r'<div role="group" aria-labelledby="([\w-]+)">(.*?)</div>', nav, re.S)
    assert [g[0] for g in groups] == ["f-who", "f-what"]
    labels = dict(re.findall(r'<p id="([\w-]+)">([^<]+)</p>', nav))
    assert labels == {"f-who": "Für wen?", "f-what": "Was?"}
    audiences, topics = (set(re.findall(r'data-filter="(\w+)"', body)) for _, body in groups)
    assert {"children", "families", "everyone"} <= audiences
    assert {"culture", "sport"} <= topics and not audiences & topics
    # show-all stands apart from both groups
    assert nav.index('data-filter=""') < nav.index('role="group"')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_show_all_and_the_audience_everyone_read_differently(sample_build, lang):
    chips = _chips(sample_build.text(BOARD.format(lang=lang)))
    show_all, everyone = chips[""].strip(), chips["everyone"].strip()
    assert show_all != everyone
    # not even the same word stem ("Alles" / "Alle" sat side by side)
    assert everyone.split()[0].lower()[:3] != show_all.split()[0].lower()[:3], (show_all, everyone)


def test_german_chip_words(sample_build):
    chips = _chips(sample_build.text("de/suedpark/index.html"))
    assert chips[""] == "Alle Angebote"
    assert chips["everyone"] == "Jedes Alter"
    assert "Alles" not in chips.values() and "Alle" not in chips.values()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filter_pages_name_their_filter_in_the_h1(sample_build, lang):
    board_h1 = re.search(r"<h1>(.*?)</h1>", sample_build.text(BOARD.format(lang=lang))).group(1)
    headings = {}
    for value in ("families", "everyone", "culture"):
        html = sample_build.text(f"{lang}/suedpark/filter/{value}/index.html")
        headings[value] = re.search(r"<h1>(.*?)</h1>", html).group(1)
        assert headings[value].endswith(" – " + board_h1), headings[value]
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title.startswith(headings[value].split(" – ")[0])
    assert len(set(headings.values())) == 3


def test_german_filter_heading(sample_build):
    html = sample_build.text("de/suedpark/filter/families/index.html")
    assert "<h1>Angebote für Familien – Südpark</h1>" in html


def _resolve(page: str, href: str) -> str:
    href = href.split("#")[0]
    if not href:
        return page
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return "index.html" if target == "." else f"{target}/index.html" if href.endswith("/") else target


def test_aria_current_page_only_on_links_to_the_page_itself(sample_build):
    wrong, checked = [], 0
    for path, data in sample_build.files.items():
        if not path.endswith(".html"):
            continue
        for tag in re.findall(r"<a [^>]*aria-current=\"page\"[^>]*>", data.decode("utf-8")):
            checked += 1
            href = re.search(r'href="([^"]*)"', tag).group(1)
            if _resolve(path, href) != path:
                wrong.append((path, tag))
    assert checked > 1000
    assert not wrong, wrong[:5]


def test_the_week_shown_on_the_board_is_marked_but_not_as_the_page(sample_build):
    board = sample_build.text("de/suedpark/index.html")
    assert '<a href="2026-W49/" aria-current="true">' in board
    week = sample_build.text("de/suedpark/2026-W49/index.html")
    assert '<a href="./" aria-current="page">' in week
