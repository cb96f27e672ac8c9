"""Keep going, keep the last good: one broken content file does not stop the others.

After every build that was written, the source bytes of every content file that went
into it are kept in the build cache (``.cache/<output>.lastgood/``, see
:func:`save_last_good`). When the content has errors, :func:`fall_back` attributes
each error to its file and loads a copy of the content tree (``.cache/<output>.keep-*/``)
in which each broken file is replaced by its last good copy, or left out when it has
none (a new file, a fresh CI runner). That tree is validated again: an error the
replacement causes elsewhere (an offer naming a place that was left out) is attributed
to its own file in the next round, until the tree loads.

Only files below ``quarters/`` can be kept back: without ``site.yaml`` (or with errors
about the content tree itself) nothing sensible can be published, and the errors stop
the build as before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from quartierboards.content.ledger import output_path
from quartierboards.errors import ContentError, ContentErrors
from quartierboards.write.staging import cache_dir

T = TypeVar("T")

# A replaced file can make another one fail (its place left out), which is then replaced
# in turn; each round settles at least one more file, and real content settles in two or three.
MAX_ROUNDS = 8
KEPT, LEFT_OUT = "kept", "left out"


@dataclass
class KeptBack:
    """What a build published in place of the broken files, and why."""

    errors: list[ContentError]  # every content error found, in all rounds
    root: Path  # the content tree actually loaded (broken files replaced or left out)
    files: dict[str, str] = field(default_factory=dict)  # content path (``quarters/…``) → KEPT or LEFT_OUT
    kept_pages: list[str] = field(default_factory=list)  # ledger pages taken over from the previous output
    missing_pages: list[str] = field(default_factory=list)  # ledger pages nothing could keep

    def cleanup(self) -> None:
        """Remove the replaced content tree (once nothing reads it any more)."""
        shutil.rmtree(self.root.parent, ignore_errors=True)

    def stale_pages(self, published: set[str]) -> list[str]:
        """The published pages (of *published*, output paths) built from a kept-back file.

        An offer file (or its translation) makes the offer's pages; any other file of a
        quarter (its settings, places, news, about texts) shows on all of its pages.
        """
        folders: set[tuple[str, ...]] = set()
        for rel, how in self.files.items():
            if how != KEPT:
                continue
            parts = rel.split("/")
            if len(parts) == 4 and parts[2] == "offers":
                folders.add((parts[1], parts[3].split(".", 1)[0]))
            else:
                folders.add((parts[1],))
        return sorted(p for p in published if p.endswith(".html")
                      and any(tuple(p.split("/")[1:1 + len(f)]) == f for f in folders))


    def ledger_pages(self, ledger: dict[str, int], made: set[str], read: Callable[[str], bytes]) -> dict[str, bytes]:
        """The previous build's files (read by *read*) for the *ledger* URLs not among the output paths *made*.

        They belong to files that were left out: their pages stay as last published.
        Recorded in :attr:`kept_pages`; those the previous build does not have (a fresh
        CI runner) in :attr:`missing_pages`.
        """
        pages: dict[str, bytes] = {}
        for public in sorted(ledger):
            path = output_path(public)
            if path in made:
                continue
            try:
                pages[path] = read(path)
                self.kept_pages.append(path)
            except (OSError, KeyError):
                self.missing_pages.append(path)
        return pages


def last_good_dir(output: Path) -> Path:
    """Where the sources of the last written build of *output* are kept."""
    return cache_dir(output) / f"{Path(output).name}.lastgood"


def content_path(error: ContentError) -> str:
    """The file of *error* relative to the content folder (``quarters/a/offers/x.md``)."""
    return error.location.path.split("/", 1)[1] if "/" in error.location.path else ""


def _keepable(rel: str, content: Path) -> bool:
    # A quarter's folder or a regular file in it (or one that is gone). Anything else
    # stops the build: site.yaml, and what is wrong with the tree itself (a named pipe,
    # a link out of content/), which no last good copy can stand in for.
    parts = rel.split("/")
    if len(parts) < 2 or parts[0] != "quarters" or ".." in parts or not all(parts):
        return False
    path = content / rel
    if path.is_symlink():
        return False
    return path.is_file() or (path.is_dir() and len(parts) == 2) or not os.path.lexists(path)


def fall_back(exc: ContentErrors, content: Path, output: Path, load: Callable[[Path], T]) -> tuple[T, KeptBack]:
    """Load *content* with its broken files replaced by their last good copies (or left out).

    *load* loads a content folder (raising ``ContentErrors``). Raises ``ContentErrors``
    with every error found when an error cannot be kept back (``site.yaml``) or the
    content does not settle.
    """
    errors = list(exc.errors)
    if any(not _keepable(content_path(e), Path(content)) for e in errors):
        raise exc
    work = Path(tempfile.mkdtemp(prefix=f"{Path(output).name}.keep-", dir=_ensure(cache_dir(output))))
    kept = KeptBack(errors=errors, root=work / Path(content).name)
    good = last_good_dir(output)
    try:
        _link_tree(Path(content), kept.root)
        new = errors
        for _ in range(MAX_ROUNDS):
            if any(not _keepable(content_path(e), Path(content)) for e in new):
                break
            for rel in sorted({content_path(e) for e in new}):
                _settle(rel, kept, good)
            try:
                site = load(kept.root)
            except ContentErrors as again:
                new = [e for e in again.errors if e not in set(kept.errors)]
                # An error about a file this function took out ("quarter.yaml is missing")
                # settles the next round but is not the editor's to fix: not reported.
                shown = [e for e in again.errors if kept.files.get(content_path(e)) != LEFT_OUT]
                kept.errors = sorted(set(kept.errors) | set(shown))
                if not new:  # the same errors again: the replacement did not help
                    new = again.errors
                continue
            return site, kept
    except BaseException:
        kept.cleanup()
        raise
    kept.cleanup()
    raise ContentErrors(kept.errors)


def _settle(rel: str, kept: KeptBack, good: Path) -> None:
    """Replace the broken *rel* in the tree by its last good copy, or leave it out."""
    target = kept.root / rel
    parts = rel.split("/")
    if kept.files.get(rel) == LEFT_OUT or (kept.files.get(rel) == KEPT and parts[-1] == "quarter.yaml"):
        rel, target = "/".join(parts[:2]), kept.root.joinpath(*parts[:2])  # still failing: the whole quarter goes
        kept.files = {k: v for k, v in kept.files.items() if not k.startswith(rel + "/")}
        _remove(target)
        kept.files[rel] = LEFT_OUT
        return
    _remove(target)
    source = good / rel
    if kept.files.get(rel) is None and source.is_file() and len(parts) > 2:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        kept.files[rel] = KEPT
    else:  # new, or its last good copy fails too (e.g. names a place that is gone)
        kept.files[rel] = LEFT_OUT


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _link_tree(source: Path, target: Path) -> None:
    """Copy the tree *source* to *target* as hard links (only names are made; no file is written)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:  # another file system
            shutil.copy2(src, dst)

    shutil.copytree(source, target, symlinks=True, copy_function=link)


