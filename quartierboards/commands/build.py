"""``quartierboards build``: the whole pipeline, writing output/ and flyers/ atomically."""

from __future__ import annotations

import argparse
import sys
import time

from quartierboards.commands.report import Reporter, report_errors
from quartierboards.errors import ContentErrors
from quartierboards.i18n.messages import tr, trn
from quartierboards.keep import KEPT
from quartierboards.pipeline import BuildOptions, BuildResult, build
from quartierboards.progress import Progress
from quartierboards.write.atomic import BuildLocked

# How long a build waits for another build writing into the same folder.
LOCK_WAIT_SECONDS = 600.0


def _waiting(path, holder: str) -> None:
    message = (tr("Another build (process %(pid)s) is writing into %(folder)s/; waiting for it to finish …",
                  pid=holder, folder=path.parent) if holder else
               tr("Another build is writing into %(folder)s/; waiting for it to finish …", folder=path.parent))
    print(message, file=sys.stderr, flush=True)


def report_kept(result: BuildResult) -> None:
    """Say what stays published in place of the files kept back (their errors are reported before)."""
    kept = result.kept
    assert kept is not None
    content = kept.root.name
    kept_files = [f"{content}/{rel}" for rel, how in sorted(kept.files.items()) if how == KEPT]
    left_out = [f"{content}/{rel}" for rel, how in sorted(kept.files.items()) if how != KEPT]
    if kept_files:
        print(trn("%(count)s file kept back; the last good version stays published: %(files)s",
                  "%(count)s files kept back; the last good version stays published: %(files)s",
                  len(kept_files), count=len(kept_files), files=", ".join(kept_files)), file=sys.stderr)
    if left_out:
        print(trn("%(count)s file left out (no published version yet): %(files)s",
                  "%(count)s files left out (no published version yet): %(files)s",
                  len(left_out), count=len(left_out), files=", ".join(left_out)), file=sys.stderr)
    stale = kept.stale_pages(set(result.files))
    if stale:
        print(tr("Published pages now older than their source: %(pages)s", pages=_pages(stale)), file=sys.stderr)
    if kept.kept_pages:
        print(tr("Kept from the previous build: %(pages)s", pages=_pages(kept.kept_pages)), file=sys.stderr)
    if kept.missing_pages:
        print(tr("Missing now (no previous build to keep them from): %(pages)s",
                 pages=_pages(kept.missing_pages)), file=sys.stderr)


def _pages(paths: list[str], shown: int = 12) -> str:
    # As the site's addresses (/de/a/x/), the first few: the rest is "…".
    public = sorted({"/" + p.removesuffix("index.html") for p in paths})
    return ", ".join(public[:shown]) + (", …" if len(public) > shown else "")


def run(args: argparse.Namespace) -> int:
    """Build; exit 1 on content errors with ``output/`` untouched, 3 when broken files were kept back."""
    options = BuildOptions(content=args.content, output=args.output, flyers=args.flyers,
                           today=args.today, templates=args.templates, jobs=args.jobs,
                           print_products=args.print_products, strict=args.strict,
                           lock_wait=LOCK_WAIT_SECONDS, on_lock_wait=_waiting, progress=Progress())
    if not options.content.is_dir():
        print("quartierboards: " + tr("content folder '%(folder)s' not found", folder=options.content),
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    reporter = Reporter.from_args(args)
    try:
        result = build(options)
    except ContentErrors as exc:
        code = report_errors(exc, reporter)
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
    # The errors of files kept back and the warnings (as text, GitHub annotations or GitLab's
    # report; an empty GitLab report when there are none: the CI job's artifact exists).
    reporter.report(ContentErrors(result.kept.errors) if result.kept is not None and result.kept.errors else None,
                    result.warnings)
    if result.up_to_date:
        print(f"Nothing changed since the last build; {options.output}/ is up to date ({seconds:.2f} s)",
              file=reporter.summary)
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
                 **values), file=reporter.summary)
    else:
        print(tr("Built %(pages)s pages (%(rendered)s files rendered, %(unchanged)s unchanged) into %(output)s/ "
                 "for %(today)s in %(seconds)s s", **values), file=reporter.summary)
    if getattr(args, "timings", False):
        print(options.progress.table())
    if result.kept is not None:
        report_kept(result)
        return 3
    return 0
