"""A product's print and web variant from one layout.

The two variants of a flyer or sticker differ in their colours (``device-cmyk`` for
the press, screen colours for the web), in the print variant's bleed and crop marks,
and in the PDF flavour (PDF/X-4 or tagged PDF/UA-1). Laying out is most of a PDF's
time, so a pair is laid out once and drawn twice:

1. :func:`plan_pair` compares the two variants' HTML and stylesheets. They may differ
   only in colours (whole declaration values of the stylesheet, ``fill`` and
   ``stroke`` attributes of the HTML) and in ``bleed`` and ``marks`` of the print
   stylesheet's ``@page``. Each differing colour pair gets a placeholder colour, a
   fractional ``rgb()`` that no stylesheet writes, in a copy of the web variant.
2. That copy is laid out once (colours do not change a layout).
3. :func:`drawing` draws one variant: every placeholder becomes the variant's colour
   as it is drawn, and for the print variant the pages get their bleed and marks.

Anything else that differs (a template that shows other content per variant, a
colour inside a gradient) makes :func:`plan_pair` return ``None``: the variants are
then laid out one by one. The PDFs are byte-identical to separate layouts (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import tinycss2
from tinycss2.color5 import parse_color

SIDES = ("top", "right", "bottom", "left")
_PX = {"px": 1.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pt": 96 / 72, "pc": 16.0, "q": 96 / 101.6}
_AUTO_BLEED_PX = 8.0  # CSS Paged Media: "auto" is 6pt with crop or cross marks, else 0
_PAINT = re.compile(r'(?<=\s)(fill|stroke)="([^"]*)"')  # SVG paint drawn as a plain colour (not data-fill)
_MAX_SLOTS = 250

Palette = dict[tuple[Any, Any], int]  # (web colour, print colour) → placeholder number


def placeholder(number: int) -> str:
    """The CSS text of placeholder colour *number*: fractional channels that nothing else writes."""
    return f"rgb({number + 1}.0625 0.0625 0.1875)"


def _colour(value: Any) -> Any:
    """An opaque colour parsed from a CSS token or string, else ``None``.

    Transparent colours are left out: drawing code skips them, a placeholder would not be.
    """
    colour = parse_color(value)
    return colour if colour is not None and not isinstance(colour, str) and colour.alpha == 1 else None


@dataclass(frozen=True)
class _CssPlan:
    text: str  # the web stylesheet with placeholders
    palette: Palette
    bleed_px: float
    marks: tuple[str, ...]


@dataclass(frozen=True)
class PairPlan:
    """How one layout makes both variants: the HTML and stylesheet to lay out, and what each variant draws."""

    html: str
    css_text: str
    colours: dict[str, dict[Any, Any]]  # variant → placeholder colour → the variant's colour
    bleed_px: float  # of the print variant, every side
    marks: tuple[str, ...]


def plan_pair(web_html: str, print_html: str, web_css: str, print_css: str) -> PairPlan | None:
    """The shared layout of a web and a print variant, or ``None`` when they differ in more than colours,
    bleed and marks."""
    css = _css_plan(web_css, print_css)
    if css is None:
        return None
    palette = dict(css.palette)
    html = _html_with_placeholders(web_html, print_html, palette)
    if html is None or len(palette) > _MAX_SLOTS:
        return None
    colours: dict[str, dict[Any, Any]] = {"web": {}, "print": {}}
    for (web, printed), number in palette.items():
        marker = parse_color(placeholder(number))
        colours["web"][marker] = web
        colours["print"][marker] = printed
    return PairPlan(html, css.text, colours, css.bleed_px, css.marks)


def _html_with_placeholders(web: str, printed: str, palette: Palette) -> str | None:
    """*web* with a placeholder in each ``fill``/``stroke`` colour that differs from *printed*."""
    web_parts, print_parts = _PAINT.split(web), _PAINT.split(printed)
    if len(web_parts) != len(print_parts):
        return None
    out = []
    for index, (a, b) in enumerate(zip(web_parts, print_parts, strict=True)):
        if index % 3 != 2:  # text between attributes, or the attribute's name
            if a != b:
                return None
            out.append(a)
            continue
        name = out.pop()
        web_colour = _colour(a)
        if a == b:
            if web_colour is not None and _is_placeholder(web_colour):
                return None
            out.append(f'{name}="{a}"')
            continue
        pair = (web_colour, _colour(b))
        if None in pair:
            return None
        number = palette.setdefault(pair, len(palette))
        out.append(f'{name}="{placeholder(number)}"')
    return "".join(out)


def _is_placeholder(colour: Any) -> bool:
    return colour in _placeholders()


@lru_cache(maxsize=1)
def _placeholders() -> frozenset[Any]:
    return frozenset(parse_color(placeholder(number)) for number in range(_MAX_SLOTS + 1))


@lru_cache(maxsize=64)
def _css_plan(web: str, printed: str) -> _CssPlan | None:
    """Compare the stylesheets rule by rule; cached (a worker sees a few stylesheet pairs)."""
    slots: list[tuple[Any, Any, Any]] = []  # web token, web colour, print colour
    page: dict[str, list[Any]] = {}
    web_rules = tinycss2.parse_stylesheet(web, skip_comments=True, skip_whitespace=True)
    print_rules = tinycss2.parse_stylesheet(printed, skip_comments=True, skip_whitespace=True)
    if not _same_items(web_rules, print_rules, slots, page):
        return None
    bleed_marks = _bleed_and_marks(page)
    if bleed_marks is None:
        return None
    palette: Palette = {}
    spans = []
    starts = _line_starts(web)
    for token, web_colour, print_colour in slots:
        number = palette.setdefault((web_colour, print_colour), len(palette))
        start = starts[token.source_line - 1] + token.source_column - 1
        spans.append((start, _token_end(web, start), placeholder(number)))
    text = web
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return _CssPlan(text, palette, *bleed_marks)


def _same_items(web: list[Any], printed: list[Any], slots: list[Any], page: dict[str, list[Any]]) -> bool:
    """Whether two lists of rules and declarations are the same except for whole colour values.

    Colour pairs go to *slots*; ``bleed`` and ``marks`` of the print side's ``@page`` to *page*.
    """
    if len(web) != len(printed):
        return False
    for a, b in zip(web, printed, strict=True):
        if a.type != b.type:
            return False
        if a.type == "declaration":
            if a.lower_name != b.lower_name or a.important != b.important or not _same_value(a.value, b.value, slots):
                return False
        elif a.type in ("qualified-rule", "at-rule"):
            if a.type == "at-rule" and a.lower_at_keyword != b.lower_at_keyword:
                return False
            if _norm(a.prelude) != _norm(b.prelude):
                return False
            if a.content is None or b.content is None:
                if a.content is not b.content:
                    return False
                continue
            inner_a = tinycss2.parse_blocks_contents(a.content, skip_comments=True, skip_whitespace=True)
            inner_b = tinycss2.parse_blocks_contents(b.content, skip_comments=True, skip_whitespace=True)
            if a.type == "at-rule" and a.lower_at_keyword == "page" and not _norm(a.prelude):
                inner_b = [item for item in inner_b if not _page_setting(item, page)]
            if not _same_items(inner_a, inner_b, slots, page):
                return False
        elif tinycss2.serialize([a]) != tinycss2.serialize([b]):
            return False
    return True


def _page_setting(item: Any, page: dict[str, list[Any]]) -> bool:
    """Take ``bleed`` or ``marks`` of the print variant's ``@page`` into *page*."""
    if item.type == "declaration" and item.lower_name in ("bleed", "marks") and not item.important:
        page[item.lower_name] = [t for t in item.value if t.type not in ("whitespace", "comment")]
        return True
    return False


