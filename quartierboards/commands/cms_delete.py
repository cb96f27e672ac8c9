"""What deleting an offer in the browser editor changes besides its files.

An offer whose address is in the ledger of published URLs (``content/published.txt``) is
listed under ``removed_offers:`` in its ``quarter.yaml``: printed QR codes and bookmarks then
lead to a page saying the offer has ended, and the build does not stop at the missing URL
(``render.redirects``). An offer named under ``highlights:`` leaves that list too.
The quarter file is changed with ruamel round-trip: comments and order stay.
"""

from __future__ import annotations

import io
from pathlib import Path

from quartierboards.commands.cms_merge import yaml_like
from quartierboards.content.ledger import read_ledger
from quartierboards.content.names import main_slug


def _main_file_slug(target: Path, default: str) -> str | None:
    """The slug when *target* is an offer's or news item's main file (``cafe.md``, ``cafe.de.md``),
    else None (a translation ``cafe.ru.md`` goes with its entry)."""
    if target.parent.name not in ("offers", "news") or not target.name.endswith(".md"):
        return None
    slug = main_slug(target.name, default)
    return None if "." in slug else slug


def deleted_offers(content: Path, targets: list[Path], default: str) -> dict[str, list[str]]:
    """The offers (quarter → slugs) whose main file is among *targets* (files inside *content*)."""
    found: dict[str, list[str]] = {}
    root = content.resolve()
    for target in targets:
        parts = target.resolve().relative_to(root).parts
        slug = _main_file_slug(target, default)
        if slug and len(parts) == 4 and parts[0] == "quarters" and parts[2] == "offers":
            found.setdefault(parts[1], []).append(slug)
    return found


def published_offers(content: Path) -> set[tuple[str, str]]:
    """(quarter, offer) of every offer page or calendar in the ledger (``<lang>/<quarter>/<offer>/…``)."""
    return {(parts[1], parts[2]) for path in read_ledger(content) if len(parts := path.split("/")) > 3}


def quarter_after_deletion(text: str, slugs: list[str], published: set[str]) -> str | None:
    """``quarter.yaml``'s *text* with *slugs* out of ``highlights:`` and the *published* ones
    under ``removed_offers:``; None when nothing changes."""
    yaml = yaml_like(text)
    data = yaml.load(text)
    if not isinstance(data, dict):
        return None  # not a mapping: check reports it
    changed = False
    highlights = data.get("highlights")
    if isinstance(highlights, list):
        for slug in slugs:
            while slug in highlights:
                highlights.remove(slug)
                changed = True
        if not highlights:
            del data["highlights"]
    removed = data.get("removed_offers")
    for slug in sorted(set(slugs) & published):
        if removed is None:
            data["removed_offers"] = removed = []
        if isinstance(removed, list) and slug not in removed:
            removed.append(slug)
            changed = True
    if not changed:
        return None
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def with_translations(targets: list[Path], default: str) -> list[Path]:
    """*targets* and, for each main file of an offer or news item, its translations on disk
    (``<slug>.<lang>.md``): an entry is deleted whole, even in a language the editor does not show."""
    found = list(targets)
    for target in targets:
        if slug := _main_file_slug(target, default):
            found += sorted(p for p in target.parent.glob(f"{slug}.*.md")
                            if p.name.count(".") == 2 and p not in found)
    return found


def deletion_plan(content: Path, targets: list[Path], default: str) -> dict[Path, bytes | None]:
    """Every change of a deletion: the files removed (None) and the quarter files rewritten."""
    targets = with_translations(targets, default)
    plan: dict[Path, bytes | None] = {t: None for t in targets if t.is_file()}
    offers = deleted_offers(content, targets, default)
    published = published_offers(content) if offers else set()
    for quarter, slugs in sorted(offers.items()):
        file = content / "quarters" / quarter / "quarter.yaml"
        if not file.is_file():
            continue
        new = quarter_after_deletion(file.read_text(encoding="utf-8"), slugs,
                                     {s for q, s in published if q == quarter})
        if new is not None:
            plan[file] = new.encode("utf-8")
    return plan
