"""The search index: Pagefind's files for every offer in every language, in ``output/pagefind/``.

Each offer page becomes one Pagefind record per language (title, summary, description,
place, quarter), made from the content rather than read back from the written pages,
so that pages taken over from the last build need not be read. Pagefind builds one
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
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from importlib.metadata import version
from pathlib import Path

from quartierboards.content.structure import Offer, Site
from quartierboards.i18n import cldr
from quartierboards.render import urls
from quartierboards.render.describe import describe_days
from quartierboards.render.view import LangView

# Pagefind's files that the search box uses; its own UIs (a few hundred kB) are left out.
_KEPT = re.compile(r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[a-z-]+\.pagefind"
                   r"|pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta|(?:index|fragment)/[^/]+")
_TAGS = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w{8,}")
MIN_PART = 4  # shorter parts ("Tee", "Nähe") would match far too much


@dataclass(frozen=True)
class Record:
    """One offer in one language, as Pagefind indexes it."""

    url: str
    content: str
    language: str
    meta: dict[str, str]  # "lang" tells the easy-language variant from its language (one index for both)


def records(site: Site) -> list[Record]:
    """A record for every offer in every language of the site, in a fixed order."""
    found = []
    for lang in site.config.languages:
        view = LangView(site, lang)
        german = cldr.html_lang(lang).split("-")[0] == "de"
        for quarter in site.quarters.values():
            for offer in quarter.offers.values():
                found.append(_record(view, offer, german))
    return found


def _record(view: LangView, offer: Offer, german: bool) -> Record:
    site, lang = view.site, view.lang
    quarter = site.quarters[offer.quarter]
    place = view.place(offer.place_ref)
    title = view.plain(offer.text("title"))
    where = view.plain(quarter.data.name)
    text = [title, view.plain(offer.text("summary")), _TAGS.sub(" ", str(view.body(offer.bodies))),
            view.plain(place.data.name) if place else "", where]
    if german:
        text.append(" ".join(compound_parts(" ".join(text))))
    when = "; ".join(f"{describe_days(e, view)} {view.times(e.time[0], e.time[1])}"
                     for e in offer.data.schedule or [])
    return Record(
        url=urls.public_path(urls.offer_page(lang, offer.quarter, offer.slug)),  # site root-relative
        content=" ".join(t for t in text if t),
        language=cldr.html_lang(lang).split("-")[0],
        # What a result shows: the offer, its quarter and place, its days and times.
        meta={"title": title, "quarter": where, "place": view.plain(place.data.name) if place else "",
              "when": when, "lang": lang},
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


def search_key(city_key: str) -> str:
    """The key of the index: what the offers show, and the Pagefind that indexes them."""
    return hashlib.sha256(f"{city_key}\0pagefind {version('pagefind_bin')}".encode()).hexdigest()


def search_files(site: Site, key: str, previous: dict[str, str]) -> dict[str, tuple[str, bytes | None]]:
    """``pagefind/…`` files with their keys; data ``None`` when the last build's files are still right."""
    old = {path: k for path, k in previous.items() if path.startswith(urls.SEARCH_DIR + "/")}
    if old and all(k == f"{key}:{len(old)}" for k in old.values()):
        return {path: (k, None) for path, k in old.items()}
    made = index_files(records(site))
    return {path: (f"{key}:{len(made)}", data) for path, data in made.items()}


def index_files(found: list[Record]) -> dict[str, bytes]:
    """Run Pagefind over *found*: its files by output path (below ``pagefind/``), deterministic.

    Each record is written as a small HTML page into a temporary folder for Pagefind's
    command line, which indexes them in parallel (its Python API took 0.1 s a record).
    """
    with tempfile.TemporaryDirectory(prefix="qb-pagefind-") as tmp:
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


def _page(record: Record) -> str:
    """*record* as the page Pagefind reads: its text, and its meta data in attributes.

    No Pagefind filters: their files' names change from run to run (hash-map order).
    """
    meta = "".join(f'<span data-pagefind-meta="{k}[data-v]" data-v="{escape(v)}"></span>'
                   for k, v in record.meta.items())
    return (f'<!doctype html><html lang="{record.language}"><head><meta charset="utf-8"></head><body>'
            f"<main data-pagefind-body><p>{escape(record.content)}</p>{meta}</main></body></html>")
