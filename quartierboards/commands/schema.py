"""``quartierboards schema``: write the JSON Schemas for editors into ``schemas/``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quartierboards.content.schema import schema_files
from quartierboards.i18n.messages import tr


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``schema`` verb."""
    p = sub.add_parser("schema", help="write JSON Schemas of the content files (for VS Code)")
    p.add_argument("--out", type=Path, default=Path("schemas"), help="folder (default: schemas)")
    p.add_argument("--check", action="store_true", help="only check that the folder is up to date")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the schemas, or with ``--check`` exit 1 when they are stale."""
    stale = []
    for name, data in schema_files().items():
        path = args.out / name
        if path.is_file() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if args.check and stale:
        print(tr("out of date: %(files)s (run: quartierboards schema)", files=", ".join(map(str, stale))),
              file=sys.stderr)
        return 1
    values = {"count": len(schema_files()), "folder": args.out}
    print(tr("%(count)s schemas in %(folder)s/ are up to date", **values) if args.check
          else tr("%(count)s schemas in %(folder)s/", **values))
    return 0
