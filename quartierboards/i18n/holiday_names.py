"""The names of Germany's public holidays as translatable UI strings.

The ``holidays`` package names German holidays in German, English, Ukrainian and Thai
only; a Russian, Arabic, Persian or Turkish page would otherwise show "Erster
Weihnachtstag". Its English names are the message ids here, translated in our
catalogs like every other UI string. A language without a translation gets the
German name, marked ``lang="de"`` (see :meth:`LangView.holiday`).
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark *message* for extraction without translating it here."""
    return message


HOLIDAY_NAMES = (
    N_("New Year's Day"),
    N_("Epiphany"),
    N_("Women's Day"),
    N_("Good Friday"),
    N_("Easter Sunday"),
    N_("Easter Monday"),
    N_("Labor Day"),
    N_("Ascension Day"),
    N_("Pentecost"),
    N_("Pentecost Monday"),
    N_("Corpus Christi"),
    N_("Augsburg Peace Festival"),
    N_("Assumption Day"),
    N_("World Children's Day"),
    N_("German Unity Day"),
    N_("Reformation Day"),
    N_("All Saints' Day"),
    N_("Repentance and Prayer Day"),
    N_("Christmas Day"),
    N_("Second Day of Christmas"),
)


# The school holidays by the names German sites give them (``school_holidays:`` in
# site.yaml): a reason editors did not translate is said in the page's language.
SCHOOL_HOLIDAY_NAMES = {
    "Winterferien": N_("winter school holidays"),
    "Osterferien": N_("Easter school holidays"),
    "Pfingstferien": N_("Whitsun school holidays"),
    "Sommerferien": N_("summer school holidays"),
    "Herbstferien": N_("autumn school holidays"),
    "Weihnachtsferien": N_("Christmas school holidays"),
    "Schulferien": N_("school holidays"),
}
