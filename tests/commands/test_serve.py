"""Live preview: serves the build, shows content errors on the page, keeps the last good build."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import sys
import threading
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from quartierboards.commands import serve
from quartierboards.commands.preview_store import StoredFiles
from quartierboards.commands.serve import PreviewState, error_panel, make_handler
from quartierboards.pipeline import BuildOptions, render

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def preview():
    """A preview's state, closed after the test: its staged site is deleted."""
    state = PreviewState()
    yield state
    state.close()


def _but_search(files) -> dict:
    """The files but the search index, which the preview makes at its start only (BuildOptions.fresh_search)."""
    return {path: data for path, data in files.items() if not path.startswith("pagefind/")}


def test_edit_break_fix_cycle(tmp_path, preview):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    offer = content / "quarters/nordstadt/offers/muetter-cafe.md"
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False)
    state = preview
    state.rebuild(options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = _get(port, "/de/nordstadt/muetter-cafe/")
        assert "Mütter-Café" in page and "/__quartierboards/reload.js" in page
        generation = _get(port, "/__quartierboards/state")

        elsewhere = state.files["de/suedpark/index.html"]
        assert isinstance(state.files, StoredFiles), "the preview holds digests; the bytes are on disk"
        offer.write_text(offer.read_text().replace("de: Mütter-Café", "de: Mütter-Café Nord"))
        state.rebuild(options)
        assert "Mütter-Café Nord" in _get(port, "/de/nordstadt/muetter-cafe/")
        assert state.files["de/suedpark/index.html"] == elsewhere, "other quarters are not rendered again"
        assert _get(port, "/__quartierboards/state") != generation

        offer.write_text(offer.read_text().replace('time: "10:00-11:30"', 'time: "10:00-25:30"'))
        state.rebuild(options)
        broken = _get(port, "/de/nordstadt/muetter-cafe/")
        assert 'id="qb-errors"' in broken
        assert "quarters/nordstadt/offers/muetter-cafe.md:" in broken and "25:30" in broken
        assert "Mütter-Café Nord" in broken  # last good build still underneath

        offer.write_text(offer.read_text().replace('time: "10:00-25:30"', 'time: "10:00-11:30"'))
        state.rebuild(options)
        assert 'id="qb-errors"' not in _get(port, "/de/nordstadt/muetter-cafe/")
        assert _but_search(state.files) == _but_search(render(options).files), "what is served equals a fresh build"
    finally:
        server.shutdown()


def test_an_edit_loads_only_its_quarter_and_what_is_served_equals_a_fresh_build(tmp_path, monkeypatch, preview):
    content = tmp_path / "content"
    generate(content, quarters=3, offers=3, seed=5)
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False, jobs=1)
    loaded: list[list[str]] = []

    def spying_render(*args, **kwargs):
        result = render(*args, **kwargs)
        loaded.append(sorted(slug for slug, q in result.site.quarters.items() if not q.deferred))
        return result

    monkeypatch.setattr(serve, "render", spying_render)
    state = preview
    state.rebuild(options)
    state.rebuild(options)  # nothing changed
    offer = content / "quarters/quartier-001/offers/angebot-001.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: ", "cost: ab ", 1), encoding="utf-8")
    state.rebuild(options)
    assert loaded == [["quartier-000", "quartier-001", "quartier-002"], [], ["quartier-001"]]
    assert _but_search(state.files) == _but_search(render(options).files), "what is served equals a fresh build"


def test_an_edit_keeps_nothing_of_the_builds_before_it_in_memory(tmp_path, preview):
    """Each edit used to keep another build's rows of every offer (and its site) until a memo was full."""
    from quartierboards.render.offerdata import CityRows

    content = tmp_path / "content"
    generate(content, quarters=3, offers=3, seed=5)
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False, jobs=1)
    offer = content / "quarters/quartier-001/offers/angebot-001.md"
    state = preview
    gc.collect()
    earlier = {id(o) for o in gc.get_objects() if isinstance(o, CityRows)}  # of tests that ran before
    gc.disable()  # freed as soon as the build ends, not when the collector gets round to it
    try:
        state.rebuild(options)
        for _ in range(3):
            offer.write_text(offer.read_text(encoding="utf-8").replace("cost: ", "cost: ab ", 1), encoding="utf-8")
            state.rebuild(options)
        assert [o for o in gc.get_objects() if isinstance(o, CityRows) and id(o) not in earlier] == []
    finally:
        gc.enable()
    assert "ab " in state.files["data/de/offers.csv"].decode("utf-8-sig"), "the open data is served as made"


def _preview_with_flyers(tmp_path: Path, preview: PreviewState, quarters: int,
                         offers: int) -> tuple[Path, BuildOptions, PreviewState]:
    """A generated city in the preview, its pages built, its flyers not yet."""
    content = tmp_path / "content"
    generate(content, quarters=quarters, offers=offers, seed=5)
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), jobs=2)
    state = preview
    state.rebuild(options)
    return content, options, state


