"""Field types shared by the content models: translatable text, weekdays, time ranges.

Each type validates and normalizes in one place, so the models, the JSON Schema
and the error messages agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from quartierboards.errors import did_you_mean

# Accepted spellings of weekdays: English and German, short and long, because
# editors write German. Index 0 is Monday (ISO, dateutil's MO).
WEEKDAY_NAMES: dict[str, int] = {}
for _i, _names in enumerate([
    ("mon", "monday", "mo", "montag"),
    ("tue", "tuesday", "di", "dienstag"),
    ("wed", "wednesday", "mi", "mittwoch"),
    ("thu", "thursday", "do", "donnerstag"),
    ("fri", "friday", "fr", "freitag"),
    ("sat", "saturday", "sa", "samstag", "sonnabend"),
    ("sun", "sunday", "so", "sonntag"),
]):
    for _n in _names:
        WEEKDAY_NAMES[_n] = _i

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1,
            "erster": 1, "ersten": 1, "zweiter": 2, "zweiten": 2, "dritter": 3, "dritten": 3,
            "vierter": 4, "vierten": 4, "letzter": -1, "letzten": -1}

_TIME_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()/\-]{3,30}$")


def parse_weekday(value: Any) -> int:
    """Turn ``tue``/``di``/``Dienstag`` into 0–6 (Monday = 0)."""
    key = str(value).strip().lower().rstrip(".")
    if key in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[key]
    guess = did_you_mean(key, WEEKDAY_NAMES)
    raise PydanticCustomError(
        "weekday", "unknown weekday '{value}'" + (f", did you mean '{guess}'?" if guess else ""),
        {"value": str(value)},
    )


def _weekdays(value: Any) -> list[int]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise PydanticCustomError("weekday", "list of weekdays is empty")
    days = [parse_weekday(v) for v in items]
    return sorted(set(days))


_WEEKDAY_SCHEMA = {"type": "string", "enum": sorted(WEEKDAY_NAMES, key=lambda n: (WEEKDAY_NAMES[n], n))}
Weekdays = Annotated[
    list[int], BeforeValidator(_weekdays),
    WithJsonSchema({"anyOf": [_WEEKDAY_SCHEMA, {"type": "array", "items": _WEEKDAY_SCHEMA, "minItems": 1}]}),
]
Weekday = Annotated[int, BeforeValidator(parse_weekday), WithJsonSchema(_WEEKDAY_SCHEMA)]


def parse_time_range(value: Any) -> tuple[dt.time, dt.time]:
    """Parse ``"16:00-18:00"``; the end must come after the start."""
    if not isinstance(value, str):
        raise PydanticCustomError("time_range", 'expected a time range like "16:00-18:00" in quotes')
    match = _TIME_RANGE.match(value)
    if not match:
        raise PydanticCustomError("time_range", "invalid time range '{value}', expected HH:MM-HH:MM",
                                  {"value": value})
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hour, minute in ((h1, m1), (h2, m2)):
        if hour > 23 or minute > 59:
            raise PydanticCustomError("time_range", "invalid time {time}",
                                      {"time": f"{hour:02d}:{minute:02d}"})
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if end <= start:
        raise PydanticCustomError("time_range", "end time {end} is not after start time {start}",
                                  {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")})
    return start, end


_HHMM = r"([01]?[0-9]|2[0-3]):[0-5][0-9]"
TimeRange = Annotated[
    tuple[dt.time, dt.time], BeforeValidator(parse_time_range),
    WithJsonSchema({"type": "string", "pattern": "^" + _HHMM + r"\s*[-–]\s*" + _HHMM + "$",
                    "description": 'Time range in quotes, e.g. "16:00-18:00"'}),
]


def _text(value: Any, info: ValidationInfo) -> dict[str, str]:
    ctx = info.context or {}
    default = ctx.get("default_language", "de")
    languages = ctx.get("languages")
    if isinstance(value, str):
        value = {default: value}
    for lang, text in value.items():
        if languages is not None and lang not in languages:
            guess = did_you_mean(lang, languages)
            raise PydanticCustomError(
                "language", "unknown language '{lang}'" + (f", did you mean '{guess}'?" if guess else "")
                + " (site languages: {langs})", {"lang": lang, "langs": ", ".join(languages)})
        if not text.strip():
            raise PydanticCustomError("text_empty", "text for '{lang}' is empty", {"lang": lang})
    if default not in value:
        raise PydanticCustomError(
            "text_default", "missing text in the default language '{lang}'", {"lang": default})
    return {k: v.strip() for k, v in value.items()}


Text = Annotated[str | dict[str, str], AfterValidator(_text)]


def _stringify(value: Any) -> Any:
    # Postcodes and phone numbers are often written unquoted and read as numbers.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "invalid e-mail address '{value}'", {"value": value})
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value):
        raise PydanticCustomError("phone", "invalid phone number '{value}'", {"value": value})
    return value


def _web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I):
        raise PydanticCustomError("url", "invalid web address '{value}', must start with https://",
                                  {"value": value})
    return value


Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
Phone = Annotated[str, BeforeValidator(_stringify), AfterValidator(_phone),
                  WithJsonSchema({"type": "string", "pattern": _PHONE.pattern})]
WebUrl = Annotated[str, AfterValidator(_web_url)]
LooseStr = Annotated[str, BeforeValidator(_stringify), WithJsonSchema({"type": ["string", "integer"]})]
