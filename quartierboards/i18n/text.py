"""Choosing the text to show in a language, and saying which language it really is in."""

from __future__ import annotations

from typing import NamedTuple

from quartierboards.i18n.codes import base_language


class Localized(NamedTuple):
    """A text together with the language it is written in."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


def fallback_chain(lang: str, default: str) -> list[str]:
    """Languages to try for *lang*: itself, its base (``de-x-ls`` → ``de``), the default."""
    chain = [lang]
    base = base_language(lang)
    if base != lang:
        chain.append(base)
    if default not in chain:
        chain.append(default)
    return chain


def pick(values: dict[str, str] | None, lang: str, default: str) -> Localized | None:
    """The text of *values* for *lang*, falling back along :func:`fallback_chain`."""
    if not values:
        return None
    for candidate in fallback_chain(lang, default):
        if values.get(candidate):
            return Localized(values[candidate], candidate)
    first = sorted(values)[0]
    return Localized(values[first], first)
