"""Safe YAML parsing that remembers where every value came from.

PyYAML composes a node tree with line/column marks; we turn that tree into plain
Python values ourselves, so that each value's position is kept in a map keyed by
its path (``("schedule", 0, "time")``). Validation errors from the models carry
the same kind of path, which gives every error its ``line:col``.

We resolve plain scalars with the YAML 1.2 core schema instead of PyYAML's 1.1
defaults: ``no``/``yes``/``on`` stay strings (``wheelchair: no``), and ``10:00``
stays a string instead of becoming the sexagesimal number 600.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from quartierboards.content.textclean import CONTROL_HINT, clean_text, control_message, refused_character
from quartierboards.content.yamlhints import Hint, diagnose, nbsp_in_indentation, token_words
from quartierboards.errors import ContentError, Location
from quartierboards.i18n.messages import N_, tr

Path_ = tuple[str | int, ...]
# Content never nests deeper than a handful of levels; deeper input is an error, not a
# RecursionError in the parser or in validation.
MAX_DEPTH = 50


class _CoreLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema resolvers (plus ISO dates)."""


_CoreLoader.yaml_implicit_resolvers = {}
# One departure from the core schema: digits with a leading zero are text, not a number.
# Unquoted postcodes and phone numbers (``01067`` Dresden, ``0231 …``) keep their zero,
# instead of becoming 1067, or 567 as PyYAML's octal reading made of them.
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:timestamp", r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", list("0123456789")),
]
for _tag, _regex, _first in _RESOLVERS:
    _CoreLoader.add_implicit_resolver(_tag, re.compile(_regex), _first)

_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
MAX_NUMBER_CHARS = 100

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class YamlDoc:
    """A parsed YAML document: plain data plus where each value and key stands.

    A document taken from the parse cache has only its data; the positions are worked
    out from *source* (text and line offset) when an error needs them.
    """

    path: str
    data: Any
    _positions: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)
    _key_positions: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)
    source: tuple[str, int] | None = field(default=None, repr=False)

    def _parse_positions(self) -> None:
        text, offset = self.source or ("", 0)
        again = parse_yaml(text, self.path, offset)
        self._positions, self._key_positions = again.positions, again.key_positions

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        """Path of a value → (line, column)."""
        if self._positions is None:
            self._parse_positions()
        return self._positions  # type: ignore[return-value]

    @property
    def key_positions(self) -> dict[Path_, tuple[int, int]]:
        """Path of a mapping key → (line, column)."""
        if self._key_positions is None:
            self._parse_positions()
        return self._key_positions  # type: ignore[return-value]

    def locate(self, loc: Path_, *, key: bool = False) -> Location:
        """Location of the value (or with *key*, the key) at *loc*, or of its nearest parent."""
        table = self.key_positions if key else self.positions
        loc = tuple(loc)
        while loc:
            if loc in table:
                return Location(self.path, *table[loc])
            if loc in self.positions:
                return Location(self.path, *self.positions[loc])
            loc = loc[:-1]
        return Location(self.path, *self.positions.get((), (1, 1)))


class YamlError(Exception):
    """The file is not YAML we accept; carries one located error."""

    def __init__(self, error: ContentError):
        self.error = error
        super().__init__(error.format())


