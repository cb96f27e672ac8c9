"""``{% cache key, … %}…{% endcache %}``: render a template fragment once per build and key.

Board, week and filter pages of one quarter and language repeat the same pieces: the
place cards, the contacts, each offer card and each row of the week plan appear on the
board and on every filter page. Rendering such a piece once and reusing it is the
largest saving in the HTML stage. The key must name everything the fragment shows that
can differ between pages: the language, the page's folder when the fragment holds
relative links, the object shown. Everything else comes from the build, and the cache
is emptied at the start of every build (:func:`clear`), so a long-running ``serve``
never shows a fragment of an older build.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

# Fragments of one quarter are rendered close together (see the chunking in
# render/site.py), so a bounded cache keeps nearly all hits while memory stays flat.
MAX_ENTRIES = 20_000
_fragments: dict[Hashable, Markup] = {}


def clear() -> None:
    """Forget every fragment (called when a build starts)."""
    _fragments.clear()


class FragmentCache(Extension):
    """The ``cache`` tag."""

    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        parts = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            parts.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        key = nodes.Tuple([nodes.Const(parser.name), nodes.Const(lineno), *parts], "load")
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    @staticmethod
    def _cached(key: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        found = _fragments.get(key)
        if found is None:
            if len(_fragments) >= MAX_ENTRIES:
                _fragments.clear()
            found = _fragments[key] = Markup(caller())
        return found
