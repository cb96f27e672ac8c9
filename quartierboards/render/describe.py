"""Schedule entries in words, for opening hours, office hours and offer pages."""

from __future__ import annotations

import datetime as dt

from babel.lists import format_list
from dateutil import rrule as rr

from quartierboards.content.fields import ORDINALS, parse_weekday
from quartierboards.content.models import ScheduleEntry
from quartierboards.i18n import cldr
from quartierboards.render.view import LangView


# gettext marker: the strings are extracted by pybabel, translated at run time.
def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark *message* for extraction without translating it here."""
    return message


_MONTHLY = {
    1: N_("every first %(weekday)s of the month"),
    2: N_("every second %(weekday)s of the month"),
    3: N_("every third %(weekday)s of the month"),
    4: N_("every fourth %(weekday)s of the month"),
    -1: N_("every last %(weekday)s of the month"),
}
# The same rule as a whole phrase per weekday, for languages whose words agree with the
# weekday's gender and case (ru: "каждую первую среду месяца", "каждый первый вторник
# месяца"). A language that leaves these untranslated gets the pattern above.
_MONTHLY_BY_DAY = {
    1: (
        N_("every first Monday of the month"),
        N_("every first Tuesday of the month"),
        N_("every first Wednesday of the month"),
        N_("every first Thursday of the month"),
        N_("every first Friday of the month"),
        N_("every first Saturday of the month"),
        N_("every first Sunday of the month"),
    ),
    2: (
        N_("every second Monday of the month"),
        N_("every second Tuesday of the month"),
        N_("every second Wednesday of the month"),
        N_("every second Thursday of the month"),
        N_("every second Friday of the month"),
        N_("every second Saturday of the month"),
        N_("every second Sunday of the month"),
    ),
    3: (
        N_("every third Monday of the month"),
        N_("every third Tuesday of the month"),
        N_("every third Wednesday of the month"),
        N_("every third Thursday of the month"),
        N_("every third Friday of the month"),
        N_("every third Saturday of the month"),
        N_("every third Sunday of the month"),
    ),
    4: (
        N_("every fourth Monday of the month"),
        N_("every fourth Tuesday of the month"),
        N_("every fourth Wednesday of the month"),
        N_("every fourth Thursday of the month"),
        N_("every fourth Friday of the month"),
        N_("every fourth Saturday of the month"),
        N_("every fourth Sunday of the month"),
    ),
    -1: (
        N_("every last Monday of the month"),
        N_("every last Tuesday of the month"),
        N_("every last Wednesday of the month"),
        N_("every last Thursday of the month"),
        N_("every last Friday of the month"),
        N_("every last Saturday of the month"),
        N_("every last Sunday of the month"),
    ),
}


def describe_monthly(ordinal: int, weekday: int, view: LangView) -> str:
    """``jeden 3. Dienstag im Monat`` / ``каждый третий вторник месяца``."""
    phrase = _MONTHLY_BY_DAY[ordinal][weekday]
    translated = view.gettext(phrase)
    if translated != phrase or cldr.locale(view.lang).language == "en":
        return translated
    return view.gettext(_MONTHLY[ordinal], weekday=view.weekday(weekday))


def _describe_rrule(text: str, view: LangView) -> str | None:
    """Words for the RRULEs people write by hand (weekly on days, monthly on the nth weekday)."""
    try:
        rule = rr.rrulestr(text, dtstart=dt.datetime(2000, 1, 3))
    except (ValueError, TypeError):
        return None
    interval = getattr(rule, "_interval", 1)
    nth = getattr(rule, "_bynweekday", None) or ()
    days = sorted(getattr(rule, "_byweekday", None) or ())
    if rule._freq == rr.MONTHLY and interval == 1 and len(nth) == 1 and nth[0][1] in _MONTHLY_BY_DAY:
        weekday, ordinal = nth[0]
        return describe_monthly(ordinal, weekday, view)
    if rule._freq == rr.WEEKLY and days and not nth:
        return _weekly(days, interval, view)
    return None


def _weekly(days: list[int], every: int, view: LangView) -> str:
    listed = format_list([view.weekday(d) for d in days], locale=cldr.locale(view.lang))
    return every_n_weeks(every, listed, view) if every > 1 else listed


def every_n_weeks(every: int, listed: str, view: LangView) -> str:
    """``every 2 weeks: <listed>``, *listed* being its weekdays or its dates, in *view*'s language."""
    return view._t.ngettext("every %(num)s week: %(days)s", "every %(num)s weeks: %(days)s",
                            every) % {"num": view.number(every), "days": listed}


def _day_runs(days: list[dt.date], view: LangView) -> str:
    """Dates in words, consecutive days as one span: ``12.–13. Juni 2027, täglich`` (a street festival)."""
    runs: list[list[dt.date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [view.date(run[0]) if len(run) == 1 else cldr.day_span(run[0], run[-1], view.lang) for run in runs]
    listed = format_list(parts, locale=cldr.locale(view.lang))
    return view.gettext("%(days)s, daily", days=listed) if any(len(run) > 1 for run in runs) else listed


def describe_days(entry: ScheduleEntry, view: LangView) -> str:
    """The recurrence of *entry* in words (``Dienstag, Donnerstag``)."""
    if entry.weekly:
        return _weekly(list(entry.weekly), entry.every, view)
    if entry.monthly:
        ordinal, day = entry.monthly.lower().split()
        return describe_monthly(ORDINALS[ordinal], parse_weekday(day), view)
    if entry.date or entry.dates:
        days = sorted(set(entry.dates or []) | ({entry.date} if entry.date else set()))
        return _day_runs(days, view)
    if entry.rrule:
        described = _describe_rrule(entry.rrule, view)
        if described:
            return described
    return view.gettext("on changing days, see the week plan")


def describe_validity(entry: ScheduleEntry, view: LangView, today: dt.date | None = None) -> str:
    """``from 2 Nov 2026``, ``until …``, or both; empty when unlimited.

    A start that has come (before *today*) is left out: "(from 25 April 2017)" would
    otherwise stand there for years.
    """
    first = entry.from_ if entry.from_ and (today is None or entry.from_ > today) else None
    if first and entry.until:
        return view.gettext("%(first)s to %(last)s", first=view.date(first), last=view.date(entry.until))
    if first and entry.recurring:
        return view.gettext("from %(date)s", date=view.date(first))
    if entry.until:
        return view.gettext("until %(date)s", date=view.date(entry.until))
    return ""


def shown_of_the_day(entries: list[ScheduleEntry], today: dt.date) -> list[tuple[bool, int]]:
    """What :func:`describe_validity` and :func:`describe_exceptions` show of *today* for *entries*.

    A start still ahead, and how many exceptions are still to come: their lines change
    only when these do (``render.dayparts``, and the offer cards kept from day to day).
    """
    return [(bool(e.from_ and e.from_ > today), sum(1 for d in e.except_ if d >= today)) for e in entries]


def describe_exceptions(entry: ScheduleEntry, view: LangView, today: dt.date | None = None) -> str:
    """``not on 24 Dec 2026, 31 Dec 2026`` or empty; days before *today* are past and left out."""
    coming = sorted(d for d in entry.except_ if today is None or d >= today)
    if not coming:
        return ""
    days = format_list([view.date(d) for d in coming], locale=cldr.locale(view.lang))
    return view.gettext("not on %(dates)s", dates=days)
