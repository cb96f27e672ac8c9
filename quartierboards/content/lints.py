"""Lints: content that validates but is probably not what the editor meant (warnings).

Each lint is a small function returning :class:`~quartierboards.errors.ContentError`
values with ``severity="warning"``. They run on a site that loaded without errors, so
every file they read again is known to parse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from quartierboards.content.files import _FRONT_MATTER, display_path
from quartierboards.content.freshness import is_stale
from quartierboards.content.structure import Site
from quartierboards.content.yamlsrc import YamlDoc, parse_yaml
from quartierboards.errors import ContentError, Location
from quartierboards.i18n.messages import tr

# Values the starter files of ``quartierboards new`` contain (commands/new.py): left in
# place they are published as if they were real (tests/content/test_lints.py checks the list).
PLACEHOLDERS = frozenset({
    "Vorname Nachname", "+49 2041 555-0000", "quartier@example.org", "ort@example.org", "Musterstraße 1",
    "Kurze Beschreibung des Quartiers in einem Satz.", "Ein Satz, der sagt, was hier passiert und für wen.",
    "Hier steht die ausführliche Beschreibung: Was passiert? Wer kann kommen? Was soll man mitbringen?",
})
# Fields whose plain values are running text, where a '#' is more likely text than a comment.
TEXT_FIELDS = frozenset({"title", "summary", "name", "role", "description", "cost", "registration", "contact",
                         "street"})
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]+)")
# A '#' after something on its line: the only lines cut_by_comment has to look at.
_LATE_HASH = re.compile(r"\S[ \t]+#")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def warning(where: Location, message: str, hint: str = "") -> ContentError:
    """A located warning."""
    return ContentError(where, message, hint, severity="warning")


class ContentFile:
    """A content file read again for its positions: the YAML (or front matter) and the body."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.display = display_path(path, root)
        self.text = path.read_text(encoding="utf-8")
        self.yaml_text, self.offset, self.body, self.body_line = self.text, 0, "", 1
        if path.suffix == ".md":
            match = _FRONT_MATTER.match(self.text)
            self.yaml_text, self.offset = (match.group(1), 1) if match else ("", 0)
            start = match.end() if match else 0
            self.body, self.body_line = self.text[start:], self.text[:start].count("\n") + 1

    @cached_property
    def doc(self) -> YamlDoc:
        """The YAML (front matter) with positions; parsed only when a lint needs it."""
        return parse_yaml(self.yaml_text, self.display, self.offset)


def content_files(root: Path, quarters: set[str]) -> Iterator[ContentFile]:
    """The YAML and Markdown files of the content tree outside quarter folders and in *quarters*, in a stable order."""
    paths = [p for p in root.glob("*") if p.name != "quarters"]
    paths += [p for slug in quarters for p in (root / "quarters" / slug).rglob("*")]
    for path in sorted(paths):
        if path.suffix in (".yaml", ".md") and path.is_file() and not path.name.startswith("."):
            yield ContentFile(path, root)


def cut_by_comment(file: ContentFile) -> list[ContentError]:
    """An unquoted value followed by `` #…`` on its line: YAML cut the text off at the '#'."""
    if not _LATE_HASH.search(file.yaml_text):  # the YAML scanner is slow; most files have no such line
        return []
    paths = {pos: loc for loc, pos in file.doc.positions.items()}
    lines = file.yaml_text.split("\n")
    found = []
    previous: Any = None
    for token in yaml.scan(file.yaml_text):
        if (isinstance(token, yaml.ScalarToken) and token.plain
                and isinstance(previous, yaml.ValueToken | yaml.BlockEntryToken)):
            end = token.end_mark
            rest = lines[end.line][end.column:]
            gap = len(rest) - len(rest.lstrip(" \t"))
            if rest[gap:gap + 1] == "#":
                loc = paths.get((token.start_mark.line + 1 + file.offset, token.start_mark.column + 1), ())
                if gap == 1 or TEXT_FIELDS & {str(part) for part in loc}:
                    whole = f"{token.value}{rest}".rstrip()
                    found.append(warning(
                        Location(file.display, end.line + 1 + file.offset, end.column + gap + 1),
                        tr("the text ends at '#': YAML reads '%(value)s' and drops the rest as a comment",
                           value=token.value),
                        tr("Put the value in quotes: \"%(whole)s\"", whole=whole.replace('"', '\\"'))))
        previous = token
    return found


