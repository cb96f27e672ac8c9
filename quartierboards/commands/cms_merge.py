"""Merge what the browser editor saves into the existing file (issue #26, backend groundwork).

Round-trip YAML keeps comments, key order, the ``# yaml-language-server`` line and every key
the editor does not know; only the values the editor sent change.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap


def _yaml() -> YAML:
    yaml = YAML(typ="rt")  # round-trip: never constructs arbitrary objects from untrusted text
    yaml.preserve_quotes = True
    yaml.width = 4096  # do not re-wrap long lines the author wrote
    return yaml


def _merge(target: CommentedMap, new: dict[str, Any]) -> None:
    """Set each new value in place; nested mappings merge, lists and scalars are replaced."""
    for key, value in new.items():
        old = target.get(key)
        if isinstance(old, CommentedMap) and isinstance(value, dict):
            _merge(old, value)
        elif old != value:
            target[key] = value


def merge_yaml(existing: str, new: dict[str, Any]) -> str:
    """The text of a YAML mapping file with ``new`` merged into ``existing``."""
    yaml = _yaml()
    data = yaml.load(existing) or CommentedMap()
    _merge(data, new)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def merge_front_matter(existing: str, new: dict[str, Any], body: str | None = None) -> str:
    """A Markdown file with ``new`` merged into its front matter and, if given, a new body."""
    head, sep, rest = existing.partition("\n---\n") if existing.startswith("---\n") else ("", "", existing)
    front = merge_yaml(head[4:] + "\n" if sep else "", new)
    text = rest if body is None else body
    return f"---\n{front}---\n{text}"
