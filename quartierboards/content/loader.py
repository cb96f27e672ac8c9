"""Load and validate ``content/`` into a :class:`~quartierboards.content.structure.Site`.

All problems of a run are collected and raised together as
:class:`~quartierboards.errors.ContentErrors`, each pointing at its file, line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from quartierboards.content.files import (
    SLUG_RE,
    FileProblem,
    Parser,
    check_inside,
    display_path,
    load_markdown_file,
    load_yaml_file,
)
from quartierboards.content.images import IMAGE_FOLDER, Photo, read_image
from quartierboards.content.limits import size_errors
from quartierboards.content.messages import validation_errors
from quartierboards.content.models import (
    AboutFile,
    NewsFile,
    OfferFile,
    PlaceFile,
    QuarterFile,
    SiteFile,
    TranslationOverride,
)
from quartierboards.content.names import QUARTER_ENTRIES, main_names, main_slug, reserved_offer, reserved_quarter
from quartierboards.content.parsecache import ParseCache
from quartierboards.content.printable import unprintable
from quartierboards.content.sources import quarter_sources
from quartierboards.content.structure import NewsItem, Offer, Place, Quarter, Site, full_place_ref
from quartierboards.content.tree import tree_problems
from quartierboards.content.yamlsrc import YamlDoc, parse_yaml
from quartierboards.errors import ErrorCollector, Location, did_you_mean
from quartierboards.i18n.messages import tr

M = TypeVar("M", bound=BaseModel)

@dataclass
class _Ctx:
    root: Path
    errors: ErrorCollector
    context: dict[str, Any]
    parse: Parser = parse_yaml
    # "<quarter>/<place>" of every place file present, valid or not: a reference to a
    # place whose file has errors of its own is not reported a second time.
    present_places: set[str] = field(default_factory=set)
    cache: ParseCache | None = None  # also remembers validated models (see ParseCache.validated)
    printed: tuple[str, ...] = ()  # the languages the flyers are printed in (and the default, their fallback)
    # quarter.yaml of each quarter that names highlights: checked once its offers are loaded
    highlight_docs: dict[str, YamlDoc] = field(default_factory=dict)
    school_holidays: bool = False  # whether site.yaml lists school holidays an offer can pause in

    def where(self, path: Path) -> str:
        return display_path(path, self.root)


# Asked for each quarter, once the site settings and every quarter's own settings and
# places are loaded: keys a previous build made from exactly this quarter's sources,
# or None to load the quarter now (see Quarter.defer).
Defer = Callable[[Site, Quarter], "dict[str, str] | None"]


def load_site(root: Path, cache: ParseCache | None = None, defer: Defer | None = None,
              digest: Callable[[Path], str | None] = quarter_sources) -> Site:
    """Read, parse and validate the content tree at *root*; raise ``ContentErrors`` on problems.

    With *cache*, files whose text is unchanged since the cache was written are not
    parsed again; the cache is saved when the content loaded without problems.

    With *defer*, every quarter gets its :attr:`~Quarter.sources` digest, and a quarter
    for which ``defer(site, quarter)`` returns keys is deferred: its offers and news
    are loaded (and checked) only when something asks for them. *defer* must return
    keys only for sources that loaded without problems before, in the same settings.
    *digest* gives a quarter folder's digest (:class:`~quartierboards.content.sources.SourceDigests`
    remembers them by ``stat``).
    """
    errors = ErrorCollector()
    root = Path(root)
    site_path = root / "site.yaml"
    if not site_path.is_file():
        errors.add(Location(display_path(site_path, root)), tr("site.yaml is missing"),
                   tr("Every content folder needs a site.yaml; see docs/content-format.md."))
        errors.raise_if_any()
    # Before any file is opened (a named pipe would block the first reader): stop at
    # entries no content file can be, and at links out of content/ wherever they are.
    errors.extend(tree_problems(root))
    errors.raise_if_any()
    ctx = _Ctx(root, errors, {}, cache.parse if cache else parse_yaml, cache=cache)
    site_doc = _read_yaml(ctx, site_path)
    raw = site_doc.data if site_doc else {}
    raw_languages = [str(x) for x in raw["languages"]] if isinstance(raw.get("languages"), list) else None
    raw_default = str(raw.get("default_language", "de"))
    ctx.context = {
        "default_language": raw_default,
        # A default language missing from the list is reported once, by SiteFile itself.
        "languages": raw_languages if raw_languages and raw_default in raw_languages else None,
    }
    config = _validate(ctx, site_doc, SiteFile) if site_doc else None
    if config is None:
        errors.raise_if_any()
    assert config is not None
    ctx.context = {"default_language": config.default_language, "languages": list(config.languages)}
    ctx.printed = (config.default_language, *config.print.languages)
    ctx.school_holidays = bool(config.school_holidays)
    assert site_doc is not None
    errors.extend(unprintable(site_doc, "site", ctx.printed))
    site = Site(config=config, output_profile=_output_profile(ctx, site_doc, config))
    quarters_dir = root / "quarters"
    if not quarters_dir.is_dir():
        errors.add(Location(ctx.where(quarters_dir)), tr("folder 'quarters' is missing"))
    places_docs: dict[str, tuple[YamlDoc, list[tuple[Any, ...]]]] = {}
    folders: dict[str, Path] = {}
    for qdir in _subdirs(ctx, quarters_dir):  # first every quarter's settings and places: what others refer to
        quarter = _load_quarter(ctx, qdir, places_docs)
        if quarter:
            site.quarters[quarter.slug] = quarter
            folders[quarter.slug] = qdir
    too_large = size_errors(root, folders, ctx.context["default_language"])
    if too_large:  # refused before any offer is read, with what was found so far
        errors.extend(too_large)
        errors.raise_if_any()
    for slug, quarter in site.quarters.items():
        known = None
        if defer is not None:
            # The digest is taken before the files are read for loading: a file changed in
            # between makes the next build's digest differ, never a stale digest look current.
            quarter.sources = digest(folders[slug])
            known = defer(site, quarter) if quarter.sources else None
        if known is None:
            _load_items(ctx, quarter, folders[slug], places_docs)
        else:
            quarter.defer(known, partial(_load_deferred, ctx, site, folders[slug]))
    _check_references(ctx, site, places_docs, [q for q in site.quarters.values() if not q.deferred])
    errors.raise_if_any()
    if cache:
        # Entries of deferred quarters were not used, but are still right.
        cache.save(keep_unused=any(q.deferred for q in site.quarters.values()))
    return site


def _output_profile(ctx: _Ctx, doc: YamlDoc | None, config: SiteFile) -> Path | None:
    """The file of ``print.output_intent.profile``, when it is a CMYK ICC profile below the content folder."""
    intent = config.print.output_intent
    if intent is None or doc is None:
        return None
    path = (ctx.root / intent.profile).resolve()
    where = doc.locate(("print", "output_intent", "profile"))
    if not path.is_relative_to(ctx.root.resolve()) or not path.is_file():
        ctx.errors.add(where, tr("ICC profile '%(file)s' not found in the content folder", file=intent.profile),
                       tr("Put the print shop's profile (e.g. PSOcoated_v3.icc) into content/ and give its "
                          "path relative to content/; see docs/print.md."))
        return None
    header = path.read_bytes()[:40]
    if header[36:40] != b"acsp" or header[16:20] != b"CMYK":
        ctx.errors.add(where, tr("'%(file)s' is not a CMYK ICC profile", file=intent.profile),
                       tr("A PDF/X output intent needs the press condition's CMYK profile, e.g. ISOcoated_v2 "
                          "(FOGRA39) or PSOcoated_v3 (FOGRA51)."))
        return None
    return path


def _load_deferred(ctx: _Ctx, site: Site, qdir: Path, quarter: Quarter) -> None:
    """Load and check a deferred quarter's offers and news (``Quarter.defer``'s *load*)."""
    local = dataclasses.replace(ctx, errors=ErrorCollector())  # the site's settings, errors of its own
    places_docs: dict[str, tuple[YamlDoc, list[tuple[Any, ...]]]] = {}
    _load_items(local, quarter, qdir, places_docs)
    _check_references(local, site, places_docs, [quarter])
    local.errors.raise_if_any()


def _inside(ctx: _Ctx, path: Path) -> bool:
    """Whether *path* may be read. Called for every entry of a folder that is itself inside:
    only a symbolic link can lead out of it, so only links need the full check."""
    if not os.path.islink(path):
        return True
    try:
        check_inside(path, ctx.root)
    except FileProblem as exc:
        ctx.errors.extend([exc.error])
        return False
    return True


def _subdirs(ctx: _Ctx, folder: Path) -> Iterator[Path]:
    if not folder.is_dir() or not _inside(ctx, folder):
        return
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not _inside(ctx, entry):
            continue
        if entry.is_dir():
            if _slug_ok(ctx, entry, entry.name):
                yield entry
        else:
            ctx.errors.add(Location(ctx.where(entry)), tr("unexpected file in the quarters folder"),
                           tr("Each quarter is a folder with a quarter.yaml."))


def _slug_ok(ctx: _Ctx, path: Path, slug: str) -> bool:
    if SLUG_RE.match(slug):
        return True
    ctx.errors.add(Location(ctx.where(path)),
                   tr("invalid name '%(name)s': use lower-case letters a-z, digits and hyphens", name=slug),
                   tr("Umlauts: ae, oe, ue, ss. Example: muetter-cafe"))
    return False


def _read_yaml(ctx: _Ctx, path: Path) -> YamlDoc | None:
    try:
        # Every file the loader reads is an entry of a folder already known to be inside the
        # content root; only a symbolic link could lead elsewhere (see _inside).
        return load_yaml_file(path, ctx.root, checked=not os.path.islink(path), parse=ctx.parse)
    except FileProblem as exc:
        ctx.errors.extend([exc.error])
        return None


def _read_markdown(ctx: _Ctx, path: Path, *, front_matter: bool) -> tuple[YamlDoc, str] | None:
    try:
        return load_markdown_file(path, ctx.root, require_front_matter=front_matter,
                                  checked=not os.path.islink(path), parse=ctx.parse)
    except FileProblem as exc:
        ctx.errors.extend([exc.error])
        return None


def _validate(ctx: _Ctx, doc: YamlDoc, model: type[M]) -> M | None:
    def validate() -> M:
        return model.model_validate(doc.data, context=ctx.context)

    try:
        if ctx.cache is None:
            return validate()
        languages = ctx.context["languages"]
        context = (ctx.context["default_language"], tuple(languages) if languages else None)
        return ctx.cache.validated(model, doc.data, context, validate)
    except ValidationError as exc:
        ctx.errors.extend(validation_errors(exc, doc, model))
        return None


def _split_name(ctx: _Ctx, path: Path, suffix: str,
                main_with_language: bool = False) -> tuple[str, str | None] | None:
    """``muetter-cafe.ar.md`` → (``muetter-cafe``, ``ar``); reports bad names.

    With *main_with_language*, ``<name>.<default language>.md`` is a main file, returned as
    (name, None): the form the browser editor writes on a git host (docs/cms.md).
    """
    stem = path.name[: -len(suffix)]
    parts = stem.split(".")
    if len(parts) > 2 or "" in parts:
        ctx.errors.add(Location(ctx.where(path)),
                       tr("invalid file name '%(name)s': use <name>%(suffix)s or <name>.<language>%(suffix)s",
                          name=path.name, suffix=suffix),
                       tr("Names use lower-case letters a-z, digits and hyphens, e.g. muetter-cafe.ar.md"))
        return None
    slug, _, lang = stem.partition(".")
    if not _slug_ok(ctx, path, slug):
        return None
    if not lang:
        return slug, None
    languages = ctx.context["languages"]
    if lang not in languages:
        guess = did_you_mean(lang, languages)
        message = (tr("unknown language '%(lang)s' in file name, did you mean '%(guess)s'?", lang=lang, guess=guess)
                   if guess else tr("unknown language '%(lang)s' in file name", lang=lang))
        ctx.errors.add(Location(ctx.where(path)), message,
                       tr("Site languages: %(langs)s", langs=", ".join(languages)))
        return None
    if lang == ctx.context["default_language"]:
        if main_with_language:
            return slug, None
        ctx.errors.add(Location(ctx.where(path)),
                       tr("'%(name)s' repeats the default language; put the text into %(main)s",
                          name=path.name, main=f"{slug}{suffix}"))
        return None
    return slug, lang


def _files(ctx: _Ctx, folder: Path, suffix: str, skip: frozenset[str] = frozenset()) -> Iterator[Path]:
    if not folder.is_dir() or not _inside(ctx, folder):
        return
    for entry in sorted(folder.iterdir()):
        # Hidden files (.gitkeep, .DS_Store) are ignored, but not a hidden offer or place:
        # the editor would wonder why it does not show up.
        if (entry.name.startswith(".") and not entry.name.endswith(suffix)) or entry.name in skip:
            continue
        if not _inside(ctx, entry):
            continue
        if entry.name.endswith(suffix) and entry.is_file():
            yield entry
        else:
            hint = tr("Files here end in %(suffix)s.", suffix=suffix)
            if suffix == ".yaml" and entry.name.endswith(".yml"):
                hint = tr("Rename it to %(name)s.", name=f"{entry.name[:-4]}.yaml")
            ctx.errors.add(Location(ctx.where(entry)), tr("unexpected file"), hint)


def _load_quarter(ctx: _Ctx, qdir: Path, places_docs: dict) -> Quarter | None:
    """A quarter's settings, about texts and places (its offers and news: :func:`_load_items`)."""
    slug = qdir.name
    if (qdir / "places").is_dir():
        ctx.present_places.update(f"{slug}/{p.name[:-5]}" for p in (qdir / "places").glob("*.yaml"))
    if reserved_quarter(slug, ctx.context["languages"]):
        ctx.errors.add(Location(ctx.where(qdir)),
                       tr("the quarter name '%(name)s' is reserved (language code or system folder)", name=slug))
        return None
    qfile = qdir / "quarter.yaml"
    if not qfile.is_file():
        ctx.errors.add(Location(ctx.where(qfile)), tr("quarter.yaml is missing"))
        return None
    doc = _read_yaml(ctx, qfile)
    data = _validate(ctx, doc, QuarterFile) if doc else None
    if data is None:
        return None
    assert doc is not None
    ctx.errors.extend(unprintable(doc, "quarter", ctx.printed))
    quarter = Quarter(slug=slug, data=data)
    if data.highlights:
        ctx.highlight_docs[slug] = doc
    if data.contacts:
        places_docs[f"{slug}/quarter.yaml"] = (doc, [
            (("contacts", ci, "office_hours", ei, "place"), entry.place)
            for ci, contact in enumerate(data.contacts)
            for ei, entry in enumerate(contact.office_hours)])
    for path in _files(ctx, qdir, ".md", QUARTER_ENTRIES):
        _load_about(ctx, quarter, path)
    for path in _files(ctx, qdir / "places", ".yaml"):
        names = _split_name(ctx, path, ".yaml")
        if not names:
            continue
        pdoc = _read_yaml(ctx, path)
        pdata = _validate(ctx, pdoc, PlaceFile) if pdoc else None
        if pdata:
            ctx.errors.extend(unprintable(pdoc, "place", ctx.printed))
            quarter.places[names[0]] = Place(slug=names[0], quarter=slug, data=pdata)
            places_docs[f"{slug}/places/{names[0]}"] = (pdoc, [
                (("opening_hours", i, "place"), e.place) for i, e in enumerate(pdata.opening_hours)])
            _read_photo(ctx, quarter, qdir, pdoc, pdata.image)
    _read_photo(ctx, quarter, qdir, doc, data.image)
    for index, contact in enumerate(data.contacts):
        _read_photo(ctx, quarter, qdir, doc, contact.image, ("contacts", index))
    return quarter


