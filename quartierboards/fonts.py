"""Fonts for the print products: only from the project's own dependencies.

The PyPI packages ``fontpkg-noto-sans`` (Latin incl. German and Turkish letters,
Cyrillic) and ``fontpkg-noto-sans-arabic`` (Arabic, Persian) ship the font files.
They are registered under family names of our own (``QB Sans``, ``QB Arabic``), so
fontconfig can never swap in a system font of the same name, and the embedded
font names in every PDF show where a glyph came from (preflight checks them).

The packages ship variable fonts. PDFs need static ones, and WeasyPrint would make
them with fontTools for every PDF (most of the time of a flyer), so static instances
of the weights we use are made once and kept in a cache folder (:func:`cache_dir`).

One WeasyPrint ``FontConfiguration`` and one parsed font stylesheet are shared
per process: parsing ``@font-face`` and loading the faces happens once per worker.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from quartierboards.i18n.messages import tr
from quartierboards.usercache import user_cache_dir

# (Python package, our family name), in fallback order.
FONT_PACKAGES: tuple[tuple[str, str], ...] = (
    ("fontpkg_noto_sans", "QB Sans"),
    ("fontpkg_noto_sans_arabic", "QB Arabic"),
)
FAMILY_NAMES: tuple[str, ...] = tuple(name for _, name in FONT_PACKAGES)
# How the embedded fonts are named in the PDF (``ABCDEF+QB-Sans-Bold``).
PDF_FONT_PREFIXES: tuple[str, ...] = tuple(name.replace(" ", "-") for name in FAMILY_NAMES)

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


class FontsMissing(RuntimeError):
    """A font package is not installed (a broken installation, not a content error)."""


@dataclass(frozen=True)
class FontFace:
    """One static font file, registered under *family* for *weight*."""

    family: str
    weight: int
    path: Path


WEIGHTS = (400, 600, 800)  # regular, semibold, bold; CSS 700 resolves to 800


def cache_dir() -> Path:
    """Where static font instances are kept."""
    return user_cache_dir() / "fonts"


@lru_cache(maxsize=1)
def variable_fonts() -> tuple[tuple[str, Path], ...]:
    """(family, path) of the upright variable font of each font package, found via the package."""
    found = []
    for module_name, family in FONT_PACKAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise FontsMissing(tr("font package '%(package)s' is not installed; run: %(command)s",
                                  package=module_name.replace("_", "-"), command=".venv/bin/pip install -e .")) from exc
        root = Path(getattr(module, "ROOT", Path(module.__file__ or "").parent))
        files = [p for p in sorted((root / "files").glob("*.[ot]tf")) if "italic" not in p.name.lower()]
        if not files:
            raise FontsMissing(tr("no font files in %(folder)s", folder=root / "files"))
        found.append((family, files[0]))
    return tuple(found)


# Part of every instance's file name: a new value makes caches of earlier versions unused
# (2: instances keep the source font's timestamps; version 1 had the time they were made).
INSTANCE_FORMAT = 2


def _instance(source: Path, weight: int) -> Path:
    """A static instance of the variable font *source* at *weight*, made once and cached.

    WeasyPrint would instantiate the variable font for every PDF (fontTools, slow);
    a static font is only subset (HarfBuzz, fast). Same input, same bytes, on any
    machine and at any time: the ``head`` table, which every PDF embeds, keeps the
    source font's ``created`` and ``modified`` dates instead of the time it was made.
    """
    from fontTools import version as fonttools_version

    target = cache_dir() / (f"{source.stem.split('[')[0]}-{_digest(source)}-ft{fonttools_version}"
                            f"-v{INSTANCE_FORMAT}-w{weight}.ttf")
    if target.is_file():
        return target
    # fontTools' instancer takes 0.1 s to import: only when an instance is made, not in every build.
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    # recalcTimestamp=False: fontTools would otherwise stamp head.modified with the
    # current time (or $SOURCE_DATE_EPOCH) on saving, and a cold cache would give other
    # PDFs than a warm one. Set again on the font the instancer returns, whatever it copied.
    font = TTFont(source, recalcTimestamp=False)
    axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes} if "fvar" in font else {}
    if axes:
        axes["wght"] = weight
        font = instantiateVariableFont(font, axes, static=True)
    font.recalcTimestamp = False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    font.save(partial)
    os.replace(partial, target)
    return target


@lru_cache(maxsize=8)
def _digest(source: Path) -> str:
    """The first 16 hex digits of *source*'s SHA-256 (read once per process, not once per weight)."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def font_faces() -> tuple[FontFace, ...]:
    """Static font files for every family and weight (made from the packages' variable fonts)."""
    return tuple(FontFace(family, weight, _instance(path, weight))
                 for family, path in variable_fonts() for weight in WEIGHTS)


