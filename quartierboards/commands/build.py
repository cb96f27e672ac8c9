"""``quartierboards build``: the whole pipeline, writing output/ and flyers/ atomically."""

from __future__ import annotations

import argparse
import sys
import time

from quartierboards.commands.report import report_errors
from quartierboards.errors import ContentErrors
from quartierboards.pipeline import BuildOptions, build


def run(args: argparse.Namespace) -> int:
    """Build; exit 1 on content errors with ``output/`` untouched."""
    options = BuildOptions(content=args.content, output=args.output, flyers=args.flyers,
                           today=args.today, templates=args.templates, jobs=args.jobs,
                           print_products=args.print_products)
    if not options.content.is_dir():
        print(f"quartierboards: content folder '{options.content}' not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        result = build(options)
    except ContentErrors as exc:
        code = report_errors(exc)
        print("Nothing was written; output/ and flyers/ are unchanged.", file=sys.stderr)
        return code
    seconds = time.perf_counter() - started
    pages = sum(1 for p in result.files if p.endswith(".html"))
    fresh = len(result.rendered)
    pdfs = sum(1 for p in result.print_files if p.endswith(".pdf"))
    print(f"Built {pages} pages ({fresh} files rendered, {len(result.files) - fresh} unchanged) into {options.output}/"
          + (f" and {pdfs} PDFs into {options.flyers}/" if options.print_products else "")
          + f" for {result.today.isoformat()} in {seconds:.1f} s")
    return 0