def _read_photo(ctx: _Ctx, quarter: Quarter, qdir: Path, doc: YamlDoc | None, photo: Photo | None,
                at: tuple[Any, ...] = (), key: str = "image") -> None:
    """Read the photo a file names (its ``image:``, or *key*, below *at*) into ``quarter.images``; a missing
    or unusable one is an error at its line."""
    if photo is None or doc is None or photo.file in quarter.images:
        return
    try:
        quarter.images[photo.file] = read_image(qdir / IMAGE_FOLDER / photo.file)
    except ValueError as exc:
        ctx.errors.add(doc.locate((*at, key, "file")), str(exc),
                       tr("Photos belong in the quarter's folder %(folder)s/.", folder=IMAGE_FOLDER))


def _load_items(ctx: _Ctx, quarter: Quarter, qdir: Path, places_docs: dict) -> None:
    """A quarter's offers and news, with their translations."""
    offer_translations = []
    for path, slug, lang in _item_files(ctx, qdir / "offers"):
        if lang:
            offer_translations.append((path, slug, lang))
        else:
            _load_offer(ctx, quarter, qdir, path, slug, places_docs)
    _attach_translations(ctx, offer_translations, quarter.offers)
    news_translations = []
    news: dict[str, NewsItem] = {}
    for path, slug, lang in _item_files(ctx, qdir / "news"):
        if lang:
            news_translations.append((path, slug, lang))
        else:
            item = _load_news(ctx, quarter, qdir, path, slug)
            if item:
                news[item.slug] = item
    _attach_translations(ctx, news_translations, news)
    quarter.news = sorted(news.values(), key=lambda n: (n.date, n.slug), reverse=True)
    _check_highlights(ctx, quarter)


