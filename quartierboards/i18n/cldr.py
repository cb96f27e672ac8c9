"""Locale-aware formatting of dates, times and numbers from Babel's CLDR data."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton

from quartierboards.i18n.catalog import translations
from quartierboards.i18n.codes import base_language, is_easy_language

# Zero digit of CLDR's decimal numbering systems (numberingSystems.xml); the other
# nine follow it in Unicode. Babel has each locale's default system, not its digits.
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6"}
RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"}


@lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    """Babel locale for a site language code (``de-x-ls`` → ``de``)."""
    return Locale.parse(base_language(lang).replace("-", "_"))


@lru_cache(maxsize=64)
def _digit_table(lang: str) -> dict[int, str] | None:
    system = locale(lang).default_numbering_system
    zero = _ZERO.get(system, "0")
    if zero == "0":
        return None
    return {ord("0") + i: chr(ord(zero) + i) for i in range(10)}


def digits(text: str, lang: str) -> str:
    """Replace Latin digits with the digits of *lang*'s default CLDR numbering system."""
    table = _digit_table(lang)
    return text.translate(table) if table else text


@lru_cache(maxsize=64)  # asked for every language of every page's language chooser
def direction(lang: str) -> str:
    """``rtl`` or ``ltr`` from CLDR's character order of the locale."""
    return "rtl" if locale(lang).character_order == "right-to-left" else "ltr"


def html_lang(lang: str) -> str:
    """Value of the HTML ``lang`` attribute (``de-x-ls`` → ``de``)."""
    return base_language(lang)


# Easy-language variants have no CLDR name; this is how they are labelled in Germany.
EASY_LANGUAGE_NAMES = {"de": "Leichte Sprache"}


@lru_cache(maxsize=64)
def language_name(lang: str) -> str:
    """Name of *lang* in its own language, capitalised as in a menu (``Русский``)."""
    if is_easy_language(lang):
        return EASY_LANGUAGE_NAMES.get(base_language(lang), lang)
    name = locale(lang).get_display_name(locale(lang)) or lang
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=4096)
def weekday_name(day: dt.date | int, lang: str, width: str = "wide") -> str:
    """Stand-alone weekday name (``Dienstag``, ``الثلاثاء``, ``سه‌شنبه``)."""
    index = day if isinstance(day, int) else day.weekday()
    return locale(lang).days["stand-alone"][width][index]




@lru_cache(maxsize=4096)
def date_medium(day: dt.date, lang: str) -> str:
    """Day, month and year (``1. Dezember 2026``)."""
    return digits(format_skeleton("yMMMMd", day, locale=locale(lang)), lang)


@lru_cache(maxsize=1024)
def day_span(first: dt.date, last: dt.date, lang: str) -> str:
    """Consecutive days as one interval in the locale's pattern (``12.–13. Juni 2027``), months in full."""
    return digits(format_interval(first, last, "yMMMMd", locale=locale(lang)), lang)


@lru_cache(maxsize=256)
def month_year(year: int, month: int, lang: str) -> str:
    """Month and year (``April 2027``, ``апрель 2027 г.``), as the language writes them standing alone."""
    return digits(format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale(lang)), lang)


@lru_cache(maxsize=4096)
def weekday_date(day: dt.date, lang: str) -> str:
    """Weekday with the full date, in the locale's own order and punctuation
    (``Donnerstag, 31. Dezember 2026``, ``الخميس، 31 ديسمبر 2026``)."""
    return digits(format_date(day, "full", locale=locale(lang)), lang)


@lru_cache(maxsize=4096)
def weekday_day_month(day: dt.date, lang: str, last: dt.date | None = None) -> str:
    """Short weekday, day and month (``Sa., 12. Dez.``; to *last*: ``Sa., 12. – So., 13. Dez.``), for print."""
    if last is not None and last != day:
        return digits(format_interval(day, last, _months(lang, "MMMEd"), locale=locale(lang)), lang)
    return digits(format_skeleton(_months(lang, "MMMEd"), day, locale=locale(lang)), lang)


@lru_cache(maxsize=4096)
def day_month(day: dt.date, lang: str) -> str:
    """Day and month (``1. Dez.``; in easy language without abbreviation: ``1. Dezember``)."""
    return digits(format_skeleton(_months(lang, "MMMd"), day, locale=locale(lang)), lang)


@lru_cache(maxsize=4096)
def time_range(start: dt.time, end: dt.time, lang: str) -> str:
    """``16:00–18:00 Uhr``; 24-hour clock, as times are written on the boards."""
    return digits(format_interval(start, end, "Hm", locale=locale(lang)), lang)




@lru_cache(maxsize=4096)
def date_range(first: dt.date, last: dt.date, lang: str) -> str:
    """``30. Nov. – 6. Dez. 2026`` (easy language: ``30. November bis 6. Dezember 2026``)."""
    if is_easy_language(lang):
        # Easy language writes months in full and "bis" instead of a dash.
        start = format_skeleton("yMMMMd" if first.year != last.year else "MMMMd", first, locale=locale(lang))
        end = format_skeleton("yMMMMd", last, locale=locale(lang))
        return translations(lang).gettext("%(first)s to %(last)s") % {"first": start, "last": end}
    return digits(format_interval(first, last, "yMMMd", locale=locale(lang)), lang)


def _months(lang: str, skeleton: str) -> str:
    """*skeleton* with full month names in easy language, which writes no abbreviations."""
    return skeleton.replace("MMM", "MMMM") if is_easy_language(lang) else skeleton


def number(value: int, lang: str) -> str:
    """An integer in the locale's digits."""
    return digits(str(value), lang)