def test_the_preview_serves_the_web_flyers_and_renders_again_only_the_pdfs_an_edit_changes(tmp_path, monkeypatch,
                                                                                           preview):
    from quartierboards.print import products

    content, options, state = _preview_with_flyers(tmp_path, preview, quarters=2, offers=3)
    flyer = "de/quartier-001/flyer-quartier-001-de.pdf"
    assert 'href="flyer-quartier-001-de.pdf"' in state.files["de/quartier-001/index.html"].decode()
    assert flyer not in state.served_files(), "the pages come first, the flyers after them"
    state.wait_for_print(options)
    assert state.served_files()[flyer].startswith(b"%PDF-")
    before = dict(state.pdfs.digests)
    assert "auftrag.csv" in before and "auftrag.pdf" not in before, "no print shop order sheet in the preview"

    offer = content / "quarters/quartier-001/offers/angebot-001.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace('de: "', 'de: "Neu: ', 1), encoding="utf-8")
    sheets = []  # print-at-home sheets made: only those of the flyers made again
    two_up = products.two_up
    monkeypatch.setattr(products, "two_up", lambda flyer: sheets.append(flyer) or two_up(flyer))
    state.rebuild(options)
    state.wait_for_print(options)
    web_flyers = [path for path in state.pdfs_rendered if "/flyer-" in path and path.endswith("-web.pdf")]
    assert web_flyers and len(sheets) == len(web_flyers), "a sheet for each web flyer made again, no other"
    assert set(state.pdfs_rendered) == {path for path in before if path.startswith("quartier-001/flyer-")}, \
        "only the flyers that show the title (not the stickers, not the other quarter)"
    changed = {path for path, digest in state.pdfs.digests.items() if digest != before[path]}
    assert "quartier-001/flyer-quartier-001-de-web.pdf" in changed
    assert not any(path.startswith(("quartier-000/", "quartier-001/sticker")) for path in changed)
    assert state.copies.digest(flyer) != before["quartier-001/flyer-quartier-001-de-web.pdf"]
    assert _but_search(state.served_files()) == _but_search(render(options).files), \
        "what is served equals a fresh build, web flyers included"


def test_a_flyer_that_does_not_fit_is_shown_as_an_error_and_the_last_good_one_stays(tmp_path, preview):
    content, options, state = _preview_with_flyers(tmp_path, preview, quarters=1, offers=2)
    state.wait_for_print(options)
    good = state.served_files()["de/quartier-000/flyer-quartier-000-de.pdf"]

    quarter = content / "quarters/quartier-000/quarter.yaml"
    original = quarter.read_text(encoding="utf-8")
    long_name = " ".join(["Südpark an der alten Zechenbahn und am Kanal"] * 8)
    quarter.write_text(original.replace('de: "Nachbarschaft 0"', f'de: "{long_name}"'), encoding="utf-8")
    state.rebuild(options)
    state.wait_for_print(options)
    assert state.errors == [], "the pages are fine"
    assert any("quarters/quartier-000/quarter.yaml" in e and "flyer" in e and "does not fit" in e
               for e in state.print_errors), state.print_errors
    assert state.served_files()["de/quartier-000/flyer-quartier-000-de.pdf"] == good
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = _get(server.server_port, "/de/quartier-000/")
    finally:
        server.shutdown()
    assert 'id="qb-errors"' in page and "does not fit" in page, "the editor sees it on the page"
    assert "Problems with the flyers" in page and "Content errors" not in page, "the pages themselves are fine"

    quarter.write_text(original, encoding="utf-8")
    state.rebuild(options)
    state.wait_for_print(options)
    assert state.print_errors == []


def test_a_print_run_that_breaks_is_shown_not_swallowed(capsys):
    """A print worker that dies (here: any error of the run) leaves the last good flyers served and says so."""

    class Broken:
        def finish(self, order_pdf: bool = True):  # noqa: ARG002 - PrintRun's signature
            raise RuntimeError("A process in the process pool was terminated abruptly")

    state = PreviewState()
    generation = state.generation
    state._collect(Broken(), None)
    assert state.print_errors == ["RuntimeError: A process in the process pool was terminated abruptly"]
    assert state.generation == generation + 1, "the pages served show it in their panel"
    assert "terminated abruptly" in capsys.readouterr().err
    state.print_errors = []
    state.closing = True  # the preview ends and stops its run: nothing to report
    state._collect(Broken(), None)
    assert state.print_errors == [] and capsys.readouterr().err == ""


@pytest.mark.parametrize(("host", "ok"), [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("LOCALHOST:8000", True),
    ("192.168.1.20:8000", True),  # an address: no DNS name a foreign page could control
    ("preview.lan:8000", True),  # the name it was asked to listen on (--bind)
    ("evil.example:8000", False), ("evil.example", False), ("127.0.0.1:8001", False), ("localhost", False),
    ("", False), (None, False), ("[::1", False), ("localhost:8000:1", False), ("127.0.0.1.evil.example:8000", False),
])
def test_host_header(host, ok):
    assert serve.host_allowed(host, 8000, ["preview.lan"]) is ok


