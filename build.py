#!/usr/bin/env python3
"""Thin entry: ``python build.py [options]`` is ``quartierboards build [options]``."""

import sys

from quartierboards.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
