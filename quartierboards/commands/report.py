"""Printing content errors the same way for every verb: as text, or for a CI system.

``--format text`` (default) prints ``path:line:col: message`` lines to stderr.
``--format github`` prints GitHub Actions workflow commands (``::error file=…::…``),
which GitHub shows as annotations on the changed lines. ``--format gitlab`` writes a
GitLab Code Quality report (a JSON array), which GitLab shows in the merge request.
The machine-readable output goes to stdout, or to ``--report FILE``; the GitLab report
is written on success too (``[]``), so that the CI job always has its artifact.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quartierboards.content.structure import Site
from quartierboards.errors import ContentError, ContentErrors
from quartierboards.i18n.messages import tr, trn

FORMATS = ("text", "github", "gitlab")


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``--report`` on a verb that reports content errors."""
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="how content errors are reported: text (default), github (workflow commands "
                             "for annotations), gitlab (Code Quality JSON)")
    parser.add_argument("--report", type=Path, metavar="FILE",
                        help="write the github or gitlab report to FILE instead of stdout")


def closing_count(count: int, files: int) -> str:
    """``3 errors in 2 files`` (``3 Fehler in 2 Dateien``) in the editor's language."""
    where = trn("%(files)s file", "%(files)s files", files, files=files)
    return trn("%(count)s error in %(where)s", "%(count)s errors in %(where)s", count, count=count, where=where)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def report_warnings(warnings: Sequence[ContentError]) -> None:
    """Print lint warnings (``path:line:col: warning: message``) and their count to stderr."""
    if not warnings:
        return
    marker = tr("warning:")
    for item in warnings:
        where, _, rest = item.format().partition(": ")
        print(f"{where}: {marker} {rest}", file=sys.stderr)
    files = len({w.location.path for w in warnings})
    where = trn("%(files)s file", "%(files)s files", files, files=files)
    print(trn("%(count)s warning in %(where)s", "%(count)s warnings in %(where)s", len(warnings),
              count=len(warnings), where=where), file=sys.stderr)


def as_errors(warnings: Sequence[ContentError]) -> ContentErrors:
    """Warnings turned into errors, for ``--strict``."""
    return ContentErrors(replace(w, severity="error") for w in warnings)


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(items: Sequence[ContentError]) -> list[str]:
    """One GitHub Actions workflow command per error or warning, escaped as GitHub requires."""
    lines = []
    for item in items:
        command = "warning" if item.severity == "warning" else "error"
        text = item.message + (f"\n{item.hint}" if item.hint else "")
        where = item.location
        props = ",".join(f"{name}={_github_property(str(value))}" for name, value in
                         (("file", where.path), ("line", where.line), ("col", where.col), ("title", "quartierboards")))
        lines.append(f"::{command} {props}::{_github_data(text)}")
    return lines


def gitlab_report(items: Sequence[ContentError]) -> str:
    """A GitLab Code Quality report: a JSON array of issues.

    The fingerprint hashes the file, the severity and the message (not the line, so that
    an issue keeps its identity when lines above it change), numbered when one file has
    the same message twice.
    """
    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for item in items:
        key = (item.location.path, item.severity, item.message)
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()
        issues.append({
            "description": item.message + (f" ({item.hint})" if item.hint else ""),
            "check_name": f"quartierboards-{item.severity}",
            "fingerprint": fingerprint,
            "severity": "minor" if item.severity == "warning" else "major",
            "location": {"path": item.location.path, "lines": {"begin": item.location.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Reporter:
    """Reports a verb's content errors (and warnings) in the chosen ``--format``."""

    format: str = "text"
    report_file: Path | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Reporter:
        """The reporter the command line asked for (text when the verb has no ``--format``)."""
        return cls(getattr(args, "format", "text") or "text", getattr(args, "report", None))

    @property
    def summary(self):  # noqa: ANN201 - a text stream
        """Where the verb prints its closing line: stderr when stdout carries the JSON report."""
        return sys.stderr if self.format == "gitlab" and self.report_file is None else sys.stdout

    def _emit(self, text: str) -> None:
        if self.report_file is not None:
            self.report_file.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
            sys.stdout.flush()

    def report(self, exc: ContentErrors | None, warnings: Sequence[ContentError] = ()) -> int:
        """Report *exc*'s errors and *warnings*; return 1 when there are errors, else 0.

        Call it on success too (``exc`` None): the gitlab format then writes an empty report.
        """
        errors = list(exc.errors) if exc is not None else []
        items = sorted([*errors, *warnings])
        if self.format == "github":
            if items:
                self._emit("".join(line + "\n" for line in github_lines(items)))
        else:
            for item in sorted(errors):
                print(item.format(), file=sys.stderr)
            if self.format == "gitlab":
                self._emit(gitlab_report(items))
        failed = [e for e in errors if e.severity != "warning"]
        if failed:
            print(closing_count(len(failed), len({e.location.path for e in failed})), file=sys.stderr)
        if self.format != "github":
            report_warnings(sorted(warnings))  # after the errors, marked, with their own count
        return 1 if failed else 0


def report_errors(exc: ContentErrors, reporter: Reporter | None = None) -> int:
    """Print all errors and a closing count (to stderr as text); return exit status 1."""
    return (reporter or Reporter()).report(exc)


def load_content(folder: Path, reporter: Reporter | None = None) -> Site | int:
    """The validated site in *folder*, or the exit status after saying why not (2 no folder, 1 errors)."""
    from quartierboards.content.loader import load_site

    if not folder.is_dir():
        print("quartierboards: " + tr("content folder '%(folder)s' not found", folder=folder), file=sys.stderr)
        return 2
    try:
        return load_site(folder)
    except ContentErrors as exc:
        return report_errors(exc, reporter)
