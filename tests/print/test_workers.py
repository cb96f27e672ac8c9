"""The print workers' pool: nothing to render costs nothing."""

from __future__ import annotations

from quartierboards import hyphenation
from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print import workers
from tests.print.conftest import ROOT, TODAY


def test_a_build_without_pdfs_to_render_does_not_prepare_a_renderer(monkeypatch):
    """An edit that no PDF shows must not load WeasyPrint's hyphenation patterns (0.5 s) for nothing."""
    site = load_site(ROOT / "content")
    loaded = []
    monkeypatch.setattr(hyphenation, "preload", loaded.append)
    renderer = workers.Renderer([], site, plan_schedules(site, TODAY), None, jobs=2, hints={})
    assert renderer.results(None) == []
    assert loaded == []


def test_few_layouts_go_to_one_worker_and_many_to_every_core():
    assert workers.worker_count(1, 2) == 1
    assert workers.worker_count(4, 2) == 1  # an edited title: a quarter's four flyers, two variants each
    assert workers.worker_count(workers.LAYOUTS_PER_WORKER + 1, 2) == 2
    assert workers.worker_count(500, 2) == 2 and workers.worker_count(500, 8) == 8
    assert workers.worker_count(0, 2) == 1


def test_one_worker_renders_beside_the_build_and_gives_the_same_pdfs(tmp_path):
    """Two products in one worker process (not in this one: it renders the website meanwhile)."""
    from quartierboards.print.products import product_specs

    site = load_site(ROOT / "content")
    plan = plan_schedules(site, TODAY)
    specs = [s for s in product_specs(site) if s.product == "flyer" and s.languages == ("de",)][:2]
    in_pool = workers.Renderer(specs, site, plan, None, jobs=2, hints={})
    assert in_pool._pool is not None  # started at once, one worker
    here = workers.Renderer(specs, site, plan, None, jobs=1, hints={})
    assert here._pool is None
    assert [r.pdf for r in in_pool.results(None)] == [r.pdf for r in here.results(None)]


def test_background_workers_yield_the_cores_to_the_build(tmp_path, monkeypatch):
    """The live preview's PDFs render at a lower priority than the pages of the next edit."""
    import os

    from quartierboards.print.products import product_specs

    site = load_site(ROOT / "content")
    specs = [s for s in product_specs(site) if s.product == "flyer" and s.languages == ("de",)][:1]
    seen = tmp_path / "niceness"
    original = workers.init_worker

    def spying_init(*args):
        original(*args)
        seen.write_text(str(os.nice(0)))

    monkeypatch.setattr(workers, "init_worker", spying_init)
    for background, expected in ((False, os.nice(0)), (True, min(19, os.nice(0) + workers.BACKGROUND_NICENESS))):
        renderer = workers.Renderer(specs, site, plan_schedules(site, TODAY), None, jobs=2, hints={},
                                    background=background)
        assert renderer.results(None)[0].pdf.startswith(b"%PDF-")
        assert int(seen.read_text()) == expected
