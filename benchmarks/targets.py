"""How a benchmark line states its target: ``target: <= 1.5 s``, and by how much a figure misses it."""

from __future__ import annotations


def target(value: float, most: float, unit: str) -> str:
    """``target: <= <most> <unit>``, with ``MISSED by …`` when *value* is above it; *unit* ``%`` for shares."""
    if unit == "%":
        missed = f"{value - most:.0%} points"
        return f"target: <= {most:.0%}" + ("" if value <= most else f", MISSED by {missed}")
    return f"target: <= {most:g} {unit}" + ("" if value <= most else f", MISSED by {value - most:.2f} {unit}")
