"""One-off dates while the flyer hangs stand on its back after the regular week ("Außerdem: …")."""

from __future__ import annotations

import re

from qb_support import SAMPLE, TODAY

from quartierboards.content.loader import load_site
from quartierboards.pipeline import plan_schedules
from quartierboards.print.products import product_specs
from quartierboards.print.workers import product_html


def _also(html: str) -> str:
    found = re.search(r'<p class="also">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else ""


def test_a_one_off_event_in_the_flyer_period_is_on_the_flyer() -> None:
    site = load_site(SAMPLE)
    plan = plan_schedules(site, TODAY)
    specs = {spec.file: spec for spec in product_specs(site)}
    # Weihnachtsmarkt on Saturday and Sunday 5–6 December 2026, within the four weeks of the flyer:
    # one line for both days.
    de = _also(product_html(site, plan, specs["am-wasserturm/flyer-am-wasserturm-de-print.pdf"], None))
    assert de == "Außerdem: Sa., 5.\u2009–\u2009So., 6. Dez. Weihnachtsmarkt am Wasserturm"
    ar = _also(product_html(site, plan, specs["am-wasserturm/flyer-am-wasserturm-ar-print.pdf"], None))
    assert "وأيضًا:" in ar
    # The Laternenumzug (11 November) is over: Nordstadt's flyer has no such line.
    assert _also(product_html(site, plan, specs["nordstadt/flyer-nordstadt-de-print.pdf"], None)) == ""


def test_office_hours_are_in_the_flyers_week_once() -> None:
    """Jana Beispiel's Tuesday office hours, from quarter.yaml, in the regular week on the flyer's back."""
    site = load_site(SAMPLE)
    plan = plan_schedules(site, TODAY)
    specs = {spec.file: spec for spec in product_specs(site)}
    html = product_html(site, plan, specs["nordstadt/flyer-nordstadt-de-print.pdf"], None)
    back = html[html.index('class="page back"'):]
    assert back.count("Sprechstunde: Jana Beispiel") == 1


def _paragraph(html: str, css_class: str) -> str:
    found = re.search(rf'<p class="also {css_class}">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else ""


def test_pauses_and_holiday_programmes_are_said_once_under_the_week() -> None:
    """Lindenhof's library closes for stocktaking, its homework club pauses in the school holidays, its
    seniors' café over Christmas; Nordstadt's holiday games run only in the school holidays."""
    site = load_site(SAMPLE)
    plan = plan_schedules(site, TODAY)
    specs = {spec.file: spec for spec in product_specs(site)}
    lindenhof = product_html(site, plan, specs["lindenhof/flyer-lindenhof-de-print.pdf"], None)
    assert _paragraph(lindenhof, "pauses") == (
        "Pausen: Stadtteilbibliothek Lindenhof 14.–16. Dez. 2026 (Inventur); Hausaufgabenhilfe nicht in den "
        "Schulferien; Seniorencafé 22.–31. Dez. 2026 (Weihnachtspause)")
    ru = product_html(site, plan, specs["lindenhof/flyer-lindenhof-ru-print.pdf"], None)
    assert "Перерывы:" in _paragraph(ru, "pauses") and "инвентаризация" in _paragraph(ru, "pauses")
    nordstadt = product_html(site, plan, specs["nordstadt/flyer-nordstadt-de-print.pdf"], None)
    assert _paragraph(nordstadt, "holidays").startswith("In den Schulferien: Ferienspiele im Förderturm")
    assert "Ferienspiele" not in nordstadt[nordstadt.index("<table"):nordstadt.index("</table>")]


def test_a_quarter_with_hundreds_of_one_off_dates_lists_a_few_at_one_row_per_weekday(tmp_path) -> None:
    """At the flyer's last resort the one-off dates are cut too: all of them needed nine pages at 10,000 offers."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import generate

    from quartierboards.print.flyer import ONE_OFFS_AT_LEAST

    generate(tmp_path / "content", 1, 400)
    site = load_site(tmp_path / "content")
    plan = plan_schedules(site, TODAY)
    spec = next(s for s in product_specs(site) if s.product == "flyer" and s.lang == "de")
    listed = _also(product_html(site, plan, spec, None, week_limit=2)).count("Dez.")
    assert listed > ONE_OFFS_AT_LEAST  # a longer week: every one of them
    cut = _also(product_html(site, plan, spec, None, week_limit=1))
    assert cut.count("Dez.") == ONE_OFFS_AT_LEAST
    assert cut.endswith(f"… und {listed - ONE_OFFS_AT_LEAST} weitere auf der Website")
