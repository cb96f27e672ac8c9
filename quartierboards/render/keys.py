"""Content hashes that say which output files must be rendered again.

Every output file gets a key: a hash of everything it shows. Keys are built
from *scopes* — the site, a quarter, an offer, a news post — plus a global part
(code, templates, catalogs, site settings, and the first day of the build's week:
the week plans, the calendars' window and the print products change weekly). What a
page shows of the day itself (its "Today" box, its next dates) is added per page
(:mod:`quartierboards.render.dayparts`). A file whose key is the same as in the
last build is taken over from the previous output instead of being rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cached_property
from pathlib import Path

import orjson

from quartierboards import __version__
from quartierboards.content.images import Photo
from quartierboards.content.structure import NewsItem, Offer, Quarter, Site, full_place_ref
from quartierboards.i18n.catalog import LOCALE_DIR
from quartierboards.render.dayparts import site_templates_show_the_day
from quartierboards.render.env import default_templates_dir
from quartierboards.schedule.plan import week_start

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Code that decides *which* files are written and *how*, but not their bytes: editing it
# must not make the next build render everything again (keys stay valid across it).
_NOT_IN_OUTPUT = {"write", "commands", "cli.py", "__main__.py", "progress.py", "pipeline.py"}


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _tree_digest(folder: Path, pattern: str, skip: set[str] = frozenset()) -> str:
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob(pattern)):
            rel = path.relative_to(folder).parts
            if path.is_file() and "__pycache__" not in rel and rel[0] not in skip:
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _json(obj: object) -> bytes:
    # orjson: a tenth of json's time, for every offer of the site (5,000 at 100 x 50) in every build
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=str)


class Keys:
    """Scope and file keys for one build."""

    def __init__(self, site: Site, today: str, templates_dir: str | None):
        self.site = site
        self.templates_dir = Path(templates_dir) if templates_dir else None
        self._overridden: dict[tuple[str, ...], bool] = {}
        self._quarters: dict[str, str] = {}
        self._offers: dict[str, str] = {}
        self._offer_json: dict[str, bytes] = {}  # used by the offer's key and by its quarter's key
        self._quarter_json: dict[str, str] = {}  # used by every key of the quarter's offers, news and products
        self._flyers: dict[tuple[str, str], str] = {}
        self.today = today
        # A site's own template that may show the day: its pages are made every day (render.dayparts).
        self.templates_show_the_day = site_templates_show_the_day(templates_dir)
        code = _sha(
            __version__,
            _tree_digest(PACKAGE_DIR, "*.py", _NOT_IN_OUTPUT),
            _tree_digest(default_templates_dir(), "*"),
            _tree_digest(Path(templates_dir), "*") if templates_dir else "",
            _tree_digest(LOCALE_DIR, "*.po"),
            # The print order's settings and quantities change only the order (print.order), not the pages.
            site.config.model_dump_json(exclude={"print": {"order", "quantities"}}),
        )
        # The week, not the day: a daily build renders only what shows the day (render.dayparts).
        week = week_start(dt.date.fromisoformat(today), site.config.week_start).isoformat()
        self.global_key = _sha(code, week)
        # The print products are made as of the week's first day too (schedule.plan.print_day).
        self.print_key = _sha(code, "print", week,
                              _file_digest(site.output_profile))  # the shop's ICC profile is in every print PDF

    def _offer_data(self, offer: Offer) -> bytes:
        found = self._offer_json.get(offer.ref)
        if found is None:
            found = self._offer_json[offer.ref] = self._dump_offer(offer)
        return found

    def _dump_offer(self, offer: Offer) -> bytes:
        # The slug is the file name: a renamed offer (same bytes, same inode) has other pages.
        return _json([offer.slug, offer.data.model_dump(mode="json"), offer.bodies,
                      {k: v.model_dump(mode="json") for k, v in sorted(offer.overrides.items())},
                      offer.place_ref, _photo_digests(self.site.quarters[offer.quarter], [
                          offer.data.image, offer.data.organizer.logo if offer.data.organizer else None])])

    def _quarter_data(self, quarter: Quarter) -> str:
        found = self._quarter_json.get(quarter.slug)
        if found is None:
            found = self._quarter_json[quarter.slug] = _quarter_data(quarter)
        return found

    def _place_data(self, ref: str) -> str:
        quarter, _, slug = ref.partition("/")
        found = self.site.quarters.get(quarter)
        place = found.places.get(slug) if found else None
        return f"{ref}\0{place.data.model_dump_json()}" if place else ""

    def open_data_key(self) -> str:
        """What the HSDS files show: the code, the settings and the week, and every quarter's content
        (its offers and own places; a place another quarter's offer names is in that quarter's key)."""
        return _sha(self.global_key, "hsds", *(self.quarter_key(q) for q in self.site.quarters.values()))

    @cached_property
    def site_key(self) -> str:
        """What the city overview and root pages show: every quarter's name and summary."""
        shown = {s: q.data.model_dump(mode="json", exclude={"print"}) for s, q in self.site.quarters.items()}
        return _sha(self.global_key, _json(shown))

    def city_page_key(self, listed: str, templates: tuple[str, ...]) -> str:
        """What a city-wide list page shows: the quarters' names and the rows it lists.

        *listed* is the digest of those rows in every language and of the list's filters
        (``render.citywide.listing``), so that an offer edit makes only the pages
        that list the offer again, not all of them. Their day part: ``render.dayparts``.
        When the site overrides one of *templates* (those that make the page), its page
        may show more than the rows: it gets every quarter's key instead.
        """
        if self._overrides(templates):
            return _sha(self.site_key, *(self.quarter_key(q) for q in self.site.quarters.values()))
        return _sha(self.site_key, listed)

    def quarter_key(self, quarter: Quarter) -> str:
        """Everything a quarter's board, week and filter pages show."""
        if quarter.slug not in self._quarters:
            # A deferred quarter brings the key the last build made from the same sources.
            known = quarter.known_keys.get(QUARTER)
            self._quarters[quarter.slug] = known or self._quarter_key(quarter)
        return self._quarters[quarter.slug]

    def _quarter_key(self, quarter: Quarter) -> str:
        return _sha(self.global_key, self._quarter_data(quarter), _json(quarter.about),
                    *(self._offer_data(o) for o in quarter.offers.values()),
                    *(self._place_data(r) for r in place_refs(quarter, own=True)),
                    *(self._news_data(n) for n in quarter.news))

    def group_key(self, quarter: Quarter) -> str:
        """The key of all of a quarter's files together (render.site.Group): its key and the day.

        Its boards show the day, so a quarter's files are taken over as a whole only on
        the same day; on the next, each file's own key decides.
        """
        return _sha(self.quarter_key(quarter), self.today)

    def settings_key(self, quarter: Quarter, templates: tuple[str, ...]) -> str:
        """What shows only the quarter's own settings (name, summary, contacts): its language chooser.

        *templates* are the templates that make the file: when the site overrides one of
        them, it may show more, and the file gets the whole quarter's key instead.
        """
        return self._settings_key(quarter, templates, self.global_key)

    def sticker_key(self, quarter: Quarter, templates: tuple[str, ...]) -> str:
        """What a sticker shows: the quarter's own settings, as of the week (see :meth:`settings_key`)."""
        return self._settings_key(quarter, templates, self.print_key)

    def _settings_key(self, quarter: Quarter, templates: tuple[str, ...], base: str) -> str:
        if self._overrides(templates):
            return self.quarter_key(quarter)
        return _sha(base, "settings", self._quarter_data(quarter))

    def flyer_key(self, quarter: Quarter, templates: tuple[str, ...]) -> str:
        """What a flyer shows: the quarter's settings and its offers' titles, schedules and places, as of the week.

        An offer's description, costs or news do not change the flyer, so editing them
        renders no PDF. With overridden *templates*, the whole quarter's key (see :meth:`settings_key`).
        """
        if self._overrides(templates):
            return self.quarter_key(quarter)
        name = flyer_name(templates)
        if (quarter.slug, name) not in self._flyers:
            self._flyers[quarter.slug, name] = quarter.known_keys.get(name) or self._flyer_key(quarter)
        return self._flyers[quarter.slug, name]

    def _flyer_key(self, quarter: Quarter) -> str:
        offers = [[o.slug, o.text("title"), [e.model_dump(mode="json") for e in o.data.schedule or []], o.place_ref]
                  for o in quarter.offers.values()]
        return _sha(self.print_key, "flyer", self._quarter_data(quarter), _json(offers),
                    *(self._place_data(r) for r in place_refs(quarter)))

    def _overrides(self, templates: tuple[str, ...]) -> bool:
        if templates not in self._overridden:  # asked for every quarter: look at the folder once
            self._overridden[templates] = self.templates_dir is not None and any(
                (self.templates_dir / t).exists() for t in templates)
        return self._overridden[templates]

    def offer_key(self, quarter: Quarter, offer: Offer) -> str:
        """What an offer page and its calendar show."""
        if offer.ref not in self._offers:
            self._offers[offer.ref] = self._offer_key(quarter, offer)
        return self._offers[offer.ref]

    def _offer_key(self, quarter: Quarter, offer: Offer) -> str:
        return _sha(self.global_key, self._quarter_data(quarter), self._offer_data(offer),
                    self._place_data(offer.place_ref),
                    *(self._place_data(full_place_ref(e.place, quarter.slug))
                      for e in offer.data.schedule or [] if e.place))

    def sources_key(self, quarter: Quarter, foreign: list[str]) -> str:
        """Everything a quarter's keys are made from: the global part, its files, the *foreign* places it names.

        *foreign*: the other quarters' places its offers and office hours name
        (:func:`foreign_places`). When this key is as in an earlier build, so are the
        quarter's keys (see :mod:`quartierboards.render.keymemo`).
        """
        assert quarter.sources is not None
        return _sha(self.global_key, "sources", quarter.sources,
                    *(f"{ref}\0{self._place_data(ref)}" for ref in foreign))  # "" for a place that is gone

    def made(self, quarter: Quarter) -> dict[str, str]:
        """The keys of *quarter* that were asked for in this build (or came with it), by name."""
        made = dict(quarter.known_keys)
        if quarter.slug in self._quarters:
            made[QUARTER] = self._quarters[quarter.slug]
        made.update({name: key for (slug, name), key in self._flyers.items() if slug == quarter.slug})
        return made

    def _news_data(self, item: NewsItem) -> bytes:
        return _json([item.slug, item.data.model_dump(mode="json"), item.bodies,
                      {k: v.model_dump(mode="json") for k, v in sorted(item.overrides.items())},
                      _photo_digests(self.site.quarters[item.quarter], [item.data.image])])

    def news_key(self, quarter: Quarter, item: NewsItem) -> str:
        """What a news page shows."""
        return _sha(self.global_key, self._quarter_data(quarter), self._news_data(item))