def _item_files(ctx: _Ctx, folder: Path) -> Iterator[tuple[Path, str, str | None]]:
    """The offer or news files of *folder* as (path, slug, language or None for a main file).

    A main file is ``<slug>.md`` or ``<slug>.<default language>.md``, not both.
    """
    default = ctx.context["default_language"]
    for path in _files(ctx, folder, ".md"):
        names = _split_name(ctx, path, ".md", main_with_language=True)
        if not names:
            continue
        slug, lang = names
        if lang is None and path.name != f"{slug}.md" and (path.parent / f"{slug}.md").is_file():
            ctx.errors.add(Location(ctx.where(path)),
                           tr("two main files for '%(name)s': %(plain)s and %(named)s",
                              name=slug, plain=f"{slug}.md", named=path.name),
                           tr("Keep one of them: %(named)s is the same as %(plain)s.",
                              named=f"{slug}.{default}.md", plain=f"{slug}.md"))
            continue
        yield path, slug, lang


def _check_highlights(ctx: _Ctx, quarter: Quarter) -> None:
    """Every name under ``highlights:`` must be an offer of the quarter (an offer file with errors is not
    reported a second time)."""
    doc = ctx.highlight_docs.get(quarter.slug)
    if doc is None:
        return
    present = {main_slug(p.name, ctx.context["default_language"])
               for p in (ctx.root / "quarters" / quarter.slug / "offers").glob("*.md")}
    for index, name in enumerate(quarter.data.highlights):
        if name in quarter.offers or name in present:
            continue
        guess = did_you_mean(name, list(quarter.offers))
        message = (tr("unknown offer '%(offer)s', did you mean '%(guess)s'?", offer=name, guess=guess)
                   if guess else tr("unknown offer '%(offer)s'", offer=name))
        ctx.errors.add(doc.locate(("highlights", index)), message,
                       tr("Offers of this quarter: %(offers)s", offers=", ".join(sorted(quarter.offers))))


