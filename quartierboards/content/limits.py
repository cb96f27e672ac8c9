"""Size limits of a site, checked from the file names before any offer is read.

A board lists every offer of its quarter, so a build's memory and time grow with the
offers: a quarter of 10,000 offers makes boards of 10 MB each and builds in about
0.6 GiB per process; 100,000 offers would take several gigabytes and an hour.
Content beyond these limits is refused at once, with a message, instead of a build
that runs out of memory (``docs/content-format.md``, "Limits").
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from quartierboards.errors import ContentError, Location, relpath
from quartierboards.i18n.messages import tr

MAX_OFFERS_PER_QUARTER = 10_000
MAX_OFFERS_PER_SITE = 20_000


def count_offers(folder: Path, default: str = "") -> int:
    """Offer files in a quarter's ``offers/`` folder (``slug.md`` or ``slug.<default>.md``; translations
    ``slug.fa.md`` and hidden files not counted), from the names alone: no file is opened."""
    main = f".{default}.md"
    try:
        with os.scandir(folder) as entries:
            return sum(1 for e in entries
                       if e.name.endswith(".md") and not e.name.startswith(".")
                       and (e.name.count(".") == 1 or (e.name.count(".") == 2 and e.name.endswith(main))))
    except OSError:  # missing or unreadable: the loader says so
        return 0


def size_errors(root: Path, quarters: Mapping[str, Path], default: str = "") -> list[ContentError]:
    """Errors for quarters (slug → folder) over :data:`MAX_OFFERS_PER_QUARTER` and a site over
    :data:`MAX_OFFERS_PER_SITE`; *root* is the content folder, *default* the default language."""
    errors = []
    total = 0
    for folder in quarters.values():
        count = count_offers(folder / "offers", default)
        total += count
        if count > MAX_OFFERS_PER_QUARTER:
            errors.append(ContentError(
                Location(relpath(folder / "offers", root)),
                tr("too many offers in this quarter: %(count)s (at most %(limit)s)",
                   count=count, limit=MAX_OFFERS_PER_QUARTER),
                tr("A board lists all offers of its quarter; split the quarter or remove old offers "
                   "(docs/content-format.md, Limits).")))
    if total > MAX_OFFERS_PER_SITE:
        errors.append(ContentError(
            Location(relpath(root / "quarters", root)),
            tr("too many offers in the site: %(count)s (at most %(limit)s in all quarters)",
               count=total, limit=MAX_OFFERS_PER_SITE),
            tr("Split the site into several content folders, each built on its own "
               "(docs/content-format.md, Limits).")))
    return errors
