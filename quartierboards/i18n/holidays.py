"""Public holidays of the site's region, from the ``holidays`` package, kept per machine.

Asking the package for one country's holidays costs about 0.2 s of every build (and of
``check``): importing it, and then its ``countries`` package, which imports all 250
countries to give one. A region's table for a year and language is therefore kept as
JSON in the user cache (:mod:`quartierboards.usercache`), under the installed package's
version, and a build reads those few small files instead. The tables are the package's
own, so the output is the same either way.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from functools import lru_cache
from pathlib import Path

import orjson

from quartierboards.usercache import store_json, user_cache_dir


class UnknownRegion(ValueError):
    """The ``holidays`` package has no such country or subdivision."""


def holiday_table(region: str, year: int, language: str | None = None) -> dict[dt.date, str]:
    """The public holidays of *region* (ISO 3166-2: ``DE-NW``, or a country: ``DE``) in *year*.

    Names are in *language* where the package has it, else in the country's own
    (:func:`package_language`). Raises :class:`UnknownRegion` for a region the package does not know.
    """
    target = _cache_file(region, year, language)
    if target is not None:
        try:
            return _parse(orjson.loads(target.read_bytes()))
        except (OSError, ValueError):
            pass  # not made yet, or damaged: made again
    table = _from_package(region, year, language)
    if target is not None:
        store_json(target, {day.isoformat(): name for day, name in table.items()})
    return table


def _parse(data: object) -> dict[dt.date, str]:
    if not isinstance(data, dict) or not all(isinstance(name, str) for name in data.values()):
        raise ValueError("not a holiday table")
    return {dt.date.fromisoformat(day): name for day, name in data.items()}


def _from_package(region: str, year: int, language: str | None) -> dict[dt.date, str]:
    import holidays  # 0.1 s to import, only when a table is not in the cache

    country, _, subdiv = region.partition("-")
    if not (country.isascii() and country.isalpha() and country.isupper()):
        raise UnknownRegion(region)
    try:
        entity = getattr(holidays, country)
        names_in = package_language(language, tuple(entity.supported_languages), entity.default_language)
        calendar = holidays.country_holidays(country, subdiv=subdiv or None, years=year, language=names_in)
    except (AttributeError, NotImplementedError, KeyError, ValueError) as exc:
        raise UnknownRegion(region) from exc
    return dict(calendar.items())


def package_language(language: str | None, supported: tuple[str, ...], default: str) -> str:
    """The package's language for holiday names in *language* (``en`` → ``en_US``), else the country's own.

    Always named: without a language the package takes the process's ``LANG``, and the
    same site would get English names on one machine and German ones on another.
    """
    if language:
        if language in supported:
            return language
        base = language.replace("-", "_").split("_")[0]
        for code in supported:
            if code.split("_")[0] == base:
                return code
    return default


def _cache_file(region: str, year: int, language: str | None) -> Path | None:
    """Where the table is kept; ``None`` when the package's version cannot be told (then it is not kept)."""
    version = _package_version()
    if version is None or not region.replace("-", "").isalnum():
        return None
    return user_cache_dir() / "holidays" / version / f"{region}-{year}-{language or 'default'}.json"


@lru_cache(maxsize=1)
def _package_version() -> str | None:
    """``holidays-0.108``: the installed distribution, told by its metadata folder without importing it.

    (``importlib.metadata`` takes 0.1 s to answer; the package's own ``__version__`` means importing it.)
    """
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    found = sorted(p.name.removesuffix(".dist-info")
                   for p in Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    return "+".join(found) or None


class HolidayCalendar:
    """Public holidays of one ISO 3166-2 region (``DE-NW``), or none when *region* is empty."""

    def __init__(self, region: str | None):
        self.region = region

    @staticmethod
    @lru_cache(maxsize=64)
    def _table(region: str, year: int, language: str | None) -> dict[dt.date, str]:
        return holiday_table(region, year, language)

    def name(self, day: dt.date, language: str | None = None) -> str | None:
        """The holiday's name on *day* (in *language* where the package has it), else ``None``."""
        if not self.region:
            return None
        return self._table(self.region, day.year, language).get(day)

    def is_holiday(self, day: dt.date) -> bool:
        """Whether *day* is a public holiday."""
        return self.name(day) is not None
