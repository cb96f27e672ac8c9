"""Command line: ``quartierboards <verb>``; each verb lives in ``quartierboards/commands/``.

Exit status: 0 success, 1 content errors (nothing published), 2 usage errors and what
the machine refuses (disk full, read-only folders, a port in use), 3 ``build`` published
with errors kept back (each broken file's last good version stays published; not with
``--strict``), 130 after Ctrl+C, 143 after ``SIGTERM``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from quartierboards import __version__
from quartierboards.commands import build as build_cmd
from quartierboards.commands import check as check_cmd
from quartierboards.commands import cms as cms_cmd
from quartierboards.commands import doctor as doctor_cmd
from quartierboards.commands import import_hsds as import_hsds_cmd
from quartierboards.commands import new as new_cmd
from quartierboards.commands import preflight as preflight_cmd
from quartierboards.commands import schema as schema_cmd
from quartierboards.commands import serve as serve_cmd
from quartierboards.commands import translations as translations_cmd
from quartierboards.commands.report import add_report_options
from quartierboards.i18n.messages import EDITOR_LANGUAGES, choose_editor_language, tr
from quartierboards.lifetime import exit_status, signals_handled, stop_children


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("invalid date '%(value)s', expected YYYY-MM-DD", value=value)) from None


def _content_options(parser: argparse.ArgumentParser, *, inherit: bool = False) -> None:
    # *inherit*: on a sub-verb (translations export), keep what was given before it; argparse
    # would otherwise set the sub-verb's defaults over "translations --content city export".
    parser.add_argument("--content", type=Path, default=argparse.SUPPRESS if inherit else Path("content"),
                        help="content folder (default: content)")
    parser.add_argument("--today", type=_date, default=argparse.SUPPRESS if inherit else None,
                        help="build as if today were YYYY-MM-DD (default: today)")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with all verbs."""
    parser = argparse.ArgumentParser(prog="quartierboards",
                                     description="Neighbourhood boards from YAML and Markdown.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="build the site into output/ and print products into flyers/")
    _content_options(p)
    p.add_argument("--output", type=Path, default=Path("output"), help="site folder (default: output)")
    p.add_argument("--flyers", type=Path, default=Path("flyers"),
                   help="print products folder (default: flyers)")
    p.add_argument("--templates", type=Path, help="folder with templates that replace built-in ones")
    p.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    p.add_argument("--no-print", dest="print_products", action="store_false", help="skip PDFs")
    p.add_argument("--timings", action="store_true", help="print a table of the time each stage took")
    add_report_options(p)
    p.add_argument("--strict", dest="strict", action="store_true",
                   help="all or nothing: publish nothing when a content file has errors or warnings (exit 1)")
    p.set_defaults(func=build_cmd.run)

    p = sub.add_parser("check", help="validate the content (and that every flyer and sticker fits) "
                                     "without writing anything")
    _content_options(p)
    p.add_argument("--no-print", dest="print_products", action="store_false",
                   help="skip laying out the flyers and stickers")
    p.add_argument("--stale", action="store_true",
                   help="also list the offers and places not checked for longer than site.yaml's "
                        "freshness.checked_months, per quarter and organizer")
    add_report_options(p)
    p.add_argument("--strict", dest="strict", action="store_true", help="treat warnings as errors (exit 1)")
    p.set_defaults(func=check_cmd.run)

    translations_cmd.register(sub, _content_options)
    schema_cmd.register(sub)
    cms_cmd.register(sub)
    new_cmd.register(sub)
    serve_cmd.register(sub, _content_options)
    preflight_cmd.register(sub)
    doctor_cmd.register(sub)
    import_hsds_cmd.register(sub)
    lang_help = "language of messages: de or en (default: the locale, else the site's default language)"
    parser.add_argument("--lang", dest="message_lang", choices=EDITOR_LANGUAGES, help=lang_help)
    for name, verb in sub.choices.items():  # anywhere on the line: "quartierboards check --lang de" too
        if name != "translations":  # whose "export --lang" is the language to translate into
            verb.add_argument("--lang", dest="message_lang", choices=EDITOR_LANGUAGES, default=argparse.SUPPRESS,
                              help=lang_help)
    return parser


def _site_language(args: argparse.Namespace) -> str | None:
    """The default language in the content's ``site.yaml``, when the verb has content and it can be read."""
    from quartierboards.content.sitelang import site_default_language

    content = getattr(args, "content", None)
    return site_default_language(content) if isinstance(content, Path) else None


def os_error_message(exc: OSError) -> str:
    """One line saying what the operating system refused, and where (the name escaped)."""
    from quartierboards.content.files import escaped_name

    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = tr("the disk is full")
    elif exc.errno in (errno.EROFS, errno.EPERM, errno.EACCES):
        reason = tr("not allowed to write (read-only or protected folder)")
    path = exc.filename if isinstance(exc.filename, str) else os.fsdecode(exc.filename or b"")
    return tr("%(reason)s: %(path)s", reason=reason, path=escaped_name(path)) if path else reason


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line *argv* (default: ``sys.argv``) and return the exit status; see :func:`run`."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    choose_editor_language(args.message_lang, _site_language(args))
    try:
        with signals_handled():  # SIGTERM unwinds like Ctrl+C: workers stopped, trees untouched
            return int(args.func(args) or 0)
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0
    except OSError as exc:  # disk full, read-only or immutable folders, no permission: the machine, not the content
        print("quartierboards: " + os_error_message(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt as interrupt:  # Ctrl+C (130) or SIGTERM (143)
        stop_children()  # a pool interrupted while it started is not stopped by its owner
        print(tr("interrupted; output/ and flyers/ are unchanged"), file=sys.stderr)
        return exit_status(interrupt)
    finally:
        choose_editor_language()  # the next command in this process (tests, build.py) chooses again


def run(argv: Sequence[str] | None = None) -> int:
    """Console-script entry (and ``python -m quartierboards``, ``build.py``): :func:`main`, then exit quickly.

    Freezing the heap before the interpreter shuts down keeps its last garbage
    collections from walking everything the command loaded: 0.2–0.3 s of a one-offer
    edit at 100 × 50 quarters, 0.03 s left (``docs/performance.md``). Exit handlers
    still run and output is still flushed; the operating system frees the memory.
    Tests call :func:`main`, which leaves their process as it was.
    """
    code = main(argv)
    gc.freeze()
    return code
