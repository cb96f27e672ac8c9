"""The website's files are the same bytes whether they render in this process, with one helper or in a pool."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from qb_support import SAMPLE, TODAY

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.render import offerdata
from quartierboards.render import site as site_module
from quartierboards.render.site import Job, _by_language, render_site

MAKE_POOL = site_module._pool
QUARTER_ROWS = offerdata.quarter_rows


@pytest.fixture(scope="module")
def sample():
    site = load_site(SAMPLE)
    return site, plan_schedules(site, TODAY)


def _render(sample, monkeypatch, *, jobs, shared_from, pool_from):
    monkeypatch.setattr(site_module, "SHARED_FROM", shared_from)
    monkeypatch.setattr(site_module, "IN_PROCESS_BELOW", pool_from)
    pools: list[int] = []
    monkeypatch.setattr(site_module, "_pool", lambda workers: pools.append(workers) or MAKE_POOL(workers))
    site, plan = sample
    return render_site(site, plan, jobs=jobs).files, pools


def test_same_bytes_in_process_with_a_helper_and_in_a_pool(sample, monkeypatch):
    alone, no_pool = _render(sample, monkeypatch, jobs=1, shared_from=1, pool_from=1)
    helped, one_helper = _render(sample, monkeypatch, jobs=2, shared_from=1, pool_from=10**9)
    pooled, two_workers = _render(sample, monkeypatch, jobs=2, shared_from=1, pool_from=1)
    assert (no_pool, one_helper, two_workers) == ([], [1], [2])
    assert len(alone) > 500
    assert helped == alone
    assert pooled == alone


def test_same_bytes_with_half_of_the_rows_made_beside(monkeypatch):
    """A large build makes half of the languages' city-wide rows in a forked process while it plans."""
    site = load_site(SAMPLE)
    alone = render_site(site, plan_schedules(site, TODAY), jobs=1).files
    made_here: list[str] = []  # the forked process appends to its own copy

    def counted(site, plan, quarter, lang):
        made_here.append(lang)
        return QUARTER_ROWS(site, plan, quarter, lang)

    monkeypatch.setattr(offerdata, "quarter_rows", counted)
    monkeypatch.setattr(site_module, "ROWS_BESIDE", 1)
    beside = render_site(site, plan_schedules(site, TODAY), jobs=2).files
    languages = list(site.config.languages)
    assert set(made_here) == set(languages[:len(languages) // 2]), "the other half came from the process beside"
    assert beside == alone


def test_languages_are_split_whole_into_two_halves(monkeypatch):
    counts = {"de": 30, "en": 20, "ar": 20, "fa": 10, "ru": 10, "tr": 5, "uk": 5}
    jobs = [Job(f"{lang}/{n}", "k", bytes, lang) for lang, count in counts.items() for n in range(count)]
    monkeypatch.setattr(site_module, "_JOBS", jobs)
    first, second = _by_language(list(range(len(jobs))))
    assert sorted(first + second) == list(range(len(jobs)))
    langs = [{jobs[i].lang for i in part} for part in (first, second)]
    assert not langs[0] & langs[1], "a language's fragments are rendered in one process only"
    assert abs(len(first) - len(second)) <= 10


class _CountingPool(ProcessPoolExecutor):
    """A pool that records how many parts were submitted and not yet taken back, and each part's size."""

    def __init__(self, workers: int):
        super().__init__(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        self.outstanding = self.most_outstanding = 0
        self.parts: list[list[tuple[int, bytes]]] = []

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        self.outstanding += 1
        self.most_outstanding = max(self.most_outstanding, self.outstanding)
        result = future.result

        def taken(timeout=None):
            value = result(timeout)
            self.outstanding -= 1
            self.parts.append(value)
            return value

        future.result = taken
        return future


def test_the_pool_holds_few_parts_and_each_hands_back_little(sample, monkeypatch):
    """Parts in flight are bounded (not the whole site submitted at once) and so is each part's result."""
    made: list[_CountingPool] = []
    monkeypatch.setattr(site_module, "_pool", lambda workers: made.append(_CountingPool(workers)) or made[-1])
    monkeypatch.setattr(site_module, "IN_PROCESS_BELOW", 1)
    monkeypatch.setattr(site_module, "RESULT_BYTES", 20_000, raising=False)
    site, plan = sample
    files = render_site(site, plan, jobs=2).files
    (pool,) = made
    assert pool.most_outstanding <= 4, "two parts per worker: one rendering, one waiting"
    largest = max(len(data) for data in files.values() if isinstance(data, bytes))
    assert max(sum(len(data) for _i, data in part) for part in pool.parts) < 20_000 + largest
    assert len(pool.parts) > 16, "parts that reached the limit were continued in parts of their own"


def test_same_bytes_when_every_file_is_a_part_of_its_own(sample, monkeypatch):
    monkeypatch.setattr(site_module, "RESULT_BYTES", 1)
    alone, _ = _render(sample, monkeypatch, jobs=1, shared_from=1, pool_from=1)
    helped, _ = _render(sample, monkeypatch, jobs=2, shared_from=1, pool_from=10**9)
    pooled, _ = _render(sample, monkeypatch, jobs=2, shared_from=1, pool_from=1)
    monkeypatch.setattr(site_module, "RESULT_BYTES", 16 << 20)
    whole, _ = _render(sample, monkeypatch, jobs=1, shared_from=1, pool_from=1)
    assert alone == helped == pooled == whole


def test_the_rows_are_held_as_json_while_a_pool_renders(monkeypatch):
    """Once the workers have forked, the build's process keeps the city's rows packed until asked again."""
    monkeypatch.setattr(site_module, "IN_PROCESS_BELOW", 1)
    site = load_site(SAMPLE)
    alone_plan = plan_schedules(site, TODAY)
    render_site(site, alone_plan, jobs=1)
    plan = plan_schedules(site, TODAY)
    render_site(site, plan, jobs=2)
    languages = list(site.config.languages)
    assert not plan.city._rows, "no rows held as objects after the pool rendered"
    assert plan.city.languages() == set(languages)
    for lang in languages:
        assert plan.city.rows(lang) == alone_plan.city.rows(lang)
