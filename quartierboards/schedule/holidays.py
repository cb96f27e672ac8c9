"""Public holidays of the site's region, from the ``holidays`` package."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holidays_lib


class HolidayCalendar:
    """Public holidays of one ISO 3166-2 region (``DE-NW``), or none when *region* is empty."""

    def __init__(self, region: str | None):
        self.region = region

    @staticmethod
    @lru_cache(maxsize=64)
    def _table(region: str, year: int, language: str | None) -> dict[dt.date, str]:
        country, _, subdiv = region.partition("-")
        cal = holidays_lib.country_holidays(country, subdiv=subdiv or None, years=year)
        if language and language in (getattr(cal, "supported_languages", ()) or ()):
            cal = holidays_lib.country_holidays(country, subdiv=subdiv or None, years=year,
                                                language=language)
        return dict(cal.items())

    def name(self, day: dt.date, language: str | None = None) -> str | None:
        """The holiday's name on *day* (in *language* where the package has it), else ``None``."""
        if not self.region:
            return None
        return self._table(self.region, day.year, language).get(day)

    def is_holiday(self, day: dt.date) -> bool:
        """Whether *day* is a public holiday."""
        return self.name(day) is not None
