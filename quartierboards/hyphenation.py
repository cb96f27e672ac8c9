"""Hyphenation patterns, parsed once per machine instead of once per process.

WeasyPrint hyphenates the print products with pyphen, and the search index splits
German compounds with it (``render/search.py``). pyphen parses a language's
``hyph_*.dic`` file line by line the first time a word needs breaking: about 0.4 s
for German in a print worker and 0.9 s beside a build's busy render workers, in every
such process of every build, which is a large part of an edit's flyers and search
index. The parsed patterns are kept as JSON beside the static font instances
(:mod:`quartierboards.usercache`) and put into pyphen's own cache before pyphen is
used. JSON, not pickle: a cache folder must never be able to run code. A cache file
that cannot be read is ignored and written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from quartierboards.usercache import store_json, user_cache_dir


def preload(langs: Iterable[str]) -> None:
    """Put the hyphenation patterns of *langs* into pyphen's cache (languages without patterns are skipped)."""
    import pyphen

    for lang in langs:
        name = pyphen.language_fallback(lang)
        path = pyphen.LANGUAGES.get(name) if name else None
        if path is None or path in pyphen.hdcache:
            continue
        pyphen.hdcache[path] = _patterns(Path(path))


def _cache_file(source: Path) -> Path:
    import pyphen

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    version = getattr(pyphen, "VERSION", getattr(pyphen, "__version__", "0"))
    return user_cache_dir() / "hyphenation" / f"{source.stem}-{digest}-pyphen{version}.json"


def _patterns(source: Path) -> Any:
    """pyphen's ``HyphDict`` for *source*: from the JSON copy, else parsed (and the copy written)."""
    import pyphen

    target = _cache_file(source)
    try:
        patterns = orjson.loads(target.read_bytes())
        if not (isinstance(patterns, dict) and patterns and _well_formed(patterns)):
            raise ValueError("not a pattern table")
    except (OSError, ValueError):
        parsed = pyphen.HyphDict(source)
        _store(target, parsed.patterns)
        return parsed
    restored = object.__new__(pyphen.HyphDict)
    restored.patterns = patterns  # [start, [values]] lists serve pyphen as its (start, (values)) tuples
    restored.cache = {}
    restored.maxlen = max(map(len, patterns))
    return restored


def _well_formed(patterns: dict[str, Any]) -> bool:
    """Whether every entry is ``[start, [int, ...]]``, as pyphen reads them (checked, not converted:
    building 66,000 tuples for German took 0.15 s of every print worker's start)."""
    entries = patterns.values()
    return (all(type(e) is list and len(e) == 2 and type(e[0]) is int and type(e[1]) is list for e in entries)
            and all(type(v) is int for e in entries for v in e[1]))


def _store(target: Path, patterns: dict[str, tuple[int, tuple[int, ...]]]) -> None:
    """Write *patterns* as JSON, unless a pattern carries a nonstandard hyphenation (not plain numbers)."""
    if any(type(value) is not int for _, values in patterns.values() for value in values):
        return
    store_json(target, patterns)
