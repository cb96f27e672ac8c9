"""Language codes as the content and every later stage spell them.

The site's languages are BCP 47 codes; easy-language variants carry the private-use
suffix ``-x-ls`` (``de-x-ls``, Leichte Sprache). Kept here, below ``content``, so that
the i18n helpers and the content models can both use it.
"""

from __future__ import annotations

EASY_LANGUAGE_SUFFIX = "-x-ls"


def is_easy_language(code: str) -> bool:
    """Whether *code* is an easy-language variant such as ``de-x-ls`` (Leichte Sprache)."""
    return code.endswith(EASY_LANGUAGE_SUFFIX)


def base_language(code: str) -> str:
    """``de-x-ls`` → ``de``; other codes unchanged."""
    return code[: -len(EASY_LANGUAGE_SUFFIX)] if is_easy_language(code) else code
