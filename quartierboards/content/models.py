"""The content contract as pydantic models: one model per file type.

These models validate the build and generate the JSON Schemas in ``schemas/``,
so the editor's completion and the build can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from quartierboards.content.appointments import ByAppointment
from quartierboards.content.closures import Closure, SchoolHolidayMode
from quartierboards.content.fields import (
    ORDINALS,
    DateList,
    Email,
    LooseStr,
    Phone,
    Text,
    TimeRange,
    WebUrl,
    Weekday,
    Weekdays,
    content_error,
    parse_weekday,
)
from quartierboards.content.images import Photo
from quartierboards.content.legal import Legal
from quartierboards.content.licence import LicenceField
from quartierboards.content.opening import OpeningField
from quartierboards.content.print_settings import PrintSettings, QuarterPrint
from quartierboards.content.strict import Strict
from quartierboards.errors import did_you_mean
from quartierboards.i18n.codes import base_language
from quartierboards.i18n.holidays import UnknownRegion, holiday_table
from quartierboards.i18n.messages import N_

Audience = Literal["children", "youth", "families", "adults", "seniors", "everyone"]
Category = Literal["leisure", "culture", "education", "sport", "counselling", "meeting", "care"]
AUDIENCES: tuple[str, ...] = ("children", "youth", "families", "adults", "seniors", "everyone")
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
_RRULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _page_names(value: list[str]) -> list[str]:
    """Validate a list of former page names (``aliases``, ``removed_offers``, ``removed_quarters``)."""
    for name in value:
        if not _SLUG.match(name):
            raise content_error("page_name", N_("'%(value)s' is not a page name: lowercase letters, digits and "
                                                "hyphens, like the file or folder name (e.g. sprachcafe)"),
                                value=name)
    return value


PageNames = Annotated[list[str], AfterValidator(_page_names)]


def _uuid(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise content_error("uuid", N_("'%(value)s' is not an id like 1b6fc010-e004-5a68-a785-0619a281478f"),
                            value=value) from None


# The id of an offer or place in open data, when it came from another directory (`import hsds`).
OpenDataId = Annotated[str, AfterValidator(_uuid), WithJsonSchema({"type": "string", "format": "uuid"})]


def _as_list(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


# A schedule entry's kinds of recurrence, in the order ScheduleEntry.kind looks for them.
_KINDS = ("weekly", "monthly", "date", "dates", "rrule")


class ScheduleEntry(Strict):
    """One line of a schedule: a time range and exactly one recurrence kind."""

    time: TimeRange
    weekly: Weekdays | None = None
    every: Annotated[int, Field(ge=1, le=52)] = 1
    monthly: str | None = None
    date: dt.date | None = None
    dates: DateList | None = None  # days, or ranges of days "2027-06-12..2027-06-13" (multi-day events)
    rrule: str | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    except_: list[dt.date] = Field(default_factory=list, alias="except")
    place: str | None = None

    @field_validator("monthly")
    @classmethod
    def _monthly(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = value.lower().split()
        if len(parts) != 2 or parts[0] not in ORDINALS:
            guess = did_you_mean(parts[0], ORDINALS) if parts else ""
            if guess:
                raise content_error("monthly", N_("invalid monthly rule '%(value)s', expected e.g. 'first wed' "
                                                  "or 'last fri' (did you mean '%(guess)s'?)"),
                                    value=value, guess=guess)
            raise content_error(
                "monthly", N_("invalid monthly rule '%(value)s', expected e.g. 'first wed' or 'last fri'"), value=value)
        parse_weekday(parts[1])
        return value

    @field_validator("rrule")
    @classmethod
    def _rrule(cls, value: str | None) -> str | None:
        if value is None:
            return value
        from dateutil.rrule import rrulestr

        text = value.strip()
        if text.upper().startswith("RRULE:"):
            text = text[6:]
        if any(k in text.upper() for k in ("DTSTART", "UNTIL=", "COUNT=")):
            raise content_error("rrule", N_("use 'from' and 'until' instead of DTSTART/UNTIL/COUNT"))
        parts = dict(p.partition("=")[::2] for p in text.upper().split(";") if p)
        if parts.get("FREQ") not in _RRULE_FREQS:
            raise content_error("rrule", N_("invalid rrule: FREQ must be one of %(freqs)s"),
                                freqs=", ".join(_RRULE_FREQS))
        if any(k in parts for k in ("BYHOUR", "BYMINUTE", "BYSECOND")):
            raise content_error("rrule", N_("invalid rrule: the time comes from 'time', not BYHOUR/BYMINUTE"))
        try:
            rule = rrulestr(text, dtstart=dt.datetime(2026, 1, 1))
        except (ValueError, TypeError) as exc:
            raise content_error("rrule", N_("invalid rrule: %(err)s"), err=str(exc)) from None
        # A rule that can never match would make every expansion scan to the year 9999.
        if rule.replace(until=dt.datetime(2036, 1, 1)).after(dt.datetime(2025, 12, 31)) is None:
            raise content_error("rrule", N_("rrule never produces a date"))
        return text

    @field_validator("until")
    @classmethod
    def _until_after_from(cls, value: dt.date | None, info: Any) -> dt.date | None:
        start = info.data.get("from_")
        if value is not None and start is not None and value < start:
            raise content_error("until", N_("'until' (%(until)s) is before 'from' (%(start)s)"),
                                until=value.isoformat(), start=start.isoformat())
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> ScheduleEntry:
        kinds = [k for k in ("weekly", "monthly", "date", "dates", "rrule") if getattr(self, k)]
        if not kinds:
            raise content_error(
                "schedule_kind", N_("schedule entry needs one of weekly, monthly, date, dates, rrule"))
        if len(kinds) > 1:
            raise content_error("schedule_kind", N_("schedule entry has both %(a)s and %(b)s; use one"),
                                a=kinds[0], b=kinds[1])
        if self.every > 1 and not self.weekly:
            raise content_error("schedule_every", N_("'every' only works with 'weekly'"))
        if self.every > 1 and self.from_ is None:
            raise content_error(
                "schedule_every", N_("'every: %(n)s' needs 'from' to count the weeks from"), n=self.every)
        return self

    @property
    def kind(self) -> str:
        """The recurrence kind of this entry."""
        for kind in _KINDS:  # a loop, not next() over a generator: asked several times per page
            if getattr(self, kind):
                return kind
        raise ValueError("a schedule entry has one kind once validated")

    @property
    def recurring(self) -> bool:
        """Whether this entry repeats (holidays pause only recurring entries)."""
        return self.kind in ("weekly", "monthly", "rrule")


class Address(Strict):
    """Postal address of a place."""

    street: str
    postcode: LooseStr
    city: str


class Geo(Strict):
    """WGS84 coordinates."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class Contact(Strict):
    """A person to talk to, with office hours."""

    name: str
    role: Text | None = None
    phone: Phone | None = None
    email: Email | None = None
    office_hours: list[ScheduleEntry] = Field(default_factory=list)
    closures: list[Closure] = Field(default_factory=list)  # when the office hours pause (holidays)
    by_appointment: ByAppointment = None  # office hours only by appointment, and how to book one
    image: Photo | None = None  # a portrait beside the contact on the board


