"""Gettext catalogs for UI strings (``quartierboards/locale/<lang>/LC_MESSAGES/messages.po``).

An easy-language variant has its catalog under gettext's name for a variant of a
language, the modifier (as in ``sr@latin``): ``de-x-ls`` lives in ``de@ls``. Babel and
``pybabel`` parse that name, whereas ``de_x_ls`` makes them fail on every catalog.

``make translations`` runs pybabel extract → update → compile. When a compiled
``.mo`` is missing or older than its ``.po`` (a fresh clone: ``.mo`` files are
build products and not in git), the catalog is compiled in memory from the ``.po``.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from quartierboards.i18n.codes import EASY_LANGUAGE_SUFFIX, base_language, is_easy_language

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
EASY_MODIFIER = "@ls"


def catalog_code(lang: str) -> str:
    """Folder name of *lang*'s catalog: ``de-x-ls`` → ``de@ls``, ``pt-BR`` → ``pt_BR``."""
    if is_easy_language(lang):
        return base_language(lang) + EASY_MODIFIER
    return lang.replace("-", "_")


def site_code(folder: str) -> str:
    """Language code of the catalog in *folder*: the inverse of :func:`catalog_code`."""
    if folder.endswith(EASY_MODIFIER):
        return folder[: -len(EASY_MODIFIER)] + EASY_LANGUAGE_SUFFIX
    return folder.replace("_", "-")


def catalog_path(lang: str) -> Path:
    """Path of the ``.po`` file of *lang*."""
    return LOCALE_DIR / catalog_code(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=32)
def translations(lang: str) -> NullTranslations:
    """Translations for *lang* (``de-x-ls`` uses its own catalog if present, else ``de``)."""
    for code in dict.fromkeys((lang, base_language(lang))):
        po = catalog_path(code)
        if not po.is_file():
            continue
        mo = po.with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            with mo.open("rb") as fh:
                return Translations(fh, domain=DOMAIN)
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=catalog_code(code))
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return Translations(buf, domain=DOMAIN)
    return NullTranslations()


def available_catalogs() -> list[str]:
    """Languages (site codes such as ``de-x-ls``) that ship a UI catalog."""
    if not LOCALE_DIR.is_dir():
        return []
    return sorted(site_code(p.name) for p in LOCALE_DIR.iterdir()
                  if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
