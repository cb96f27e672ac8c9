"""Dates, times and digits come from CLDR for each locale."""

from __future__ import annotations

import datetime as dt
import re

from quartierboards.i18n import cldr

TUESDAY = dt.date(2026, 12, 1)


def test_weekday_names_from_cldr():
    assert cldr.weekday_name(TUESDAY, "de") == "Dienstag"
    assert cldr.weekday_name(TUESDAY, "ru") == "вторник"
    assert cldr.weekday_name(TUESDAY, "ar") == "الثلاثاء"
    assert cldr.weekday_name(TUESDAY, "fa") == "سه\u200cشنبه"


def test_time_ranges_per_locale():
    assert cldr.time_range(dt.time(16), dt.time(18), "de") == "16:00–18:00 Uhr"
    # CLDR's Russian range dash has changed between releases (en dash, em dash): what a
    # reader needs is both times, in order, joined by a dash.
    assert re.fullmatch(r"16:00\s?[–—-]\s?18:00", cldr.time_range(dt.time(16), dt.time(18), "ru"))


def test_persian_uses_persian_digits_from_its_numbering_system():
    text = cldr.time_range(dt.time(16), dt.time(18), "fa")
    assert "۱۶:۰۰" in text and "۱۸:۰۰" in text
    assert not any(c in "0123456789" for c in text)
    assert cldr.number(2026, "fa") == "۲۰۲۶"


def test_arabic_follows_cldr_default_latin_digits():
    # CLDR's default numbering system for "ar" (without region) is latn.
    assert cldr.locale("ar").default_numbering_system == "latn"
    assert "16:00" in cldr.time_range(dt.time(16), dt.time(18), "ar")


def test_direction_and_language_names():
    assert cldr.direction("ar") == cldr.direction("fa") == "rtl"
    assert cldr.direction("de") == cldr.direction("uk") == "ltr"
    names = {lang: cldr.language_name(lang) for lang in ["de", "en", "ru", "ar", "fa", "tr", "uk"]}
    assert names == {"de": "Deutsch", "en": "English", "ru": "Русский", "ar": "العربية",
                     "fa": "فارسی", "tr": "Türkçe", "uk": "Українська"}
    assert cldr.language_name("de-x-ls") == "Leichte Sprache"
    assert cldr.html_lang("de-x-ls") == "de"
