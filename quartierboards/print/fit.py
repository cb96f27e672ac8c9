"""Which week a flyer's back page shows: the longest of ``WEEK_LIMITS`` that fits, with few layouts.

A busy quarter's full week overflows the back page, and the flyer is laid out again
with fewer rows per weekday until it fits. Every layout costs as much as a whole
flyer, so each layout is measured: the week table has fixed column widths, so each
row keeps its height whatever other rows are left out, and the rest of the page does
not change either. A limit whose rows cannot fit even when counted low is skipped
without a layout of its own.

Every estimate errs low (page-break margins and gaps are left out, a row not laid out
and a "… and N more" row count as one line), so a skipped limit really would
overflow: the result is the same week as trying every limit in turn, whichever limit
is tried first. That is what makes a *hint* safe: the limit that fitted last time
(or in another language) is laid out first, and the longer weeks before it are
skipped when its measure rules them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

TOLERANCE_PX = 1.0  # rounding in the layout; skipping needs a clear overflow
R = TypeVar("R")


@dataclass(frozen=True)
class WeekMeasure:
    """What one layout of a flyer says about its back page."""

    limit: int | None  # rows per weekday in the measured layout (None: the whole week)
    sizes: tuple[int, ...]  # rows per weekday in the whole week
    days: tuple[tuple[float, ...], ...]  # heights of each weekday's rows laid out (the "–" row of an empty day too)
    more: tuple[float, ...]  # height of each weekday's "… and N more" row (0: none)
    content: float  # height of the back page's content (at least), padding included
    available: float  # height of one page's content area
    line: float  # a lower bound for the height of any row

    def cannot_fit(self, limit: int | None) -> bool:
        """Whether the back page overflows for certain with at most *limit* rows per weekday."""
        height = self.content
        for size, rows, more in zip(self.sizes, self.days, self.more, strict=True):
            if size == 0:
                continue  # an empty day's "–" row stays as it is
            kept = size if limit is None else min(size, limit)
            low = sum(rows[:kept]) + max(0, kept - len(rows)) * self.line + (self.line if size > kept else 0)
            height += low - sum(rows) - more
        return height > self.available + TOLERANCE_PX


@dataclass
class Attempt(Generic[R]):
    """One layout: whether it fits, its measure (``None`` when the layout has an unknown shape), the result."""

    fits: bool
    measure: WeekMeasure | None
    result: R


def choose_week(lay_out: Callable[[int | None], Attempt[R]], limits: Sequence[int | None],
                hint: int | None = None) -> tuple[R, int | None]:
    """The result for the first of *limits* that fits (or the last one's), and that limit.

    *lay_out* makes one layout. With a *hint* (one of *limits*), that limit is laid out
    first; the result is the same as without, usually with fewer layouts.
    """
    made: dict[int | None, Attempt[R]] = {}
    measures: list[WeekMeasure] = []

    def attempt(limit: int | None) -> Attempt[R]:
        if limit not in made:
            made[limit] = lay_out(limit)
            if made[limit].measure is not None:
                measures.append(made[limit].measure)
        return made[limit]

    if hint in limits[1:]:
        attempt(hint)
    for limit in limits:
        if limit != limits[-1] and limit not in made and any(m.cannot_fit(limit) for m in measures):
            continue
        if attempt(limit).fits or limit == limits[-1]:
            return made[limit].result, limit
    raise AssertionError("unreachable: the last limit always returns")  # pragma: no cover


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _find(box: Any, tag: str, css_class: str) -> Any:
    """The first box (depth first) made for ``<tag class="… css_class …">``."""
    if getattr(box, "element_tag", None) == tag and css_class in _classes(box):
        return box
    for child in getattr(box, "children", ()):
        found = _find(child, tag, css_class)
        if found is not None:
            return found
    return None


def _all(box: Any, kind: str) -> list[Any]:
    """The boxes of WeasyPrint class *kind* (``TableRowBox``, ``LineBox``) below *box*, in order; not inside them."""
    if type(box).__name__ == kind:
        return [box]
    found = []
    for child in getattr(box, "children", ()):
        found += _all(child, kind)
    return found


def measure_week(document: Any, sizes: Sequence[int], limit: int | None) -> WeekMeasure | None:
    """Measure the back page (``section.back`` with ``table.week``) of a flyer laid out with *limit*.

    *sizes* are the rows per weekday of the whole week. ``None`` when the layout does
    not have the shape this relies on (for example an overridden template): then
    nothing is skipped on its account.
    """
    heights: dict[int, float] = {}  # per <tr> element; a row split across pages adds up its parts
    order: list[tuple[int, str]] = []  # (element id, "day" | "row" | "more")
    content = 0.0
    lines: list[float] = []
    padding = 0.0
    for page in document.pages:
        section = _find(page._page_box, "section", "back")
        if section is None:
            continue
        flow = [c for c in section.children
                if type(c).__name__ != "AbsolutePlaceholder" and c.style["position"] in ("static", "relative")]
        if flow:
            content += max(c.position_y + c.margin_height() for c in flow) - section.content_box_y()
        padding = section.padding_bottom
        table = _find(section, "table", "week")
        if table is None:
            continue
        for row in _all(table, "TableRowBox"):
            key = id(row.element)
            if key not in heights:
                heights[key] = 0.0
                classes = _classes(row)
                order.append((key, "more" if "more" in classes else "row" if "cont" in classes else "day"))
            heights[key] += row.margin_height()
        lines += [line.height for line in _all(table, "LineBox")]
    if not order or order[0][1] != "day" or not lines:
        return None
    days: list[list[float]] = []
    more: list[float] = []
    for key, kind in order:
        if kind == "day":
            days.append([])
            more.append(0.0)
        if kind == "more":
            more[-1] += heights[key]
        else:
            days[-1].append(heights[key])
    if not _shaped(days, more, sizes, limit):
        return None
    available = document.pages[0]._page_box.height
    return WeekMeasure(limit, tuple(sizes), tuple(tuple(d) for d in days), tuple(more), content + padding,
                       available, min(lines))


def _flow_height(section: Any) -> float:
    """Height of what *section* (one page's part of it) holds in its flow, from its content box's top."""
    flow = [c for c in section.children
            if type(c).__name__ != "AbsolutePlaceholder" and c.style["position"] in ("static", "relative")]
    return max(c.position_y + c.margin_height() for c in flow) - section.content_box_y() if flow else 0.0


def _elements(box: Any, tag: str) -> list[Any]:
    """The boxes made for ``<tag>`` elements below *box*, in order; not inside them."""
    if getattr(box, "element_tag", None) == tag:
        return [box]
    found = []
    for child in getattr(box, "children", ()):
        found += _elements(child, tag)
    return found


def fitting_highlights(document: Any) -> int | None:
    """How many of the highlights shown (``section.highlights`` with one ``<li>`` each, on a ``section.page``)
    fit their page, when fewer; ``None`` when the page fits (or there is no such list).

    A page too full flows onto the next one; the items are left out from the end until
    the overflow is gone, then the list with its heading, then the page's photo
    (``img.front-photo``): ``-1`` says "no highlights and no photo".
    """
    home = None  # the class that tells the page holding the list apart ("front", "back")
    for page in document.pages:
        for section in _elements(page._page_box, "section"):
            if "page" in _classes(section) and _find(section, "section", "highlights") is not None:
                home = next(c for c in _classes(section) if c != "page")
                break
        if home:
            break
    if home is None:
        return None
    content = 0.0
    items: dict[int, float] = {}  # per <li> element; an item split across pages adds up its parts
    whole = 0.0  # the list with its heading and margins
    photo = 0.0  # the page's photo (img.front-photo), left out after all highlights
    pages = 0
    for page in document.pages:
        section = _find(page._page_box, "section", home)
        if section is None:
            continue
        pages += 1
        content += _flow_height(section) + section.padding_bottom
        picture = _find(section, "img", "front-photo")
        photo += picture.margin_height() if picture is not None else 0.0
        box = _find(section, "section", "highlights")
        if box is None:
            continue
        whole += box.margin_height()
        for item in _elements(box, "li"):
            items[id(item.element)] = items.get(id(item.element), 0.0) + item.margin_height()
    if pages < 2 or not items:
        return None
    # a block moved to the next page by a rounding's width is an overflow too
    overflow = max(content - document.pages[0]._page_box.height, TOLERANCE_PX)
    heights = list(items.values())
    for keep in range(len(heights) - 1, -1, -1):
        if (sum(heights[keep:]) if keep else whole) >= overflow + TOLERANCE_PX:
            return keep
    if photo and whole + photo >= overflow + TOLERANCE_PX:
        return -1  # without the highlights and the page's photo
    return -1 if photo else 0  # it overflows without them too: that is reported as it is


def highlights_beside_week(document: Any) -> bool:
    """Whether a page's section that holds the week (``section.back``) holds the highlights
    (``section.highlights``) too: then showing fewer highlights makes room for the week."""
    for page in document.pages:
        section = _find(page._page_box, "section", "back")
        if section is not None and _find(section, "section", "highlights") is not None:
            return True
    return False


def _shaped(days: list[list[float]], more: list[float], sizes: Sequence[int], limit: int | None) -> bool:
    """Whether the rows found are the rows the week has with *limit* (one "–" row for an empty day)."""
    if len(days) != len(sizes):
        return False
    for rows, extra, size in zip(days, more, sizes, strict=True):
        shown = 1 if size == 0 else size if limit is None else min(size, limit)
        if len(rows) != shown or (extra > 0) != (limit is not None and size > limit):
            return False
    return True
