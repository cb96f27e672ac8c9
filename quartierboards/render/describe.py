"""Schedule entries in words, for opening hours, office hours and offer pages."""

from __future__ import annotations

from babel.lists import format_list

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


def describe_days(entry: ScheduleEntry, view: LangView) -> str:
    """The recurrence of *entry* in words (``Dienstag, Donnerstag``)."""
    lang = view.lang
    if entry.weekly:
        days = format_list([view.weekday(d) for d in entry.weekly], locale=cldr.locale(lang))
        if entry.every > 1:
            return view._t.ngettext("every %(num)s week: %(days)s", "every %(num)s weeks: %(days)s",
                                    entry.every) % {"num": view.number(entry.every), "days": days}
        return days
    if entry.monthly:
        ordinal, day = entry.monthly.lower().split()
        return view.gettext(_MONTHLY[ORDINALS[ordinal]], weekday=view.weekday(parse_weekday(day)))
    if entry.date or entry.dates:
        days = sorted(set(entry.dates or []) | ({entry.date} if entry.date else set()))
        return format_list([view.date(d) for d in days], locale=cldr.locale(lang))
    return view.gettext("on changing days, see the week plan")


def describe_validity(entry: ScheduleEntry, view: LangView) -> str:
    """``from 2 Nov 2026``, ``until …``, or both; empty when unlimited."""
    if entry.from_ and entry.until:
        return view.gettext("%(first)s to %(last)s", first=view.date(entry.from_),
                            last=view.date(entry.until))
    if entry.from_ and entry.recurring:
        return view.gettext("from %(date)s", date=view.date(entry.from_))
    if entry.until:
        return view.gettext("until %(date)s", date=view.date(entry.until))
    return ""


def describe_exceptions(entry: ScheduleEntry, view: LangView) -> str:
    """``not on 24 Dec 2026, 31 Dec 2026`` or empty."""
    if not entry.except_:
        return ""
    days = format_list([view.date(d) for d in sorted(entry.except_)], locale=cldr.locale(view.lang))
    return view.gettext("not on %(dates)s", dates=days)
