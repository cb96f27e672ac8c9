"""Skipping week limits from the measured full week gives the flyer that trying every limit gives."""

from __future__ import annotations

import datetime as dt

import pytest

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products, workers
from quartierboards.print.fit import WeekMeasure
from tests.print.conftest import generate


def _layouts(monkeypatch) -> list[int | None]:
    """Record the week limit of every layout made from now on."""
    made: list[int | None] = []
    original = workers.product_html

    def recording(site, plan, spec, templates_dir, week_limit=None, highlight_limit=None):
        made.append(week_limit)
        return original(site, plan, spec, templates_dir, week_limit, highlight_limit)

    monkeypatch.setattr(workers, "product_html", recording)
    return made


def _flyer(site, lang: str, variant: str):
    return next(s for s in products.product_specs(site) if s.product == "flyer" and s.lang == lang
                and s.variant == variant)


@pytest.mark.parametrize("lang", ["de", "ar", "fa"])
def test_skipping_limits_picks_the_week_that_trying_each_limit_picks(busy, monkeypatch, lang):
    spec = _flyer(busy, lang, "print")
    made = _layouts(monkeypatch)
    fast, fast_limit = workers.render_one(spec)
    skipping = list(made)
    made.clear()
    monkeypatch.setattr(WeekMeasure, "cannot_fit", lambda self, limit: False)
    slow, slow_limit = workers.render_one(spec)
    assert fast_limit == slow_limit and fast_limit is not None  # a busy quarter: the week was shortened
    assert fast.pdf == slow.pdf and fast.pages == 2
    assert made == list(workers.WEEK_LIMITS[:workers.WEEK_LIMITS.index(slow_limit) + 1])
    assert len(skipping) < len(made)  # the same flyer with fewer layouts
    assert skipping[0] is None and skipping[-1] == slow_limit


def _week(limit, sizes, days, more, content, available=85.0, line=4.0) -> WeekMeasure:
    return WeekMeasure(limit, sizes, days, more, content, available, line)


def test_a_measured_week_only_rules_out_limits_that_overflow():
    week = _week(None, (3, 1), ((10.0, 10.0, 10.0), (10.0,)), (0.0, 0.0), content=100.0)
    assert not week.cannot_fit(1)  # 100 - 20 + 4 ("… and 2 more") = 84 fits
    assert week.cannot_fit(2)  # 100 - 10 + 4 = 94 does not
    assert not _week(None, (1,), ((10.0,),), (0.0,), content=50.0).cannot_fit(1)


def test_a_week_measured_short_rules_out_longer_weeks_counting_each_unseen_row_as_one_line():
    # Laid out with 2 rows per day: day one has 5 rows (3 behind "… and 3 more", 6 high), day two has 2.
    week = _week(2, (5, 2), ((10.0, 10.0), (10.0, 10.0)), (6.0, 0.0), content=70.0, available=74.0)
    assert not week.cannot_fit(3)  # 70 + 4 (a third row) - 6 + 4 ("… and 2 more") = 72
    assert week.cannot_fit(None)  # 70 + 3 * 4 (the hidden rows) - 6 (no "more" row) = 76
    assert not week.cannot_fit(1)  # fewer rows: nothing to rule out from below



def test_a_full_back_page_never_pushes_its_footer_into_the_margin(tmp_path, monkeypatch):
    import pypdfium2

    monkeypatch.setattr(WeekMeasure, "cannot_fit", lambda self, limit: False)  # the layout check alone decides
    content = tmp_path / "content"
    generate(content, quarters=3, offers=50, seed=5)  # quartier-001's German week once pushed it 6 mm down
    site = load_site(content)
    workers.init_worker(site, plan_schedules(site, dt.date(2026, 11, 30)), None)
    spec = next(s for s in products.product_specs(site)
                if s.quarter == "quartier-001" and s.product == "flyer" and s.lang == "de" and s.variant == "web")
    result, _ = workers.render_one(spec)
    page = pypdfium2.PdfDocument(result.pdf)[1]
    text = page.get_textpage()
    found = text.search("Stand:")
    start, count = found.get_next()
    boxes = [text.get_charbox(i) for i in range(start, start + 40)]
    bottom_pt = min(box[1] for box in boxes)  # PDF points from the page's bottom edge
    assert bottom_pt >= 10 * 72 / 25.4 - 1  # inside the 10 mm page margin, well clear of the 5 mm safe zone


@pytest.mark.parametrize("lang", ["de", "fa"])
def test_any_hint_gives_the_flyer_that_no_hint_gives(busy, monkeypatch, lang):
    spec = _flyer(busy, lang, "web")
    made = _layouts(monkeypatch)
    plain, plain_limit = workers.render_one(spec)
    unhinted = len(made)
    for hint in workers.WEEK_LIMITS:
        made.clear()
        result, limit = workers.render_one(spec, hint=hint)
        assert (limit, result.pdf) == (plain_limit, plain.pdf), hint
        assert made[0] == hint
        if hint == plain_limit:  # last build's week: the whole week (three pages) is not laid out
            assert None not in made and len(made) <= unhinted


def test_a_limit_that_cannot_be_ruled_out_is_laid_out_before_the_hint_wins():
    from quartierboards.print.fit import Attempt, choose_week

    tried: list[int | None] = []

    def lay_out(limit):  # the whole week fits, but a layout with 2 rows per day proves nothing about it
        tried.append(limit)
        return Attempt(fits=True, measure=None, result=f"week {limit}")

    assert choose_week(lay_out, (None, 5, 2, 1), hint=2) == ("week None", None)
    assert tried == [2, None]


