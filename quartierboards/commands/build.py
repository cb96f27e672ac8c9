"""``quartierboards build``: the whole pipeline, writing output/ and flyers/ atomically."""

from __future__ import annotations

import argparse
import sys
import time

from quartierboards.commands.report import report_errors, report_warnings
from quartierboards.errors import ContentErrors
from quartierboards.i18n.messages import tr
from quartierboards.pipeline import BuildOptions, build
from quartierboards.progress import Progress
from quartierboards.write.atomic import BuildLocked

# How long a build waits for another build writing into the same folder.
LOCK_WAIT_SECONDS = 600.0


def _waiting(path, holder: str) -> None:
    message = (tr("Another build (process %(pid)s) is writing into %(folder)s/; waiting for it to finish …",
                  pid=holder, folder=path.parent) if holder else
               tr("Another build is writing into %(folder)s/; waiting for it to finish …", folder=path.parent))
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Build; exit 1 on content errors with ``output/`` untouched."""
    options = BuildOptions(content=args.content, output=args.output, flyers=args.flyers,
                           today=args.today, templates=args.templates, jobs=args.jobs,
                           print_products=args.print_products, strict=args.strict,
                           lock_wait=LOCK_WAIT_SECONDS, on_lock_wait=_waiting, progress=Progress())
    if not options.content.is_dir():
        print("quartierboards: " + tr("content folder '%(folder)s' not found", folder=options.content),
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        result = build(options)
    except ContentErrors as exc:
        code = report_errors(exc)
        print(tr("Nothing was written; output/ and flyers/ are unchanged."), file=sys.stderr)
        return code
    except BuildLocked as exc:
        values = {"pid": exc.holder, "folder": exc.path.parent, "seconds": f"{LOCK_WAIT_SECONDS:.0f}",
                  "lock": exc.path}
        message = (tr("another build (process %(pid)s) is still writing into %(folder)s/ after %(seconds)s s; "
                      "nothing was written. Try again when it has finished (lock file: %(lock)s).", **values)
                   if exc.holder else
                   tr("another build is still writing into %(folder)s/ after %(seconds)s s; nothing was "
                      "written. Try again when it has finished (lock file: %(lock)s).", **values))
        print("quartierboards: " + message, file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    report_warnings(result.warnings)
    if result.up_to_date:
        print(f"Nothing changed since the last build; {options.output}/ is up to date ({seconds:.2f} s)")
        return 0
    pages = sum(1 for p in result.files if p.endswith(".html"))
    fresh = len(result.rendered)
    pdfs = sum(1 for p in result.print_files if p.endswith(".pdf"))
    values = {"pages": pages, "rendered": fresh, "unchanged": len(result.files) - fresh,
              "output": options.output, "pdfs": pdfs, "pdfs_rendered": len(result.print_rendered),
              "flyers": options.flyers, "today": result.today.isoformat(), "seconds": f"{seconds:.1f}"}
    if options.print_products:
        print(tr("Built %(pages)s pages (%(rendered)s files rendered, %(unchanged)s unchanged) into %(output)s/ "
                 "and %(pdfs)s PDFs (%(pdfs_rendered)s rendered) into %(flyers)s/ for %(today)s in %(seconds)s s",
                 **values))
    else:
        print(tr("Built %(pages)s pages (%(rendered)s files rendered, %(unchanged)s unchanged) into %(output)s/ "
                 "for %(today)s in %(seconds)s s", **values))
    if getattr(args, "timings", False):
        print(options.progress.table())
    return 0