def _same_value(web: list[Any], printed: list[Any], slots: list[Any]) -> bool:
    a = [t for t in web if t.type not in ("whitespace", "comment")]
    b = [t for t in printed if t.type not in ("whitespace", "comment")]
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        x_colour = _colour(x)
        if x_colour is not None and _is_placeholder(x_colour):
            return False
        if tinycss2.serialize([x]) == tinycss2.serialize([y]):
            continue
        y_colour = _colour(y)
        if x_colour is None or y_colour is None or x.source_line is None:
            return False
        slots.append((x, x_colour, y_colour))
    return True


def _bleed_and_marks(page: dict[str, list[Any]]) -> tuple[float, tuple[str, ...]] | None:
    """The print variant's bleed (CSS px) and marks, or ``None`` for values this does not handle."""
    marks_tokens = page.get("marks", [])
    marks = tuple(t.lower_value for t in marks_tokens if t.type == "ident")
    if len(marks) != len(marks_tokens) or not set(marks) <= {"crop", "cross", "none"}:
        return None
    marks = () if marks == ("none",) else marks
    if "none" in marks:
        return None
    bleed = page.get("bleed")
    if not bleed or (len(bleed) == 1 and bleed[0].type == "ident" and bleed[0].lower_value == "auto"):
        return (_AUTO_BLEED_PX if marks else 0.0), marks
    if len(bleed) == 1 and bleed[0].type == "dimension" and bleed[0].lower_unit in _PX:
        return bleed[0].value * _PX[bleed[0].lower_unit], marks
    if len(bleed) == 1 and bleed[0].type == "number" and bleed[0].value == 0:
        return 0.0, marks
    return None