class Organizer(Strict):
    """Who runs an offer (the Diakonie, a club): shown on its page."""

    name: Text
    website: WebUrl | None = None
    logo: Photo | None = None  # beside its name on the offer page (a file in the quarter's images/)


class AgeRange(Strict):
    """Ages an offer is meant for (``{min: 6, max: 12}``; either end may be left open)."""

    min: Annotated[int, Field(ge=0, le=120)] | None = None
    max: Annotated[int, Field(ge=0, le=120)] | None = None

    @model_validator(mode="after")
    def _order(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise content_error("age", N_("give 'min', 'max' or both, e.g. age: {min: 6, max: 12}"))
        if self.min is not None and self.max is not None and self.min > self.max:
            raise content_error("age", N_("'min' (%(min)s) is above 'max' (%(max)s)"), min=self.min, max=self.max)
        return self


class Transit(Strict):
    """The nearest stop of buses and trains, and its lines (``{stop: Kokereiplatz, lines: [SB16, 262]}``)."""

    stop: str
    lines: Annotated[list[LooseStr], BeforeValidator(_as_list)] = Field(default_factory=list)


# One stop, or a list of them (as the schema for editors' completion says it).
_TRANSIT_SCHEMA = Transit.model_json_schema()


class QuarterFile(Strict):
    """``quarters/<quarter>/quarter.yaml``."""

    name: Text
    summary: Text
    contacts: list[Contact] = Field(default_factory=list)
    # Published URLs never die: the quarter's former folder names (their pages redirect
    # here) and offers deleted on purpose (their pages say the offer has ended).
    aliases: PageNames = Field(default_factory=list)
    removed_offers: PageNames = Field(default_factory=list)
    # Up to five offers (file names) the flyer's front names first; without, the busiest regular ones.
    highlights: Annotated[PageNames, Field(max_length=5)] = Field(default_factory=list)
    closures: list[Closure] = Field(default_factory=list)  # pauses of all its offers and office hours
    image: Photo | None = None  # the quarter's photo: on its board and the flyer's front
    print: QuarterPrint | None = None  # the quarter's own print quantities


class PlaceFile(Strict):
    """``quarters/<quarter>/places/<place>.yaml``."""

    name: Text
    address: Address
    geo: Geo | None = None
    opening_hours: list[ScheduleEntry] = Field(default_factory=list)
    # its opening hours in the week plans, calendars and flyer ("Geöffnet: Stadtteilbibliothek"),
    # for a place residents come to without an offer: a library, the quarter's office
    in_week_plan: bool = False
    closures: list[Closure] = Field(default_factory=list)  # pauses of what happens here
    wheelchair: Literal["yes", "limited", "no"] | None = None
    phone: Phone | None = None
    email: Email | None = None
    website: WebUrl | None = None
    opens: OpeningField | None = None  # a day, a month, a season or words (content/opening.py)
    checked: dt.date | None = None  # when someone last made sure the facts are right
    transit: Annotated[list[Transit], BeforeValidator(_as_list), WithJsonSchema(
        {"anyOf": [_TRANSIT_SCHEMA, {"type": "array", "items": _TRANSIT_SCHEMA}]})] = Field(default_factory=list)
    description: Text | None = None
    image: Photo | None = None  # what residents look for: the house, the door
    id: OpenDataId | None = None  # its id in open data, kept from the directory it was imported from


class OfferFile(Strict):
    """Front matter of ``quarters/<quarter>/offers/<offer>.md``."""

    title: Text
    summary: Text
    audience: Annotated[
        list[Audience], BeforeValidator(_as_list), Field(min_length=1),
        WithJsonSchema({"anyOf": [{"enum": list(AUDIENCES)},
                                  {"type": "array", "items": {"enum": list(AUDIENCES)}, "minItems": 1}]}),
    ]
    category: Category
    place: str
    cost: Text | None = None
    registration: Text | None = None
    contact: Text | None = None
    holidays: Literal["skip", "keep"] = "skip"
    school_holidays: SchoolHolidayMode = "keep"
    by_appointment: ByAppointment = None  # only by appointment (its times: when appointments are given)
    closures: list[Closure] = Field(default_factory=list)
    organizer: Organizer | None = None
    age: AgeRange | None = None
    checked: dt.date | None = None  # when someone last made sure the facts are right
    schedule: list[ScheduleEntry] | None = None
    aliases: PageNames = Field(default_factory=list)  # former file names: their pages redirect here
    id: OpenDataId | None = None  # its id in open data, kept from the directory it was imported from
    image: Photo | None = None  # on the offer's page, below its heading

    @field_validator("schedule")
    @classmethod
    def _not_empty(cls, value: list[ScheduleEntry] | None) -> list[ScheduleEntry] | None:
        if value is not None and not value:
            raise content_error(
                "schedule_empty", N_("schedule is empty; add an entry or remove the 'schedule' key"))
        return value


class NewsFile(Strict):
    """Front matter of ``quarters/<quarter>/news/<yyyy-mm-dd>-<slug>.md``."""

    title: Text
    summary: Text | None = None
    until: dt.date | None = None  # hide from the board after this day (stays in the archive)
    image: Photo | None = None  # on the news page, below its heading


class TranslationOverride(Strict):
    """Front matter of ``<name>.<lang>.md``: plain strings in that language."""

    title: str | None = None
    summary: str | None = None


class AboutFile(Strict):
    """Front matter of ``about.md`` (optional)."""

    title: Text | None = None


class Publisher(Strict):
    """Who publishes the boards: the imprint's provider (§ 5 DDG) and the privacy notice's controller."""

    name: str
    # An imprint needs a postal address, an e-mail address and the person responsible
    # for the content (§ 18 (2) MStV): a site without them is a content error, not a gap.
    street: str
    postcode: LooseStr
    city: str
    email: Email
    phone: Phone | None = None
    responsible: str


def _language_code(value: Any) -> str:
    code = str(value)
    try:
        Locale.parse(base_language(code).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise content_error("language", N_("unknown language code '%(code)s'"), code=code) from None
    return code


LanguageCode = Annotated[str, BeforeValidator(_language_code)]


class Freshness(Strict):
    """How old facts may get (``freshness:`` in ``site.yaml``): directories lose trust with stale data."""

    # An offer's or place's `checked:` date older than this many months is reported as stale.
    checked_months: Annotated[int, Field(ge=1, le=120)] = 12
    # A news post leaves the board after this many months (it stays in the archive), unless `until` says otherwise.
    news_months: Annotated[int, Field(ge=1, le=120)] = 6


class SiteFile(Strict):
    """``content/site.yaml``."""

    title: Text
    base_url: WebUrl
    default_language: LanguageCode = "de"
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    timezone: str = "Europe/Berlin"
    holidays: str | None = None
    week_start: Weekday = 0
    weeks_ahead: Annotated[int, Field(ge=0, le=12)] = 3
    print: PrintSettings = Field(default_factory=PrintSettings)
    publisher: Publisher
    legal: Legal
    qr_allowed_hosts: list[str] = Field(default_factory=list)
    removed_quarters: PageNames = Field(default_factory=list)  # their pages and sticker links lead to the city
    freshness: Freshness = Field(default_factory=Freshness)
    closures: list[Closure] = Field(default_factory=list)  # pauses of every offer and office hours
    school_holidays: list[Closure] = Field(default_factory=list)  # the state's, for `school_holidays: pause`
    data_licence: LicenceField | None = None  # the open data's licence: the publisher's choice, no default
    # BITV 2.0 § 4: an explanation of the site in German Sign Language, linked from the
    # German and easy-language start pages. A link, not an embedded player: the pages
    # load nothing from other servers.
    sign_language_video: WebUrl | None = None

    @field_validator("base_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        if not value.endswith("/"):
            raise content_error("url", N_("base_url must end with '/'"))
        return value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise content_error("timezone", N_("unknown time zone '%(tz)s', e.g. Europe/Berlin"),
                                tz=value) from None
        return value

    @field_validator("holidays")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            holiday_table(value, 2026)  # any year: the package knows a region for all of them
        except UnknownRegion:
            raise content_error(
                "holidays", N_("unknown holiday region '%(region)s', expected e.g. DE-NW"), region=value) from None
        return value

    @model_validator(mode="after")
    def _languages(self) -> SiteFile:
        # "at": where below the file's root the error belongs (see content/messages.py).
        if self.default_language not in self.languages:
            raise content_error("language", N_("default_language '%(lang)s' is not in languages"),
                                lang=self.default_language, at=("default_language",))
        seen: dict[str, str] = {}
        for i, lang in enumerate(self.languages):
            # Each language is a folder of output/: "de" and "DE" would be one folder on
            # macOS and Windows, and two boards of the same language elsewhere.
            if lang.lower() in seen:
                raise content_error("language", N_("language '%(lang)s' is listed twice (as '%(other)s')"),
                                    lang=lang, other=seen[lang.lower()], at=("languages", i))
            seen[lang.lower()] = lang
        for i, lang in enumerate(self.print.languages):
            if lang not in self.languages:
                raise content_error("language", N_("print language '%(lang)s' is not in languages"),
                                    lang=lang, at=("print", "languages", i))
        for product, value in self.print.quantities.items():
            for lang in value if isinstance(value, dict) else ():
                if lang not in self.print.languages:
                    raise content_error("language", N_("quantity for '%(lang)s', which is not a print language"),
                                        lang=lang, at=("print", "quantities", product, lang))
        return self
