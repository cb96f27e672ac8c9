"""Allow ``python -m quartierboards``."""

from quartierboards.cli import run

raise SystemExit(run())
