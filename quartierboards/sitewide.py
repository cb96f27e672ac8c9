"""The files a build makes from the whole site once its pages are rendered.

The city's offers as rows (what the city-wide pages, the search and ``offers.json`` show),
the search index, the open data, and what keeps every published URL answering. Each
is made for every build and taken over when its bytes (or its key) did not change; a
quarter the build did not load keeps what the last build made of it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from quartierboards.errors import ContentErrors
from quartierboards.markers import REUSED, Written
from quartierboards.schedule.plan import print_day

if TYPE_CHECKING:
    from quartierboards.beside import Beside
    from quartierboards.pipeline import BuildOptions, BuildResult, Started
    from quartierboards.render.keys import Keys
    from quartierboards.render.offerdata import CityRows


def _reader(options: BuildOptions, read_previous: Callable[[str], bytes] | None) -> Callable[[str], bytes]:
    """*read_previous*, else a reader of the last build's files in ``output/``."""
    return read_previous or (lambda rel: (options.output / rel).read_bytes())


def city_rows(options: BuildOptions, started: Started,
               read_previous: Callable[[str], bytes] | None) -> CityRows:
    """Every offer as rows (``render/offerdata.py``); quarters this build did not load keep their last rows."""
    from quartierboards.render.offerdata import CityRows

    return CityRows(started.site, started.plan, _reader(options, read_previous))


class SearchIndex:
    """Pagefind's index of the offers (``pagefind/``), made beside the pages.

    It is taken over when the last build made one and ``options.fresh_search`` is off.
    Otherwise :meth:`start` makes it in a forked process (it needs the offers' rows, not
    the pages), and :meth:`add_to` waits for it; the rows it made come back with it, for
    the open data. A remade index whose files did not change is taken over file by file.
    """

    def __init__(self, options: BuildOptions, started: Started, previous: dict[str, str],
                 read_previous: Callable[[str], bytes] | None = None):
        from quartierboards.render.urls import SEARCH_DIR

        self._started, self._previous = started, previous
        self._read_previous = _reader(options, read_previous)
        self._kept = {path: key for path, key in previous.items() if path.startswith(SEARCH_DIR + "/")}
        self._take_over = bool(self._kept) and not options.fresh_search
        self._made: Beside[tuple[dict[str, tuple[str, bytes | None]], dict[str, bytes]]] | None = None

    def start(self) -> None:
        """Start making it; call it once the render knows which quarters it loads.

        A quarter this build loads only while planning its pages must not have its rows
        taken from the last build's ``offers.json`` by a process forked before that.
        """
        if self._take_over or self._made is not None:
            return
        from quartierboards.beside import Beside
        from quartierboards.render.search import search_files

        site, city, previous, read = self._started.site, self._started.plan.city, self._previous, self._read_previous
        known = city.languages()  # made before the fork: this process has them
        self._made = Beside(lambda: (search_files(site, city, previous, read), city.made(besides=known)))
        self._started.on_close(self._made.stop)

    def add_to(self, result: BuildResult, sink: Callable[[str, bytes], None] | None = None) -> None:
        """Add its files to *result* (waiting for it, or making it now if it was not started).

        With *sink*, new files are handed to it (value :class:`~quartierboards.markers.Written`),
        as the pages are: not held until the end of the build.
        """
        if self._take_over:
            result.keys.update(self._kept)
            result.files.update(dict.fromkeys(self._kept, REUSED))
            return
        self.start()
        assert self._made is not None
        files, rows = self._made.result()
        self._made = None  # it holds the result too
        self._started.plan.city.adopt(rows)
        del rows
        for path in list(files):
            key, data = files.pop(path)  # each file let go of once stored
            _store(result, path, key, data, sink)


def _store(result: BuildResult, path: str, key: str, data: bytes | None,
           sink: Callable[[str, bytes], None] | None) -> None:
    """Add one file to *result*: taken over (*data* ``None``), handed to *sink*, or kept in memory."""
    result.keys[path] = key
    if data is None:
        result.files[path] = REUSED
    elif sink is not None:
        sink(path, data)
        result.files[path] = Written(key)
    else:
        result.files[path] = data


def add_open_data(options: BuildOptions, result: BuildResult, previous: dict[str, str],
                   read_previous: Callable[[str], bytes] | None,
                   sink: Callable[[str, bytes], None] | None = None, keys: Keys | None = None) -> None:
    """Add the offers as open data (HSDS 3, ``render/hsds.py``; ours, ``render/offerdata.py``).

    Files with the bytes of the last build are taken over. With the build's *keys*, the
    HSDS files are not even made when the last build's show the same (:func:`_add_hsds`),
    and a language's CSV is not made when its ``offers.json`` and the day did not change.
    With *sink*, each new file is handed to it as it is made (value
    :class:`~quartierboards.markers.Written`), like the pages, and the city's rows of each
    language are let go of once its files are made: the open data of every language at
    once, with their rows, was the build's peak.
    """
    from quartierboards.render.offerdata import each_offer_file

    assert result.site is not None and result.plan is not None
    _add_hsds(options, result, previous, read_previous, sink, keys.open_data_key() if keys is not None else None)
    for path, key, data in each_offer_file(result.site, result.plan.city, result.today, release=sink is not None,
                                           scope=keys.global_key if keys is not None else None, previous=previous):
        _store(result, path, key, None if previous.get(path) == key else data, sink)


