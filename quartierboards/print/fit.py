"""Which shorter weeks cannot fit a flyer's back page, read from the layout of the full week.

A busy quarter's full week overflows the back page, and the flyer is laid out again
with fewer rows per weekday (``WEEK_LIMITS``) until it fits. Every layout costs as
much as a whole flyer, so the layout of the full week is measured once: the week
table has fixed column widths, so each row keeps its height whatever other rows are
left out, and the rest of the page does not change either. A limit whose rows
cannot fit even when counted low is skipped without a layout.

Every estimate errs low (page-break margins and gaps are left out, a "… and N more"
row counts as one line), so a skipped limit really would overflow: the result is
the same week as trying every limit in turn, with fewer layouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TOLERANCE_PX = 1.0  # rounding in the layout; skipping needs a clear overflow


@dataclass(frozen=True)
class WeekMeasure:
    """What the layout of the full week says about the back page."""

    days: tuple[tuple[float, ...], ...]  # heights of each weekday's rows, in order (the "–" row of an empty day too)
    content: float  # height of the back page's content (at least), padding included
    available: float  # height of one page's content area
    line: float  # a lower bound for the height of a "… and N more" row

    def cannot_fit(self, limit: int) -> bool:
        """Whether the back page overflows for certain with at most *limit* rows per weekday."""
        removed = sum(sum(rows[limit:]) for rows in self.days)
        added = sum(1 for rows in self.days if len(rows) > limit) * self.line
        return self.content - removed + added > self.available + TOLERANCE_PX


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


def measure_week(document: Any) -> WeekMeasure | None:
    """Measure the back page (``section.back`` with ``table.week``) in a WeasyPrint document.

    ``None`` when the layout does not have the shape this relies on (for example an
    overridden template): then every limit is tried.
    """
    heights: dict[int, float] = {}  # per <tr> element; a row split across pages adds up its parts
    order: list[tuple[int, bool]] = []  # (element id, starts a weekday)
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
                order.append((key, "cont" not in _classes(row)))
            heights[key] += row.margin_height()
        lines += [line.height for line in _all(table, "LineBox")]
    if not order or not order[0][1] or not lines:
        return None
    days: list[list[float]] = []
    for key, starts in order:
        if starts:
            days.append([])
        days[-1].append(heights[key])
    available = document.pages[0]._page_box.height
    return WeekMeasure(tuple(tuple(d) for d in days), content + padding, available, min(lines))
