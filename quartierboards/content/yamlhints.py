"""What an editor should type instead, for the YAML mistakes editors actually make.

PyYAML reports where its parser got stuck, in a parser's words ("sequence entries are
not allowed here", "expected <block end>, but found '<scalar>'"), often one line below
the mistake. These functions look at the text around that place and say, in the
editor's language, which line is wrong and what to write instead. Each returns
``None`` when the case is not one it recognises; the caller then falls back to a
general message that still has no parser vocabulary in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from quartierboards.i18n.messages import N_, tr

NBSP = "\u00a0"
# A line's indentation: spaces and the non-breaking spaces a copy from a web page brings.
_INDENT = re.compile(r"^[ \u00a0]*", re.MULTILINE)


@dataclass(frozen=True)
class Hint:
    """A diagnosis: 1-based line and column (within the parsed text), message and hint."""

    line: int
    col: int
    message: str
    hint: str = ""


def nbsp_in_indentation(text: str) -> Hint | None:
    """The first line whose indentation holds a non-breaking space (U+00A0).

    YAML does not count it as a space, so it silently makes a new key (``"\\xa0 en"``)
    or breaks the structure a few lines further on; either way the editor cannot see it.
    """
    if NBSP not in text:  # the common case costs one scan
        return None
    for match in _INDENT.finditer(text):
        col = match.group().find(NBSP)
        if col >= 0:
            line = text.count("\n", 0, match.start()) + 1
            return Hint(line, col + 1, tr("a non-breaking space (U+00A0, often copied from a web page) in the "
                                          "indentation; replace it with normal spaces"),
                        tr("Delete the indentation of this line and type it again with the space bar."))
    return None


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _missing_colon(line_text: str, line: int) -> Hint | None:
    """``title Sprachcafé`` or ``- weekday di``: a key without its colon, and what to type."""
    indent = len(line_text) - len(line_text.lstrip(" "))
    body = line_text.strip()
    dash = ""
    if body.startswith("- "):
        dash, body = "- ", body[2:].lstrip()
    if not body or body.startswith("#") or ":" in body.split(" ", 1)[0]:
        return None
    key, _, rest = body.partition(" ")
    if not rest.strip() or not re.fullmatch(r"[\w-]+", key):  # one word alone: not a key for certain
        return None
    fixed = f"{dash}{key}: {rest.strip()}".rstrip()
    col = indent + len(dash) + len(key) + 1
    return Hint(line, col, tr("the colon after '%(key)s' is missing; write '%(fixed)s'", key=key, fixed=fixed),
                tr("Every field is written as key, colon, space, value."))


def _previous_line(lines: list[str], index: int) -> int | None:
    """Index of the nearest line above *index* that is neither empty nor a comment."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _colon_in_value(lines: list[str], index: int, col: int) -> Hint | None:
    """``mapping values are not allowed here``: a colon the parser did not expect at (*index*, *col*, 0-based).

    Either the line above lacks its colon (so this line continues its text), or the
    value on this line holds ``": "`` and needs quotes.
    """
    line_text = lines[index]
    key_match = re.match(r"^(\s*(?:- )?)([^\s:#][^:]*?):\s+(.*)$", line_text)
    if key_match and key_match.end(2) < col:  # "title: Treff: Kaffee"
        lead, key, value = key_match.groups()
        fixed = f'{lead.strip()} {key}: "{value.strip()}"'.strip()
        return Hint(index + 1, key_match.start(3) + 1,
                    tr("the text after '%(key)s:' contains ': '; put it in quotes: %(fixed)s", key=key, fixed=fixed))
    above = _previous_line(lines, index)
    if above is not None and ":" not in lines[above]:
        return _missing_colon(lines[above], above + 1)
    return None


def _dash_without_space(lines: list[str], index: int) -> Hint | None:
    """``-weekly: fri``: a list entry's dash without its space, on this line or the one above."""
    above = _previous_line(lines, index)
    for i in (index, above):
        if i is None:
            continue
        match = re.match(r"^(\s*)-([^\s-].*)$", lines[i])
        if match:
            fixed = f"- {match.group(2).strip()}"
            return Hint(i + 1, len(match.group(1)) + 2,
                        tr("a space is missing after the '-' of a list entry; write '%(fixed)s'", fixed=fixed))
    return None


def _list_after_key(lines: list[str], index: int, col: int) -> Hint:
    """``ru: - Привет``: a ``- `` entry on the line of its key, or a ``-`` where no list can start."""
    line_text = lines[index]
    match = re.match(r"^(\s*(?:- )?)([^\s:#][^:]*?):\s+(-.*)$", line_text)
    if match and match.start(3) <= col:
        lead, key, value = match.groups()
        quoted = f'{lead.strip()} {key}: "{value.strip()}"'.strip()
        return Hint(index + 1, col + 1,
                    tr("a list cannot start on the line of '%(key)s:'; for a text starting with '-' write "
                       "%(quoted)s, for a list put each '- ' entry on its own line below, indented",
                       key=key, quoted=quoted))
    return Hint(index + 1, col + 1, tr("a list entry ('- ') is not allowed here; check the indentation "
                                       "against the lines above"))


# Parser tokens, as PyYAML names them, in words an editor knows.
_TOKENS = {
    "<block end>": N_("the end of an indented block"),
    "<scalar>": N_("a text"),
    "<block mapping start>": N_("an indented field"),
    "<block sequence start>": N_("a list"),
    "<block entry>": N_("a list entry ('- ')"),
    "-": N_("a list entry ('- ')"),
    "<stream end>": N_("the end of the file"),
    "<document start>": N_("the start of the file"),
    "<key>": N_("a key"),
    "?": N_("a key"),
    "<value>": N_("a colon"),
    ":": N_("a colon"),
}


def token_words(token: str) -> str | None:
    """A parser token (``<block end>``, ``'<scalar>'``) in the editor's words, or ``None``."""
    msgid = _TOKENS.get(token.strip().strip("'\""))
    return tr(msgid) if msgid else None


def diagnose(exc: yaml.MarkedYAMLError, text: str) -> Hint | None:
    """The editor's mistake behind *exc* (raised for *text*), with the line it is on, or ``None``."""
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = _lines(text)
    if mark.line >= len(lines):
        return None
    if problem == "could not find expected ':'" and exc.context_mark is not None:
        # Reported where the parser gave up (the next line); the key is on the context line.
        context = exc.context_mark
        if context.line < len(lines):
            return _missing_colon(lines[context.line], context.line + 1)
    if problem == "mapping values are not allowed here":
        return _dash_without_space(lines, mark.line) or _colon_in_value(lines, mark.line, mark.column)
    if problem.startswith("expected ',' or ']'") and exc.context_mark is not None:
        # Reported where the parser noticed (often the next line); the list opened at the context mark.
        return Hint(exc.context_mark.line + 1, exc.context_mark.column + 1,
                    tr("the list opened with '[' is not closed; end it with ']' on the same line, "
                       "e.g. [mo, di, mi]"))
    if problem == "sequence entries are not allowed here" or problem.startswith("block sequence entries"):
        return _list_after_key(lines, mark.line, mark.column)
    if problem.startswith("expected <block end>"):
        return Hint(mark.line + 1, mark.column + 1,
                    tr("this line is indented differently from the lines above it"),
                    tr("Indent fields that belong together by the same number of spaces."))
    return None
