"""The validated site as plain data: Site → Quarter → Place / Offer.

Everything later stages need, nothing about files or YAML positions, so that
stages can be cached and run in worker processes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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

    @property
    def ref(self) -> str:
        """Site-wide key ``<quarter>/<offer>``."""
        return f"{self.quarter}/{self.slug}"

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

    def text(self, name: str) -> dict[str, str]:
        """All languages of field *name*, overrides included."""
        return merged_text(getattr(self.data, name), self.overrides, name)


@dataclass
class Quarter:
    """One neighbourhood with its places, offers and about-texts."""

    slug: str
    data: QuarterFile
    about: dict[str, str] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    offers: dict[str, Offer] = field(default_factory=dict)
    news: list[NewsItem] = field(default_factory=list)  # newest first


@dataclass
class Site:
    """The whole validated content tree."""

    config: SiteFile
    quarters: dict[str, Quarter] = field(default_factory=dict)

    def place(self, ref: str) -> Place:
        """Look up a place by ``<quarter>/<place>``."""
        quarter, _, slug = ref.partition("/")
        return self.quarters[quarter].places[slug]
