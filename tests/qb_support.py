"""Helpers shared by the test modules (imported as ``qb_support``; ``tests/`` is on sys.path)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from quartierboards.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content"
BASE = ROOT / "tests" / "bad_content" / "_base" / "content"
TODAY = dt.date(2026, 11, 30)
WEEKS = ["2026-W49", "2026-W50", "2026-W51", "2026-W52"]
ERROR_LINE = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


@dataclass
class Run:
    """Result of one in-process CLI call."""

    code: int
    out: str
    err: str

    def error_lines(self) -> list[re.Match[str]]:
        """The ``path:line:col: message`` lines of stderr (warnings not included)."""
        return [m for m in map(ERROR_LINE.match, self.err.splitlines())
                if m and not m["message"].startswith(("warning: ", "Warnung: "))]

    def warning_lines(self) -> list[str]:
        """The ``path:line:col: warning: message`` lines of stderr."""
        return [m.group(0) for m in map(ERROR_LINE.match, self.err.splitlines())
                if m and m["message"].startswith(("warning: ", "Warnung: "))]


def cli(*argv: str | Path) -> Run:
    """Run ``quartierboards <argv>`` in this process and capture its output.

    Anything but a normal return (an exception escaping ``main``) propagates, so a test
    sees a traceback as a failure.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return Run(code, out.getvalue(), err.getvalue())


def build_args(content: Path, dest: Path, today: dt.date = TODAY, *extra: str, keep: bool = False) -> list[str | Path]:
    """Arguments of a fast website-only build of *content* into ``dest/output``.

    ``--strict`` (a content error publishes nothing, exit 1) unless *keep*: most tests
    look at one error; ``tests/test_pipeline_keep.py`` at what a build keeps back.
    """
    return ["build", "--content", content, "--output", dest / "output", "--flyers", dest / "flyers",
            "--today", today.isoformat(), "--no-print", "--jobs", "1", *extra, *([] if keep else ["--strict"])]


def copy_base(dest: Path) -> Path:
    """A fresh copy of the tiny valid content tree; returns its ``content`` folder."""
    content = dest / "content"
    shutil.copytree(BASE, content, symlinks=True)
    return content


def tree(folder: Path) -> dict[str, bytes]:
    """All files below *folder* (relative POSIX path → bytes); hidden staging dirs included."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


class PageParser(HTMLParser):
    """Collects tags with attributes, and every <script> element with its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append((dict(attrs), ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse_page(html: str | bytes) -> PageParser:
    """Parse one HTML page."""
    parser = PageParser()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    parser.close()
    return parser


class _WeekParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict[str, object]] = []
        self._depth = 0  # <li> nesting inside the current item

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "li":
            if self._depth:
                self._depth += 1
            elif "item" in classes:
                self._depth = 1
                self.items.append({"cancelled": "cancelled" in classes})
            return
        if not self._depth:
            return
        item = self.items[-1]
        if tag == "time" and "datetime" not in item:
            item["datetime"] = a.get("datetime")
        if tag == "a" and "title" in classes and "href" not in item:
            item["href"] = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._depth:
            self._depth -= 1


def week_items(html: str) -> list[tuple[str, str, bool]]:
    """(datetime attribute, offer link, cancelled) of every item of a week plan."""
    parser = _WeekParser()
    parser.feed(html)
    return [(str(i.get("datetime")), str(i.get("href")), bool(i["cancelled"])) for i in parser.items]
