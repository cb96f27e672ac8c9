"""``{% cache key, … %}…{% endcache %}``: render a template fragment once per build and key.

Board, week and filter pages of one quarter and language repeat the same pieces: the
place cards, the contacts, each offer card and each row of the week plan appear on the
board and on every filter page. Rendering such a piece once and reusing it is the
largest saving in the HTML stage. The key must name everything the fragment shows that
can differ between pages: the language, the page's folder when the fragment holds
relative links, the object shown. Everything else comes from the build, and the cache
is emptied at the start of every build (:func:`clear`), so a long-running ``serve``
never shows a fragment of an older build.

``{% keep identity, …, version %}…{% endkeep %}``: a fragment kept from one build to
the next. The city-wide list repeats every offer of the city on every page that lists
it, and an edit of one offer makes those pages again: with ``cache`` that rendered every
offer's row again (35,000 rows at 100 quarters × 50 offers × 7 languages). Its parts
before the last name the fragment (the language, the page's folder, the offer); the last
is its *version*, which must change whenever anything the fragment shows changes (a digest
of the row's data and its next date). A kept fragment is used only in builds with the
same *scope* (``Keys.global_key``: code, templates, catalogs, settings, the week), so
everything else a fragment shows may come from the build as with ``cache``. Forked
workers hand the fragments they made back to the build's process (:func:`hand_over`,
:func:`adopt`), which saves them in ``.cache/`` (:func:`finish`; JSON lines, never pickle).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import orjson
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

# Fragments of one quarter are rendered close together (see the chunking in
# render/site.py), so a bounded cache keeps nearly all hits while memory stays flat.
MAX_ENTRIES = 20_000
_fragments: dict[Hashable, Markup] = {}


# Kept fragments: their name ("template\x1fline\x1fpart\x1f…") → [version, HTML].
KEPT_FORMAT = 2
_kept: dict[str, list[str]] = {}
_kept_scope = ""
_made: dict[str, list[str]] = {}  # made in this process since the last hand_over()
_adopted = False  # the build's process got fragments made in this build


def clear() -> None:
    """Forget every fragment (called when a build starts)."""
    _fragments.clear()


def begin(scope: str, path: Path | None = None) -> None:
    """Start a build: forget its fragments; keep the kept ones made under *scope*.

    With *path*, the kept fragments are read from there (what :func:`finish` saved);
    without, those of the last build in this process (the live preview) are kept.
    """
    global _kept, _kept_scope, _adopted
    clear()
    _made.clear()
    _adopted = False
    if path is not None:
        _kept_scope, _kept = _read(path)
    if _kept_scope != scope:
        _kept = {}
    _kept_scope = scope


def _read(path: Path) -> tuple[str, dict[str, list[str]]]:
    """The scope and fragments *path* holds (none when it is missing, unreadable or of another format).

    One line of JSON per fragment after a line that names the format and scope: read
    and written line by line, so that tens of megabytes are never held twice.
    """
    found: dict[str, list[str]] = {}
    try:
        with path.open("rb") as lines:
            header = orjson.loads(lines.readline())
            if not isinstance(header, dict) or header.get("format") != KEPT_FORMAT:
                return "", {}
            for line in lines:
                name, version, html = orjson.loads(line)
                found[name] = [version, html]
    except (OSError, ValueError, TypeError):  # orjson.JSONDecodeError is a ValueError
        return "", {}
    return str(header.get("scope", "")), found


def hand_over() -> bytes:
    """The kept fragments this process made since the last call, for :func:`adopt` in the build's process."""
    data = orjson.dumps(_made) if _made else b""
    _made.clear()
    return data


def adopt(data: bytes) -> None:
    """Take over kept fragments a worker made (:func:`hand_over`)."""
    global _adopted
    if data:
        _kept.update(orjson.loads(data))
        _adopted = True


def finish(path: Path | None = None) -> None:
    """End a build: save the kept fragments to *path* when it made new ones (atomically)."""
    global _adopted
    adopt(hand_over())  # those made in this process
    if path is None or not _adopted:
        return
    _adopted = False
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):  # a cache: a build that cannot save it renders these again
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as out:
            out.write(orjson.dumps({"format": KEPT_FORMAT, "scope": _kept_scope}) + b"\n")
            for name, (version, html) in _kept.items():
                out.write(orjson.dumps([name, version, html]) + b"\n")
        os.replace(temporary, path)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


class FragmentCache(Extension):
    """The ``cache`` and ``keep`` tags."""

    tags = {"cache", "keep"}

    def parse(self, parser: Parser) -> nodes.Node:
        tag = next(parser.stream)
        lineno = tag.lineno
        parts = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            parts.append(parser.parse_expression())
        body = parser.parse_statements((f"name:end{tag.value}",), drop_needle=True)
        key = nodes.Tuple([nodes.Const(parser.name), nodes.Const(lineno), *parts], "load")
        method = "_cached" if tag.value == "cache" else "_kept"
        return nodes.CallBlock(self.call_method(method, [key]), [], [], body).set_lineno(lineno)

    @staticmethod
    def _cached(key: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        found = _fragments.get(key)
        if found is None:
            if len(_fragments) >= MAX_ENTRIES:
                _fragments.clear()
            found = _fragments[key] = Markup(caller())
        return found

    @staticmethod
    def _kept(key: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        name, version = "\x1f".join(map(str, key[:-1])), str(key[-1])
        kept = _kept.get(name)
        if kept is None or kept[0] != version:
            kept = _kept[name] = _made[name] = [version, caller()]
        return Markup(kept[1])
