"""The print workers' pool: nothing to render costs nothing."""

from __future__ import annotations

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print import hyphenation, workers
from tests.print.conftest import ROOT, TODAY


def test_a_build_without_pdfs_to_render_does_not_prepare_a_renderer(monkeypatch):
    """An edit that no PDF shows must not load WeasyPrint's hyphenation patterns (0.5 s) for nothing."""
    site = load_site(ROOT / "content")
    loaded = []
    monkeypatch.setattr(hyphenation, "preload", loaded.append)
    renderer = workers.Renderer([], site, plan_schedules(site, TODAY), None, jobs=2, hints={})
    assert renderer.results(None) == []
    assert loaded == []
