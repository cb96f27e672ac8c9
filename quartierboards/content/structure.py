"""The validated site as plain data: Site → Quarter → Place / Offer.

Everything later stages need, nothing about files or YAML positions, so that
stages can be cached and run in worker processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quartierboards.content.images import ImageSource
from quartierboards.content.models import (
    NewsFile,
    OfferFile,
    PlaceFile,
    QuarterFile,
    SiteFile,
    TranslationOverride,
)


def merged_text(values: dict[str, str] | None, overrides: dict[str, TranslationOverride],
                name: str) -> dict[str, str]:
    """A translatable field with the per-language files' front matter applied on top."""
    merged = dict(values or {})
    for lang, override in overrides.items():
        value = getattr(override, name, None)
        if value:
            merged[lang] = value
    return merged


def full_place_ref(ref: str, quarter: str) -> str:
    """A place reference as written in content (``treff`` or ``other-quarter/treff``), site-wide."""
    return ref if "/" in ref else f"{quarter}/{ref}"


@dataclass
class Place:
    """A building or room where offers happen."""

    slug: str
    quarter: str
    data: PlaceFile

    @property
    def ref(self) -> str:
        """Site-wide key ``<quarter>/<place>``."""
        return f"{self.quarter}/{self.slug}"


@dataclass
class Offer:
    """Something residents can take part in, with its schedule."""

    slug: str
    quarter: str
    data: OfferFile
    place_ref: str
    bodies: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, TranslationOverride] = field(default_factory=dict)
    main_file: str = ""  # the file's name when it is not <slug>.md: <slug>.<default language>.md

    @property
    def ref(self) -> str:
        """Site-wide key ``<quarter>/<offer>``."""
        return f"{self.quarter}/{self.slug}"

    @property
    def file_name(self) -> str:
        """The main file's name in ``offers/``: ``<slug>.md`` or ``<slug>.<default language>.md``."""
        return self.main_file or f"{self.slug}.md"

    def text(self, name: str) -> dict[str, str]:
        """All languages of field *name* (``title``, ``summary``), overrides included."""
        return merged_text(getattr(self.data, name), self.overrides, name)


@dataclass
class NewsItem:
    """A dated news post of a quarter."""

    slug: str  # file name without .md: 2026-11-20-laternenumzug
    quarter: str
    date: dt.date
    data: NewsFile
    bodies: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, TranslationOverride] = field(default_factory=dict)
    main_file: str = ""  # the file's name when it is not <slug>.md: <slug>.<default language>.md

    @property
    def file_name(self) -> str:
        """The main file's name in ``news/``: ``<slug>.md`` or ``<slug>.<default language>.md``."""
        return self.main_file or f"{self.slug}.md"

    def text(self, name: str) -> dict[str, str]:
        """All languages of field *name*, overrides included."""
        return merged_text(getattr(self.data, name), self.overrides, name)


# The parts of a quarter the loader can leave for later (see Quarter.defer).
DEFERRABLE = ("offers", "news")


@dataclass
class Quarter:
    """One neighbourhood with its places, offers and about-texts.

    A quarter whose files did not change since the last build may come *deferred*
    (:meth:`defer`): its offers and news are loaded when first used, which in an
    edit of another quarter is never.
    """

    slug: str
    data: QuarterFile
    about: dict[str, str] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    offers: dict[str, Offer] = field(default_factory=dict)
    news: list[NewsItem] = field(default_factory=list)  # newest first
    sources: str | None = None  # digest of the quarter's files (content.sources), when the loader made one
    # The photos its quarter.yaml (the quarter's, its contacts'), places, offers and news name, read by the
    # loader (content.images), by file name. Those of offers and news come with them (a deferred quarter
    # has only the others until it is loaded).
    images: dict[str, ImageSource] = field(default_factory=dict)
    # Keys the last build made from exactly these sources; only on a deferred quarter (see render.keymemo).
    known_keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def defer(self, known_keys: dict[str, str], load: Callable[[Quarter], None]) -> None:
        """Leave offers and news unloaded; ``load(quarter)`` fills them in when first asked for.

        The attributes are removed, so the first access goes to ``__getattr__``: every
        reader gets the real data, whether or not it knows about deferral.
        """
        for name in DEFERRABLE:
            self.__dict__.pop(name, None)
        self.known_keys = dict(known_keys)
        self.__dict__["_load"] = load

    @property
    def deferred(self) -> bool:
        """Whether offers and news are still to be loaded."""
        return "_load" in self.__dict__

    def complete(self) -> None:
        """Load deferred offers and news now (e.g. before worker processes fork, each of which would load them)."""
        if self.deferred:
            self.offers  # noqa: B018 - the access loads them

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes that are not set: the parts of a deferred quarter.
        load = self.__dict__.get("_load") if name in DEFERRABLE else None
        if load is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        del self.__dict__["_load"]
        self.offers, self.news = {}, []
        try:
            load(self)
        except BaseException:
            self.defer(self.known_keys, load)  # asked again, it loads again (and fails the same way)
            raise
        return self.__dict__[name]


@dataclass
class Site:
    """The whole validated content tree."""

    config: SiteFile
    quarters: dict[str, Quarter] = field(default_factory=dict)
    output_profile: Path | None = None  # print.output_intent's ICC profile, resolved below the content folder

    def place(self, ref: str) -> Place:
        """Look up a place by ``<quarter>/<place>``."""
        quarter, _, slug = ref.partition("/")
        return self.quarters[quarter].places[slug]
