"""``content/published.txt``: every public URL the site has ever published.

Printed flyers and stickers, bookmarks, shared links and subscribed calendars keep
pointing at a URL long after the content changed. The build records each URL it
publishes here, and the content repository keeps the file under version control, so
a later build can tell when a URL would disappear (see :mod:`quartierboards.render.redirects`).
One URL path per line, relative to the site's base URL, sorted; ``#`` starts a comment.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

LEDGER_FILE = "published.txt"

_HEADER = """\
# Published URLs of this site, kept by `quartierboards build`: one path per line,
# relative to base_url. Commit this file with the content. A URL listed here must keep
# leading somewhere: rename with `aliases:`, delete with `removed_offers:` or
# `removed_quarters:` (see docs/redaktion.md, "Seiten umbenennen oder löschen").
"""


def ledger_path(content: Path) -> Path:
    """Where the ledger of *content* lives."""
    return content / LEDGER_FILE


def read_ledger(content: Path) -> dict[str, int]:
    """The recorded URL paths with their line numbers; empty when there is no ledger yet."""
    try:
        text = ledger_path(content).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    entries: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        path = line.split("#", 1)[0].strip()
        if path:
            entries.setdefault(path.lstrip("/"), number)
    return entries


def output_path(public: str) -> str:
    """The output file of a ledger entry (``de/nordstadt/`` → ``de/nordstadt/index.html``)."""
    return public + "index.html" if public == "" or public.endswith("/") else public


def unresolved(content: Path, output: Path) -> list[tuple[str, int]]:
    """Ledger entries (with their line) that have no file in *output*: published addresses that now fail."""
    return [(public, line) for public, line in sorted(read_ledger(content).items(), key=lambda item: item[1])
            if not (output / output_path(public)).is_file()]


def update_ledger(content: Path, published: Iterable[str]) -> bool:
    """Add *published* URL paths to the ledger; write it (atomically) only when it grows.

    Returns whether the file was written. URLs are never removed: a URL that stopped
    being published stays, and keeps being answered by a redirect or a notice page.
    """
    known = read_ledger(content)
    new = set(published) - set(known)
    if not new and ledger_path(content).exists():
        return False
    lines = sorted(set(known) | new)
    data = _HEADER + "".join(f"/{path}\n" for path in lines)
    target = ledger_path(content)
    fd, tmp = tempfile.mkstemp(prefix=".published.", dir=content)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
