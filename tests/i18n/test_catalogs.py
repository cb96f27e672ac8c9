"""Every shipped UI catalog is complete: no untranslated or fuzzy message, same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from quartierboards.i18n.catalog import (
    LOCALE_DIR,
    available_catalogs,
    catalog_code,
    catalog_path,
    translations,
)

REQUIRED = ["de", "en", "ru", "ar", "fa", "tr", "uk", "de-x-ls"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalog(lang):
    with catalog_path(lang).open("rb") as fh:
        return read_po(fh, locale=catalog_code(lang))


def _template_ids():
    with (LOCALE_DIR / "messages.pot").open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_all_required_languages_ship_a_catalog():
    assert set(REQUIRED) <= set(available_catalogs())


@pytest.mark.parametrize("lang", REQUIRED)
def test_catalog_is_complete_and_placeholders_match(lang):
    catalog = _catalog(lang)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert _template_ids() <= ids, f"{lang}: messages missing, run make translations"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids_ = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids_[0]}")
        expected = set(PLACEHOLDER.findall(ids_[-1])) | set(PLACEHOLDER.findall(ids_[0]))
        for text in strings:
            if not text:
                problems.append(f"untranslated: {ids_[0]}")
            elif set(PLACEHOLDER.findall(text)) - expected or (
                    set(PLACEHOLDER.findall(ids_[0])) - set(PLACEHOLDER.findall(text))
                    and len(strings) == 1):
                problems.append(f"placeholders differ: {ids_[0]!r} → {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("lang", "forms"), [("ru", 3), ("uk", 3), ("ar", 6), ("de", 2)])
def test_plural_forms_count(lang, forms):
    assert _catalog(lang).num_plurals == forms


def test_runtime_uses_the_catalog():
    assert translations("de").gettext("This week") == "Diese Woche"
    assert translations("de-x-ls").gettext("What's on this week") == "Termine in dieser Woche"
    assert translations("de-x-ls").gettext("Week plan") != translations("de").gettext("Week plan")


def test_every_catalog_folder_is_a_locale_pybabel_reads():
    """``make translations`` runs ``pybabel update/compile -d``, which parses every folder name.

    ``de_x_ls`` would make both fail for all catalogs; ``de@ls`` (gettext's modifier) works.
    """
    from babel import Locale

    for folder in LOCALE_DIR.iterdir():
        if (folder / "LC_MESSAGES" / "messages.po").is_file():
            Locale.parse(folder.name)
    assert catalog_path("de-x-ls").parent.parent.name == "de@ls"


def test_easy_language_catalog_says_which_language_it_is():
    catalog = _catalog("de-x-ls")
    assert catalog.locale_identifier == "de@ls"
    assert "Leichte Sprache" in catalog.header_comment


def test_the_template_holds_every_message_of_the_code_and_templates():
    """``make translations`` extracts what the catalogs must hold; the template in git must match it.

    Catches a message added to the code without ``make translations``, and a template
    tag the extractor does not know (it then skips the whole template file).
    """
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = LOCALE_DIR.parents[1]
    with (root / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "tr": None, "trn": (1, 2)}
    extracted = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            root, method_map, options_map, keywords=keywords,
            callback=None, strip_comment_tags=False):
        extracted.add(message if isinstance(message, str) else message[0])
    assert extracted - _template_ids() == set(), "run make translations"
    assert _template_ids() - extracted == set(), "messages no longer used: run make translations"
