"""``quartierboards serve``: live preview on localhost.

Builds into a store on disk (``preview_store.py``: the process holds a digest per
file, not its bytes), serves from it, watches ``content/`` and the templates with
watchfiles, rebuilds on change and reloads the browser. A content error is shown
at the top of every page (file, line, message) and in the terminal. A broken file
below ``quarters/`` is kept back as the build does it (``quartierboards/keep.py``):
the rest is served up to date, the broken file as it last rendered without errors
(or left out), and the panel lists what is kept back. Errors nothing can be kept
back for (``site.yaml``, templates) leave the last good build served underneath.

The web flyers that the boards link are rendered after the pages, in print workers
beside the preview: an edit shows at once, its flyers a moment later (the page
reloads again). A flyer whose text does not fit is reported like a content error.
"""

from __future__ import annotations

import argparse
import errno
import html
import mimetypes
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quartierboards.commands.preview_http import PreviewServer, QuietHandler, host_allowed
from quartierboards.commands.preview_store import BlobStore, StoredFiles, retire
from quartierboards.content.files import escaped_name
from quartierboards.content.parsecache import ParseCache
from quartierboards.errors import ContentErrors
from quartierboards.heap import long_lived
from quartierboards.i18n.messages import tr, trn
from quartierboards.keep import KEPT, save_last_good
from quartierboards.markers import REUSED
from quartierboards.pipeline import BuildOptions, render, today_from_settings
from quartierboards.render.env import default_templates_dir
from quartierboards.render.keymemo import KeyMemo
from quartierboards.render.site import Group

if TYPE_CHECKING:
    from quartierboards.content.structure import Site
    from quartierboards.keep import KeptBack
    from quartierboards.print.products import PrintRun
    from quartierboards.render.pages import SitePlan

RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch('/__quartierboards/state', {cache: 'no-store'}).then(function (r) { return r.text(); })
      .then(function (id) { if (seen !== null && id !== seen) { location.reload(); } seen = id; })
      .catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""
# Served as a file: the pages' Content-Security-Policy forbids inline styles.
PANEL_CSS = b"""#qb-errors { background: #fde9e9; color: #7a1010; border: 3px solid #7a1010; padding: 1rem;
  margin: 0; font: 16px/1.4 system-ui, sans-serif; }
#qb-errors ul { margin: .5rem 0 0; padding-inline-start: 1.2rem; }
#qb-errors pre { white-space: pre-wrap; margin: .25rem 0; }
"""


