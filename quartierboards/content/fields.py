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
from quartierboards.i18n.messages import N_

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MSGID_KEY = "_msgid"  # where a validation error carries its untranslated message


def content_error(kind: str, msgid: str, **ctx: Any) -> PydanticCustomError:
    """A validation error whose message is the gettext *msgid* (``%(name)s`` placeholders).

    pydantic's own message (``{name}`` placeholders, English) stays readable; the untranslated
    *msgid* travels in ``ctx["_msgid"]`` and is translated when the error is shown
    (``content/messages.py``).
    """
    return PydanticCustomError(kind, _PLACEHOLDER.sub(r"{\1}", msgid), {**ctx, MSGID_KEY: msgid})

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


_SHORT_DE = ("mo", "di", "mi", "do", "fr", "sa", "so")  # how the editors' guide writes weekdays


def parse_weekday(value: Any) -> int:
    """Turn ``tue``/``di``/``Dienstag`` into 0–6 (Monday = 0)."""
    key = str(value).strip().lower().rstrip(".")
    if key in WEEKDAY_NAMES:
        return WEEKDAY_NAMES[key]
    first, dash, last = key.replace("–", "-").partition("-")
    if dash and first.strip() in WEEKDAY_NAMES and last.strip() in WEEKDAY_NAMES:
        # "mo-fr": a range, as people write it on a door; the schedule wants the days listed
        start, end = WEEKDAY_NAMES[first.strip()], WEEKDAY_NAMES[last.strip()]
        names = [_SHORT_DE[d] for d in (range(start, end + 1) if start <= end else [*range(start, 7),
                                                                                   *range(0, end + 1)])]
        raise content_error("weekday", N_("'%(value)s' is a range of days; write the days as a list: [%(days)s]"),
                            value=str(value), days=", ".join(names))
    guess = did_you_mean(key, WEEKDAY_NAMES)
    if guess:
        raise content_error("weekday", N_("unknown weekday '%(value)s', did you mean '%(guess)s'?"),
                            value=str(value), guess=guess)
    raise content_error("weekday", N_("unknown weekday '%(value)s'"), value=str(value))


def _weekdays(value: Any) -> list[int]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise content_error("weekday", N_("list of weekdays is empty"))
    days = [parse_weekday(v) for v in items]
    return sorted(set(days))


_WEEKDAY_SCHEMA = {"type": "string", "enum": sorted(WEEKDAY_NAMES, key=lambda n: (WEEKDAY_NAMES[n], n))}
Weekdays = Annotated[
    list[int], BeforeValidator(_weekdays),
    WithJsonSchema({"anyOf": [_WEEKDAY_SCHEMA, {"type": "array", "items": _WEEKDAY_SCHEMA, "minItems": 1}]}),
]
Weekday = Annotated[int, BeforeValidator(parse_weekday), WithJsonSchema(_WEEKDAY_SCHEMA)]


def parse_time_range(value: Any) -> tuple[dt.time, dt.time]:
    """Parse ``"16:00-18:00"``; an end before the start is on the next day (``"20:00-01:00"``)."""
    if not isinstance(value, str):
        raise content_error("time_range", N_('expected a time range like "16:00-18:00" in quotes'))
    match = _TIME_RANGE.match(value)
    if not match:
        raise content_error("time_range", N_("invalid time range '%(value)s', expected HH:MM-HH:MM"),
                            value=value)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hour, minute in ((h1, m1), (h2, m2)):
        if hour > 23 or minute > 59:
            raise content_error("time_range", N_("invalid time %(time)s"), time=f"{hour:02d}:{minute:02d}")
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    # An end before the start is past midnight (Mitternachtssport 20:00-01:00); only an
    # empty range is an error.
    if end == start:
        raise content_error("time_range", N_("end time %(end)s is not after start time %(start)s"),
                            start=start.strftime("%H:%M"), end=end.strftime("%H:%M"))
    return start, end


# A multi-day event (a street festival) is written as one range, not as a list of days.
MAX_RANGE_DAYS = 31


_DAY_SPAN = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.\s*(\d{4}-\d{2}-\d{2})\s*)?$")


