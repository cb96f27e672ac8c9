"""Dates and time ranges as each language writes them, on the web and in print."""

from __future__ import annotations

import json
import re

WHEN = re.compile(r'<bdi class="when"( dir="(\w+)")?>')


def test_arabic_and_persian_date_lines_use_their_own_comma(sample_build) -> None:
    for lang in ("ar", "fa"):
        page = sample_build.text(f"{lang}/lindenhof/repair-cafe/index.html")
        dates = re.search(r'<ul class="dates">(.*?)</ul>', page, re.S).group(1)
        visible = re.sub(r"<[^>]+>", "", dates)
        assert "," not in visible, f"{lang}: Latin comma in {visible[:120]}"
    assert "الخميس، 31 ديسمبر 2026" in sample_build.text("ar/lindenhof/repair-cafe/index.html")


def test_time_ranges_follow_the_page_direction_on_every_page(sample_build) -> None:
    for lang, direction in (("ar", "rtl"), ("fa", "rtl"), ("de", None), ("ru", None)):
        seen = 0
        for rel, data in sample_build.files.items():
            if rel.startswith(f"{lang}/") and rel.endswith(".html"):
                for match in WHEN.finditer(data.decode("utf-8")):
                    seen += 1
                    assert match.group(2) == direction, f"{rel}: {match.group(0)}"  # none: left to right
        assert seen > 100


def test_holiday_names_are_in_the_page_language(sample_build) -> None:
    expected = {"ar": "عيد الميلاد المجيد (اليوم الأول)", "fa": "کریسمس (روز اول)", "ru": "Рождество (первый день)",
                "tr": "Noel (birinci gün)", "uk": "Різдво (перший день)", "en": "Christmas Day",
                "de": "Erster Weihnachtstag"}
    for lang, name in expected.items():
        page = sample_build.text(f"{lang}/suedpark/2026-W52/index.html")
        assert name in page, lang
        if lang != "de":
            assert "Weihnachtstag" not in page, lang


def test_a_language_without_a_translation_gets_the_german_name_marked_as_german() -> None:
    import datetime as dt

    from qb_support import SAMPLE

    from quartierboards.content.loader import load_site
    from quartierboards.render.view import LangView

    view = LangView(load_site(SAMPLE), "pl")
    assert str(view.holiday(dt.date(2026, 12, 25))) == '<span lang="de">Erster Weihnachtstag</span>'


def test_an_opening_without_a_day_is_said_as_written_in_every_language(sample_build) -> None:
    expected = {"de": "Eröffnung im Herbst 2027", "en": "Opens in autumn 2027", "ru": "Открытие: осень 2027 г.",
                "ar": "الافتتاح: خريف 2027", "fa": "زمان افتتاح: پاییز ۲۰۲۷", "de-x-ls": "ab Herbst 2027 offen"}
    for lang, words in expected.items():
        assert words in sample_build.text(f"{lang}/lindenhof/index.html"), lang
    assert "Eröffnung am 1. März 2027" in sample_build.text("de/nordstadt/index.html")


def test_ages_organizers_and_stops_show_in_the_page_language(sample_build) -> None:
    ages = {"de": ("6–12 Jahre", "bis 3 Jahre"), "ru": ("6–12 лет", "до 3 лет"), "uk": ("6–12 років", "до 3 років"),
            "fa": ("۶ تا ۱۲ سال", "تا ۳ سالگی"), "en": ("6–12 years", "up to 3 years")}
    for lang, (range_, upto) in ages.items():
        assert range_ in sample_build.text(f"{lang}/nordstadt/hausaufgabenhilfe/index.html"), lang
        assert upto in sample_build.text(f"{lang}/nordstadt/krabbelgruppe/index.html"), lang
        assert range_ in sample_build.text(f"{lang}/nordstadt/index.html"), lang  # on the board's cards too
    page = sample_build.text("de/nordstadt/hausaufgabenhilfe/index.html")
    # the organizer's logo, then its name linked to its website
    assert re.search(r'<dt>Veranstalter</dt><dd><figure class="photo logo">.*?</figure>'
                     r'<a href="https://example.org/diakonie/"', page, re.S)
    event = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert event["typicalAgeRange"] == "6-12" and event["organizer"]["name"] == "Diakonie Kohlenberg"
    assert "Bus und Bahn: <bdi>Kokereiplatz (SB16, 262)</bdi>" in sample_build.text("de/nordstadt/index.html")
    assert "المواصلات العامة: <bdi>Kokereiplatz (SB16, 262)</bdi>" in sample_build.text("ar/nordstadt/index.html")


def test_checked_dates_and_the_age_of_news_are_shown(sample_build) -> None:
    page = sample_build.text("de/nordstadt/hausaufgabenhilfe/index.html")
    assert "<dt>Zuletzt geprüft</dt><dd><bdi>16. November 2026</bdi></dd>" in page
    assert "Zuletzt geprüft: 16. November 2026" in sample_build.text("de/nordstadt/index.html")  # the place card
    assert "<bdi>27. November 2026</bdi> · vor 3 Tagen" in sample_build.text("de/nordstadt/index.html")
    assert "۳ روز پیش" in sample_build.text("fa/nordstadt/index.html")


def test_machine_readable_times_keep_their_offset_across_the_clock_change() -> None:
    """02:30 happens twice when summer time ends; both read alike but are an hour apart."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from quartierboards.render.view import iso_minutes

    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    second = first.replace(fold=1)
    assert iso_minutes(first) == "2026-10-25T02:30+02:00"
    assert iso_minutes(second) == "2026-10-25T02:30+01:00"
    assert iso_minutes(first) == "2026-10-25T02:30+02:00", "asked again: not the other one's"


def test_a_bodys_plain_text_is_the_plain_text_of_its_html() -> None:
    """The open data's ``description`` (``plain_body``, made without the HTML) is what the page's body reads as."""
    from qb_support import SAMPLE

    from quartierboards.content.loader import load_site
    from quartierboards.render.markdown import plain_text
    from quartierboards.render.view import LangView

    site = load_site(SAMPLE)
    bodies = [
        {},  # no body
        {"de": "Kaffee & *Kuchen*\n\n- Tee <3\n- Saft"},  # German only: every other language falls back
        {"de": "Wir **reparieren**.", "de-x-ls": "Wir machen Sachen heil."},  # easy language has its own
        {"de": "Nur Deutsch.", "ar": "نص *عربي*.\n\nفقرة ثانية: 0151 2345678"},
        {"ru": "Только по-русски: [сайт](https://example.org/)"},  # not in the site's default language
        {"de": "   "},
    ]
    fallbacks = 0
    for lang in site.config.languages:
        view = LangView(site, lang)
        for body in bodies:
            html = view.body(body)
            fallbacks += "fallback-note" in html
            assert view.plain_body(body) == plain_text(str(html)), (lang, body)
    assert fallbacks > 10  # the note is part of the text, as it is on the page
