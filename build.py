#!/usr/bin/env python3
"""Thin entry: ``python build.py [options]`` is ``quartierboards build [options]``."""

import sys

from quartierboards.cli import run

if __name__ == "__main__":
    sys.exit(run(["build", *sys.argv[1:]]))