@dataclass
class PreviewState:
    """What the preview server currently serves."""

    # What is served, read like dicts of bytes: the bytes are on disk (preview_store.py).
    files: Mapping[str, bytes] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    generation: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    keys: dict[str, str] = field(default_factory=dict)  # of the files served now: what is not stale
    parsed: ParseCache = field(default_factory=ParseCache)  # content parsed by the earlier rebuilds
    groups: dict[str, Group] = field(default_factory=dict)  # the quarters' files, of the files served now
    # The quarters' keys by the digest of their files, of the files served now: a quarter
    # whose files did not change is not even loaded again (render/keymemo.py).
    memo: dict[str, dict] = field(default_factory=dict)
    # The web flyers served beside the pages (published path → bytes), from the last print run.
    copies: Mapping[str, bytes] = field(default_factory=dict)
    copy_keys: dict[str, str] = field(default_factory=dict)  # their keys: unchanged copies are not made again
    print_errors: list[str] = field(default_factory=list)  # of the last print run
    pdfs: Mapping[str, bytes] = field(default_factory=dict)  # every file of flyers/ from the last print run
    pdf_keys: dict[str, str] = field(default_factory=dict)  # their keys: unchanged PDFs are not rendered again
    pdfs_rendered: list[str] = field(default_factory=list)  # the PDFs the last print run rendered (not taken over)
    # The newest good build whose PDFs are not rendered yet (its site, plan and key memo), and the print run.
    wanted: tuple[Site, SitePlan, KeyMemo] | None = None
    printing: tuple[PrintRun, threading.Thread] | None = None
    warm: bool = False  # this process imported WeasyPrint and the patterns for the workers it forks
    closing: bool = False  # the preview ends: a print run stopped now has nothing to report
    # The files kept back in the pages served now (``path (how)``), and where the preview
    # keeps the sources of its last good pages: a broken file shows as it last rendered.
    kept: list[str] = field(default_factory=list)
    drafts: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="qb-preview-")) / "preview")
    store: BlobStore | None = None  # the served files' bytes, beside the drafts (made on first use)

    def _blobs(self) -> BlobStore:
        if self.store is None:
            self.store = BlobStore(self.drafts.parent / "files")
        return self.store

    def _stored(self, current: Mapping[str, bytes], new: Mapping[str, object],
                sunk: dict[str, str]) -> StoredFiles:
        """*new* (a build's files: bytes, Reused or streamed to *sunk*) as stored files; Reused ones as in *current*."""
        store = self._blobs()
        digests: dict[str, str] = {}
        for path, data in new.items():
            if data is REUSED:
                digests[path] = (current.digest(path) if isinstance(current, StoredFiles)
                                 else store.put(current[path]))
            elif isinstance(data, bytes):
                digests[path] = store.put(data)
            else:  # Written: streamed by the renderer as it came
                digests[path] = sunk[path]
        return StoredFiles(store, digests)

    def rebuild(self, options: BuildOptions) -> None:
        """Build the pages again, rendering only what changed; keep the last good files when the content is broken.

        With ``options.print_products``, the PDFs of this build are wanted next (:meth:`print_if_due`).
        """
        started = time.perf_counter()
        today = options.today or today_from_settings(options.content)  # a session may pass midnight
        memo = KeyMemo(None, today.isoformat(), options.templates_dir, self.memo)
        sunk: dict[str, str] = {}

        def sink(path: str, data: bytes) -> None:  # pages go to disk as they come: memory stays flat
            sunk[path] = self._blobs().put(data)

        try:
            # The search index is made at the start only (see BuildOptions.fresh_search).
            result = render(replace(options, today=today, print_products=False, output=self.drafts,
                                    fresh_search=not self.keys), previous=self.keys,
                            sink=sink, cache=self.parsed, previous_groups=self.groups, memo=memo,
                            read_previous=self._served)
        except ContentErrors as exc:
            with self.lock:
                self.errors = [e.format() for e in exc.errors]
                self.generation += 1
            print("\n".join(self.errors), file=sys.stderr)
            print(trn("%(count)s error; still serving the last good build",
                      "%(count)s errors; still serving the last good build", len(self.errors), count=len(self.errors)),
                  file=sys.stderr)
            return
        # Unchanged files are Reused markers: they keep the bytes served now.
        files = self._stored(self.files, result.files, sunk)
        if result.site is not None:
            memo.save(result.site)
            save_last_good(options.content, self.drafts, result.kept)
            if options.print_products and result.plan is not None:
                self.wanted = (result.site, result.plan, memo)
        with self.lock:
            self.files = files
            self.keys = result.keys
            self.groups = result.groups
            self.memo = memo.records
            self.errors = [e.format() for e in result.kept.errors] if result.kept else []
            self.kept = kept_lines(result.kept)
            self.generation += 1
        retire(self._blobs(), files, self.pdfs, self.copies)
        if self.kept:
            print("\n".join(self.errors + [tr("Kept back (the rest is up to date):")] + self.kept), file=sys.stderr)
        print(tr("rebuilt in %(seconds)s s", seconds=f"{time.perf_counter() - started:.1f}"), file=sys.stderr)

    def start(self, options: BuildOptions) -> None:
        """The first build: its pages, then (with ``options.print_products``) its PDFs, started."""
        self.rebuild(options)
        self.print_if_due(options)

    def print_if_due(self, options: BuildOptions) -> None:
        """Start rendering the PDFs of the newest build, unless a print run is still going on.

        The workers are forked here, in the thread that builds (never from the one
        that waits for them). Runs follow each other: each starts from the PDFs of the last.
        """
        if self.wanted is None or self._printing_now():
            return
        from quartierboards.print.products import start_print_products
        from quartierboards.print.workers import warm_up

        (site, plan, memo), self.wanted = self.wanted, None
        if not self.warm:  # before the first workers fork: those of every edit start warm
            warm_up(site)
            self.warm = True
        try:
            # Frozen, the heap (the site, every page served) is not walked by the workers' collections.
            with long_lived():
                run = start_print_products(site, plan, options.templates_dir, jobs=options.jobs,
                                           previous=self.pdf_keys, keys=memo.keys(site), background=True,
                                           content=options.content)
        except ContentErrors as exc:  # a QR code target that is not allowed
            self._print_failed(exc)
            return
        # The flyers' keys are made now (the pages do not need them): into the memo, or
        # the next edit would load every quarter again to make them.
        memo.save(site)
        with self.lock:
            self.memo = memo.records
        waiter = threading.Thread(target=self._collect, args=(run, site), daemon=True)
        self.printing = (run, waiter)
        waiter.start()

    def wait_for_print(self, options: BuildOptions) -> None:
        """Render the PDFs of the newest build and wait for them (tests, benchmarks)."""
        while self.wanted is not None or self._printing_now():
            if self.printing is not None:
                self.printing[1].join()
            self.print_if_due(options)

    def _printing_now(self) -> bool:
        """Whether a print run is still going on (its waiting thread is alive)."""
        return self.printing is not None and self.printing[1].is_alive()

    def stop_printing(self) -> None:
        """Stop the print workers (when the preview ends)."""
        self.closing = True
        if self.printing is not None:
            self.printing[0].close()
            self.printing[1].join()

    def close(self) -> None:
        """End the preview: stop its print workers and delete its files (a whole staged site)."""
        self.stop_printing()
        shutil.rmtree(self.drafts.parent, ignore_errors=True)

    def _collect(self, run: PrintRun, site: Site) -> None:
        """Wait for *run* (in a thread of its own), then serve its web flyers."""
        from quartierboards.print.products import web_copies

        started = time.perf_counter()
        try:
            printed = run.finish(order_pdf=False)  # the preview serves no print shop files
        except ContentErrors as exc:
            self._print_failed(exc)
            return
        except Exception as exc:  # noqa: BLE001 - a worker that died (BrokenProcessPool), a bug
            if not self.closing:  # said, not swallowed: the editor would wait for flyers that never come
                self._print_broken(f"{type(exc).__name__}: {exc}")
            return
        except BaseException:  # noqa: BLE001 - interrupted (Ctrl+C): the preview ends
            return
        pdfs = self._stored(self.pdfs, printed.files, {})
        # Only the copies of PDFs made again are copied (and put two on a sheet) again: at
        # 100 quarters, making all 1,400 again took 3 s of every edit's wait for its flyers.
        copies, copy_keys = web_copies(printed, site, pdfs.__getitem__, self.copy_keys)
        served = self._stored(self.copies, copies, {})
        with self.lock:
            self.pdfs, self.pdf_keys, self.pdfs_rendered = pdfs, printed.keys, printed.rendered
            self.copies, self.copy_keys = served, copy_keys
            self.print_errors = []
            self.generation += 1
        if printed.rendered:
            print(trn("%(count)s PDF rendered in %(seconds)s s", "%(count)s PDFs rendered in %(seconds)s s",
                      len(printed.rendered), count=len(printed.rendered),
                      seconds=f"{time.perf_counter() - started:.1f}"), file=sys.stderr)

    def _print_failed(self, exc: ContentErrors) -> None:
        """Show why the PDFs could not be made; the last good flyers stay served."""
        self._print_broken(*(e.format() for e in exc.errors))

    def _print_broken(self, *problems: str) -> None:
        """Show *problems* of the last print run (the page's panel and the terminal); the last good flyers stay
        served, and the next edit's run renders what this one did not."""
        with self.lock:
            self.print_errors = list(problems)
            self.generation += 1
        print("\n".join(self.print_errors), file=sys.stderr)

    def served_files(self) -> dict[str, bytes]:
        """Everything served now: the pages and the web flyers (read from disk: for tests and benchmarks)."""
        with self.lock:
            files, copies = self.files, self.copies
        return {**files, **copies}

    def _served(self, rel: str) -> bytes:
        """A file as served now (a quarter calendar made again takes unchanged offers' events from theirs)."""
        try:
            return self.files[rel]
        except KeyError:
            raise FileNotFoundError(rel) from None


