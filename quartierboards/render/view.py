"""What templates call to show content in one language: text with honest fallback,
CLDR dates and times, links, and isolation of mixed-direction strings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_timedelta
from markupsafe import Markup, escape

from quartierboards.content.models import AgeRange, Contact
from quartierboards.content.opening import Opening
from quartierboards.content.structure import Offer, Place, Quarter, Site
from quartierboards.i18n import cldr
from quartierboards.i18n.catalog import translations
from quartierboards.i18n.codes import is_easy_language
from quartierboards.i18n.holiday_names import SCHOOL_HOLIDAY_NAMES
from quartierboards.i18n.holidays import HolidayCalendar
from quartierboards.i18n.messages import N_
from quartierboards.i18n.text import Localized, pick
from quartierboards.render import urls
from quartierboards.render.contactlinks import link_contacts
from quartierboards.render.markdown import markdown_plain, plain_text, render_markdown
from quartierboards.schedule.expand import Occurrence
from quartierboards.schedule.plan import office_hours_contact, opening_hours_place

# Shown before a body that is in another language than the page.
_NOT_YET = N_("This text is not yet available in your language.")
# A season with its year, as pages say when a house opens (content/opening.py).
_SEASON_NAMES = {"spring": N_("spring %(year)s"), "summer": N_("summer %(year)s"),
                 "autumn": N_("autumn %(year)s"), "winter": N_("winter %(year)s")}


@dataclass
class LangView:
    """Formatting helpers bound to a page's language and path."""

    site: Site
    lang: str
    page_path: str = ""
    # Links from the site's root instead of from the page: for 404 pages, which a server
    # shows at whatever address was asked for.
    root_links: bool = False

    def __post_init__(self) -> None:
        self.default = self.site.config.default_language
        self._t = translations(self.lang)
        self._holidays = HolidayCalendar(self.site.config.holidays)
        self._rtl_attr = ' dir="rtl"' if cldr.direction(self.lang) == "rtl" else ""

    # -- text -------------------------------------------------------------
    def gettext(self, message: str, **kw: object) -> str:
        """Translate a UI string."""
        text = self._t.gettext(message)
        return text % kw if kw else text

    def pick(self, values: dict[str, str] | None) -> Localized | None:
        """The best text of *values* for this language, with the language it is in."""
        return pick(values, self.lang, self.default)

    def plain(self, values: dict[str, str] | None) -> str:
        """Text for attributes and titles (no markup)."""
        found = self.pick(values)
        return found.text if found else ""

    def is_fallback(self, found: Localized) -> bool:
        """Whether *found* is in another language than the page.

        On an easy-language page a text in the base language is a fallback too: it is
        German, but not easy German, and the reader has to be told.
        """
        if cldr.html_lang(found.lang) != cldr.html_lang(self.lang):
            return True
        return is_easy_language(self.lang) and found.lang != self.lang

    def _same_tag(self, found: Localized) -> bool:
        """Whether *found* has the page's HTML ``lang`` (standard German on an easy-language page)."""
        return cldr.html_lang(found.lang) == cldr.html_lang(self.lang)

    def t(self, values: dict[str, str] | None, *, note: bool = True, links: bool = False) -> Markup:
        """Text in this language, or a marked fallback: ``<bdi lang="de">…</bdi> (auf Deutsch)``.

        With *links*, phone numbers and email addresses in the text become ``tel:`` and
        ``mailto:`` links (for free-text contacts).
        """
        found = self.pick(values)
        if found is None:
            return Markup("")
        text = link_contacts(found.text) if links else escape(found.text)
        if not self.is_fallback(found):
            return text
        if self._same_tag(found):
            # Standard German on an easy-language page. A name ("Südpark", "Mütter-Café")
            # is the same in easy language; only a longer text is marked.
            return text + self.fallback_note(found.lang) if note and _is_prose(found.text) else text
        html = Markup(f'<bdi lang="{escape(cldr.html_lang(found.lang))}">{text}</bdi>')
        return html + self.fallback_note(found.lang) if note else html

    def fallback_note(self, lang: str) -> Markup:
        """Small note that a text is shown in another language (or not in easy language)."""
        return _fallback_note(self.lang, lang)

    def body(self, bodies: dict[str, str]) -> Markup:
        """Markdown body in this language (or the fallback, marked) as safe HTML."""
        found = self.pick(bodies)
        if found is None:
            return Markup("")
        html = render_markdown(found.text)
        if not self.is_fallback(found):
            return html
        note = Markup('<p class="fallback-note">{}</p>').format(self.gettext(_NOT_YET))
        if self._same_tag(found):
            return note + html
        return note + Markup('<div lang="{}" dir="{}">{}</div>').format(
            cldr.html_lang(found.lang), cldr.direction(found.lang), html)

    def plain_body(self, bodies: dict[str, str]) -> str:
        """:meth:`body` as plain text (:func:`~quartierboards.render.markdown.plain_text`), the note included.

        The same text as ``plain_text(body(bodies))``, without making the HTML: the city's
        rows ask for it for every offer in every language, most of them the same text.
        """
        found = self.pick(bodies)
        if found is None:
            return ""
        text = markdown_plain(found.text)
        if not self.is_fallback(found):
            return text
        # The note and the text are apart by a tag, so by a space once the tags are dropped.
        return f"{plain_text(escape(self.gettext(_NOT_YET)))} {text}".rstrip()

    @property
    def semicolon(self) -> str:
        """The separator of a list of phrases: ``; ``, in Arabic script ``؛ ``."""
        return "\u061b " if cldr.direction(self.lang) == "rtl" else "; "

    def ltr(self, text: str | None) -> Markup:
        """Isolate a left-to-right token (phone, e-mail, URL) inside any paragraph direction."""
        return Markup('<bdi dir="ltr">{}</bdi>').format(text or "")

    # -- dates and times ----------------------------------------------------
    def weekday(self, day: dt.date | int) -> str:
        """Weekday name."""
        return cldr.weekday_name(day, self.lang)

    def day_month(self, day: dt.date) -> str:
        """``1. Dez.``"""
        return cldr.day_month(day, self.lang)

    def weekday_date(self, day: dt.date) -> str:
        """Weekday and date as the language writes them together."""
        return cldr.weekday_date(day, self.lang)

    def date(self, day: dt.date) -> str:
        """``1. Dezember 2026``"""
        return cldr.date_medium(day, self.lang)

    def opening(self, opens: Opening) -> Markup:
        """A place's coming opening as written (``Opens on 1 March 2027``, ``Opens in spring 2027``, words)."""
        if opens.day:
            return escape(self.gettext("Opens on %(date)s", date=self.date(opens.day)))
        if opens.month:
            return escape(self.gettext("Opens in %(when)s", when=cldr.month_year(*opens.month, self.lang)))
        if opens.season:
            year, name = opens.season
            season = self.gettext(_SEASON_NAMES[name], year=cldr.digits(str(year), self.lang))
            return escape(self.gettext("Opens in %(when)s", when=season))
        return Markup(escape(self.gettext("Opening: %(text)s"))) % {"text": self.t(opens.text)}

    def ago(self, day: dt.date, today: dt.date) -> str:
        """How long ago *day* was, in words (``vor 3 Monaten``), for news on the board."""
        if day >= today:
            return self.gettext("Today")
        words = format_timedelta(day - today, granularity="day", add_direction=True, locale=cldr.locale(self.lang))
        return cldr.digits(words, self.lang)

    def age(self, age: AgeRange | dict[str, int | None]) -> str:
        """``6–12 Jahre``, ``ab 6 Jahren``, ``bis 3 Jahre``, in this language and its digits.

        *age* may also be a row's ``{"min": …, "max": …}`` (``render/offerdata.py``).
        """
        if isinstance(age, dict):
            age = AgeRange(**age)
        if age.min is not None and age.max is not None:
            text = self._t.ngettext("%(min)s–%(max)s year", "%(min)s–%(max)s years", age.max)
        elif age.min is not None:
            text = self._t.ngettext("from %(min)s year", "from %(min)s years", age.min)
        else:
            text = self._t.ngettext("up to %(max)s year", "up to %(max)s years", age.max or 0)
        return cldr.digits(text % {"min": age.min, "max": age.max}, self.lang)

    def week_range(self, first: dt.date, last: dt.date) -> str:
        """``30. Nov. – 6. Dez. 2026``"""
        return cldr.date_range(first, last, self.lang)

    def times(self, start: dt.time | dt.datetime, end: dt.time | dt.datetime) -> str:
        """``16:00–18:00 Uhr`` in this locale's digits."""
        s = start.time() if isinstance(start, dt.datetime) else start
        e = end.time() if isinstance(end, dt.datetime) else end
        return cldr.time_range(s, e, self.lang)

    # One rule for time ranges on the web and in print: isolated, and laid out in the
    # page's own direction. In Arabic and Persian the range then reads from the right like
    # the sentence around it (the start time stands on the right), which is what the
    # Unicode bidi algorithm gives a range in running RTL text, and what a flyer showed
    # while the web showed it left to right.
    # (A <bdi> of digits alone is left to right already: only right-to-left pages say dir.)
    # (These two are on every plan item, card and date line: built with f-strings, about five
    # times faster than Markup.format; the times are escaped, the ISO dates are digits and signs.)
    def time_span(self, start: dt.time | dt.datetime, end: dt.time | dt.datetime) -> Markup:
        """A time range isolated in the page's direction."""
        return Markup(f'<bdi class="when"{self._rtl_attr}>{escape(self.times(start, end))}</bdi>')

    def when(self, occ: Occurrence) -> Markup:
        """Machine-readable and isolated time range of an occurrence."""
        return Markup(f'<bdi class="when"{self._rtl_attr}><time datetime="{iso_minutes(occ.start)}" '
                      f'data-end="{iso_minutes(occ.end)}">{escape(self.times(occ.start, occ.end))}</time></bdi>')

    def holiday(self, day: dt.date) -> str:
        """Name of the public holiday on *day* in this language, or the German name marked ``lang="de"``.

        Names come from the ``holidays`` package in German and English and from our
        catalogs for the other languages (:mod:`quartierboards.i18n.holiday_names`).
        """
        base = cldr.html_lang(self.lang)
        if base == "de":
            return self._holidays.name(day, "de") or ""
        english = self._holidays.name(day, "en")
        if english is None:
            return ""
        translated = self._t.gettext(english)
        if translated != english or base == "en":
            return translated
        # No translation of ours: the country's own name, marked as German for screen readers.
        return Markup('<span lang="de">{}</span>').format(self._holidays.name(day, "de"))

    def reason(self, values: dict[str, str]) -> Markup:
        """A closure's reason in this language: a school holiday's common German name
        (Sommerferien) is translated by our catalogs where the editors gave no translation."""
        found = self.pick(values)
        if found is not None and self.is_fallback(found) and found.text in SCHOOL_HOLIDAY_NAMES:
            english = SCHOOL_HOLIDAY_NAMES[found.text]
            translated = self._t.gettext(english)
            if translated != english or cldr.html_lang(self.lang) == "en":
                return escape(translated)
        return self.t(values, note=False)

    def paused(self, occ: Occurrence) -> Markup:
        """Why *occ* does not take place: ``Pause: Sommerferien``, or the public holiday."""
        if occ.closure is not None:
            return escape(self._t.gettext("Pause: %(reason)s")) % {"reason": self.reason(occ.closure.reason)}
        return escape(self._t.gettext("Does not take place (public holiday)"))

    def closure_span(self, first: dt.date, last: dt.date, values: dict[str, str]) -> Markup:
        """``12.–24. Okt. (Herbstferien)``: a closure's days with its reason."""
        days = self.day_month(first) if first == last else self.week_range(first, last)
        return escape(self._t.gettext("%(days)s (%(reason)s)")) % {"days": days, "reason": self.reason(values)}

    def number(self, value: int) -> str:
        """Integer in this locale's digits."""
        return cldr.number(value, self.lang)

    # -- links ----------------------------------------------------------------
    def url(self, path: str) -> str:
        """Link from the current page to the output file *path* (relative, or from the site's root)."""
        if self.root_links:
            return urls.site_path(self.site.config.base_url) + urls.public_path(path)
        return urls.relative(self.page_path, path)

    def board_url(self, quarter: Quarter | str) -> str:
        """Link to a quarter's board in this language."""
        slug = quarter if isinstance(quarter, str) else quarter.slug
        return self.url(urls.board_page(self.lang, slug))

    def offer_url(self, offer: Offer) -> str:
        """Link to an offer's page in this language."""
        return self.url(urls.offer_page(self.lang, offer.quarter, offer.slug))

    def offer(self, ref: str) -> Offer:
        """The offer with site-wide key ``<quarter>/<offer>``."""
        quarter, _, slug = ref.partition("/")
        return self.site.quarters[quarter].offers[slug]

    def contact(self, source: str) -> Contact | None:
        """The quarter contact whose office hours an occurrence *source* is, ``None`` for an offer's."""
        found = office_hours_contact(source)
        return self.site.quarters[found[0]].data.contacts[found[1]] if found else None

    def opened_place(self, source: str) -> Place | None:
        """The place whose opening hours an occurrence *source* is, ``None`` for any other."""
        ref = opening_hours_place(source)
        return self.site.place(ref) if ref else None

    def place(self, ref: str | None) -> Place | None:
        """The place with key ``<quarter>/<place>``, if any."""
        return self.site.place(ref) if ref else None


