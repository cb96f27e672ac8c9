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
    """The key of the index: the records, and the Pagefind that indexes them."""
    digest = hashlib.sha256(f"pagefind {version('pagefind_bin')}".encode())
    for record in found:
        digest.update(json.dumps([record.url, record.content, record.language, record.meta],
                                 ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


def search_files(site: Site, city: CityRows, previous: dict[str, str]) -> dict[str, tuple[str, bytes | None]]:
    """``pagefind/…`` files with their keys; data ``None`` when the last build's file is still right.

    The index is made again only when a record changed (an offer's text, place or
    times), not every day: the records hold no dates. A file's key is the index's key
    and its bytes' digest, so that, of a remade index, only the files that changed are
    written (Pagefind splits it into fragments per page).
    """
    found = records(site, city)
    key = search_key(found)
    old = {path: k for path, k in previous.items() if path.startswith(urls.SEARCH_DIR + "/")}
    if old and all(k.partition(":")[0] == key for k in old.values()):
        return {path: (k, None) for path, k in old.items()}
    made = {}
    for path, data in index_files(found).items():
        digest = hashlib.sha256(data).hexdigest()
        same = old.get(path, "").partition(":")[2] == digest
        made[path] = (f"{key}:{digest}", None if same else data)
    return made


def index_files(found: list[Record]) -> dict[str, bytes]:
    """Run Pagefind over *found*: its files by output path (below ``pagefind/``), deterministic.

    Each record is written as a small HTML page into a temporary folder for Pagefind's
    command line, which indexes them in parallel (its Python API took 0.1 s a record).
    """
    if not found:  # a city without offers (yet): no index, the search box stays a link to the list
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
            if path == "pagefind-entry.json":  # its languages come in hash-map order
                data = json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False,
                                  separators=(",", ":")).encode()
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
