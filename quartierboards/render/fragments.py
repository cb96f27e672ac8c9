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
A version of ``None`` keeps nothing: the fragment is cached for the build only.

``{% keep identity, …, version on shelf %}``: kept on a shelf of its own, a file read
only when a page asks for one of its fragments. The boards, filter pages and week pages
of a quarter keep their week plan's items and offer cards on the quarter's shelf (their
version is the quarter's content), so the next day's build, which makes those pages
again for their "Today", renders only what shows the day; an edit reads and writes one
quarter's shelf, not the whole city's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Hashable, Iterable
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


# Kept fragments by shelf: the main shelf ("") and one per quarter (``{% keep … on quarter.slug %}``).
# A shelf maps a fragment's name ("template\x1fline\x1fpart\x1f…") to [version, HTML].
KEPT_FORMAT = 2
MAIN = ""
_shelves: dict[str, dict[str, list[str]]] = {}
_kept_scope = ""
_kept_path: Path | None = None  # the main shelf's file; the others in a folder beside it
_made: dict[str, dict[str, list[str]]] = {}  # made in this process since the last hand_over(), by shelf
_adopted: dict[str, dict[str, list[str]]] = {}  # made in this build (by workers too), to be saved by finish()
_adopted_bytes = 0
_touched: set[str] = set()  # the quarters' shelves asked for since the last hand_over()
# Above this many bytes of adopted fragments, the quarters' shelves are saved and let go of: a
# cold build's workers hand back about 140 MB of them at 100 quarters × 50 offers.
ADOPTED_LIMIT = 32 << 20
# A quarter's shelf holds at most about this many characters of HTML (about 1.4 MB at 50 offers):
# beyond, its fragments are made for the build only, so that a quarter of 10,000 offers does not
# hold all its pieces in every worker and in the build's process.
SHELF_LIMIT = 16 << 20
_shelf_sizes: dict[str, int] = {}
_SHELF_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def clear() -> None:
    """Forget every fragment (called when a build starts)."""
    _fragments.clear()


def begin(scope: str, path: Path | None = None) -> None:
    """Start a build: forget its fragments; keep the kept ones made under *scope*.

    With *path*, the kept fragments are read from there (what :func:`finish` saved): the
    main shelf at once (the forked workers share it), a quarter's shelf when a page first
    asks for it. Without, the main shelf of the last build in this process is kept (the
    live preview); the quarters' shelves are not kept in memory from one build to the next.
    """
    global _kept_scope, _kept_path, _adopted_bytes
    clear()
    _made.clear()
    _adopted.clear()
    _adopted_bytes = 0
    _touched.clear()
    _shelf_sizes.clear()
    main = _shelves.get(MAIN, {}) if path is None and _kept_scope == scope else {}
    _shelves.clear()
    _kept_path = path
    if path is not None:
        found_scope, main = _read(path)
        if found_scope != scope:
            main = {}
    _kept_scope = scope
    _shelves[MAIN] = main


def shelf_file(path: Path, shelf: str) -> Path:
    """Where the fragments of *shelf* are kept, given the main shelf's file *path*."""
    if shelf == MAIN:
        return path
    name = shelf if _SHELF_NAME.fullmatch(shelf) else hashlib.sha256(shelf.encode()).hexdigest()[:32]
    return path.with_suffix("") / f"{name}.json"


def _shelf(shelf: str) -> dict[str, list[str]]:
    """The kept fragments of *shelf*, read on first use (none when made under another scope)."""
    found = _shelves.get(shelf)
    _touched.add(shelf)
    if found is None:
        found = {}
        if _kept_path is not None and shelf != MAIN:
            scope, found = _read(shelf_file(_kept_path, shelf))
            if scope != _kept_scope:
                found = {}
        _shelves[shelf] = found
        _shelf_sizes[shelf] = sum(len(html) for _, html in found.values())
    return found


def _let_go(shelf: str) -> None:
    del _shelves[shelf]
    _shelf_sizes.pop(shelf, None)


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
    """The kept fragments this process made since the last call, for :func:`adopt` in the build's process.

    The quarters' shelves not asked for since the last call are let go of: a worker
    renders the city quarter by quarter and would hold them all otherwise.
    """
    data = orjson.dumps(_made) if _made else b""
    _made.clear()
    for shelf in [s for s in _shelves if s != MAIN and s not in _touched]:
        _let_go(shelf)
    _touched.clear()
    return data


def adopt(data: bytes) -> None:
    """Take over kept fragments a worker made (:func:`hand_over`); the quarters' are saved now and then."""
    global _adopted_bytes
    if data:
        for shelf, made in orjson.loads(data).items():
            _adopted.setdefault(shelf, {}).update(made)
        _adopted_bytes += len(data)
        if _adopted_bytes > ADOPTED_LIMIT and _kept_path is not None:
            _save_adopted(_kept_path, main=False)


def finish(path: Path | None = None) -> None:
    """End a build: save each shelf that got new fragments to *path* or beside it (atomically).

    A quarter's shelf is read only now when no page of this process asked for it: what it
    kept from earlier builds of the scope stays (pages taken over may need it later).
    """
    adopt(hand_over())  # those made in this process
    if path is None:  # the live preview: only the main shelf is kept, in memory
        _shelf(MAIN).update(_adopted.get(MAIN, {}))
        _adopted.clear()
    else:
        _save_adopted(path, main=True)
    for shelf in [s for s in _shelves if s != MAIN]:  # read for this build's pages: let go of
        _let_go(shelf)


def forget(path: Path, shelves: Iterable[str]) -> None:
    """Delete the files of *shelves* beside the main shelf's file *path* (a deleted or renamed quarter's)."""
    for shelf in shelves:
        if shelf != MAIN:
            with contextlib.suppress(OSError):  # a cache: one left behind is only read for that shelf
                shelf_file(path, shelf).unlink(missing_ok=True)


def _save_adopted(path: Path, main: bool) -> None:
    """Save the shelves that got new fragments (the main one too when *main*); let go of the quarters'."""
    global _adopted_bytes
    for shelf in [s for s in _adopted if main or s != MAIN]:
        kept = _shelf(shelf)
        kept.update(_adopted.pop(shelf))
        _save(shelf_file(path, shelf), kept)
        if shelf != MAIN:
            _let_go(shelf)
    _adopted_bytes = 0


def _save(path: Path, kept: dict[str, list[str]]) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):  # a cache: a build that cannot save it renders these again
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as out:
            out.write(orjson.dumps({"format": KEPT_FORMAT, "scope": _kept_scope}) + b"\n")
            for name, (version, html) in kept.items():
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
        shelf: nodes.Expr = nodes.Const(MAIN)
        if tag.value == "keep" and parser.stream.skip_if("name:on"):
            shelf = parser.parse_expression()
        body = parser.parse_statements((f"name:end{tag.value}",), drop_needle=True)
        key = nodes.Tuple([nodes.Const(parser.name), nodes.Const(lineno), *parts], "load")
        if tag.value == "cache":
            return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)
        return nodes.CallBlock(self.call_method("_kept", [key, shelf]), [], [], body).set_lineno(lineno)

    @staticmethod
    def _cached(key: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        found = _fragments.get(key)
        if found is None:
            if len(_fragments) >= MAX_ENTRIES:
                _fragments.clear()
            found = _fragments[key] = Markup(caller())
        return found

    @staticmethod
    def _kept(key: tuple[Any, ...], shelf: str, caller: Callable[[], str]) -> Markup:
        if key[-1] is None or (shelf != MAIN and _kept_path is None):
            # No version known (a page rendered outside a build), or a quarter's piece in the live
            # preview, which keeps only the main shelf: made for this build only.
            return FragmentCache._cached((shelf, *key), caller)
        name, version = "\x1f".join(map(str, key[:-1])), str(key[-1])
        kept_here = _shelf(shelf)
        kept = kept_here.get(name)
        if kept is None or kept[0] != version:
            if shelf != MAIN and _shelf_sizes[shelf] > SHELF_LIMIT:  # a very large quarter
                return FragmentCache._cached((shelf, *key), caller)
            kept = kept_here[name] = [version, caller()]
            _made.setdefault(shelf, {})[name] = kept
            if shelf != MAIN:
                _shelf_sizes[shelf] += len(kept[1])
        return Markup(kept[1])
