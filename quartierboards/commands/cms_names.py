"""Main file names for the browser editor on a git host.

Decap CMS saves a translated entry as one file per language and names the default
language's file ``<offer>.<default>.md`` too; it reads a file named ``<offer>.md`` as an
entry without its default language. Our loader takes both names (``content.names``), so a
site edited through a git host renames its offers' and news' main files once; their pages,
URLs and translations stay the same. The local backend (``cms --serve``) maps the names
itself and needs no renaming.
"""

from __future__ import annotations

import os
from pathlib import Path

from quartierboards.content.names import main_names

ITEM_FOLDERS = ("offers", "news")


def plain_main_files(content: Path) -> list[Path]:
    """The main files of offers and news named ``<slug>.md`` (not ``<slug>.<default>.md``), sorted."""
    found = []
    for quarter in sorted((content / "quarters").iterdir() if (content / "quarters").is_dir() else []):
        for kind in ITEM_FOLDERS:
            found += [path for path in sorted((quarter / kind).glob("*.md"))
                      if path.name.count(".") == 1 and not path.name.startswith(".")]
    return found


def rename_for_git_host(content: Path, default: str) -> list[tuple[Path, Path]]:
    """Rename every ``<slug>.md`` of :func:`plain_main_files` to ``<slug>.<default>.md``.

    A name already taken is left alone (``check`` reports the two main files). Returns the
    renames done, as (old, new).
    """
    done = []
    for path in plain_main_files(content):
        new = path.with_name(main_names(path.name[:-3], default)[1])
        if new.exists():
            continue
        os.rename(path, new)
        done.append((path, new))
    return done
