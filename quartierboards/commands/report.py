"""Printing content errors the same way for every verb."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from quartierboards.content.structure import Site
from quartierboards.errors import ContentError, ContentErrors
from quartierboards.i18n.messages import tr, trn


def closing_count(count: int, files: int) -> str:
    """``3 errors in 2 files`` (``3 Fehler in 2 Dateien``) in the editor's language."""
    where = trn("%(files)s file", "%(files)s files", files, files=files)
    return trn("%(count)s error in %(where)s", "%(count)s errors in %(where)s", count, count=count, where=where)


def report_warnings(warnings: list[ContentError]) -> None:
    """Print lint warnings (``path:line:col: warning: message``) and their count to stderr."""
    if not warnings:
        return
    marker = tr("warning:")
    for item in warnings:
        where, _, rest = item.format().partition(": ")
        print(f"{where}: {marker} {rest}", file=sys.stderr)
    files = len({w.location.path for w in warnings})
    where = trn("%(files)s file", "%(files)s files", files, files=files)
    print(trn("%(count)s warning in %(where)s", "%(count)s warnings in %(where)s", len(warnings),
              count=len(warnings), where=where), file=sys.stderr)


def as_errors(warnings: list[ContentError]) -> ContentErrors:
    """Warnings turned into errors, for ``--strict``."""
    return ContentErrors(replace(w, severity="error") for w in warnings)


def report_errors(exc: ContentErrors) -> int:
    """Print all errors and a closing count to stderr; return exit status 1."""
    for error in exc.errors:
        print(error.format(), file=sys.stderr)
    files = len({e.location.path for e in exc.errors})
    print(closing_count(len(exc.errors), files), file=sys.stderr)
    return 1


def load_content(folder: Path) -> Site | int:
    """The validated site in *folder*, or the exit status after saying why not (2 no folder, 1 errors)."""
    from quartierboards.content.loader import load_site

    if not folder.is_dir():
        print("quartierboards: " + tr("content folder '%(folder)s' not found", folder=folder), file=sys.stderr)
        return 2
    try:
        return load_site(folder)
    except ContentErrors as exc:
        return report_errors(exc)
