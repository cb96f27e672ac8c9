"""``quartierboards build``: the whole pipeline, writing output/ and flyers/ atomically."""

from __future__ import annotations

import argparse
import sys
import time

from quartierboards.commands.report import report_errors
from quartierboards.errors import ContentErrors
from quartierboards.pipeline import BuildOptions, build
from quartierboards.progress import Progress
from quartierboards.write.atomic import BuildLocked

# How long a build waits for another build writing into the same folder.
LOCK_WAIT_SECONDS = 600.0


def _waiting(path, holder: str) -> None:
    who = f" (process {holder})" if holder else ""
    print(f"Another build{who} is writing into {path.parent}/; waiting for it to finish …",
          file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Build; exit 1 on content errors with ``output/`` untouched."""
    options = BuildOptions(content=args.content, output=args.output, flyers=args.flyers,
                           today=args.today, templates=args.templates, jobs=args.jobs,
                           print_products=args.print_products,
                           lock_wait=LOCK_WAIT_SECONDS, on_lock_wait=_waiting, progress=Progress())
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
    except BuildLocked as exc:
        who = f" (process {exc.holder})" if exc.holder else ""
        print(f"quartierboards: another build{who} is still writing into {exc.path.parent}/ "
              f"after {LOCK_WAIT_SECONDS:.0f} s; nothing was written. Try again when it has finished "
              f"(lock file: {exc.path}).", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    pages = sum(1 for p in result.files if p.endswith(".html"))
    fresh = len(result.rendered)
    pdfs = sum(1 for p in result.print_files if p.endswith(".pdf"))
    print(f"Built {pages} pages ({fresh} files rendered, {len(result.files) - fresh} unchanged) into {options.output}/"
          + (f" and {pdfs} PDFs ({len(result.print_rendered)} rendered) into {options.flyers}/"
             if options.print_products else "")
          + f" for {result.today.isoformat()} in {seconds:.1f} s")
    if getattr(args, "timings", False):
        print(options.progress.table())
    return 0