def font_face_css() -> str:
    """``@font-face`` rules with ``file://`` URLs of the static font instances."""
    rules = []
    for face in font_faces():
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
            f"font-style: normal; font-weight: {face.weight}; }}")
    return "\n".join(rules) + "\n"


def font_stack(lang_direction: str) -> str:
    """CSS ``font-family`` value: the script of the document first."""
    families = list(FAMILY_NAMES)
    if lang_direction == "rtl":
        families.reverse()
    return ", ".join(f'"{f}"' for f in families)


_STATE: dict[str, Any] = {}
# Drop WeasyPrint objects before the interpreter tears down the libraries they free themselves with.
atexit.register(_STATE.clear)


def font_config() -> Any:
    """The process-wide WeasyPrint ``FontConfiguration`` (created once per process).

    Its temporary font folder is removed when the process ends, pool workers included.
    """
    if "config" not in _STATE:
        from multiprocessing.util import Finalize

        from weasyprint.text.fonts import FontConfiguration

        config = _STATE["config"] = FontConfiguration()
        # WeasyPrint copies each @font-face into a folder of its own (``weasyprint-*``
        # under $TMPDIR, 2.5 MB with our faces) and removes it only when the object is
        # collected, which never happens in a pool worker (it ends with os._exit) and
        # not reliably at interpreter exit. multiprocessing's exit hook runs in workers
        # and in this process, and only in the process that made the folder.
        Finalize(None, _remove_font_folder, args=(config,), exitpriority=0)
    return _STATE["config"]


def _remove_font_folder(config: Any) -> None:
    folder = getattr(config, "_folder", None)  # WeasyPrint's own attribute, set at the first @font-face
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def font_stylesheet() -> Any:
    """The parsed ``@font-face`` stylesheet, registered in :func:`font_config` once per process."""
    if "css" not in _STATE:
        from weasyprint import CSS

        _STATE["css"] = CSS(string=font_face_css(), font_config=font_config())
    return _STATE["css"]


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[int]:
    """Code points that the packaged fonts have glyphs for."""
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for _family, path in variable_fonts():
        font = TTFont(path, lazy=True)
        found.update(font.getBestCmap() or {})
        font.close()
    return frozenset(found)


def missing_characters(text: str) -> list[str]:
    """Characters of *text* that no packaged font covers (format and space characters are fine)."""
    covered = covered_characters()
    missing = {ch for ch in set(text)
               if ord(ch) not in covered and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp")}
    return sorted(missing)


def install_actual_text() -> None:
    """Give every drawn line of Arabic-script text an ``/ActualText`` in logical order.

    Noto Sans Arabic builds letters from a shared dotless base glyph plus dot glyphs,
    so a glyph cannot map back to one letter through the font's ``ToUnicode`` table
    alone: without this, copying, searching and screen readers get wrong letters.
    Wraps WeasyPrint's ``draw_first_line``; does nothing if WeasyPrint changed it.
    """
    if _STATE.get("actual_text"):
        return
    _STATE["actual_text"] = True
    try:
        import pydyf
        from weasyprint.draw import text as draw_text
    except ImportError:  # pragma: no cover - WeasyPrint is a dependency
        return
    original = getattr(draw_text, "draw_first_line", None)
    if original is None:  # pragma: no cover - a future WeasyPrint
        return

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = getattr(textbox, "text", "") or ""
        if not _ARABIC.search(text):
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_text.draw_first_line = draw_first_line


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint found ``libharfbuzz-subset`` ≥ 4.1 (fast font subsetting)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except (ImportError, OSError):
        return False
    try:
        return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except AttributeError:
        return False
