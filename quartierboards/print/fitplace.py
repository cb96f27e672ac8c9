"""Where in the content a print product's text is too long: the file and line to shorten.

A layout only knows the text that ran outside the page (or that it needed more
pages). The editor needs the place they wrote it: the text is looked up in the
quarter's files, and a product that needs more pages points at the quarter's
``name``, the text every flyer and sticker sets largest.
"""

from __future__ import annotations

from pathlib import Path

from quartierboards.content.files import display_path
from quartierboards.content.yamlsrc import YamlError, parse_yaml
from quartierboards.errors import Location
from quartierboards.print.render import ProductResult

QUARTER_FILE = "quarter.yaml"
_SUFFIXES = (".yaml", ".md")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # the loader reported it already; the plain location will do
        return ""


def _find_text(folder: Path, content: Path, text: str) -> Location | None:
    """The first place (files in name order, ``quarter.yaml`` first) where *text* is written."""
    files = sorted((p for p in folder.rglob("*") if p.suffix in _SUFFIXES and p.is_file()),
                   key=lambda p: (p.name != QUARTER_FILE, p.as_posix()))
    for needle in (text, text.split()[0] if text.split() else ""):  # a hyphenated piece: its first word
        if len(needle) < 3:
            continue
        for path in files:
            source = _read(path)
            at = source.find(needle)
            if at >= 0:
                before = source[:at]
                return Location(display_path(path, content), before.count("\n") + 1, at - before.rfind("\n"))
    return None


def _name_location(path: Path, content: Path, lang: str) -> Location:
    """The quarter's ``name`` in *path* (in *lang* when it is given per language)."""
    shown = display_path(path, content)
    try:
        doc = parse_yaml(_read(path), shown)
    except YamlError:
        return Location(shown)
    if not isinstance(doc.data, dict) or "name" not in doc.data:
        return Location(shown)
    return doc.locate(("name", lang))


def fit_location(content: Path | None, result: ProductResult) -> Location:
    """The content file and line to shorten so that *result*'s product fits.

    *content*: the content folder (``None``: only the quarter's file is named, at 1:1).
    """
    slug = result.spec.quarter
    if content is None:
        return Location(f"content/quarters/{slug}/{QUARTER_FILE}")
    folder = content / "quarters" / slug
    for text in result.overflowing:
        found = _find_text(folder, content, text)
        if found is not None:
            return found
    return _name_location(folder / QUARTER_FILE, content, result.spec.lang)
