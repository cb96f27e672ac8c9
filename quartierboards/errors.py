"""Located content errors: every problem an editor can cause ends as ``path:line:col: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A position in a content file; line and column are 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, pointing at the offending YAML node."""

    location: Location
    message: str
    hint: str = ""
    severity: str = "error"  # "warning" for lints: shown, but only --strict fails on them

    def format(self) -> str:
        """Render as ``path:line:col: message`` plus an indented hint line.

        Control characters from the content (a key ``"\\r"``) are shown escaped, so
        every error stays on one line.
        """
        text = f"{self.location}: {_one_line(self.message)}"
        if self.hint:
            text += f"\n    {self.hint}"
        return text


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class ContentErrors(Exception):
    """Raised at the end of a stage when the content has problems; carries all of them."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(e.format() for e in self.errors))


@dataclass
class ErrorCollector:
    """Collects errors across a whole run so the editor sees all of them at once."""

    errors: list[ContentError] = field(default_factory=list)

    def add(self, location: Location, message: str, hint: str = "") -> None:
        """Record one error."""
        self.errors.append(ContentError(location, message, hint))

    def extend(self, errors: Iterable[ContentError]) -> None:
        """Record several errors."""
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        """Raise :class:`ContentErrors` when anything was collected."""
        if self.errors:
            raise ContentErrors(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return the closest choice to *word*, or ``""`` when none is close."""
    matches = difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def relpath(path: Path, root: Path) -> str:
    """Path as editors see it: relative to the directory that holds ``content/``."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()
