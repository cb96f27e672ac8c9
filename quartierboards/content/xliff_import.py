"""``translations import``: check a translator's XLIFF file completely, then write all of it or nothing.

A translator's file is input from outside: its unit ids name files and fields. Each
id must be one that :func:`~quartierboards.content.xliff.units` would export for the
site as it is now (an existing file, an existing translatable field with a German
source), its target language must be a translation language of the site, and every
file it leads to must lie inside ``content/`` without a symbolic link leading out.
Only when the whole file passes are the changed files written: each into a temporary
file beside it, then all renamed over the originals. Every problem is reported as
``file.xlf:line:col: message``.
"""

from __future__ import annotations

import io
import re
import xml.parsers.expat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from quartierboards.content.files import FileProblem, check_inside, write_all
from quartierboards.content.names import main_slug
from quartierboards.content.structure import Site
from quartierboards.content.xliff import XLIFF_NS, units
from quartierboards.errors import ContentError, ContentErrors, Location
from quartierboards.i18n.messages import tr

_FRONT = re.compile(r"\A(---[ \t]*\n)(.*?)(^---[ \t]*\n?)", re.S | re.M)


@dataclass(frozen=True)
class Entry:
    """One filled-in ``<trans-unit>``: its id, translation and where it stands in the XLIFF file."""

    id: str
    text: str
    where: Location


@dataclass(frozen=True)
class Translation:
    """What an XLIFF file holds: target languages (with their ``<file>`` elements' places) and entries."""

    languages: list[tuple[str, Location]]
    entries: list[Entry]

    @property
    def language(self) -> str:
        """The target language (the first one named; :func:`check` refuses files that name several)."""
        return self.languages[0][0] if self.languages else ""


