"""Fail unless the running environment holds exactly the versions of a lock file.

Usage: python scripts/verify_lock.py requirements/test.txt

Every package the lock names must be installed at the locked version, and nothing
else may be installed but the project itself and the installer (pip, setuptools).
A difference means the suite would test something other than what users install.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.version import Version

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_ALLOWED_EXTRA = {"quartierboards", "pip", "setuptools", "wheel"}


def normalise(name: str) -> str:
    """The PEP 503 form of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, str]:
    """Map each locked distribution to its pinned version."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[normalise(match.group(1))] = match.group(2)
    return pins


def installed() -> dict[str, str]:
    """Map each installed distribution of this interpreter to its version."""
    return {normalise(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}


def differences(locked: dict[str, str], present: dict[str, str]) -> list[str]:
    """Human-readable lines for every way `present` differs from `locked`."""
    problems = []
    for name, version in sorted(locked.items()):
        have = present.get(name)
        if have is None:
            problems.append(f"{name}: locked {version}, not installed")
        elif Version(have) != Version(version):
            problems.append(f"{name}: locked {version}, installed {have}")
    for name in sorted(set(present) - set(locked) - _ALLOWED_EXTRA):
        problems.append(f"{name}: installed {present[name]}, not in the lock")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    lock = Path(argv[1])
    problems = differences(read_lock(lock), installed())
    if problems:
        print(f"The environment differs from {lock}:", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        print("Run `rm -rf .venv && make test` to install the locked set.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
