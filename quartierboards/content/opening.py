"""When a place opens, as exactly as its editors know it: a day, a month, a season or words.

A house under construction rarely has an opening day. ``opens:`` takes what is
known — ``2027-03-01``, ``2027-04``, ``Frühjahr 2027``, or a text such as
``in Bauphase`` (translatable like every text) — and pages say it as written. Only
an exact day is used where the build reasons about dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, ValidationInfo, WithJsonSchema

from quartierboards.content.fields import content_error, validate_text
from quartierboards.i18n.messages import N_

SEASONS = ("spring", "summer", "autumn", "winter")
# Words editors write for a season (German and English), by season.
_SEASON_WORDS = {"frühjahr": "spring", "frühling": "spring", "spring": "spring", "sommer": "summer",
                 "summer": "summer", "herbst": "autumn", "autumn": "autumn", "fall": "autumn",
                 "winter": "winter"}
# The months a season ends in (meteorological seasons; winter ends in February of the next year).
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_SEASON = re.compile(r"^(\w+)\s+(\d{4})$")


@dataclass(frozen=True)
class Opening:
    """When a place opens: exactly one of *day*, *month* (year, month), *season* (year, name) or *text*."""

    day: dt.date | None = None
    month: tuple[int, int] | None = None
    season: tuple[int, str] | None = None
    text: dict[str, str] | None = None

    @property
    def exact(self) -> dt.date | None:
        """The opening day when the editors know it (the only form used to reason about dates)."""
        return self.day

    def last_day(self) -> dt.date | None:
        """The latest day the opening can be on (``None`` for words, which say no date)."""
        if self.day:
            return self.day
        if self.month:
            year, month = self.month
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if self.season:
            year, name = self.season
            end_year, end_month = (year + 1, 2) if name == "winter" else (year, _SEASON_END[name])
            return dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        return None

    def ahead(self, today: dt.date) -> bool:
        """Whether pages still announce the opening on *today*: until the day (or month, season) has come.

        Words are shown until the editors remove them.
        """
        if self.day:
            return self.day > today
        last = self.last_day()
        return last is None or last >= today

    def dump(self) -> object:
        """As written in the content (for keys and exports)."""
        if self.day:
            return self.day.isoformat()
        if self.month:
            return f"{self.month[0]:04d}-{self.month[1]:02d}"
        if self.season:
            return f"{self.season[1]} {self.season[0]}"
        return self.text


def parse_opening(value: Any, info: ValidationInfo) -> Opening:
    """An :class:`Opening` from what an editor wrote after ``opens:``."""
    if isinstance(value, Opening):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Opening(day=value)
    if isinstance(value, str):
        written = value.strip()
        if match := _MONTH.match(written):
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise content_error("opens", N_("'%(value)s' is no month; write e.g. 2027-04 for April 2027"),
                                    value=written)
            return Opening(month=(year, month))
        if (match := _SEASON.match(written)) and match.group(1).lower() in _SEASON_WORDS:
            return Opening(season=(int(match.group(2)), _SEASON_WORDS[match.group(1).lower()]))
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", written):
            raise content_error("opens", N_("'%(value)s' is no date; write e.g. 2027-03-01"), value=written)
    if isinstance(value, str | dict):
        return Opening(text=validate_text(value, info))
    raise content_error("opens", N_("write a date (2027-03-01), a month (2027-04), a season (Frühjahr 2027) "
                                    "or a text"))


_SCHEMA = {"anyOf": [
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": r"^\d{4}-\d{1,2}$"},
    {"type": "string"},
    {"type": "object", "additionalProperties": {"type": "string"}},
], "description": "A date, a month (2027-04), a season (Frühjahr 2027) or a text (in Bauphase)"}

OpeningField = Annotated[Opening, PlainValidator(parse_opening), PlainSerializer(lambda o: o.dump()),
                         WithJsonSchema(_SCHEMA)]
