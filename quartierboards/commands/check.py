"""``quartierboards check``: validate content, write nothing."""

from __future__ import annotations

import argparse
import sys

from quartierboards.commands.report import report_errors
from quartierboards.content.loader import load_site
from quartierboards.errors import ContentErrors


def run(args: argparse.Namespace) -> int:
    """Validate; exit 1 and list every problem when the content is broken."""
    if not args.content.is_dir():
        print(f"quartierboards: content folder '{args.content}' not found", file=sys.stderr)
        return 2
    try:
        site = load_site(args.content)
    except ContentErrors as exc:
        return report_errors(exc)
    offers = sum(len(q.offers) for q in site.quarters.values())
    places = sum(len(q.places) for q in site.quarters.values())
    print(f"OK: {len(site.quarters)} quarters, {places} places, {offers} offers")
    return 0
