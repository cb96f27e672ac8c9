"""Merge what the browser editor saves into the existing file (issue #26, backend groundwork).

Round-trip YAML keeps comments, key order, the ``# yaml-language-server`` line and every key
the editor does not know; only the values the editor sent change.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap


def _yaml() -> YAML:
    yaml = YAML(typ="rt")  # round-trip: never constructs arbitrary objects from untrusted text
    yaml.preserve_quotes = True
    yaml.width = 4096  # do not re-wrap long lines the author wrote
    return yaml


# The fields the editor's form has, by name, each with the fields below it ({} for a plain value).
Known = dict[str, "Known"]


def is_text_map(value: Any, languages: frozenset[str], default: str) -> bool:
    """Whether *value* is a translatable text written as a map ``{de: …, ar: …}``."""
    return (isinstance(value, dict) and bool(value) and default in value
            and all(isinstance(k, str) and k in languages for k in value)
            and all(isinstance(v, str) for v in value.values()))


def _same(a: Any, b: Any) -> bool:
    """Equal as content: a date and its ``YYYY-MM-DD`` text, ``di`` and ``tue``, ``first mi`` and ``first wed``."""
    return _canon(a) == _canon(b)


def _canon(value: Any, key: Any = None) -> Any:
    import datetime as dt

    from quartierboards.content.fields import parse_weekday

    try:
        if key == "weekly":
            return sorted({parse_weekday(v) for v in (value if isinstance(value, list) else [value])})
        if key == "monthly" and isinstance(value, str):
            ordinal, _, day = value.lower().partition(" ")
            return (ordinal, parse_weekday(day))
    except Exception:  # noqa: BLE001 - not a weekday: compared as written
        pass
    if isinstance(value, dict):
        return {k: _canon(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) == 1 and not isinstance(value[0], dict | list):
            return _canon(value[0])  # `audience: everyone` is `audience: [everyone]`
        return [_canon(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def styled(value: Any, key: Any = None) -> Any:
    """A value from the form written as the editors' guide writes it by hand.

    Times in quotes (``time: "16:00-18:00"``), dates as plain dates, lists of weekdays
    and dates in one line (``weekly: [mo, di]``).
    """
    import datetime as dt

    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = styled(v, k)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(styled(v, key) for v in value)
        if all(not isinstance(v, dict | list) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        if key == "time" or ":" in value and value[:1].isdigit():
            return DoubleQuotedScalarString(value)
    return value


def _merge(target: CommentedMap, new: dict[str, Any], known: Known | None = None,
           languages: frozenset[str] = frozenset(), default: str = "") -> None:
    """Set each new value in place; nested mappings merge, lists and scalars are replaced.

    A key of the form (*known*) that the editor no longer sends was emptied there and is
    removed; keys the form does not have stay. A text written by hand as a map of languages
    keeps its other languages when the form changed the default language's text.
    """
    for key, value in new.items():
        old = target.get(key)
        if languages and is_text_map(old, languages, default) and isinstance(value, str):
            if old[default] != value:
                old[default] = value
        elif isinstance(old, CommentedMap) and isinstance(value, dict):
            _merge(old, value, (known or {}).get(key) or None, languages, default)
        elif not _same({key: old}, {key: value}):
            target[key] = styled(value, key)
    if known:
        for key in [k for k in target if k in known and k not in new]:
            del target[key]


def yaml_like(existing: str) -> YAML:
    """A round-trip YAML that writes lists as *existing* has them (indented under their key, as the
    guide writes them, unless the file starts its lists at the key's column)."""
    yaml = _yaml()
    if not re.search(r"^- ", existing, re.MULTILINE):
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def merge_yaml(existing: str, new: dict[str, Any], known: Known | None = None,
               languages: frozenset[str] = frozenset(), default: str = "") -> str:
    """The text of a YAML mapping file with ``new`` merged into ``existing`` (see :func:`_merge`)."""
    yaml = yaml_like(existing)
    data = yaml.load(existing)
    # a file of comments only (the yaml-language-server line of a new file) keeps them on top
    head = existing if data is None and existing.strip() else ""
    data = data if data is not None else CommentedMap()
    _merge(data, new, known, languages, default)
    out = io.StringIO()
    yaml.dump(data, out)
    return head + out.getvalue()


def split_front_matter(text: str) -> tuple[str, str]:
    """The front matter's YAML (without the ``---`` lines) and the body of a Markdown file."""
    if not text.startswith("---\n"):
        return "", text
    head, sep, rest = text[4:].partition("\n---\n")
    if not sep:
        if head.endswith("\n---"):
            return head[:-4] + "\n", ""
        return "", text
    return head + "\n", rest


def merge_front_matter(existing: str, new: dict[str, Any], body: str | None = None, known: Known | None = None,
                       languages: frozenset[str] = frozenset(), default: str = "") -> str:
    """A Markdown file with ``new`` merged into its front matter and, if given, a new body."""
    head, rest = split_front_matter(existing)
    front = merge_yaml(head, new, known, languages, default)
    text = rest if body is None else body
    return f"---\n{front}---\n{text}"


def load_yaml(text: str) -> Any:
    """Round-trip parse of *text* (the editor's save: dates stay dates, as in a hand-written file)."""
    return _yaml().load(text)


def dump_yaml(data: Any) -> str:
    """*data* as YAML text (round-trip: comments on loaded nodes stay)."""
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()
