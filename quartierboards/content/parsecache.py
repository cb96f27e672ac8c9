"""The parse cache: YAML of content files that did not change since the last run is not parsed again.

Parsing is most of the loading time of a large site, and between two builds nearly
every file is unchanged. Entries are keyed by a hash of the file's path, line offset
and text, and hold the parsed data only: positions for error messages are worked out
again from the text when an error needs them (:class:`~quartierboards.content.yamlsrc.YamlDoc`).

The cache is JSON, not pickle: ``.cache/`` may come from a CI cache that other
branches wrote, and loading it must never run code. Each document is stored as a
JSON text of its own and decoded only when a file asks for it: an edit loads one
quarter, and decoding the whole cache (6 MB at 100 quarters × 50 offers) took
longer than loading that quarter.

A cache that lives on in memory (``serve``) also remembers the validated model of
each parsed document: its parsed data is the very same object from run to run, so
validating it again would give the same model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import orjson

from quartierboards.content.yamlsrc import YamlDoc, parse_yaml

_DATE = "\x00date"  # YAML keys cannot hold NUL: no content mapping looks like an encoded date
_MISSING = object()  # a document's data may be None (an empty file)
# 2: each document's data as a JSON text of its own; 3: leading-zero digits are text (yamlsrc);
# 4: strings cleaned, control characters refused (textclean)
FORMAT = 4
M = TypeVar("M")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _DATE in mapping:
        return dt.date.fromisoformat(mapping[_DATE])
    return mapping


class ParseCache:
    """Parsed YAML documents by content hash, persisted in one JSON file."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self._stored: dict[str, str] = {}  # key → the document's data as JSON text, as last saved
        self._data: dict[str, Any] = {}  # key → the data, once decoded or parsed (the same object from run to run)
        self._used: dict[str, str | None] = {}  # this run's keys → their JSON text (``None``: not encoded yet)
        # (model, id of the parsed data, validation context) → (the data, its model); memory only
        self._models: dict[tuple[type, int, Hashable], tuple[Any, Any]] = {}
        self._models_used: dict[tuple[type, int, Hashable], tuple[Any, Any]] = {}
        if path is not None:
            try:
                stored = orjson.loads(path.read_bytes())
                docs = stored.get("docs") if stored.get("format") == FORMAT else None
                if isinstance(docs, dict) and all(type(text) is str for text in docs.values()):
                    self._stored = docs
            except (OSError, ValueError, AttributeError):
                self._stored = {}

    def parse(self, text: str, path: str, line_offset: int = 0) -> YamlDoc:
        """Like :func:`~quartierboards.content.yamlsrc.parse_yaml`, from the cache when the text is known."""
        key = hashlib.blake2b(f"{path}\0{line_offset}\0{text}".encode(), digest_size=16).hexdigest()
        data = self._data.get(key, _MISSING)
        if data is _MISSING and self._stored.get(key) is not None:
            try:
                data = self._data[key] = json.loads(self._stored[key], object_hook=_decode)
            except ValueError:  # a damaged entry: parsed again below
                del self._stored[key]
        if data is not _MISSING:
            self._used[key] = self._stored.get(key)
            return YamlDoc(path=path, data=data, source=(text, line_offset))
        doc = parse_yaml(text, path, line_offset)  # raises YamlError: problems are never cached
        self._data[key] = doc.data
        self._used[key] = None
        return doc

    def validated(self, model: type[M], data: Any, context: Hashable, validate: Callable[[], M]) -> M:
        """*validate()* (the model of *data* under *context*), or its result from an earlier run.

        Only data this cache returned is the same object in the next run, so only that
        is found again; a validation error is raised, never remembered.
        """
        key = (model, id(data), context)
        hit = self._models.get(key) or self._models_used.get(key)
        if hit is None or hit[0] is not data:  # the data is kept in the value, so its id cannot be reused
            hit = (data, validate())
        self._models_used[key] = hit
        return hit[1]

    def save(self, keep_unused: bool = False) -> None:
        """Keep the entries used in this run for the next (files that are gone drop out), on disk with a path.

        *keep_unused*: keep the other entries too, for files this run did not read
        but the next may (the offers of quarters left unloaded).
        """
        used = {**self._stored, **self._used} if keep_unused else self._used
        changed = used.keys() != self._stored.keys()
        if self.path is not None:
            for key, text in used.items():
                if text is None:  # parsed in this run
                    used[key] = json.dumps(self._data[key], default=_encode, ensure_ascii=False,
                                           separators=(",", ":"))
        if changed:  # a long-running process (serve) keeps the data of the files still there
            self._data = {key: self._data[key] for key in used if key in self._data}
        self._stored, self._used = used, {}
        self._models, self._models_used = self._models_used, {}
        if self.path is None or not changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps({"format": FORMAT, "docs": used}))
        os.replace(tmp, self.path)
