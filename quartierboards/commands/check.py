"""``quartierboards check``: validate content, write nothing."""

from __future__ import annotations

import argparse
import sys

from quartierboards.commands.report import report_errors
from quartierboards.content.loader import load_site
from quartierboards.errors import ContentErrors
from quartierboards.i18n.messages import tr, trn


def run(args: argparse.Namespace) -> int:
    """Validate; exit 1 and list every problem when the content is broken."""
    if not args.content.is_dir():
        print("quartierboards: " + tr("content folder '%(folder)s' not found", folder=args.content), file=sys.stderr)
        return 2
    try:
        site = load_site(args.content)
    except ContentErrors as exc:
        return report_errors(exc)
    offers = sum(len(q.offers) for q in site.quarters.values())
    places = sum(len(q.places) for q in site.quarters.values())
    print(tr("OK: %(quarters)s, %(places)s, %(offers)s",
             quarters=trn("%(n)s quarter", "%(n)s quarters", len(site.quarters), n=len(site.quarters)),
             places=trn("%(n)s place", "%(n)s places", places, n=places),
             offers=trn("%(n)s offer", "%(n)s offers", offers, n=offers)))
    return 0
