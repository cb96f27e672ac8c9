"""Pauses: ``closures:`` with a reason, and the school holidays an offer pauses in or runs in.

A house closed for its staff's holidays ("Betriebsferien 16.–20.10."), a group that
pauses in the summer school holidays: said once as a range of days with a reason,
instead of seven ``except`` dates redone every year. Closures stand in ``site.yaml``
(all offers and office hours), ``quarter.yaml`` (the quarter's), on a place (what
happens there), on a contact (their office hours) and on an offer.

School holidays differ per federal state and year; no well-kept package publishes
them with a licence, so a site enters its state's dates once, in ``site.yaml``
(``school_holidays:``), and an offer says ``school_holidays: pause`` (or ``only``
for a holiday programme).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, WithJsonSchema

from quartierboards.content.fields import Text, checked_day_span
from quartierboards.content.strict import Strict
from quartierboards.i18n.messages import N_

# A closure longer than a year is a place that is gone, not a pause.
MAX_CLOSURE_DAYS = 366


def _span(value: Any) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date):
        return value, value
    return checked_day_span(
        value, kind="closure_dates", single=True, max_days=MAX_CLOSURE_DAYS,
        invalid=N_("invalid closure '%(value)s', expected a day like 2027-10-16 or a range like "
                   "2027-10-16..2027-10-20"),
        backwards=N_("closure '%(value)s' ends before it starts"),
        too_long=N_("closure '%(value)s' is longer than a year"))


def _spans(value: Any) -> list[tuple[dt.date, dt.date]]:
    return [_span(item) for item in (value if isinstance(value, list) else [value])]


_DAY_OR_RANGE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$"}
Spans = Annotated[
    list[tuple[dt.date, dt.date]], BeforeValidator(_spans),
    WithJsonSchema({"anyOf": [_DAY_OR_RANGE, {"type": "array", "items": _DAY_OR_RANGE, "minItems": 1}],
                    "description": "A day or a range of days like 2027-10-16..2027-10-20, or a list of them"}),
]


class Closure(Strict):
    """A pause: ``{dates: 2027-10-16..2027-10-20, reason: Betriebsferien}``."""

    dates: Spans
    reason: Text

    def covers(self, day: dt.date) -> bool:
        """Whether *day* lies in one of its ranges."""
        return any(first <= day <= last for first, last in self.dates)


def _school_mode(value: Any) -> Any:
    # Editors say "pause" (the word of the docs) as well as "skip" (like `holidays: skip`).
    return "skip" if value == "pause" else value


# What an offer does in the site's school holidays: runs as usual, pauses, or runs only then.
SchoolHolidayMode = Annotated[
    Literal["keep", "skip", "only"], BeforeValidator(_school_mode),
    WithJsonSchema({"enum": ["keep", "pause", "skip", "only"], "default": "keep",
                    "description": "keep: runs in the school holidays; pause (or skip): not in the school "
                                   "holidays; only: a holiday programme"}),
]
