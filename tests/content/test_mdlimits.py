"""Markdown that would stall or crash the renderer is a content error at its line, in check and build."""

from __future__ import annotations

import time

import pytest
from qb_support import build_args, cli, copy_base

from quartierboards.content.mdlimits import body_problem
from quartierboards.render.markdown import render_markdown

FRONT = "---\ntitle: Café\nsummary: Kaffee.\naudience: everyone\ncategory: meeting\nplace: treff\n" \
        "schedule:\n  - weekly: fri\n    time: \"15:00-17:00\"\n---\nErste Zeile.\n\n"
BODY_LINE = FRONT.count("\n") - 1  # the body's first line ("Erste Zeile.")
# Each took from 19 s to minutes to render, or raised RecursionError.
PATHOLOGICAL = {
    "nested-brackets": "[" * 20000 + "x" + "]" * 20000,
    "open-images": "![" * 10000,
    "tab-nested-list": "".join("\t" * i + "- x\n" for i in range(250)),
    "open-brackets": "[" * 5000,
    "open-link-parens": "[x](" * 5000,
    "autolink-starts": "<http://" * 5000,
    "underscores": "_a" * 8000,
    "too-long": "Ein ganz normaler Satz. " * 2000,
    "nested-quotes": "> " * 300 + "x",
    "heading-lines": "#a\n" * 5000,  # the tables extension splits the rest of the block per heading
    "short-paragraphs": "~!\n\n" * 7000,
}
TIME_BOUND = 10.0  # generous: a noisy two-core machine; the renderer took 19 s to minutes


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_check_refuses_pathological_markdown_quickly(name, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    content = copy_base(tmp_path)
    (content / "quarters" / "nord" / "offers" / "cafe.md").write_text(
        FRONT + PATHOLOGICAL[name], encoding="utf-8")
    started = time.monotonic()
    run = cli("check", "--content", content)
    assert time.monotonic() - started < TIME_BOUND
    assert run.code == 1, run.err
    [error] = run.error_lines()
    assert error["path"] == "content/quarters/nord/offers/cafe.md"
    assert int(error["line"]) >= BODY_LINE, run.err
    assert "Traceback" not in run.err


def test_build_refuses_it_too_in_german(tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    content = copy_base(tmp_path)
    body = "Absatz.\n\n" + "".join("\t" * i + "- x\n" for i in range(250))
    (content / "quarters" / "nord" / "offers" / "cafe.md").write_text(FRONT + body, encoding="utf-8")
    run = cli(*build_args(content, tmp_path))
    assert run.code == 1, run.err
    [error] = run.error_lines()
    # The first line nested more than 20 levels deep: the 21st item (indented 20 tabs).
    assert (int(error["line"]), int(error["col"])) == (BODY_LINE + 4 + 20, 1)
    assert "Ebenen" in error["message"], error["message"]
    assert not (tmp_path / "output").exists()


NORMAL = """Treffpunkt [am Markt](https://example.org/markt "Marktplatz") – bring [Kuchen] mit
(oder [Kaffee](https://example.org/kaffee)), Fragen an [info@example.org](mailto:info@example.org).
Klammern [ohne Link] und ![Bild](https://example.org/x.png) und `[Code]` und \\[escaped\\].

""" + "".join("    " * i + f"- Ebene {i + 1} mit [Link](https://example.org/{i})\n" for i in range(10)) + """

> Zitat
> > im Zitat

| Tag | Zeit |
|-----|------|
| Mo  | [16:00](https://example.org/mo) |
"""


def test_a_normal_body_with_brackets_and_ten_list_levels_renders(tmp_path):
    assert body_problem(NORMAL) is None
    html = str(render_markdown(NORMAL))
    assert html.count("<ul>") == 10 and "Ebene 10" in html
    content = copy_base(tmp_path)
    (content / "quarters" / "nord" / "offers" / "cafe.md").write_text(FRONT + NORMAL, encoding="utf-8")
    run = cli(*build_args(content, tmp_path))
    assert run.code == 0, run.err
    page = (tmp_path / "output" / "de" / "nord" / "cafe" / "index.html").read_text(encoding="utf-8")
    assert "Ebene 10 mit" in page


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_texts_just_within_the_limits_render_within_the_bound(name):
    """The longest prefix of each pathological text that the limits let through renders in time."""
    text = PATHOLOGICAL[name]
    low, high = 0, len(text)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if body_problem(text[:mid]) is None else (low, mid)
    started = time.monotonic()
    render_markdown.__wrapped__(text[:low])
    assert time.monotonic() - started < TIME_BOUND