def kept_lines(kept: KeptBack | None) -> list[str]:
    """One line per file kept back: its path and whether its last good version is shown or it is left out."""
    if kept is None:
        return []
    name = kept.root.name
    return [f"{name}/{rel}: " + (tr("last good version shown") if how == KEPT else tr("left out (never published)"))
            for rel, how in sorted(kept.files.items())]


def error_panel(errors: Sequence[str], print_errors: Sequence[str] = (), kept: Sequence[str] = ()) -> bytes:
    """HTML block listing content errors, the files kept back and problems of the flyers, shown above the page."""
    parts = []
    # With files kept back the page below is this build's, a broken file in its last good version.
    errors_heading = tr("Content errors:") if kept else tr("Content errors (below: the last good build):")
    for heading, lines in ((errors_heading, errors),
                           (tr("Kept back (the rest is up to date):"), kept),
                           (tr("Problems with the flyers (linked below: the last good ones):"), print_errors)):
        if lines:
            items = "".join(f'<li><pre dir="auto">{html.escape(e)}</pre></li>' for e in lines)
            parts.append(f"<strong>{html.escape(heading)}</strong><ul>{items}</ul>")
    # In the language of the terminal, not of the page: on an Arabic or Persian page an
    # English or German panel must not run right to left (nor an Arabic one left to right).
    return b'<div role="alert" id="qb-errors" dir="auto">' + "".join(parts).encode() + b"</div>"