def _attach_translations(ctx: _Ctx, files: list[tuple[Path, str, str]], owners: dict) -> None:
    """Read ``<slug>.<lang>.md`` files into the bodies/overrides of their offer or news item."""
    for path, slug, lang in files:
        owner = owners.get(slug)
        if owner is None:
            if any((path.parent / name).is_file() for name in main_names(slug, ctx.context["default_language"])):
                continue  # the main file has errors of its own
            ctx.errors.add(Location(ctx.where(path)),
                           tr("translation without a main file: %(main)s does not exist", main=f"{slug}.md"))
            continue
        loaded = _read_markdown(ctx, path, front_matter=False)
        if loaded:
            override = _validate(ctx, loaded[0], TranslationOverride)
            if override is not None:
                if lang in ctx.printed:
                    ctx.errors.extend(unprintable(loaded[0], "override", [lang]))
                if override.title or override.summary:
                    owner.overrides[lang] = override
                if loaded[1].strip():
                    owner.bodies[lang] = loaded[1].strip()


_NEWS_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")


def _load_news(ctx: _Ctx, quarter: Quarter, qdir: Path, path: Path, slug: str) -> NewsItem | None:
    match = _NEWS_NAME.match(slug)
    day = None
    if match:
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError:
            day = None
    if day is None:
        ctx.errors.add(Location(ctx.where(path)),
                       tr("news file name '%(name)s' must start with a date", name=path.name),
                       tr("Example: %(example)s", example="2026-11-20-laternenumzug.md"))
        return None
    loaded = _read_markdown(ctx, path, front_matter=True)
    if not loaded:
        return None
    data = _validate(ctx, loaded[0], NewsFile)
    if data is None:
        return None
    item = NewsItem(slug=slug, quarter=quarter.slug, date=day, data=data,
                    main_file="" if path.name == f"{slug}.md" else path.name)
    if loaded[1].strip():
        item.bodies[ctx.context["default_language"]] = loaded[1].strip()
    _read_photo(ctx, quarter, qdir, loaded[0], data.image)
    return item


