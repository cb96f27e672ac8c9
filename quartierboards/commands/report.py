"""Printing content errors the same way for every verb."""

from __future__ import annotations

import sys
from pathlib import Path

from quartierboards.content.structure import Site
from quartierboards.errors import ContentErrors
from quartierboards.i18n.messages import tr, trn


def closing_count(count: int, files: int) -> str:
    """``3 errors in 2 files`` (``3 Fehler in 2 Dateien``) in the editor's language."""
    where = trn("%(files)s file", "%(files)s files", files, files=files)
    return trn("%(count)s error in %(where)s", "%(count)s errors in %(where)s", count, count=count, where=where)


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