QUARTER = "quarter"  # the name of a quarter's key among its known keys


def flyer_name(templates: tuple[str, ...]) -> str:
    """The name of a flyer key made with *templates*, among a quarter's known keys."""
    return "flyer:" + ",".join(templates)


def foreign_places(quarter: Quarter) -> list[str]:
    """The other quarters' places that *quarter*'s offers and office hours name, sorted."""
    return [ref for ref in place_refs(quarter) if not ref.startswith(quarter.slug + "/")]


def place_refs(quarter: Quarter, own: bool = False) -> list[str]:
    """Every place a quarter's offers and office hours name (other quarters' too), sorted; *own*: and its own places."""
    refs = {f"{quarter.slug}/{p}" for p in quarter.places} if own else set()
    for offer in quarter.offers.values():
        refs.add(offer.place_ref)
        refs.update(full_place_ref(e.place, quarter.slug) for e in offer.data.schedule or [] if e.place)
    for contact in quarter.data.contacts:
        refs.update(full_place_ref(e.place, quarter.slug) for e in contact.office_hours if e.place)
    return sorted(refs)


def _quarter_data(quarter: Quarter) -> str:
    """A quarter's settings as its pages and products show them: without its print quantities (the order's),
    with the digest of each photo its quarter.yaml and places name (a replaced photo is published under a
    new name). Offers and news add their own photos to their data: the quarter's settings stay the same
    whether or not they are loaded."""
    photos = [quarter.data.image, *(c.image for c in quarter.data.contacts),
              *(p.data.image for p in quarter.places.values())]
    return quarter.data.model_dump_json(exclude={"print"}) + _photo_digests(quarter, photos)


def _photo_digests(quarter: Quarter, photos: list[Photo | None]) -> str:
    """The file names and digests of *photos* (``None`` for none) as *quarter* read them, sorted."""
    names = sorted({p.file for p in photos if p is not None and p.file in quarter.images})
    return "".join(f"\0{name}\0{quarter.images[name].digest}" for name in names)


def _file_digest(path: Path | None) -> str:
    """SHA-256 of a file's bytes ("" for none)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else ""


def bytes_key(data: bytes) -> str:
    """Key of a file that is copied as it is (static assets)."""
    return hashlib.sha256(data).hexdigest()