def _load_about(ctx: _Ctx, quarter: Quarter, path: Path) -> None:
    names = _split_name(ctx, path, ".md")
    if not names:
        return
    if names[0] != "about":
        ctx.errors.add(Location(ctx.where(path)), tr("unexpected file"),
                       tr("Offers belong into the offers/ folder; only about.md lives here."))
        return
    loaded = _read_markdown(ctx, path, front_matter=False)
    if loaded and _validate(ctx, loaded[0], AboutFile if names[1] is None else TranslationOverride):
        quarter.about[names[1] or ctx.context["default_language"]] = loaded[1].strip()


def _load_offer(ctx: _Ctx, quarter: Quarter, qdir: Path, path: Path, slug: str, places_docs: dict) -> None:
    if reserved_offer(slug):
        ctx.errors.add(Location(ctx.where(path)), tr("the offer name '%(name)s' is reserved", name=slug),
                       tr("Choose another file name."))
        return
    loaded = _read_markdown(ctx, path, front_matter=True)
    if not loaded:
        return
    doc, body = loaded
    data = _validate(ctx, doc, OfferFile)
    if data is None:
        return
    ctx.errors.extend(unprintable(doc, "offer", ctx.printed))
    if data.school_holidays != "keep" and not ctx.school_holidays:
        ctx.errors.add(doc.locate(("school_holidays",)),
                       tr("'school_holidays: %(mode)s' needs the school holidays' dates in site.yaml",
                          mode="pause" if data.school_holidays == "skip" else data.school_holidays),
                       tr("Enter them once in site.yaml under school_holidays:, e.g. "
                          "- {dates: 2027-07-19..2027-08-31, reason: Sommerferien}"))
    place_ref = full_place_ref(data.place, quarter.slug)
    offer = Offer(slug=slug, quarter=quarter.slug, data=data, place_ref=place_ref,
                  main_file="" if path.name == f"{slug}.md" else path.name)
    if body.strip():
        offer.bodies[ctx.context["default_language"]] = body.strip()
    quarter.offers[slug] = offer
    _read_photo(ctx, quarter, qdir, doc, data.image)
    if data.organizer:
        _read_photo(ctx, quarter, qdir, doc, data.organizer.logo, ("organizer",), "logo")
    refs: list[tuple[tuple[Any, ...], str | None]] = [(("place",), data.place)]
    refs += [(("schedule", i, "place"), e.place) for i, e in enumerate(data.schedule or [])]
    places_docs[f"{quarter.slug}/offers/{slug}"] = (doc, refs)


