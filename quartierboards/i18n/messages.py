"""Messages for editors (content errors, hints, command output) in the editor's language.

The language follows the environment the way gettext does: the first non-empty of
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (then ``LANGUAGE``, unless the locale is
``C``/``POSIX``). A value starting with ``de`` gives German, anything else English.
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


def editor_language(environ: dict[str, str] | None = None) -> str:
    """``de`` or ``en``, chosen from the locale variables like gettext chooses a catalog."""
    env = os.environ if environ is None else environ
    value = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if value.split(".")[0] not in ("C", "POSIX") and env.get("LANGUAGE"):
        value = env["LANGUAGE"].split(":")[0]
    return "de" if value.lower().startswith("de") else "en"


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
