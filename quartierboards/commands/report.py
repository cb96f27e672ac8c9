"""Printing content errors the same way for every verb."""

from __future__ import annotations

import sys

from quartierboards.errors import ContentErrors


def report_errors(exc: ContentErrors) -> int:
    """Print all errors and a closing count to stderr; return exit status 1."""
    for error in exc.errors:
        print(error.format(), file=sys.stderr)
    files = len({e.location.path for e in exc.errors})
    count = len(exc.errors)
    print(f"{count} error{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}",
          file=sys.stderr)
    return 1