def parse_yaml(text: str, path: str, line_offset: int = 0) -> YamlDoc:
    """Parse *text* (one YAML document) into a :class:`YamlDoc`.

    *line_offset* is added to every line, for front matter that starts below line 1.
    Raises :class:`YamlError` on syntax errors, duplicate keys, aliases and custom tags.
    """
    spaces = nbsp_in_indentation(text)  # parses, or fails further on, but is never what the editor meant
    if spaces is not None:
        raise YamlError(_located(path, spaces, line_offset))
    fast = _compose_fast(text)
    if fast is not None:
        loader, node = fast
        try:
            return _build_doc(loader, node, path, line_offset)
        except YamlError:
            pass  # reported below, from the Python parser, like every other problem
        finally:
            loader.dispose()
    try:
        # The reader rejects control characters already while being constructed.
        loader = _CoreLoader(text)
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_error(path, text, exc, line_offset)) from None
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_error(path, text, exc, line_offset)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        found = diagnose(exc, text)
        if found is not None:
            raise YamlError(_located(path, found, line_offset)) from None
        raise YamlError(_syntax_error(path, line + line_offset, col, exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise YamlError(ContentError(Location(path, 1 + line_offset, 1),
                                     tr("invalid YAML: %(problem)s", problem=str(exc)))) from None
    except RecursionError:
        raise YamlError(ContentError(Location(path, 1 + line_offset, 1), _too_deep())) from None
    finally:
        loader.dispose()
    return _build_doc(loader, node, path, line_offset)


def _build_doc(loader: yaml.SafeLoader, node: yaml.Node | None, path: str, line_offset: int) -> YamlDoc:
    doc = YamlDoc(path=path, data=None, _positions={}, _key_positions={})
    if node is None:
        doc.data = {}
        doc.positions[()] = (1 + line_offset, 1)
        return doc
    builder = _Builder(loader, doc, line_offset)
    doc.data = builder.build(node, ())
    return doc


# libyaml composes about 20 times faster than the pure-Python parser. It is used for
# the common case of a file that parses; anything it rejects is parsed again by the
# Python parser, whose messages and positions the error reports are built on.
if getattr(yaml, "__with_libyaml__", False):

    class _CoreCLoader(yaml.CSafeLoader):  # type: ignore[misc,valid-type]
        """CSafeLoader with the same YAML 1.2 core-schema resolvers."""

    _CoreCLoader.yaml_implicit_resolvers = _CoreLoader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _CoreCLoader = None


def _compose_fast(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None] | None:
    """Compose *text* with libyaml, or ``None`` when unavailable or the text has a problem."""
    if _CoreCLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = _CoreCLoader(text)
    try:
        return loader, loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError):
        loader.dispose()
        return None


def _located(path: str, hint: Hint, line_offset: int) -> ContentError:
    return ContentError(Location(path, hint.line + line_offset, hint.col),
                        tr("invalid YAML: %(problem)s", problem=hint.message), hint.hint)


def _reader_error(path: str, text: str, exc: yaml.reader.ReaderError, line_offset: int) -> ContentError:
    before = text[: max(exc.position, 0)]
    line = before.count("\n") + 1 + line_offset
    col = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else 0
    return ContentError(Location(path, line, col),
                        tr("invalid YAML: control character %(char)s is not allowed", char=f"U+{char:04X}"),
                        tr(CONTROL_HINT))


def _too_deep() -> str:
    return tr("invalid YAML: nested more than %(depth)s levels deep", depth=MAX_DEPTH)


# PyYAML's descriptions of the problems editors meet most; the English text is the msgid.
_PROBLEMS = frozenset({
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("found unexpected end of stream"),
    N_("found unexpected ':'"),
    N_("found undefined alias"),
    N_("expected a single document in the stream"),
})
_PATTERNS = [
    (re.compile(r"^found character (?P<char>.+) that cannot start any token$"),
     N_("found character %(char)s that cannot start any token")),
    (re.compile(r"^found unknown escape character (?P<char>.+)$"), N_("found unknown escape character %(char)s")),
    (re.compile(r"^expected (?P<expected>.+), but found (?P<found>.+)$"),
     N_("expected %(expected)s, but found %(found)s")),
    (re.compile(r"^expected (?P<expected>.+), but got (?P<found>.+)$"),
     N_("expected %(expected)s, but got %(found)s")),
]


def _problem_text(problem: str) -> str | None:
    """PyYAML's *problem* in the editor's language; ``None`` when it would keep parser words."""
    if problem in _PROBLEMS:
        return tr(problem)
    for pattern, msgid in _PATTERNS:
        match = pattern.match(problem)
        if match:
            values = match.groupdict()
            if "expected" in values:  # parser tokens ("<block end>", "'<scalar>'") in words
                words = {k: token_words(v) for k, v in values.items() if k != "char"}
                if None in words.values():
                    return None
                values.update(words)  # type: ignore[arg-type]
            return tr(msgid, **values)
    return None


def _syntax_error(path: str, line: int, col: int, exc: yaml.MarkedYAMLError) -> ContentError:
    problem = (exc.problem or exc.context or "").strip()
    hint = tr("Check indentation, colons and quotes around this line.")
    if "\t" in problem or "'\\t'" in problem:
        text = tr("invalid YAML: tab character used for indentation")
        hint = tr("Indent with spaces, not tabs.")
    elif "another document" in problem:
        text = tr("invalid YAML: a second YAML document ('---') in one file")
        hint = tr("Remove the '---' line; every file holds exactly one set of fields.")
    else:
        if "mapping values are not allowed" in problem:
            hint = tr('A value containing ": " must be quoted, e.g. title: "Treff: Kaffee".')
        said = _problem_text(problem) if problem else None
        text = tr("invalid YAML: %(problem)s", problem=said) if said else tr("invalid YAML")
    return ContentError(Location(path, line, col), text, hint)


_STR = "tag:yaml.org,2002:str"


class _Builder:
    def __init__(self, loader: _CoreLoader, doc: YamlDoc, line_offset: int):
        self.loader = loader
        self.doc = doc
        self.offset = line_offset
        self.seen: set[int] = set()

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def _fail(self, node: yaml.Node, message: str, hint: str = "") -> YamlError:
        return YamlError(ContentError(Location(self.doc.path, *self._pos(node)), message, hint))

    def _key(self, node: yaml.ScalarNode) -> str:
        """A key that YAML reads as a number, date or the like, as text (``2026-12-05``);
        one that is no valid such value (``2026-13-45``) as written: keys are only names."""
        try:
            return str(self.loader.construct_object(node))
        except (yaml.YAMLError, ValueError):
            return str(node.value)

    def _text(self, node: yaml.Node, value: str) -> str:
        """*value* cleaned (:mod:`~quartierboards.content.textclean`); a control character that a
        YAML escape (``"\\x01"``) put into it is refused at the value's position."""
        bad = refused_character(value)
        if bad is not None:
            raise self._fail(node, control_message(value[bad]), tr(CONTROL_HINT))
        return clean_text(value)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if len(path) > MAX_DEPTH:
            raise self._fail(node, _too_deep())
        if id(node) in self.seen:
            raise self._fail(node, tr("YAML anchors and aliases (&, *) are not supported"),
                             tr("Write the value out in full."))
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise self._fail(node, tr("YAML tag %(tag)s is not allowed", tag=repr(node.tag)))
        self.doc.positions[path] = self._pos(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, tr("a key must be a plain word"))
                key = self._text(key_node, key_node.value if key_node.tag == _STR else self._key(key_node))
                if key in result:
                    raise self._fail(key_node, tr("duplicate key '%(key)s'", key=key),
                                     tr("Each key may appear only once; remove one of them."))
                self.doc.key_positions[path + (key,)] = self._pos(key_node)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return self._text(node, node.value)  # what construct_yaml_str returns, without PyYAML's machinery
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
            # int() refuses 4300 digits with advice for programmers; no content number is this long
            raise self._fail(node, tr("number is too long (%(count)s characters, at most %(limit)s)",
                                      count=len(node.value), limit=MAX_NUMBER_CHARS),
                             tr("Put text in quotes."))
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                raise self._fail(node, tr("invalid date '%(value)s': %(reason)s", value=node.value,
                                          reason=_date_reason(str(exc)))) from None
            raise self._fail(node, tr("invalid value: %(detail)s", detail=str(exc))) from None


# Why Python refuses a date, in words we can translate.
_DATE_REASONS = {
    "day is out of range for month": N_("day is out of range for month"),
    "month must be in 1..12": N_("month must be in 1..12"),
    "year 0 is out of range": N_("year 0 is out of range"),
}


def _date_reason(reason: str) -> str:
    for english, msgid in _DATE_REASONS.items():
        if reason.startswith(english):
            return tr(msgid)
    return reason