def read_translation(data: bytes, shown: str) -> Translation:
    """Parse an XLIFF 1.2 file; raise :class:`ContentErrors` when it is not well-formed XML.

    expat, not ElementTree: it tells the line of each element, for the messages.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    languages: list[tuple[str, Location]] = []
    entries: list[Entry] = []
    unit: dict[str, object] | None = None
    text: list[str] | None = None

    def here() -> Location:
        return Location(shown, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal unit, text
        local = name.removeprefix(XLIFF_NS + " ")
        if local == "file":
            languages.append((attrs.get("target-language", ""), here()))
        elif local == "trans-unit":
            unit = {"id": attrs.get("id", ""), "where": here(), "text": None}
        elif local == "target" and unit is not None:
            text = []

    def end(name: str) -> None:
        nonlocal unit, text
        local = name.removeprefix(XLIFF_NS + " ")
        if local == "target" and unit is not None and text is not None:
            unit["text"], text = "".join(text), None
        elif local == "trans-unit" and unit is not None:
            value = str(unit["text"] or "").strip()
            if value:  # an empty target is a text not translated yet
                entries.append(Entry(str(unit["id"]), value, unit["where"]))  # type: ignore[arg-type]
            unit = None

    def chars(data: str) -> None:
        if text is not None:
            text.append(data)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ContentErrors([ContentError(Location(shown, exc.lineno, exc.offset + 1),
                                          tr("not valid XLIFF: %(error)s",
                                             error=xml.parsers.expat.ErrorString(exc.code)))]) from None
    return Translation(languages, entries)


def check(translation: Translation, site: Site, content: Path, shown: str) -> list[ContentError]:
    """Every problem of *translation* for *site*: languages, unknown ids, files outside *content*."""
    errors: list[ContentError] = []
    config = site.config
    if not translation.languages:
        errors.append(ContentError(Location(shown), tr("no <file> element with a target-language")))
    for lang, where in translation.languages:
        if lang == config.default_language:
            errors.append(ContentError(where, tr(
                "target-language '%(lang)s' is the language of the source texts; it would overwrite them",
                lang=lang)))
        elif lang not in config.languages:
            errors.append(ContentError(where, tr("target-language '%(lang)s' is not a site language", lang=lang)))
        elif lang != translation.language:
            errors.append(ContentError(where, tr("a second target-language '%(lang)s'; import one language "
                                                 "per file", lang=lang)))
    if errors:
        return errors
    known = {u.id for u in units(site, translation.language)}
    seen: set[str] = set()
    for entry in translation.entries:
        if entry.id not in known:
            errors.append(ContentError(entry.where, tr(
                "unknown unit id '%(id)s': no such translatable text in the content", id=entry.id),
                tr("Export a new file with 'quartierboards translations export'.")))
        elif entry.id in seen:
            errors.append(ContentError(entry.where, tr("unit id '%(id)s' appears twice", id=entry.id)))
        else:
            # The loader refuses links out of content/, but the file could have become one since.
            file = content / entry.id.partition("#")[0]
            for path in (file, _body_path(file, translation.language, config.default_language)):
                try:
                    check_inside(path, content)
                except FileProblem as exc:
                    errors.append(ContentError(entry.where, exc.error.message, exc.error.hint))
                    break
        seen.add(entry.id)
    return errors


def _body_path(path: Path, lang: str, default: str) -> Path:
    """Where the *lang* text of a Markdown file's body lives: ``cafe.md`` (or ``cafe.<default>.md``)
    → ``cafe.<lang>.md``."""
    return path.with_name(f"{main_slug(path.name, default)}.{lang}.md")


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _set_text(data: CommentedMap, field: str, lang: str, value: str, default: str) -> None:
    parts = [int(p) if p.isdigit() else p for p in field.split("/")]
    node = data
    for part in parts[:-1]:
        node = node[part]
    key = parts[-1]
    current = node.get(key)
    if isinstance(current, dict):
        current[lang] = value
    else:
        node[key] = CommentedMap([(default, current), (lang, value)])


def _with_fields(original: str, fields: dict[str, str], lang: str, default: str, markdown: bool) -> str:
    """*original* (YAML, or Markdown with front matter) with *fields* set in *lang*; comments kept."""
    y = _yaml()
    match = _FRONT.match(original) if markdown else None
    data = y.load(match.group(2) if match else original)
    for field, text in fields.items():
        _set_text(data, field, lang, text, default)
    buf = io.StringIO()
    y.dump(data, buf)
    if match:
        return match.group(1) + buf.getvalue() + match.group(3) + original[match.end():]
    return buf.getvalue()


def planned_files(content: Path, translation: Translation, default: str) -> dict[Path, tuple[str | None, str]]:
    """The files the import changes: path → (text now or ``None`` for a new file, new text).

    Only ids :func:`check` accepted may be passed: each names an existing file and field.
    """
    lang = translation.language
    by_file: dict[str, dict[str, str]] = {}
    for entry in translation.entries:
        file, _, field = entry.id.partition("#")
        by_file.setdefault(file, {})[field] = entry.text
    plan: dict[Path, tuple[str | None, str]] = {}
    for file, fields in sorted(by_file.items()):
        path = content / file
        body = fields.pop("body", None)
        if body is not None:
            target = _body_path(path, lang, default)
            old = target.read_text(encoding="utf-8") if target.exists() else None
            match = _FRONT.match(old) if old is not None else None
            new = (match.group(0) if match else "") + body.rstrip("\n") + "\n"
            if new != old:
                plan[target] = (old, new)
        if fields:
            original = path.read_text(encoding="utf-8")
            new = _with_fields(original, fields, lang, default, markdown=path.suffix == ".md")
            if new != original:
                plan[path] = (original, new)
    return plan


def import_file(data: bytes, shown: str, content: Path, site: Site,
                validate: Callable[[], object]) -> tuple[Translation, list[Path]]:
    """Import the XLIFF *data* (of the file *shown*) into *content*; return it and the files changed.

    Raises :class:`ContentErrors` with every problem; then nothing was written.

    *validate* loads the content again after writing (raising ``ContentErrors``): when
    the new texts do not pass, every file is put back as it was.
    """
    translation = read_translation(data, shown)
    errors = check(translation, site, content, shown)
    if errors:
        raise ContentErrors(errors)
    plan = planned_files(content, translation, site.config.default_language)
    write_all({path: new for path, (_, new) in plan.items()})
    try:
        validate()
    except ContentErrors:
        write_all({path: old for path, (old, _) in plan.items()})
        raise
    return translation, sorted(plan)