def test_an_edited_flyer_starts_from_the_week_of_the_last_build(busy, monkeypatch, tmp_path):
    plan = plan_schedules(busy, dt.date(2026, 11, 30))
    first = products.render_print_products(busy, plan, None, jobs=1)
    previous = {f: k for f, k in first.keys.items() if f.endswith(".pdf")}
    weeks = {f: k.rsplit("|", 1)[1] for f, k in previous.items() if "/flyer-" in f}
    assert any(weeks.values())  # a busy quarter: some flyers show a shortened week, kept in the index
    cold = _layouts(monkeypatch)
    products.render_print_products(busy, plan, None, jobs=1)
    monkeypatch.undo()
    made = _layouts(monkeypatch)
    changed = {f: "other-key" + k[k.index("|"):] for f, k in previous.items()}  # as if the content had changed
    again = products.render_print_products(busy, plan, None, jobs=1, previous=changed)
    flyers = [f for f in again.rendered if "/flyer-" in f]
    assert {f: again.files[f] for f in flyers} == {f: first.files[f] for f in flyers}
    # The hint never costs more layouts, and no flyer lays out its whole week again (the
    # costly layout); whether it saves one depends on how close the next longer week comes.
    assert len(made) <= len(cold)
    assert made.count(None) == 2  # the stickers


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_long_week_is_never_laid_out_whole_and_gives_the_same_flyer(busy, monkeypatch, lang):
    """Thousands of rows at 10,000 offers: the whole week's layout took minutes and a gigabyte, only to overflow."""
    spec = _flyer(busy, lang, "print")
    made = _layouts(monkeypatch)
    monkeypatch.setattr(workers, "LONG_WEEK_ROWS", 10**9, raising=False)
    whole_first, whole_limit = workers.render_one(spec)
    assert made[0] is None
    made.clear()
    monkeypatch.setattr(workers, "LONG_WEEK_ROWS", 10)  # the busy quarter's week is longer than that
    result, limit = workers.render_one(spec)
    assert None not in made
    assert (limit, result.pdf) == (whole_limit, whole_first.pdf)


LONG_SUMMARY = ("Im Quartier treffen sich Nachbarinnen und Nachbarn aller Generationen: im Familienzentrum, "
                "im Jugendhaus, in der Stadtteilbibliothek und auf dem Markt. Viele Angebote sind kostenlos, "
                "offen für alle und ohne Anmeldung; fragen Sie im Stadtteilbüro nach, wenn Sie etwas suchen. "
                "Wer sich engagieren möchte, ist in jedem Treff willkommen: beim Kochen, beim Reparieren, "
                "beim Vorlesen.")
# Arabic letters are narrower: the same front needs more words to overflow
GARDEN = " Im Garten hinter dem Familienzentrum wachsen Kräuter."
FRIDAY = " Jeden Freitag kocht eine andere Familie für alle, die kommen mögen."
LONG_SUMMARIES = {"de": LONG_SUMMARY + GARDEN, "ar": LONG_SUMMARY + GARDEN + FRIDAY + FRIDAY}


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("long", [False, True])
def test_the_front_names_as_many_highlights_as_fit(tmp_path, monkeypatch, lang, long):
    import pypdfium2

    from quartierboards.print.regular_week import highlights
    from quartierboards.render.view import LangView
    from quartierboards.schedule.plan import print_day

    content = tmp_path / "content"
    generate(content, quarters=1, offers=12, seed=5)
    quarter_file = next(content.glob("quarters/*/quarter.yaml"))
    lines = quarter_file.read_text("utf-8").splitlines()
    start = lines.index("summary:")
    summary = LONG_SUMMARIES[lang] if long else "Treffpunkte im Norden."
    for i in range(start + 1, start + 8):  # the summary in every language
        lines[i] = f'  {lines[i].split(":")[0].strip()}: "{summary}"'
    quarter_file.write_text("\n".join(lines) + "\n", "utf-8")
    site = load_site(content)
    day = dt.date(2026, 11, 30)
    workers.init_worker(site, plan_schedules(site, day), None)
    view = LangView(site, lang)
    wanted = highlights(site, next(iter(site.quarters.values())), view, print_day(site, day))
    limits: list[int | None] = []
    original = workers.product_html

    def recording(site, plan, spec, templates_dir, week_limit=None, highlight_limit=None):
        limits.append(highlight_limit)
        return original(site, plan, spec, templates_dir, week_limit, highlight_limit)

    monkeypatch.setattr(workers, "product_html", recording)
    result, _ = workers.render_one(_flyer(site, lang, "web"))
    assert result.pages == 2 and not result.problems
    assert len(wanted) == 3
    if long:  # the first ones, as many as fit: the flyer still has two pages
        assert limits[0] is None and 0 < limits[-1] < 3
    else:
        assert limits == [None]  # all three, in the first layout
    if lang == "de":
        front = pypdfium2.PdfDocument(result.pdf)[0].get_textpage().get_text_range().replace("\r\n", " ")
        shown = [view.plain(h.offer.text("title")) for h in wanted if view.plain(h.offer.text("title")) in front]
        assert len(shown) == (limits[-1] if limits[-1] is not None else 3)