def make_handler(state: PreviewState) -> type[BaseHTTPRequestHandler]:
    """Request handler class bound to *state*."""

    class Handler(QuietHandler):

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            if not host_allowed(self.headers.get("Host"), self.server.server_address[1],
                                getattr(self.server, "names", ())):
                self.send_body(421, b"This preview answers only requests for its own address.\n", "text/plain")
                return
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == "/__quartierboards/state":
                self.send_body(200, str(state.generation).encode(), "text/plain")
                return
            if path == "/__quartierboards/panel.css":
                self.send_body(200, PANEL_CSS, "text/css")
                return
            if path == "/__quartierboards/reload.js":
                self.send_body(200, RELOAD_JS, "text/javascript")
                return
            key = path.lstrip("/")
            with state.lock:
                files, copies, errors, print_errors = state.files, state.copies, state.errors, state.print_errors
                kept = state.kept
            if key == "" or key.endswith("/"):
                key += "index.html"
            if key not in files and f"{key}/index.html" in files:
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            body = files.get(key, copies.get(key))
            if body is None:
                page = b"<!doctype html><title>404</title><h1>404</h1>"
                panel = error_panel(errors, print_errors, kept) if errors or print_errors else b""
                self.send_body(404, panel + page, "text/html; charset=utf-8")
                return
            ctype = mimetypes.guess_type(key)[0] or "application/octet-stream"
            if key.endswith(".html"):
                ctype = "text/html; charset=utf-8"
                script = (b'<script src="/__quartierboards/reload.js"></script>'
                          b'<link rel="stylesheet" href="/__quartierboards/panel.css">')
                body = body.replace(b"</head>", script + b"</head>", 1)
                if errors or print_errors:
                    panel = error_panel(errors, print_errors, kept)
                    body = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + panel, body, count=1)
            elif key.endswith(".ics"):
                ctype = "text/calendar; charset=utf-8"
            self.send_body(200, body, ctype)

    return Handler


def register(sub: argparse._SubParsersAction, content_options) -> None:
    """Add the ``serve`` verb."""
    p = sub.add_parser("serve", help="live preview on http://127.0.0.1:8000/")
    content_options(p)
    p.add_argument("--templates", type=Path, help="folder with templates that replace built-in ones")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", "--bind", dest="host", default="127.0.0.1",
                   help="address to listen on (default: localhost only)")
    p.add_argument("--no-print", action="store_true", help="skip the flyers (PDFs)")
    p.set_defaults(func=run)


def follow(state: PreviewState, options: BuildOptions, watched: Sequence[str], watch: Callable[..., Any]) -> None:
    """Rebuild on every change below *watched* (``watchfiles.watch``) until interrupted.

    watchfiles gives up when it cannot name a changed file (a name that is not UTF-8):
    the preview then builds, which reports that file, and watches again.
    """
    while True:
        try:
            # Every half second without changes, a print run that is due starts.
            for changes in watch(*watched, debounce=300, step=100, rust_timeout=500, yield_on_timeout=True):
                if changes:
                    state.rebuild(options)
                state.print_if_due(options)
            return
        except RuntimeError as exc:  # watchfiles' WatchfilesRustInternalError
            print("quartierboards: " + tr("watching the files failed (%(error)s); watching again",
                                          error=escaped_name(str(exc))), file=sys.stderr)
            state.rebuild(options)
            time.sleep(0.5)  # a watcher that fails at once again must not spin


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from watchfiles import watch  # here: 40 ms of import, for this verb only

    options = BuildOptions(content=args.content, today=args.today, templates=args.templates,
                           print_products=not args.no_print)
    state = PreviewState()
    try:  # before the first build, which can take a while: a busy port is known at once
        server = PreviewServer((args.host, args.port), make_handler(state), names=[args.host])
    except OSError as exc:
        reason = (tr("port %(port)s is in use (another preview?); try --port %(other)s", port=args.port,
                     other=args.port + 1) if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc))
        print("quartierboards: " + tr("cannot listen on %(address)s: %(reason)s",
                                      address=f"{args.host}:{args.port}", reason=reason), file=sys.stderr)
        state.close()
        return 2
    state.start(options)
    print(tr("Preview: %(url)s  (Ctrl+C to stop)", url=f"http://{args.host}:{server.server_port}/"),
          file=sys.stderr)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watched = [str(args.content), str(default_templates_dir())] + ([str(args.templates)] if args.templates else [])
    try:
        follow(state, options, watched, watch)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        state.close()
    return 0
