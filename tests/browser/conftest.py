"""Browser test fixtures: the sample city built once, served locally, driven by Debian's Chromium.

No browser is ever downloaded: Playwright drives ``/usr/bin/chromium`` (installed by
``scripts/system-deps.sh test``, which ``make test`` runs). Without it these tests skip.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from quartierboards.pipeline import BuildOptions, render

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUILD_DAY = dt.date(2026, 11, 30)
LANGUAGES = ["de", "en", "ru", "ar", "fa", "tr", "uk", "de-x-ls"]
QUARTER = "suedpark"
NEWS_SLUG = "2026-11-20-stadtteilfest-im-advent-programm"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run `sh scripts/system-deps.sh test` "
                                   "(as root) or `make test`, which installs Debian's chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def built() -> dict[str, bytes]:
    """The sample city's website for Monday 2026-11-30."""
    return render(BuildOptions(content=ROOT / "content", today=BUILD_DAY, print_products=False)).files


@pytest.fixture(scope="session")
def site_dir(built: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for rel, data in built.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """``http://127.0.0.1:<port>/`` serving the built site."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_context(browser, base_url: str) -> Iterator:
    """Factory for fresh browser contexts (closed after the test)."""
    made = []

    def make(**kwargs):
        kwargs.setdefault("base_url", base_url)
        kwargs.setdefault("service_workers", "block")
        ctx = browser.new_context(**kwargs)
        ctx.set_default_timeout(10_000)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def pages_of(lang: str) -> dict[str, str]:
    """One page of every kind in *lang*, as site-relative URLs."""
    return {
        "city": f"{lang}/",
        "board": f"{lang}/{QUARTER}/",
        "week": f"{lang}/{QUARTER}/2026-W49/",
        "offer": f"{lang}/{QUARTER}/krabbelgruppe/",
        "news": f"{lang}/{QUARTER}/news/{NEWS_SLUG}/",
        "news-archive": f"{lang}/{QUARTER}/news/",
        "filter": f"{lang}/{QUARTER}/filter/children/",
        "accessibility": f"{lang}/barrierefreiheit/",
        "privacy": f"{lang}/datenschutz/",
        "imprint": f"{lang}/impressum/",
        "not-found": f"{lang}/404.html",
        "offer-removed": f"{lang}/nordstadt/spieletreff/",
    }