def parse_day_span(value: str, *, single: bool = False) -> tuple[dt.date, dt.date] | None:
    """First and last day of ``"2027-06-12..2027-06-13"`` (with *single*, also of a lone day
    ``"2027-06-12"``); ``None`` for anything else, an impossible date included."""
    match = _DAY_SPAN.match(value)
    if not match or not (single or match.group(2)):
        return None
    try:
        first = dt.date.fromisoformat(match.group(1))
        return first, dt.date.fromisoformat(match.group(2)) if match.group(2) else first
    except ValueError:
        return None


def checked_day_span(value: Any, *, kind: str, single: bool, max_days: int, invalid: str, backwards: str,
                     too_long: str) -> tuple[dt.date, dt.date]:
    """First and last day of *value* as :func:`parse_day_span` reads it, or a content error of *kind*
    with the message *invalid*, *backwards* (ends before it starts) or *too_long* (*max_days* or more)."""
    span = parse_day_span(value, single=single) if isinstance(value, str) else None
    if span is None:
        raise content_error(kind, invalid, value=value)
    first, last = span
    if last < first:
        raise content_error(kind, backwards, value=value)
    if (last - first).days >= max_days:
        raise content_error(kind, too_long, value=value, days=max_days)
    return span


def _date_range(value: str) -> list[dt.date]:
    """The days of ``"2027-06-12..2027-06-13"`` (both ends included)."""
    first, last = checked_day_span(
        value, kind="date_range", single=False, max_days=MAX_RANGE_DAYS,
        invalid=N_("invalid date range '%(value)s', expected e.g. 2027-06-12..2027-06-13"),
        backwards=N_("date range '%(value)s' ends before it starts"),
        too_long=N_("date range '%(value)s' is longer than %(days)s days; use weekly with from and until"))
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _dates(value: Any) -> Any:
    """A date, a range ``"2027-06-12..2027-06-13"`` or a list of both, as the list of its days."""
    items = value if isinstance(value, list) else [value]
    days: list[Any] = []
    for item in items:
        days += _date_range(item) if isinstance(item, str) and ".." in item else [item]
    return days


_ISO_DATE = {"type": "string", "format": "date"}
_DATE_OR_RANGE = {"anyOf": [_ISO_DATE, {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$"}]}
DateList = Annotated[
    list[dt.date], BeforeValidator(_dates),
    WithJsonSchema({"anyOf": [_DATE_OR_RANGE, {"type": "array", "items": _DATE_OR_RANGE, "minItems": 1}],
                    "description": "Dates, or ranges of consecutive days like 2027-06-12..2027-06-13"}),
]

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
            if guess:
                raise content_error("language", N_("unknown language '%(lang)s', did you mean '%(guess)s'? "
                                                   "(site languages: %(langs)s)"),
                                    lang=lang, guess=guess, langs=", ".join(languages))
            raise content_error("language", N_("unknown language '%(lang)s' (site languages: %(langs)s)"),
                                lang=lang, langs=", ".join(languages))
        if not text.strip():
            raise content_error("text_empty", N_("text for '%(lang)s' is empty"), lang=lang)
    if default not in value:
        raise content_error("text_default", N_("missing text in the default language '%(lang)s'"), lang=default)
    return {k: v.strip() for k, v in value.items()}


Text = Annotated[str | dict[str, str], AfterValidator(_text)]


def validate_text(value: Any, info: ValidationInfo) -> dict[str, str]:
    """A text (a string in the default language, or one per language) as :data:`Text` checks it."""
    return _text(value, info)


def _stringify(value: Any) -> Any:
    # Postcodes and phone numbers are often written unquoted and read as numbers.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise content_error("email", N_("invalid e-mail address '%(value)s'"), value=value)
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value):
        raise content_error("phone", N_("invalid phone number '%(value)s'"), value=value)
    return value


def _web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I):
        raise content_error("url", N_("invalid web address '%(value)s', must start with https://"), value=value)
    return value


Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
Phone = Annotated[str, BeforeValidator(_stringify), AfterValidator(_phone),
                  WithJsonSchema({"type": "string", "pattern": _PHONE.pattern})]
WebUrl = Annotated[str, AfterValidator(_web_url)]
LooseStr = Annotated[str, BeforeValidator(_stringify), WithJsonSchema({"type": ["string", "integer"]})]
