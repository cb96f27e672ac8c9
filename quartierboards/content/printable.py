"""Text that goes onto the flyers and stickers must be printable with the packaged fonts.

The web pages fall back to whatever font the reader's device has; a PDF has only
the fonts the build embeds. A character none of them has (an emoji in an offer's
title) would make the print products fail after ``check`` said OK, at no useful
place. So ``check`` looks at exactly the fields the print templates show, in the
languages that are printed, and points at the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from quartierboards.content.yamlsrc import YamlDoc
from quartierboards.errors import ContentError
from quartierboards.i18n.messages import tr

# The fields each kind of file has on a flyer or sticker (templates/print/); "*" is every list entry.
PRINTED: dict[str, tuple[tuple[str, ...], ...]] = {
    "site": (("title",), ("publisher", "name"), ("publisher", "street"), ("publisher", "postcode"),
             ("publisher", "city"), ("publisher", "responsible")),
    "quarter": (("name",), ("summary",), ("contacts", "*", "name"), ("contacts", "*", "role"),
                ("contacts", "*", "phone"), ("contacts", "*", "email")),
    "place": (("name",), ("address", "street"), ("address", "postcode"), ("address", "city")),
    "offer": (("title",),),
    "override": (("title",),),  # an offer's <name>.<lang>.md front matter
}

# Latin up to Latin Extended-B: every packaged font family has all of it (tests/content/
# test_printable.py checks), so most German text never needs the fonts opened.
_SURELY_COVERED = 0x250


def _values(data: Any, path: tuple[str, ...], at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """The values below *path* in *data* (``*`` walks a list), with their full paths."""
    if not path:
        yield at, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _values(item, rest, at + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, at + (head,))


def _texts(value: Any, at: tuple[Any, ...], languages: Iterable[str]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """The printed strings of a field: the text itself, or its printed languages."""
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for lang in languages:
            if isinstance(value.get(lang), str):
                yield at + (lang,), value[lang]


def unprintable(doc: YamlDoc, kind: str, languages: Iterable[str]) -> list[ContentError]:
    """Errors for characters in the printed fields of *doc* (a file of *kind*) that no packaged font has."""
    errors: list[ContentError] = []
    languages = list(languages)
    for path in PRINTED[kind]:
        for at, value in _values(doc.data, path):
            for where, text in _texts(value, at, languages):
                if all(ord(ch) < _SURELY_COVERED for ch in text):
                    continue
                from quartierboards.fonts import missing_characters  # fontTools: only when needed

                missing = missing_characters(text)
                if missing:
                    listed = " ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:8])
                    errors.append(ContentError(
                        doc.locate(where),
                        tr("no packaged font has these characters: %(chars)s", chars=listed),
                        tr("This text is printed on the flyers; remove the characters or write them as words.")))
    return errors
