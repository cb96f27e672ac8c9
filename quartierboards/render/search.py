"""The search index: Pagefind's files for every offer in every language, in ``output/pagefind/``.

Each offer page becomes one Pagefind record per language (title, summary, description,
place, quarter), made from its row (``render/offerdata.py``) rather than read back from the
written pages, so that neither pages taken over nor quarters an edit did not touch are read. Pagefind builds one
index per language (its ``language`` is the page's ``lang``); the easy-language
variant shares the German index and is told apart by its meta data ``lang``. The browser
loads these files only when the search box is used (``static/search.js``).

Pagefind matches the beginning of words: "Deutsch" finds "Deutschkurs", but "Kurs"
does not. For German, each record also carries the parts of its compound words after
each hyphenation point (pyphen's patterns: "Deutsch-kurs" → "kurs"), so that "Kurs"
finds "Deutschkurs" too.

The binary comes from PyPI (``pagefind[bin]``, locked like every package); nothing is
fetched at build or view time. Its files are the same for the same records except for
the order of the languages in ``pagefind-entry.json``, which is written again sorted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import Any

from quartierboards.content.structure import Site
from quartierboards.i18n import cldr
from quartierboards.render import urls
from quartierboards.render.offerdata import CityRows

# Pagefind's files that the search box uses; its own UIs (a few hundred kB) are left out.
_KEPT = re.compile(r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[a-z-]+\.pagefind"
                   r"|pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta|(?:index|fragment)/[^/]+")
_WORD = re.compile(r"\w{8,}")
MIN_PART = 4  # shorter parts ("Tee", "Nähe") would match far too much


@dataclass(frozen=True)
class Record:
    """One offer in one language, as Pagefind indexes it."""

    url: str
    content: str
    language: str
    meta: dict[str, str]  # "lang" tells the easy-language variant from its language (one index for both)


def records(site: Site, city: CityRows) -> list[Record]:
    """A record for every offer in every language of the site, in a fixed order (from *city*'s rows)."""
    found = []
    for lang in site.config.languages:
        german = cldr.html_lang(lang).split("-")[0] == "de"
        found += [_record(row, lang, german) for row in city.rows(lang)]
    return found


def _record(row: dict[str, Any], lang: str, german: bool) -> Record:
    place = row["place"]["name"] if row["place"] else ""
    text = [row["title"], row["summary"], row["description"], place, row["quarter_name"]]
    if german:
        text.append(" ".join(compound_parts(" ".join(text))))
    return Record(
        url=urls.public_path(urls.offer_page(lang, row["quarter"], row["offer"])),  # site root-relative
        content=" ".join(t for t in text if t),
        language=cldr.html_lang(lang).split("-")[0],
        # What a result shows: the offer, its quarter and place, its days and times.
        meta={"title": row["title"], "quarter": row["quarter_name"], "place": place, "when": row["when"],
              "lang": lang},
    )


@functools.cache
def _hyphenator() -> object:
    import pyphen  # WeasyPrint's hyphenation patterns, installed with it

    from quartierboards import hyphenation

    hyphenation.preload(["de_DE"])  # the patterns parsed once per machine, not once per build
    return pyphen.Pyphen(lang="de_DE")


def compound_parts(text: str) -> list[str]:
    """The tails of *text*'s long words after each hyphenation point, at least :data:`MIN_PART` letters.

    "Deutschkurs" → ["kurs"]; "Sitzgymnastik" → ["gymnastik", "nastik"]: the heads are found
    by Pagefind's prefix search already, the tails are what a German compound hides.
    """
    dic = _hyphenator()
    parts: dict[str, None] = {}
    for word in _WORD.findall(text):
        for cut in dic.positions(word):  # type: ignore[attr-defined]
            tail = word[cut:].lower()
            if len(tail) >= MIN_PART:
                parts[tail] = None
    return list(parts)


def search_key(found: list[Record]) -> str:
    """The key of an index of *found*: the records, and the Pagefind that indexes them."""
    digest = hashlib.sha256(f"pagefind {version('pagefind_bin')}".encode())
    for record in found:
        digest.update(json.dumps([record.url, record.content, record.language, record.meta],
                                 ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


ENTRY = f"{urls.SEARCH_DIR}/pagefind-entry.json"
# Files of one of Pagefind's language indexes: its meta data, index chunks, fragments and stemmer.
_LANGUAGE_FILE = re.compile(r"(?:pagefind\.|index/|fragment/)([a-z-]+)_[0-9a-f]+\.pf_[a-z]+|wasm\.([a-z-]+)\.pagefind")


def search_files(site: Site, city: CityRows, previous: dict[str, str],
                 read_previous: Callable[[str], bytes] | None = None) -> dict[str, tuple[str, bytes | None]]:
    """``pagefind/…`` files with their keys; data ``None`` when the last build's file is still right.

    Pagefind keeps one index per language, and each is made on its own: only the
    languages whose records changed (an offer's text, place or times in that language)
    are indexed again, the others are taken over with their part of
    ``pagefind-entry.json`` (read back with *read_previous*). A title edit in German
    indexes the German records, not all of them. The records hold no dates, so a new
    day changes nothing here. A language's meta file is keyed by its records and its
    bytes, its other files by their language and bytes: of a remade index, only the
    files that changed are written, and only they get a new key.
    """
    found = records(site, city)
    if not found:  # a city without offers (yet): no index, the search box stays a link to the list
        return {}
    old = {path: k for path, k in previous.items() if path.startswith(urls.SEARCH_DIR + "/")}
    last = _last_entry(old, read_previous)
    made: dict[str, tuple[str, bytes | None]] = {}
    languages: dict[str, Any] = {}
    common: dict[str, bytes] = {}  # Pagefind's script, worker and fallback stemmer: the same for every language
    header = {k: v for k, v in last.items() if k != "languages"}
    for part in _by_language(found):
        key = search_key(part)
        kept = _kept_language(key, old, last.get("languages", {}))
        if kept is not None:
            files, entries = kept
            made.update((path, (k, None)) for path, k in files.items())
            languages.update(entries)
            continue
        files_made = index_files(part)
        entry = json.loads(files_made.pop(ENTRY))
        header = {k: v for k, v in entry.items() if k != "languages"}
        languages.update(entry["languages"])
        for path, data in files_made.items():
            name = _language_of(path)
            if name in entry["languages"]:
                # The language's meta file carries its records' key; its other files only their
                # language, so that a file whose bytes did not change keeps its key too.
                made[path] = _keyed(key if _is_meta(path) else name, data, old.get(path))
            else:
                common[path] = data
    version_key = search_key([])
    if common:
        made.update((path, _keyed(version_key, data, old.get(path))) for path, data in common.items())
    else:  # every language taken over: so are Pagefind's own files
        made.update((path, (k, None)) for path, k in old.items()
                    if path not in made and path != ENTRY and k.partition(":")[0] == version_key)
    entry_data = _entry_bytes({**header, "languages": languages})
    made[ENTRY] = _keyed(version_key, entry_data, old.get(ENTRY))
    return made


def _by_language(found: list[Record]) -> list[list[Record]]:
    """*found* split into Pagefind's languages (the easy-language variant shares German's), in a fixed order."""
    parts: dict[str, list[Record]] = {}
    for record in found:
        parts.setdefault(record.language, []).append(record)
    return [parts[language] for language in sorted(parts)]


def _kept_language(key: str, old: dict[str, str], last_languages: dict[str, Any],
                   ) -> tuple[dict[str, str], dict[str, Any]] | None:
    """The last build's files of the language index whose records have *key*, and its entries, if all are there."""
    metas = {path for path, k in old.items() if k.partition(":")[0] == key and _is_meta(path)}
    names = {name for path in metas if (name := _language_of(path)) is not None}
    if not names or not names <= last_languages.keys():
        return None
    if any(f"{urls.SEARCH_DIR}/pagefind.{last_languages[name].get('hash')}.pf_meta" not in metas for name in names):
        return None
    files = {path: k for path, k in old.items() if _language_of(path) in names}
    return files, {name: last_languages[name] for name in names}


def _is_meta(path: str) -> bool:
    """Whether *path* is a language index's meta file (``pagefind/pagefind.<lang>_<hash>.pf_meta``)."""
    return path.startswith(f"{urls.SEARCH_DIR}/pagefind.") and path.endswith(".pf_meta")


def _language_of(path: str) -> str | None:
    """The language index that the search file *path* belongs to (``None`` for Pagefind's own files)."""
    match = _LANGUAGE_FILE.fullmatch(path.removeprefix(urls.SEARCH_DIR + "/"))
    return (match.group(1) or match.group(2)) if match else None


def _last_entry(old: dict[str, str], read_previous: Callable[[str], bytes] | None) -> dict[str, Any]:
    """The last build's ``pagefind-entry.json`` (empty if there is none or it cannot be read)."""
    if ENTRY not in old or read_previous is None:
        return {}
    try:
        entry = json.loads(read_previous(ENTRY))
    except (OSError, ValueError):
        return {}
    return entry if isinstance(entry, dict) and isinstance(entry.get("languages"), dict) else {}


def _keyed(key: str, data: bytes, last: str | None) -> tuple[str, bytes | None]:
    """A file's key (*key* and its digest), and its bytes, or ``None`` when the last build wrote the same."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{key}:{digest}", None if last is not None and last.partition(":")[2] == digest else data


def _entry_bytes(entry: dict[str, Any]) -> bytes:
    """``pagefind-entry.json`` in a fixed form (Pagefind writes its languages in hash-map order)."""
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def index_files(found: list[Record]) -> dict[str, bytes]:
    """Run Pagefind over *found*: its files by output path (below ``pagefind/``), deterministic.

    Each record is written as a small HTML page into a temporary folder for Pagefind's
    command line, which indexes them in parallel (its Python API took 0.1 s a record).
    """
    if not found:
        return {}
    with tempfile.TemporaryDirectory(prefix="qb-pagefind-", dir=scratch_dir(found)) as tmp:
        pages, out = Path(tmp, "pages"), Path(tmp, "out")
        for record in found:
            target = pages / record.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(record), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(pages), "--output-path", str(out)],
                       check=True, capture_output=True)
        made = {}
        for file in sorted(out.rglob("*")):
            path = file.relative_to(out).as_posix()
            if not file.is_file() or not _KEPT.fullmatch(path):
                continue
            data = file.read_bytes()
            if path == "pagefind-entry.json":
                data = _entry_bytes(json.loads(data))
            made[f"{urls.SEARCH_DIR}/{path}"] = data
    return made


# Pagefind's pages and its output, per record: the page, one fragment and its share of the
# index files, each taking at least a block. At 100 × 50 (35,000 records) about 300 MB.
_SCRATCH_PER_RECORD = 8 << 10
_MEMORY_FOLDER = "/dev/shm"


def scratch_dir(found: list[Record]) -> str | None:
    """Where Pagefind's pages and output go: memory (``/dev/shm``) when it has room, else the temp folder.

    Both are written and read once and then deleted. On a disk, making and removing
    their 70,000 files and 35,000 folders at 100 × 50 cost 20 CPU-seconds of the
    kernel's; in memory they cost about 2 (``docs/performance.md``).
    """
    need = len(found) * _SCRATCH_PER_RECORD + sum(len(r.content) for r in found) * 2
    try:
        if os.access(_MEMORY_FOLDER, os.W_OK) and shutil.disk_usage(_MEMORY_FOLDER).free > 2 * need:
            return _MEMORY_FOLDER
    except OSError:
        pass
    return None  # tempfile's choice: TMPDIR, else /tmp


def _page(record: Record) -> str:
    """*record* as the page Pagefind reads: its text, and its meta data in attributes.

    No Pagefind filters: their files' names change from run to run (hash-map order).
    """
    meta = "".join(f'<span data-pagefind-meta="{k}[data-v]" data-v="{escape(v)}"></span>'
                   for k, v in record.meta.items())
    return (f'<!doctype html><html lang="{record.language}"><head><meta charset="utf-8"></head><body>'
            f"<main data-pagefind-body><p>{escape(record.content)}</p>{meta}</main></body></html>")
