"""``quartierboards cms``: write the generated Decap CMS ``config.yml`` into ``<output>/admin/``.

Only the config so far (issue #26): the vendored editor bundle and the local backend are missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from quartierboards.commands.cms_config import build_config


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cms`` verb."""
    p = sub.add_parser("cms", help="write the browser editor's config.yml into <output>/admin/")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    p.add_argument("--output", type=Path, default=Path("output"), help="output folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write ``admin/config.yml``; exit 1 when site.yaml cannot be read."""
    try:
        # safe_load: content is untrusted; `quartierboards check` gives the detailed messages
        site = yaml.safe_load((args.content / "site.yaml").read_text(encoding="utf-8")) or {}
        languages = [str(code) for code in site["languages"]]
        default = str(site.get("default_language", "de"))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"{args.content / 'site.yaml'}: {exc}", file=sys.stderr)
        return 1
    quarters = sorted(p.parent.name for p in (args.content / "quarters").glob("*/quarter.yaml"))
    target = args.output / "admin" / "config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    # JSON is YAML: sorted keys keep the file byte-identical between runs
    config = build_config(quarters, languages, default)
    target.write_text(json.dumps(config, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                      encoding="utf-8")
    return 0
