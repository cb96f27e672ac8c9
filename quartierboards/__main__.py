"""Allow ``python -m quartierboards``."""

from quartierboards.cli import main

raise SystemExit(main())
