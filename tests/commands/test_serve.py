"""Live preview: serves the build, shows content errors on the page, keeps the last good build."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import threading
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

from quartierboards.commands import serve
from quartierboards.commands.serve import PreviewState, make_handler
from quartierboards.pipeline import BuildOptions, render

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


def test_edit_break_fix_cycle(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    offer = content / "quarters/nordstadt/offers/muetter-cafe.md"
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False)
    state = PreviewState()
    state.rebuild(options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = _get(port, "/de/nordstadt/muetter-cafe/")
        assert "Mütter-Café" in page and "/__quartierboards/reload.js" in page
        generation = _get(port, "/__quartierboards/state")

        elsewhere = state.files["de/suedpark/index.html"]
        offer.write_text(offer.read_text().replace("de: Mütter-Café", "de: Mütter-Café Nord"))
        state.rebuild(options)
        assert "Mütter-Café Nord" in _get(port, "/de/nordstadt/muetter-cafe/")
        assert state.files["de/suedpark/index.html"] is elsewhere, "other quarters are not rendered again"
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
        assert state.files == render(options).files, "what is served equals a fresh build"
    finally:
        server.shutdown()


def test_an_edit_loads_only_its_quarter_and_what_is_served_equals_a_fresh_build(tmp_path, monkeypatch):
    content = tmp_path / "content"
    generate(content, quarters=3, offers=3, seed=5)
    options = BuildOptions(content=content, today=dt.date(2026, 11, 30), print_products=False, jobs=1)
    loaded: list[list[str]] = []

    def spying_render(*args, **kwargs):
        result = render(*args, **kwargs)
        loaded.append(sorted(slug for slug, q in result.site.quarters.items() if not q.deferred))
        return result

    monkeypatch.setattr(serve, "render", spying_render)
    state = PreviewState()
    state.rebuild(options)
    state.rebuild(options)  # nothing changed
    offer = content / "quarters/quartier-001/offers/angebot-001.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("cost: ", "cost: ab ", 1), encoding="utf-8")
    state.rebuild(options)
    assert loaded == [["quartier-000", "quartier-001", "quartier-002"], [], ["quartier-001"]]
    assert state.files == render(options).files, "what is served equals a fresh build"