def test_a_foreign_host_is_refused_and_connections_are_bounded(tmp_path, preview):
    import http.client
    import socket

    state = preview
    state.files = {"index.html": b"<html><head></head><body>draft</body></html>"}
    server = serve.PreviewServer(("127.0.0.1", 0), make_handler(state))
    server.IDLE_SECONDS = 1.0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/", headers={"Host": f"rebind.evil.example:{port}"})
        response = conn.getresponse()
        assert response.status == 421
        assert b"draft" not in response.read()
        # Idle connections beyond the limit wait; they are closed after the idle time, and the preview answers again.
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(serve.PreviewServer.MAX_CONNECTIONS + 4)]
        assert "draft" in _get(port, "/")
        for sock in idle:
            sock.close()
        assert threading.active_count() < 2 * serve.PreviewServer.MAX_CONNECTIONS
    finally:
        server.shutdown()
        server.server_close()


def test_a_busy_port_is_a_message_before_the_first_build(tmp_path, monkeypatch, capsys):
    import socket

    from quartierboards.cli import main

    def no_build(self, options):
        raise AssertionError("built before the port was known to be free")

    monkeypatch.setattr(PreviewState, "start", no_build)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port), "--content", str(ROOT / "content")]) == 2
    err = capsys.readouterr().err
    assert f"port {port} is in use" in err and "Traceback" not in err


def test_the_preview_keeps_watching_when_watchfiles_cannot_name_a_file(capsys):
    calls = []

    class Recorder:
        def rebuild(self, options):
            calls.append("rebuild")

        def print_if_due(self, options):
            calls.append("print")

    def watch(*paths, **kwargs):
        calls.append("watch")
        if calls.count("watch") == 1:
            raise RuntimeError('Unable to decode path "content/.caf\\xE9" to string')
        yield {("modified", "content/site.yaml")}

    serve.follow(Recorder(), BuildOptions(), ["content"], watch)
    assert calls == ["watch", "rebuild", "watch", "rebuild", "print"]
    assert "watching again" in capsys.readouterr().err


def test_the_preview_serves_the_rest_and_says_what_is_kept_back(tmp_path, preview) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    offer = content / "quarters/nordstadt/offers/muetter-cafe.md"
    board = content / "quarters/suedpark/quarter.yaml"
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False)
    state = preview
    state.rebuild(options)
    offer.write_text(offer.read_text().replace("de: Mütter-Café", "de: Mütter-Café Nord")
                     .replace('time: "10:00-11:30"', 'time: "10:00-25:30"'))
    board.write_text(board.read_text().replace("de: Südpark", "de: Südpark neu"))
    state.rebuild(options)
    assert "Südpark neu" in state.files["de/suedpark/index.html"].decode(), "the rest is up to date"
    assert state.kept == ["content/quarters/nordstadt/offers/muetter-cafe.md: last good version shown"]
    page = state.files["de/nordstadt/muetter-cafe/index.html"].decode()
    assert "Mütter-Café" in page and "Mütter-Café Nord" not in page, "the broken offer as it last rendered"
    panel = error_panel(state.errors, (), state.kept).decode()
    assert "Kept back" in panel and "25:30" in panel and "muetter-cafe.md: last good version shown" in panel


def test_the_preview_keeps_the_search_index_of_its_start(tmp_path) -> None:
    from dataclasses import replace

    from qb_support import SAMPLE, TODAY

    from quartierboards.markers import REUSED

    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    options = BuildOptions(content=content, output=tmp_path / "out", today=TODAY, print_products=False)
    first = render(options)
    index = {p: k for p, k in first.keys.items() if p.startswith("pagefind/")}
    assert index
    offer = content / "quarters/nordstadt/offers/muetter-cafe.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("Mütter-Café", "Mütter-Café Nord"), encoding="utf-8")
    again = render(replace(options, fresh_search=False), previous=first.keys)
    assert {p: k for p, k in again.keys.items() if p.startswith("pagefind/")} == index
    assert all(again.files[p] is REUSED for p in index)
    fresh = render(options, previous=first.keys)
    remade = {p for p, data in fresh.files.items() if p.startswith("pagefind/") and data is not REUSED}
    assert remade and len(remade) < len(index) / 2, "a build remakes it, writing only the files that changed"


def test_closing_the_preview_deletes_its_staged_site(tmp_path):
    content = tmp_path / "content"
    generate(content, quarters=1, offers=2, seed=5)
    state = PreviewState()
    state.rebuild(BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False, jobs=1))
    staged = state.drafts.parent
    assert any(staged.rglob("*")), "the preview stages its site on disk"
    state.close()
    assert not staged.exists(), "a whole staged site left in the temp folder per preview"