def _check_references(ctx: _Ctx, site: Site, places_docs: dict, quarters: list[Quarter]) -> None:
    """Every place reference in *places_docs* must name an existing place; in *quarters*, slugs must not collide."""
    all_places = {p.ref for q in site.quarters.values() for p in q.places.values()}
    for key, (doc, refs) in sorted(places_docs.items()):
        quarter = key.split("/", 1)[0]
        for loc, ref in refs:
            if not ref:
                continue
            full = full_place_ref(ref, quarter)
            if full in all_places or full in ctx.present_places:
                continue
            local = [p.split("/", 1)[1] for p in all_places if p.startswith(quarter + "/")]
            guess = did_you_mean(ref, local) or did_you_mean(ref, all_places)
            message = (tr("unknown place '%(place)s', did you mean '%(guess)s'?", place=ref, guess=guess)
                       if guess else tr("unknown place '%(place)s'", place=ref))
            hint = tr("Places of this quarter: %(places)s", places=", ".join(sorted(local))) if local else ""
            ctx.errors.add(doc.locate(loc), message, hint)
    for quarter in quarters:
        for slug in sorted(set(quarter.offers) & set(quarter.places)):
            ctx.errors.add(
                Location(f"{ctx.root.name}/quarters/{quarter.slug}/offers/{quarter.offers[slug].file_name}"),
                tr("'%(name)s' is the name of both an offer and a place in this quarter", name=slug),
                tr("Rename one of the two files."))

