"""Markdown rendering is safe whatever the sanitizer does with quotes and brackets in attributes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from qb_support import ROOT, build_args, cli, copy_base

from quartierboards.render import markdown
from quartierboards.render.markdown import ALLOWED_TAGS, render_markdown

META = "<meta http-equiv=refresh content='0;url=https://evil.example/'>"
PAYLOADS = [
    f'<span lang="x> +49 1234567 {META}…">Text</span>',
    f'[Link](https://ok.example/ "x> +49 1234567 {META}")',
    f"[Mail](mailto:a@example.org 'x> kontakt@example.org {META}')",
    f'<a href="https://ok.example/" title="x> 0231 123456 {META}">+49 231 123456</a>',
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    handle_startendtag = handle_starttag


def elements(html: str) -> set[str]:
    """The element names a browser-like tokenizer finds in *html*."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return set(parser.tags)


_REAL_CLEAN = markdown.nh3.clean


def old_nh3_clean(html: str, **options: object) -> str:
    """nh3 0.2.17–0.3.6: like today's, but ``<`` and ``>`` stay raw inside attribute values."""
    clean = _REAL_CLEAN(html, **options)
    return re.sub(r'="[^"]*"', lambda m: m.group(0).replace("&lt;", "<").replace("&gt;", ">"), clean)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_inside_their_attribute(payload):
    html = str(render_markdown.__wrapped__(payload))
    assert elements(html) <= ALLOWED_TAGS, html
    assert "meta" not in elements(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_sanitizer_that_leaves_brackets_raw_in_attributes_cannot_be_escaped(monkeypatch, payload):
    monkeypatch.setattr(markdown.nh3, "clean", old_nh3_clean)
    html = str(render_markdown.__wrapped__(payload))
    assert elements(html) <= ALLOWED_TAGS, html
    assert "meta" not in elements(html), html


def test_phone_numbers_and_addresses_are_still_isolated():
    html = str(render_markdown.__wrapped__(
        "Ruf an: +49 231 1234567, [0231 123456](tel:0231123456) oder [Mail](mailto:a@example.org), "
        "a@example.org & <b>x</b> < y"))
    assert '<bdi dir="ltr">+49 231 1234567</bdi>' in html
    assert '<a href="tel:0231123456" rel="noopener noreferrer nofollow"><bdi dir="ltr">0231 123456</bdi></a>' in html
    assert ">Mail</a>" in html  # a link's text is isolated only when it is a whole number or address
    assert '<bdi dir="ltr">a@example.org</bdi> &amp; <b>x</b> &lt; y' in html


@pytest.mark.skipif(not os.environ.get("QB_NH3_PATH"), reason="set QB_NH3_PATH to an unpacked nh3 wheel")
def test_payloads_with_another_nh3():
    """With ``QB_NH3_PATH=/tmp/nh3-0.3.7`` (``pip download nh3==0.3.7`` unpacked there):
    the same payloads against that version, e.g. the oldest that pyproject.toml allows."""
    script = ("import sys, nh3; from quartierboards.render.markdown import render_markdown as r; "
              "assert nh3.__file__.startswith(sys.argv[1]), nh3.__file__; "
              f"print('\\0'.join(str(r(p)) for p in {PAYLOADS!r}))")
    path = os.environ["QB_NH3_PATH"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([path, str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", script, path], env=env, capture_output=True, text=True,
                          check=True)
    for html in done.stdout.split("\0"):
        assert elements(html) <= ALLOWED_TAGS, html


NEWS = f"""---
title: Neuigkeit
---
Ruf an: +49 231 1234567.

<span lang="x> +49 1234567 {META}…">Text</span>
"""


def test_atom_content_is_the_sanitized_html(tmp_path, monkeypatch):
    monkeypatch.setattr(markdown.nh3, "clean", old_nh3_clean)
    render_markdown.cache_clear()
    content = copy_base(tmp_path)
    news = content / "quarters" / "nord" / "news"
    news.mkdir()
    (news / "2026-11-20-fest.md").write_text(NEWS, encoding="utf-8")
    try:
        run = cli(*build_args(content, tmp_path))
    finally:
        render_markdown.cache_clear()
    assert run.code == 0, run.err
    feed = ET.parse(Path(tmp_path / "output" / "de" / "nord" / "news" / "feed.xml"))
    [body] = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}content")]
    assert body and '<bdi dir="ltr">+49 231 1234567</bdi>' in body
    assert elements(body) <= ALLOWED_TAGS, body
    page = (tmp_path / "output" / "de" / "nord" / "news" / "2026-11-20-fest" / "index.html").read_text()
    assert body.strip() in page


def test_long_words_render_quickly():
    """The address pattern once began a scan at every letter of a word: a 30,000-letter word took 10 s."""
    from quartierboards.content.mdlimits import body_problem

    words = ["a" * 29_999, "a." * 14_999, "11111" + "-" * 29_000, "+" * 29_999]
    assert all(body_problem(word) is None for word in words)  # within the limits of a body
    started = time.monotonic()
    for word in words:
        render_markdown.__wrapped__(word)
    assert time.monotonic() - started < 10.0  # generous: each took 9–14 s before


def test_isolation_keeps_finding_addresses_and_numbers():
    html = str(render_markdown.__wrapped__("info.x+y@example.org, a-b@c-d.de; Tel. +49 (0)231 123-456"))
    assert html.count('<bdi dir="ltr">') == 3, html


def test_no_isolation_inside_elements_the_sanitizer_reads_as_text():
    html = str(render_markdown.__wrapped__("<textarea>+49 1234567</textarea> <title>a@example.org</title>"))
    assert "bdi" not in html, html


def test_an_image_is_not_dropped_silently_its_description_stays_as_text() -> None:
    html = str(render_markdown("Der Weg: ![Plan: Eingang <hinten> am Hof](lageplan.png) – bis gleich"))
    assert html == "<p>Der Weg: Plan: Eingang &lt;hinten&gt; am Hof – bis gleich</p>"
    assert "<img" not in str(render_markdown('<img src="x" alt="Foto" onerror="alert(1)">'))
