"""The key memo: each quarter's keys from the last build, under the key of what they were made from.

Loading is a fifth of an edit's time at 100 quarters, and nearly all of it goes to
quarters nobody touched. For each quarter the memo stores its
:meth:`~quartierboards.render.keys.Keys.sources_key` (the code, templates, date and
site settings; the bytes of every file of the quarter; the data of the other
quarters' places it names) with the keys the build made from them. When a quarter's
sources key is the same in the next build, so are its keys, and its content
loaded without problems last time: the loader leaves its offers and news unloaded
(:meth:`~quartierboards.content.structure.Quarter.defer`), and the build takes its
files over by these keys.

The memo is a cache like the parse cache: a pure function of the content, kept
in ``.cache/`` and stored as JSON (never pickle: ``.cache/`` may come from a CI
cache). It does not describe the output folders; the build index does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import orjson

from quartierboards.content.sources import SourceDigests
from quartierboards.content.structure import Quarter, Site
from quartierboards.render.keys import Keys, foreign_places

FORMAT = 1


class KeyMemo:
    """Quarters' keys by sources key, read from and saved to *path* (or, without one, kept in memory).

    *records*, for a memo in memory: what :attr:`records` gave after the last build.
    The memo also keeps the quarters' source digests by ``stat`` (:attr:`sources`).
    """

    def __init__(self, path: Path | None, today: str, templates_dir: str | None,
                 records: dict[str, dict] | None = None):
        self.path = path
        self.today, self.templates_dir = today, templates_dir
        self._keys: Keys | None = None
        stored = records or {}
        if path is not None:
            stored = _read(path)
        self._old: dict[str, dict] = _entries(stored.get("quarters"), _valid)
        self._old_sources: dict[str, list[str]] = _entries(stored.get("sources"), _valid_digest)
        self.sources = SourceDigests(self._old_sources)

    @property
    def records(self) -> dict[str, dict]:
        """What the memo holds as of the last :meth:`save` (for a memo in memory, to hand to the next one)."""
        return {"quarters": self._old, "sources": self._old_sources}

    def keys(self, site: Site) -> Keys:
        """The build's :class:`Keys` (one for the whole build: the memo saves what it made)."""
        if self._keys is None or self._keys.site is not site:
            self._keys = Keys(site, self.today, self.templates_dir)
        return self._keys

    def defer(self, site: Site, quarter: Quarter) -> dict[str, str] | None:
        """The keys of *quarter* from the last build when its sources key is unchanged, else ``None``.

        Meant as the loader's *defer*: *site* holds the settings and places of every quarter.
        """
        record = self._old.get(quarter.slug)
        if record is None or quarter.sources is None:
            return None
        if self.keys(site).sources_key(quarter, record["foreign"]) != record["sources"]:
            return None
        return dict(record["keys"])

    def save(self, site: Site) -> None:
        """Record the keys this build made for each quarter (after it succeeded: the content is valid)."""
        keys = self.keys(site)
        quarters = {}
        for slug, quarter in site.quarters.items():
            if quarter.sources is None:
                continue
            # A deferred quarter's files are as last time, so are the places it names.
            foreign = self._old[slug]["foreign"] if quarter.deferred else foreign_places(quarter)
            made = keys.made(quarter)
            if made:
                quarters[slug] = {"sources": keys.sources_key(quarter, foreign), "foreign": foreign, "keys": made}
        sources = dict(self.sources.records)
        if quarters == self._old and sources == self._old_sources:
            return
        self._old, self._old_sources = quarters, sources
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps({"format": FORMAT, "quarters": quarters, "sources": sources},
                                     option=orjson.OPT_SORT_KEYS))
        os.replace(tmp, self.path)


def _read(path: Path) -> dict:
    """The memo stored at *path*; empty when it is missing, damaged or of another format."""
    try:
        stored = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) and stored.get("format") == FORMAT else {}


def _entries(value: object, valid: Callable[[object], bool]) -> dict:
    """The entries of the mapping *value* that are *valid* (nothing when it is no mapping)."""
    return {name: record for name, record in value.items() if valid(record)} if isinstance(value, dict) else {}


def _valid_digest(record: object) -> bool:
    return isinstance(record, list) and len(record) == 2 and all(isinstance(part, str) for part in record)


def _valid(record: object) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("sources"), str)
            and isinstance(record.get("foreign"), list) and all(isinstance(r, str) for r in record["foreign"])
            and isinstance(record.get("keys"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in record["keys"].items()))
