"""``quartierboards preflight``: check the built PDFs the way a print shop and a phone will see them."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from quartierboards.commands.report import load_content
from quartierboards.content.ledger import LEDGER_FILE, output_path, unresolved
from quartierboards.i18n.messages import tr, trn


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("invalid date '%(value)s', expected YYYY-MM-DD", value=value)) from None


def register(sub: Any) -> None:
    """Add the ``preflight`` verb to the CLI's subparsers."""
    p = sub.add_parser("preflight", help="check flyers/ like a print shop: boxes and marks, colours, output intent, "
                                         "QR codes, fonts, text, the order")
    p.add_argument("--flyers", type=Path, default=Path("flyers"), help="print products (default: flyers)")
    p.add_argument("--output", type=Path, default=Path("output"), help="built site (default: output)")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p.add_argument("--today", type=_date, help="the date the PDFs were built for (default: today)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Preflight; exit 1 with one line per problem."""
    from quartierboards.print.preflight import preflight

    site = load_content(args.content)
    if isinstance(site, int):
        return site
    checked = preflight(args.flyers, args.output, site, today=args.today)
    # Printed codes, bookmarks and subscribed calendars lead to every address ever published.
    checked.problems += [tr("%(ledger)s:%(line)s: /%(url)s was published but output/ has no %(file)s",
                            ledger=args.content / LEDGER_FILE, line=line, url=public, file=output_path(public))
                         for public, line in unresolved(args.content, args.output)]
    for problem in checked.problems:
        print(f"preflight: {problem}", file=sys.stderr)
    if checked.problems:
        count = len(checked.problems)
        print(trn("%(count)s problem in %(folder)s/", "%(count)s problems in %(folder)s/", count,
                  count=count, folder=args.flyers), file=sys.stderr)
        return 1
    print(tr("Preflight OK: %(files)s PDFs, %(pages)s pages in %(folder)s/", files=checked.files,
             pages=checked.pages, folder=args.flyers))
    return 0
