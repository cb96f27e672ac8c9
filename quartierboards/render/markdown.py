"""Markdown → HTML, then sanitized with an allowlist (nh3). Content is untrusted.

Nothing edits the HTML after the sanitizer: what it returns is what pages and feeds
carry. The one change the build makes to the markup, isolating phone numbers and
e-mail addresses, happens before it, on the tokens of a real HTML parser, and the
markup is written out again with every text and attribute value escaped. So the
sanitizer's own escaping (nh3 before 0.3.7 left ``<`` and ``>`` raw in attribute
values) can never turn inserted markup into a way out of an attribute.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "bdi", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "th": {"scope"}, "bdi": {"dir"},
                      "span": {"lang", "dir"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Bidi embedding/override/isolate controls can reorder text against the reader;
# they have no business in content. (LRM/RLM and ZWNJ stay: Persian needs ZWNJ.)
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    """Remove bidi override and isolate control characters."""
    return BIDI_CONTROLS.sub("", text)


def _heading_shift(text: str) -> str:
    # Page structure owns h1/h2; editors' "# Heading" becomes h3 so the outline stays valid.
    return re.sub(r"^(#{1,2})(?=\s)", "###", text, flags=re.M)


# Phone numbers and e-mail addresses inside running text keep their left-to-right
# order in Arabic and Persian paragraphs only when isolated. An address starts where a
# run of its characters starts, with at most 64 before the @ (RFC 5321): without that,
# each letter of a long word began a scan to its end (a 30,000-letter word: 10 s).
_LTR_TOKENS = re.compile(r"(\+?\d[\d ()/\-]{5,}\d|(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+)")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
# Elements whose content an HTML5 parser (the sanitizer's) reads as text, not markup: a
# <bdi> inserted there would show as literal "<bdi …>" once the sanitizer drops them.
_RAW_TEXT = frozenset({"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea",
                       "title", "xmp"})


class _Isolator(HTMLParser):
    """Writes HTML out again token by token, with ``<bdi dir="ltr">`` around phone numbers
    and e-mail addresses in text (a link's text only when it is the whole text).

    Text and attribute values are unescaped by the parser and escaped again here, so the
    output is unambiguous whatever quoting the input used. Comments, declarations and
    processing instructions are dropped (the sanitizer would drop them too).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._text: list[str] = []
        self._in_link = 0
        self._in_raw = 0

    def _flush(self) -> None:
        if not self._text:
            return
        text = "".join(self._text)
        self._text.clear()
        if self._in_raw:
            self.out.append(escape(text, quote=False))
            return
        if self._in_link:
            if _LTR_TOKENS.fullmatch(text.strip()):
                self.out.append(f'<bdi dir="ltr">{escape(text, quote=False)}</bdi>')
            else:
                self.out.append(escape(text, quote=False))
            return
        for i, part in enumerate(_LTR_TOKENS.split(text)):  # odd parts are the tokens
            escaped = escape(part, quote=False)
            self.out.append(f'<bdi dir="ltr">{escaped}</bdi>' if i % 2 else escaped)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        parts = [tag] + [name if value is None else f'{name}="{escape(value)}"' for name, value in attrs]
        return "<" + " ".join(parts) + ">"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Write a start tag; inside ``<a>`` only whole tokens are isolated."""
        if tag == "img":
            # Pages carry no images (the sanitizer drops <img>): its description stays as text.
            self._text.append(dict(attrs).get("alt") or "")
            return
        self._flush()
        self.out.append(self._tag(tag, attrs))
        if tag == "a":
            self._in_link += 1
        elif tag in _RAW_TEXT:
            self._in_raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Write ``<br/>`` and the like as a start tag (and an end tag unless void)."""
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag != "img":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        """Write an end tag."""
        self._flush()
        self.out.append(f"</{tag}>")
        if tag == "a" and self._in_link:
            self._in_link -= 1
        elif tag in _RAW_TEXT and self._in_raw:
            self._in_raw -= 1

    def handle_data(self, data: str) -> None:
        """Collect text; it is written at the next tag (the parser may split it)."""
        self._text.append(data)

    def close(self) -> None:
        """Finish parsing and write the last text."""
        super().close()
        self._flush()


def isolate_ltr_tokens(html: str) -> str:
    """Wrap phone numbers and e-mail addresses in text nodes (in links: only a link's
    whole text) in ``<bdi dir="ltr">``; returns *html* written out again, fully escaped."""
    parser = _Isolator()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


_converter: md.Markdown | None = None


def _markdown_to_html(text: str) -> str:
    # One converter per process, reset between texts: building one costs as much as converting.
    global _converter
    if _converter is None:
        _converter = md.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return _converter.reset().convert(text)


def sanitize(html: str) -> str:
    """The allowlist sanitizer: only :data:`ALLOWED_TAGS` and their attributes, safe links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=8192)  # an offer's text shows on its page in every language that has no translation
def render_markdown(text: str) -> Markup:
    """Render editor Markdown to safe HTML: allowlisted tags, http(s)/mailto/tel links only.

    The sanitizer comes last: its output is the result, never edited afterwards.
    """
    html = _markdown_to_html(_heading_shift(strip_bidi_controls(text)))
    return Markup(sanitize(isolate_ltr_tokens(html)))


_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """*markup* as plain text: tags dropped, entities decoded, runs of white space one space."""
    return _SPACE.sub(" ", unescape(_TAGS.sub(" ", markup))).strip()


@lru_cache(maxsize=8192)  # every language without its own text shows the same one: the city's rows ask 7 times
def markdown_plain(text: str) -> str:
    """Editor Markdown as plain text (:func:`plain_text` of :func:`render_markdown`), for the open data."""
    return plain_text(render_markdown(text))
