"""Messages for editors (content errors, hints, command output) in the editor's language.

The first of these that names a language we have messages in (German, English) wins:

1. ``--lang`` on the command line;
2. the environment, read the way gettext reads it: the first non-empty of ``LC_ALL``,
   ``LC_MESSAGES`` and ``LANG`` (then ``LANGUAGE``, unless the locale is ``C``/``POSIX``);
   ``de_DE.UTF-8`` gives German, ``en_GB.UTF-8`` English, while ``C.UTF-8`` or
   ``fr_FR.UTF-8`` name none of ours and pass on to
3. the site's ``default_language`` in ``site.yaml`` (``de`` and ``de-x-ls``: German),
   so that a German site's editors read German also where no locale is set (CI, containers);
4. English.
The texts come from the same gettext catalogs as the web pages
(``quartierboards/locale/<lang>/LC_MESSAGES/messages.po``).

Message ids are English with ``%(name)s`` placeholders, filled in *after* translation::

    tr("unknown key '%(key)s'", key="titel")
    trn("%(count)s error", "%(count)s errors", 3, count=3)

``N_`` only marks a string for extraction (``make translations``); translate it later
with :func:`tr`.
"""

from __future__ import annotations

import os
from typing import Any

EDITOR_LANGUAGES = ("de", "en")


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark *message* for extraction without translating it now."""
    return message


# What the command line chose (``--lang``) and the site's default language, set by the CLI.
_CHOSEN: dict[str, str | None] = {"lang": None, "site": None}


def _ours(value: str | None) -> str | None:
    """``de`` or ``en`` when *value* (``de_DE.UTF-8``, ``de-x-ls``, ``en``) names one of them."""
    code = (value or "").lower()[:2]
    return code if code in EDITOR_LANGUAGES and (len(value or "") == 2 or (value or "")[2] in "_-.@") else None


def choose_editor_language(lang: str | None = None, site_default: str | None = None) -> None:
    """Set ``--lang`` (*lang*) and the site's default language; ``None`` clears either."""
    _CHOSEN.update(lang=lang, site=site_default)


def editor_language(environ: dict[str, str] | None = None) -> str:
    """``de`` or ``en``: ``--lang``, else the locale variables, else the site's default, else English."""
    chosen = _ours(_CHOSEN["lang"])
    if chosen:
        return chosen
    env = os.environ if environ is None else environ
    value = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if value.split(".")[0] not in ("C", "POSIX") and env.get("LANGUAGE"):
        value = env["LANGUAGE"].split(":")[0]
    return _ours(value) or _ours(_CHOSEN["site"]) or "en"


def _translations() -> Any:
    # Imported here: the catalog module imports the content models, which use this module.
    from quartierboards.i18n.catalog import translations

    return translations(editor_language())


def _format(text: str, fallback: str, values: dict[str, Any]) -> str:
    if not values:
        return text
    try:
        return text % values
    except (KeyError, ValueError, TypeError):  # a broken translation must not hide the error
        return fallback % values


def tr(msgid: str, /, **values: Any) -> str:
    """*msgid* in the editor's language, with ``%(name)s`` placeholders filled from *values*."""
    return _format(_translations().gettext(msgid), msgid, values)


def trn(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """Plural-aware :func:`tr`: the form for the number *n* (pass it in *values* too)."""
    return _format(_translations().ngettext(singular, plural, n), singular if n == 1 else plural, values)
