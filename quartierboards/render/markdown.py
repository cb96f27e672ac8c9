"""Markdown → HTML, then sanitized with an allowlist (nh3). Content is untrusted."""

from __future__ import annotations

import re
from functools import lru_cache

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
# order in Arabic and Persian paragraphs only when isolated.
_LTR_TOKENS = re.compile(r"(\+?\d[\d ()/\-]{5,}\d|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def isolate_ltr_tokens(html: str) -> str:
    """Wrap phone numbers and e-mail addresses in text nodes (not in tags or links) in ``<bdi dir="ltr">``."""
    out, in_link = [], 0
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            in_link += 1 if part.startswith("<a ") else -1 if part == "</a>" else 0
            out.append(part)
        elif in_link:
            out.append(f'<bdi dir="ltr">{part}</bdi>' if _LTR_TOKENS.fullmatch(part.strip()) else part)
        else:
            out.append(_LTR_TOKENS.sub(r'<bdi dir="ltr">\1</bdi>', part))
    return "".join(out)


_converter: md.Markdown | None = None


def _markdown_to_html(text: str) -> str:
    # One converter per process, reset between texts: building one costs as much as converting.
    global _converter
    if _converter is None:
        _converter = md.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return _converter.reset().convert(text)


@lru_cache(maxsize=8192)  # an offer's text shows on its page in every language that has no translation
def render_markdown(text: str) -> Markup:
    """Render editor Markdown to safe HTML: allowlisted tags, http(s)/mailto/tel links only."""
    html = _markdown_to_html(_heading_shift(strip_bidi_controls(text)))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(isolate_ltr_tokens(clean))
