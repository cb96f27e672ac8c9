"""``quartierboards check``: validate content, write nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from quartierboards.commands.report import Reporter, as_errors, load_content
from quartierboards.content.structure import Site
from quartierboards.errors import ContentError, ContentErrors
from quartierboards.i18n.messages import tr, trn


def fit_errors(site: Site, content: Path, today: object = None, jobs: int | None = None) -> list[ContentError]:
    """Lay out every flyer and sticker as ``build`` does and return what does not fit; no PDF is made.

    The layouts run in the print workers, as in ``build`` (with its week choice and QR checks).
    """
    from quartierboards.heap import long_lived
    from quartierboards.pipeline import plan_schedules, today_in
    from quartierboards.print.products import start_print_products

    plan = plan_schedules(site, today or today_in(site))  # type: ignore[arg-type]
    try:
        with long_lived():
            run = start_print_products(site, plan, None, jobs, content=content, write=False)
        with run:
            return run.check_fit()
    except ContentErrors as exc:  # a QR code target that is not allowed
        return list(exc.errors)


def run(args: argparse.Namespace) -> int:
    """Validate, including whether every print product fits; exit 1 and list every problem.

    Warnings (lints) are shown too; with ``--strict`` they are errors.
    """
    from quartierboards.pipeline import today_in
    from quartierboards.schedule.lints import site_warnings

    reporter = Reporter.from_args(args)
    site = load_content(args.content, reporter)
    if isinstance(site, int):
        return site
    if getattr(args, "print_products", True):
        errors = fit_errors(site, args.content, args.today)
        if errors:
            return reporter.report(ContentErrors(errors))
    warnings = site_warnings(site, args.content, args.today or today_in(site))
    if warnings and args.strict:
        return reporter.report(as_errors(warnings))
    reporter.report(None, warnings)
    offers = sum(len(q.offers) for q in site.quarters.values())
    places = sum(len(q.places) for q in site.quarters.values())
    print(tr("OK: %(quarters)s, %(places)s, %(offers)s",
             quarters=trn("%(n)s quarter", "%(n)s quarters", len(site.quarters), n=len(site.quarters)),
             places=trn("%(n)s place", "%(n)s places", places, n=places),
             offers=trn("%(n)s offer", "%(n)s offers", offers, n=offers)), file=reporter.summary)
    if getattr(args, "stale", False):
        print_unchecked(site, args.content, args.today)
    return 0


def print_unchecked(site: Site, content: Path, today: object = None) -> None:
    """The coordinator's list: what nobody checked for too long, and what was never checked, by quarter."""
    from quartierboards.content.freshness import unchecked
    from quartierboards.pipeline import today_in

    day = today or today_in(site)
    stale, never = unchecked(site, day, content.as_posix())  # type: ignore[arg-type]
    months = site.config.freshness.checked_months
    sections = [(tr("Not checked for more than %(months)s months:", months=months), stale),
                (tr("Never checked (no 'checked:' date):"), never)]
    for heading, items in sections:
        print(f"\n{heading} {len(items)}")
        group = None
        for item in items:
            if (item.quarter, item.organizer) != group:
                group = (item.quarter, item.organizer)
                print(f"  {item.quarter}" + (f" – {item.organizer}" if item.organizer else ""))
            when = tr("checked %(date)s", date=item.checked.isoformat()) if item.checked else ""
            print(f"    {item.path}: {item.name}" + (f" ({when})" if when else ""))