def save_last_good(content: Path, output: Path, kept: KeptBack | None = None) -> None:
    """Keep the sources of the build of *content* just written as the last good ones.

    The files *kept* back keep their last good copy as it is (it is what was published).
    Copies (never links: an editor may change a file in place) only the files whose
    size or time differ from their kept copy, and removes kept copies that went away.
    Each tree is read once with ``os.scandir`` (one ``stat`` per file): this runs after
    every build, and at 5,000 offers a ``stat`` of each source and each copy through
    ``pathlib`` took half a second of every edit.
    """
    good = last_good_dir(output)
    held = tuple(f"{rel}/" for rel in (kept.files if kept else ()))

    def skipped(rel: str) -> bool:
        return f"{rel}/".startswith(held) if held else False

    copies = {rel: (st.st_size, st.st_mtime_ns) for rel, st in _files_below(good, hidden=True)}
    seen: set[str] = set()
    for rel, st in _files_below(content, hidden=False):
        if skipped(rel):
            continue
        seen.add(rel)
        if copies.get(rel) == (st.st_size, st.st_mtime_ns):
            continue
        copy = good / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(content / rel, copy)
    for rel in copies.keys() - seen:
        if not skipped(rel):
            (good / rel).unlink()


def _files_below(root: Path, *, hidden: bool) -> Iterator[tuple[str, os.stat_result]]:
    """Every file below *root* as ``(relative POSIX path, its stat)``, as ``os.walk`` finds them
    (symbolic links to folders not followed); names starting with a dot left out unless *hidden*."""
    folders = [("", str(root))]
    while folders:
        rel, folder = folders.pop()
        try:
            entries = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if not hidden and entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    if not entry.is_symlink():
                        folders.append((f"{rel}{entry.name}/", entry.path))
                    continue
                yield f"{rel}{entry.name}", entry.stat()