def _norm(tokens: list[Any]) -> str:
    return " ".join(tinycss2.serialize(tokens).split())


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


def _token_end(text: str, start: int) -> int:
    """End of the colour token at *start*: a hash, a keyword, or a function up to its closing parenthesis."""
    match = re.compile(r"#?[\w-]+").match(text, start)
    end = match.end() if match else start
    if end < len(text) and text[end] == "(":
        depth = 0
        for index in range(end, len(text)):
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            if depth == 0:
                return index + 1
    return end


@contextmanager
def drawing(document: Any, plan: PairPlan, variant: str) -> Iterator[None]:
    """While inside, *document* (laid out from ``plan.html``) draws as *variant*.

    The print variant also gets the bleed and marks of its stylesheet; draw the web
    variant first, as the print variant changes the pages for good. Not for threads:
    it swaps WeasyPrint's colour functions for the time (print workers are processes,
    and ``serve`` renders no PDFs).
    """
    import weasyprint.draw
    from weasyprint.draw import border
    from weasyprint.draw import styled_color as styled
    from weasyprint.pdf.stream import Stream

    if variant == "print":
        _add_bleed(document, plan.bleed_px, plan.marks)
    colours = plan.colours[variant]
    set_color = Stream.set_color

    def mapped_set_color(self: Any, color: Any, stroke: bool = False) -> Any:
        return set_color(self, colours.get(color, color), stroke)

    def mapped_styled(style: Any, color: Any, side: str) -> Any:  # inset/outset/ridge/groove shades
        return styled(style, colours.get(color, color), side)

    Stream.set_color = mapped_set_color  # type: ignore[method-assign]
    weasyprint.draw.styled_color = border.styled_color = mapped_styled
    try:
        yield
    finally:
        Stream.set_color = set_color  # type: ignore[method-assign]
        weasyprint.draw.styled_color = border.styled_color = styled


def _add_bleed(document: Any, bleed_px: float, marks: tuple[str, ...]) -> None:
    """Give every page of *document* the print variant's bleed and marks, as its own layout would have."""
    from weasyprint.css.properties import Dimension

    for page in document.pages:
        box = page._page_box
        for side in SIDES:
            box.style[f"bleed_{side}"] = Dimension(bleed_px, "px")
        box.style["marks"] = marks
        page.bleed = dict.fromkeys(SIDES, bleed_px)
        if box.background is not None:  # the page's background reaches into the bleed
            box.background = box.background._replace(
                layers=[layer._replace(painting_area=box.bleed_area) for layer in box.background.layers])
