"""``quartierboards check``: validate content, write nothing."""

from __future__ import annotations

import argparse

from quartierboards.commands.report import as_errors, load_content, report_errors, report_warnings
from quartierboards.i18n.messages import tr, trn


def run(args: argparse.Namespace) -> int:
    """Validate; exit 1 and list every problem when the content is broken (or, with --strict, has warnings)."""
    from quartierboards.pipeline import today_in
    from quartierboards.schedule.lints import site_warnings

    site = load_content(args.content)
    if isinstance(site, int):
        return site
    warnings = site_warnings(site, args.content, args.today or today_in(site))
    if warnings and args.strict:
        return report_errors(as_errors(warnings))
    report_warnings(warnings)
    offers = sum(len(q.offers) for q in site.quarters.values())
    places = sum(len(q.places) for q in site.quarters.values())
    print(tr("OK: %(quarters)s, %(places)s, %(offers)s",
             quarters=trn("%(n)s quarter", "%(n)s quarters", len(site.quarters), n=len(site.quarters)),
             places=trn("%(n)s place", "%(n)s places", places, n=places),
             offers=trn("%(n)s offer", "%(n)s offers", offers, n=offers)))
    return 0
