"""One normalisation for every text that content brings into the build.

Each YAML string (:mod:`~quartierboards.content.yamlsrc`) and each Markdown body
(:mod:`~quartierboards.content.files`) passes through here once, when it is loaded,
so pages, calendars, feeds, share links and PDFs all get the same text:

- control characters (C0 but tab and line feed, DEL, C1) are refused, whether written
  raw or as a YAML escape such as ``"\\x01"``: they make XML (Atom, sitemap) ill-formed
  and reach HTML and iCalendar as invisible garbage. So are lone surrogates and the
  non-characters U+FFFE/U+FFFF, which cannot be written as UTF-8 or XML at all;
- a carriage return (``"\\r\\n"`` or a lone ``"\\r"``) becomes a line feed;
- bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
  removed: they can reorder text against the reader ("gnp.exe"). LRM/RLM and ZWNJ stay;
- the text is put into Unicode NFC, so that "ü" is one code point everywhere.
"""

from __future__ import annotations

import re
import unicodedata

from quartierboards.i18n.messages import N_, tr

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Anything the cleaning may change or refuse; most texts contain none of it.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")

CONTROL_MESSAGE = N_("control character %(char)s is not allowed")
CONTROL_HINT = N_("Remove the invisible character; it often comes from copying text out of a PDF.")


def refused_character(text: str) -> int | None:
    """Index of the first character of *text* that content may not contain, or ``None``."""
    match = _REFUSED.search(text)
    return match.start() if match else None


def control_message(char: str) -> str:
    """The editor's message for the refused character *char*."""
    return tr(CONTROL_MESSAGE, char=f"U+{ord(char):04X}")


def clean_text(text: str) -> str:
    """*text* with line feeds for carriage returns, without bidi controls, in NFC.

    Call :func:`refused_character` first: this does not remove control characters.
    """
    if _SUSPECT.search(text) is None and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text  # the common case: nothing to change, no copy
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _BIDI.sub("", text))