# A name or a title ("Südpark", "Offener Jugendtreff", "Lauftreff im Südpark") is the same
# in easy language; a sentence or phrase has function words, which German writes in lower
# case ("rund um den", "nicht nötig – einfach"). Only such a text in standard German gets
# the note on an easy-language page; contacts and names do not.
PROSE_WORDS = 2


def _is_prose(text: str) -> bool:
    """Whether *text* reads as a phrase rather than a name: at least :data:`PROSE_WORDS` lower-case words."""
    return sum(1 for word in text.split() if word[0].isalpha() and word[0].islower()) >= PROSE_WORDS


@lru_cache(maxsize=256)  # per page language and text language: on every fallback text of a page
def _fallback_note(page_lang: str, lang: str) -> Markup:
    translated = translations(page_lang)
    if is_easy_language(page_lang) and cldr.html_lang(lang) == cldr.html_lang(page_lang):
        return Markup(' <small class="fallback">{}</small>').format(translated.gettext("(not in easy language)"))
    name = cldr.locale(lang).get_display_name(cldr.locale(page_lang)) or lang
    return Markup(' <small class="fallback">{}</small>').format(
        translated.gettext("(in %(language)s)") % {"language": name})


def base_context(view: LangView, today: dt.date) -> dict[str, object]:
    """What every template (pages and print products) gets: site, language, direction, date."""
    return {
        "site": view.site,
        "config": view.site.config,
        "v": view,
        "lang": view.lang,
        "html_lang": cldr.html_lang(view.lang),
        "dir": cldr.direction(view.lang),
        "easy_language": is_easy_language(view.lang),
        "today": today,
    }


def iso_minutes(value: dt.datetime) -> str:
    """``2026-12-02T10:00+01:00``: ISO 8601 to the minute with the UTC offset."""
    # An occurrence's start and end appear on many pages of its quarter. Aware datetimes of one
    # zone compare equal across a fold (02:30 CEST and 02:30 CET): the fold is part of the key.
    return _iso_minutes(value, value.tzinfo, value.fold)


@lru_cache(maxsize=4096)
def _iso_minutes(value: dt.datetime, tzinfo: dt.tzinfo | None, fold: int) -> str:
    offset = value.utcoffset() or dt.timedelta()
    total = int(offset.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"{value:%Y-%m-%dT%H:%M}{sign}{hours:02d}:{minutes:02d}"
