"""What the print variant's PDF needs for the press: the print condition, the boxes, crop marks.

WeasyPrint draws CSS ``marks: crop`` in RGB black inside the bleed, and sets the
BleedBox at most 10 pt from the trim. So the print stylesheet asks only for a bleed
of *bleed + slug* (the MediaBox), and :func:`finisher` then, on WeasyPrint's PDF
objects before they are written:

- sets the BleedBox to trim + bleed (MediaBox = trim + bleed + slug),
- draws the crop marks in the slug in CMYK registration (all four plates), starting
  outside the bleed and at least 3 mm from the trim,
- names the output intent as configured (``print.output_intent``), or truthfully for
  the default profile, which is a US condition.

All of it is plain PDF operators and numbers: the bytes stay reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quartierboards.content.structure import Site

PT_PER_MM = 72 / 25.4
MARK_MIN_OFFSET_MM = 3.0  # marks begin at least this far from the trim (and never inside the bleed)
MARK_BLEED_GAP_MM = 0.5  # and this far outside the bleed box, so that no pixel of them touches it
MARK_GAP_MM = 1.0  # between the marks' outer end and the MediaBox
MARK_WIDTH_PT = 0.25
REGISTRATION = "1 1 1 1"  # CMYK: the marks appear on every plate, as the cutter needs

# Ghostscript's generic CMYK profile ships with Debian's libgs-common (the Makefile installs it).
DEFAULT_PROFILES = (Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),)
# Its internal name is "Artifex CMYK SWOP Profile": a US web-offset characterization. Say so.
DEFAULT_IDENTIFIER = "Ghostscript default_cmyk.icc (SWOP, US)"
DEFAULT_INFO = ("Artifex CMYK SWOP Profile: generic US web-offset CMYK, no German press condition; "
                "ask the print shop for its profile (FOGRA39 / PSO Coated v3)")


@dataclass(frozen=True)
class PrintCondition:
    """The PDF/X output intent: the ICC profile's file and the condition's names."""

    profile: str  # absolute path of the ICC profile
    identifier: str  # OutputConditionIdentifier
    info: str  # Info
    registry: str = ""  # RegistryName (empty: not written)


def default_profile() -> Path | None:
    """Ghostscript's CMYK profile, or ``None`` when the system package is missing."""
    return next((p for p in DEFAULT_PROFILES if p.is_file()), None)


def print_condition(site: Site) -> PrintCondition | None:
    """The site's print condition: ``print.output_intent`` of ``site.yaml``, else the default (``None``
    when there is no profile at all: the print PDFs are then plain PDFs)."""
    intent = site.config.print.output_intent
    if intent is not None and site.output_profile is not None:
        return PrintCondition(str(site.output_profile), intent.identifier, intent.info or intent.identifier,
                              intent.registry or "")
    profile = default_profile()
    return PrintCondition(str(profile), DEFAULT_IDENTIFIER, DEFAULT_INFO) if profile else None


def condition_name(condition: PrintCondition | None) -> str:
    """How the order names a condition: ``FOGRA39 – Coated FOGRA39 (ISO 12647-2:2004)``."""
    if condition is None:
        return "–"
    if condition.info and condition.info != condition.identifier:
        return f"{condition.identifier} – {condition.info}"
    return condition.identifier


def mark_lines(trim: tuple[float, float, float, float], bleed_pt: float,
               slug_pt: float) -> list[tuple[float, float, float, float]]:
    """The eight crop-mark lines (x0, y0, x1, y1) around *trim* (left, bottom, right, top; PDF points).

    Each continues a trim edge into the slug: from outside the bleed (and at least
    3 mm from the trim) to 1 mm short of the MediaBox.
    """
    left, bottom, right, top = trim
    start = max(bleed_pt + MARK_BLEED_GAP_MM * PT_PER_MM, MARK_MIN_OFFSET_MM * PT_PER_MM)
    end = max(bleed_pt + slug_pt - MARK_GAP_MM * PT_PER_MM, start + 2 * PT_PER_MM)
    lines = []
    for x, out_x in ((left, -1), (right, 1)):
        for y, out_y in ((bottom, -1), (top, 1)):
            lines.append((x + out_x * start, y, x + out_x * end, y))  # along the horizontal trim edge
            lines.append((x, y + out_y * start, x, y + out_y * end))  # along the vertical one
    return lines


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def marks_operators(trim: tuple[float, float, float, float], bleed_pt: float, slug_pt: float) -> bytes:
    """PDF content operators that stroke the crop marks in registration colour (DeviceCMYK)."""
    path = " ".join(f"{_number(x0)} {_number(y0)} m {_number(x1)} {_number(y1)} l"
                    for x0, y0, x1, y1 in mark_lines(trim, bleed_pt, slug_pt))
    return f"q {REGISTRATION} K {_number(MARK_WIDTH_PT)} w 0 J [] 0 d {path} S Q".encode()


def finisher(bleed_mm: float, slug_mm: float, condition: PrintCondition | None) -> Callable[[Any, Any], None]:
    """A WeasyPrint ``write_pdf`` finisher for the print variant (see the module's docstring).

    The stylesheet's bleed must be *bleed_mm* + *slug_mm*.
    """
    import pydyf

    bleed_pt, slug_pt = bleed_mm * PT_PER_MM, slug_mm * PT_PER_MM

    def finish(document: Any, pdf: Any) -> None:
        for number in pdf.pages["Kids"][::3]:
            page = pdf.objects[number]
            left, bottom, right, top = (float(v) for v in page["TrimBox"])
            page["BleedBox"] = pydyf.Array([left - bleed_pt, bottom - bleed_pt, right + bleed_pt, top + bleed_pt])
            contents = pdf.objects[int(page["Contents"].split()[0])]
            # WeasyPrint's page stream starts with a flip of the y axis outside any q/Q:
            # wrap it, so that the marks are drawn in the page's own coordinates.
            contents.stream[:0] = [b"q"]
            contents.stream += [b"Q", marks_operators((left, bottom, right, top), bleed_pt, slug_pt)]
        intents = pdf.catalog.get("OutputIntents")
        if condition is not None and intents:
            intent = intents[0]
            intent["OutputConditionIdentifier"] = pydyf.String(condition.identifier)
            intent["Info"] = pydyf.String(condition.info)
            if condition.registry:
                intent["RegistryName"] = pydyf.String(condition.registry)

    return finish