def _scalars(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalars(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _scalars(value, (*path, i))
    else:
        yield path, data


def placeholders(file: ContentFile) -> list[ContentError]:
    """Values still equal to a starter file's example text (``quartierboards new``)."""
    if not any(text in file.text for text in PLACEHOLDERS):
        return []
    found = [warning(file.doc.locate(loc), tr("'%(value)s' is the example text of a new file", value=value),
                     tr("Replace it with the real text, or remove the line."))
             for loc, value in _scalars(file.doc.data) if isinstance(value, str) and value.strip() in PLACEHOLDERS]
    for i, line in enumerate(file.body.split("\n")):
        if line.strip() in PLACEHOLDERS:
            found.append(warning(Location(file.display, file.body_line + i, 1),
                                 tr("'%(value)s' is the example text of a new file", value=line.strip()[:60]),
                                 tr("Replace it with the real text, or remove the line.")))
    return found


def empty_translation(file: ContentFile, languages: list[str]) -> list[ContentError]:
    """A ``<name>.<lang>.md`` file that translates nothing: no title, no summary, no text."""
    parts = file.path.name.split(".")
    if len(parts) != 3 or parts[1] not in languages:
        return []
    if file.body.strip():
        return []
    data = file.doc.data or {}
    if any(data.get(key) for key in ("title", "summary")):
        return []
    return [warning(Location(file.display, 1, 1), tr("the translation file is empty"),
                    tr("Write the translated text below the front matter, or delete the file."))]


def missing_local_links(file: ContentFile) -> list[ContentError]:
    """A Markdown image or link to a file next to the text that is not there."""
    found = []
    for match in _LINK.finditer(file.body):
        target = match.group(3)
        if _SCHEME.match(target) or target.startswith(("#", "/", "?")):
            continue
        name = unquote(urlsplit(target).path)
        if not name or (file.path.parent / name).exists():
            continue
        before = file.body[:match.start()]
        where = Location(file.display, file.body_line + before.count("\n"), match.start() - before.rfind("\n"))
        message = (tr("image '%(file)s' not found; the page shows its description instead", file=target)
                   if match.group(1) else tr("link to '%(file)s', which does not exist", file=target))
        found.append(warning(where, message, tr("Check the file name, or link to a web address (https://…).")))
    return found


def example_base_url(site: Site, root: Path) -> list[ContentError]:
    """``base_url`` still on an example host: QR codes and feeds would lead nowhere."""
    host = (urlsplit(site.config.base_url).hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS):
        return []
    doc = ContentFile(root / "site.yaml", root).doc
    return [warning(doc.locate(("base_url",)),
                    tr("base_url '%(url)s' is an example address; QR codes and links would lead nowhere",
                       url=site.config.base_url),
                    tr("Enter the address the boards are published at before printing."))]


def contacts_unreachable(site: Site, root: Path) -> list[ContentError]:
    """A quarter contact with neither phone nor e-mail: residents cannot reach them."""
    found = []
    for slug, quarter in sorted(site.quarters.items()):
        bad = [i for i, c in enumerate(quarter.data.contacts) if not c.phone and not c.email]
        if bad:
            doc = ContentFile(root / "quarters" / slug / "quarter.yaml", root).doc
            found += [warning(doc.locate(("contacts", i, "name")),
                              tr("contact '%(name)s' has neither phone nor email",
                                 name=quarter.data.contacts[i].name),
                              tr("Add phone: or email:, so residents can reach them.")) for i in bad]
    return found


def duplicate_offers(site: Site, root: Path) -> list[ContentError]:
    """Two offers of a quarter with the same title and schedule: a copied file shows the offer twice."""
    found = []
    for slug, quarter in sorted(site.quarters.items()):
        seen: dict[str, str] = {}
        for _slug, offer in sorted(quarter.offers.items()):
            schedule = [e.model_dump() for e in offer.data.schedule or []]
            key = repr((offer.data.title, schedule))  # the main file: a copy has no translations yet
            if key in seen:
                path = root / "quarters" / slug / "offers" / offer.file_name
                found.append(warning(ContentFile(path, root).doc.locate(("title",), key=True),
                                     tr("same title and schedule as %(other)s: the offer shows twice",
                                        other=seen[key]),
                                     tr("Delete the copy, or change its title or dates.")))
            else:
                seen[key] = offer.file_name
    return found


def stale_news(site: Site, root: Path, today: dt.date) -> list[ContentError]:
    """News older than a year still on the board.

    Without ``until`` a post leaves the board after ``freshness.news_months``; only an
    ``until`` still ahead keeps an old one there.
    """
    found = []
    for slug, quarter in sorted(site.quarters.items()):
        for item in quarter.news:
            if item.date < today - dt.timedelta(days=365) and item.data.until is not None and item.data.until >= today:
                file = ContentFile(root / "quarters" / slug / "news" / item.file_name, root)
                found.append(warning(file.doc.locate(("until",)),
                                     tr("this news is more than a year old and still on the board"),
                                     tr("Set 'until:' to the last day it should show, or delete the file.")))
    return found


def stale_checks(site: Site, root: Path, today: dt.date) -> list[ContentError]:
    """Offers and places whose ``checked:`` date is older than ``freshness.checked_months``."""
    months = site.config.freshness.checked_months
    found = []
    for slug, quarter in sorted(site.quarters.items()):
        items = [(root / "quarters" / slug / "places" / f"{p.slug}.yaml", p.data.checked)
                 for p in quarter.places.values()]
        items += [(root / "quarters" / slug / "offers" / o.file_name, o.data.checked)
                  for o in quarter.offers.values()]
        for path, checked in items:
            if is_stale(checked, today, months):
                found.append(warning(ContentFile(path, root).doc.locate(("checked",)),
                                     tr("last checked on %(date)s, more than %(months)s months ago",
                                        date=checked.isoformat(), months=months),
                                     tr("Check the facts and set 'checked:' to today's date.")))
    return found


def photo_too_small_for_print(site: Site, root: Path) -> list[ContentError]:
    """A quarter photo with fewer than ``PRINT_DPI`` pixels per inch on the flyer's front: printed blurred, so
    the flyer goes without it (the board still shows it)."""
    from quartierboards.content.images import FLYER_PHOTO_MM, PRINT_DPI

    found = []
    for slug, quarter in sorted(site.quarters.items()):
        photo = quarter.data.image
        source = quarter.images.get(photo.file) if photo else None
        if source is None or not site.config.print.languages:
            continue
        dpi = source.print_dpi(*FLYER_PHOTO_MM)
        if dpi < PRINT_DPI:
            doc = ContentFile(root / "quarters" / slug / "quarter.yaml", root).doc
            width = round(FLYER_PHOTO_MM[0] / 25.4 * PRINT_DPI)
            height = round(FLYER_PHOTO_MM[1] / 25.4 * PRINT_DPI)
            found.append(warning(doc.locate(("image", "file")),
                                 tr("the photo has %(dpi)s dpi on the flyer, at least %(minimum)s needed: the flyer "
                                    "is printed without it", dpi=f"{dpi:.0f}", minimum=PRINT_DPI),
                                 tr("Use a photo of at least %(width)s × %(height)s pixels.", width=width,
                                    height=height)))
    return found


def content_warnings(site: Site, root: Path, today: dt.date) -> list[ContentError]:
    """All content-level lints of the site loaded from *root* (of the quarters in ``site.quarters``)."""
    found: list[ContentError] = []
    for file in content_files(root, set(site.quarters)):
        found += cut_by_comment(file) + placeholders(file) + missing_local_links(file)
        found += empty_translation(file, list(site.config.languages))
    found += example_base_url(site, root) + contacts_unreachable(site, root)
    found += duplicate_offers(site, root) + stale_news(site, root, today) + stale_checks(site, root, today)
    found += photo_too_small_for_print(site, root)
    return found