def _add_hsds(options: BuildOptions, result: BuildResult, previous: dict[str, str],
              read_previous: Callable[[str], bytes] | None, sink: Callable[[str, bytes], None] | None,
              shown: str | None) -> None:
    """Add ``data/hsds/``, each file keyed ``<shown>:<digest of its bytes>`` (*shown*: ``Keys.open_data_key``).

    They show the week, not the day: while the last build's files have the same *shown*
    part (a daily build from Tuesday to Sunday) they are taken over without being made.
    Made again, a file of the same bytes is taken over with its new key. Without *shown*
    a file's key is its digest.
    """
    from quartierboards.render.hsds import FOLDER, hsds_files
    from quartierboards.render.keys import bytes_key

    assert result.site is not None
    last_files = [path for path in previous if path.startswith(f"{FOLDER}/")]
    if shown is not None and last_files and all(previous[path].startswith(f"{shown}:") for path in last_files):
        for path in last_files:
            _store(result, path, previous[path], None, sink)
        return
    last = None
    if f"{FOLDER}/services.json" in previous:  # the services of quarters this build did not load
        with contextlib.suppress(OSError):
            last = _reader(options, read_previous)(f"{FOLDER}/services.json")
    files = hsds_files(result.site, print_day(result.site, result.today), last)
    for path in list(files):
        data = files.pop(path)  # each let go of once stored
        digest = bytes_key(data)
        same = previous.get(path, "").rpartition(":")[2] == digest
        _store(result, path, digest if shown is None else f"{shown}:{digest}", None if same else data, sink)


def add_photos(result: BuildResult, previous: dict[str, str]) -> None:
    """Add every quarter's photos in their published widths (``render/photos.py``).

    A file's key is the photo's digest, width and the encoding's version: a file the
    last build made from the same photo is taken over without decoding the photo again.
    A quarter this build did not load (its files are as in the last build) keeps the
    last build's photos: those of its offers and news are not read until they are.
    """
    from quartierboards.render import photos

    assert result.site is not None
    last = _photos_by_quarter(previous, photos.FOLDER)
    for quarter in result.site.quarters.values():
        if quarter.deferred and not previous:
            quarter.complete()  # no last build to take them from: read its offers and news
        if quarter.deferred:
            for path, key in last.get(quarter.slug, ()):
                result.keys[path] = key
                result.files[path] = REUSED
        made: dict[tuple[str, int], dict[str, bytes]] = {}
        for path, (source, width, kind) in photos.photo_files(quarter).items():
            key = result.keys[path] = f"photo:{photos.VERSION}:{source.digest}:{width}:{kind}"
            if previous.get(path) == key:
                result.files[path] = REUSED
                continue
            if (source.digest, width) not in made:
                made[source.digest, width] = photos.encode(source, width)
            result.files[path] = made[source.digest, width][kind]


def _photos_by_quarter(previous: dict[str, str], folder: str) -> dict[str, list[tuple[str, str]]]:
    """The last build's photo files (``<folder>/<quarter>/…``) with their keys, by quarter.

    One pass over the index (122,000 files at 100 × 50), not one per quarter.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    prefix = folder + "/"
    for path, key in previous.items():
        if path.startswith(prefix):
            found.setdefault(path[len(prefix):].partition("/")[0], []).append((path, key))
    return found


def add_publishing_files(options: BuildOptions, result: BuildResult, previous: dict[str, str],
                          read_previous: Callable[[str], bytes] | None = None) -> None:
    """Add what keeps every published URL answering (redirects, notices, 404 pages).

    They are made in every build (a few small files); one with the bytes of the last
    build (*previous*: its keys) is taken over like any unchanged file.

    Raises ``ContentErrors`` when a URL of the ledger would vanish without the content
    saying why (see :mod:`quartierboards.render.redirects`).
    """
    from quartierboards.content.ledger import read_ledger
    from quartierboards.render.keys import bytes_key
    from quartierboards.render.redirects import publishing_files

    assert result.site is not None and result.plan is not None
    files, problems = publishing_files(result.site, result.plan, read_ledger(options.content), set(result.files),
                                       options.templates_dir, options.content.name)
    if problems and result.kept is not None:
        # Ledger URLs of a file that was left out: kept-back pages, not a failed build.
        files.update(result.kept.ledger_pages(read_ledger(options.content), set(result.files) | set(files),
                                              _reader(options, read_previous)))
    elif problems:
        raise ContentErrors(problems)
    for path, data in files.items():
        key = result.keys[path] = bytes_key(data)
        result.files[path] = REUSED if previous.get(path) == key else data
