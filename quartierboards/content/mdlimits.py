"""Limits on Markdown bodies, checked when a file is loaded, before anything renders it.

Python-Markdown has quadratic paths, and its block parser recurses once per level of
nesting. Measured on it (``tests/content/test_mdlimits.py``): 5,000 ``[`` that are never
closed take 14 s; ``[`` ×20,000 ``x`` ``]`` ×20,000 takes a minute; 5,000 ``<http://``
take 6 s in its HTML parser; 250 tab-nested list items raise RecursionError. Real
texts are far from all of these, so each gets a limit, and a body beyond one is a
content error at its line (``check`` reports it too), not a build that stalls or crashes.
Its block parser is linear but slow per block (0.3 ms), and splits a run of heading lines
again for each heading: the number of blocks and of lines in a run are bounded too.

The bracket and angle budgets count the characters Python-Markdown scans: each ``[``
scans to its ``]`` (or, left open, to the end of its paragraph), each ``](`` to its
``)``, each ``<`` that may start a tag to the next ``>``. Within the budgets a page
renders in well under a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quartierboards.i18n.messages import N_, tr

MAX_BODY_CHARS = 30_000  # about 4,500 words (sample texts: at most 4 KB); renders in well under 1 s
MAX_NESTING = 20  # lists and quotes; Python-Markdown recurses about 4 frames per level
BRACKET_BUDGET = 150_000  # characters scanned for [ ] and ( ) per paragraph
ANGLE_BUDGET = 1_500_000  # characters scanned for < > in the whole body
# After each match, an inline pattern searches its paragraph again from the start: the
# work grows with markup characters × length of the text it searches (a paragraph, a list
# item, a table row, a heading), summed over the body.
INLINE_BUDGET = 25_000_000
# Each block (paragraph, heading, list item, table row, quote line) costs the block
# parser about 0.3 ms; and a block that is consumed line by line (headings, rules) is
# split again as a whole for each of its lines: lines² per run without a blank line.
MAX_BLOCKS = 1_500
LINES_BUDGET = 1_000_000
_MARKUP = "_*`\\&<["

_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
# Code spans hide their brackets from the link patterns; backslash escapes are literal.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.S)
_ESCAPED = re.compile(r"\\.", re.S)
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_BRACKETS = re.compile(r"[\[\]()]")
# Anchored on a line feed rather than ^ with re.M: the regex engine then jumps from one
# line feed to the next (the bodies are prefixed with one to match the first line too).
_CONTAINER_LINE = re.compile(r"\n[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]).*")
_BLOCK_LINE = re.compile(r"\n[ \t]*(?:[>#|]|[-*+=_][ \t]*(?=\n|$)|[-*+][ \t]|\d{1,9}[.)][ \t])")


@dataclass(frozen=True)
class BodyProblem:
    """Why a body is refused: where (0-based offset into the body), message and hint."""

    offset: int
    message: str
    hint: str = ""


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _nesting(line: str) -> int:
    """Levels of lists and quotes a line opens: its indentation (4 columns a level) and markers."""
    depth, pos = 0, 0
    while match := _CONTAINER.match(line, pos):
        depth += 1
        pos = match.end()
    if not depth:
        return 0
    indent = len(line) - len(line.lstrip(" \t"))
    return depth + len(line[:indent].expandtabs(4)) // 4


def _bracket_cost(paragraph: str) -> tuple[int, int]:
    """Characters the link patterns scan in *paragraph*, and where the most expensive opening is."""
    text = _ESCAPED.sub(_blank, _CODE_SPAN.sub(_blank, paragraph))
    end = len(text)
    cost, worst, worst_at = 0, -1, 0
    squares: list[int] = []
    rounds: list[int] = []
    for match in _BRACKETS.finditer(text):
        i, char = match.start(), match.group()
        if char == "[":
            squares.append(i)
        elif char == "]":
            if squares:
                cost += i - squares.pop()
        elif char == "(":
            if rounds or (i and text[i - 1] == "]"):
                rounds.append(i)
        elif rounds:
            cost += i - rounds.pop()
    for start in squares + rounds:  # never closed: scanned to the end of the paragraph
        cost += end - start
        if end - start > worst:
            worst, worst_at = end - start, start
    return cost, worst_at


def _angle_cost(text: str) -> tuple[int, int]:
    cost, worst_at, worst = 0, 0, -1
    for match in _TAG_START.finditer(text):
        close = text.find(">", match.start())
        scanned = (close if close >= 0 else len(text)) - match.start()
        cost += scanned
        if scanned > worst:
            worst, worst_at = scanned, match.start()
    return cost, worst_at


def _inline_work(paragraph: str) -> int:
    """Markup characters × length of each unit of *paragraph* that an inline pattern searches
    as a whole: a list item, a table row or a heading starts a unit of its own."""
    work, unit = 0, []
    for line in [*paragraph.split("\n"), "#"]:
        if unit and (_CONTAINER.match(line) or line.lstrip().startswith(("|", "#"))):
            work += _markup_work("\n".join(unit))
            unit.clear()
        unit.append(line)
    return work


def _blocks_problem(text: str) -> BodyProblem | None:
    """Too many blocks, or too many lines in runs without a blank line between them."""
    paragraphs = [0] + [m.end() for m in _PARAGRAPHS.finditer(text)]
    if len(paragraphs) + len(_BLOCK_LINE.findall("\n" + text)) > MAX_BLOCKS:
        return BodyProblem(0, tr(N_("too many paragraphs, headings, list items or table rows (at most %(limit)s)"),
                                 limit=MAX_BLOCKS),
                           tr(N_("Split the text or remove embedded data.")))
    work = 0
    for start, stop in zip(paragraphs, [*paragraphs[1:], len(text)], strict=True):
        work += text.count("\n", start, stop) ** 2
        if work > LINES_BUDGET:
            return BodyProblem(start, tr(N_("too many lines without a blank line between them")),
                               tr(N_("Separate paragraphs, headings, lists and tables with blank lines.")))
    return None


def _markup_work(text: str) -> int:
    return sum(map(text.count, _MARKUP)) * len(text)


def body_problem(text: str) -> BodyProblem | None:
    """The first limit *text* (a Markdown body) exceeds, or ``None``.

    Each budget is first compared with a cheap upper bound of what it measures: real
    texts stay far below them, and the build checks every body.
    """
    for match in _CONTAINER_LINE.finditer("\n" + text):
        if _nesting(match.group()[1:]) > MAX_NESTING:
            return BodyProblem(match.start(), tr(N_("lists or quotes nested more than %(depth)s levels deep"),
                                                 depth=MAX_NESTING))
    if len(text) > MAX_BODY_CHARS:
        return BodyProblem(0, tr(N_("text is too long (%(size)s characters, at most %(limit)s)"),
                                 size=len(text), limit=MAX_BODY_CHARS),
                           tr(N_("Split the text or remove embedded data.")))
    problem = _blocks_problem(text)
    if problem is not None:
        return problem
    bounded = _markup_work(text) <= INLINE_BUDGET  # a paragraph's units are parts of the whole
    start, inline, heaviest, heaviest_at = 0, 0, -1, 0
    for match in [*_PARAGRAPHS.finditer(text), None]:
        stop = match.start() if match else len(text)
        paragraph = text[start:stop]
        if not bounded:
            work = _inline_work(paragraph)
            inline += work
            if work > heaviest:
                heaviest, heaviest_at = work, start
        openings = paragraph.count("[") + paragraph.count("(")
        if openings and openings * len(paragraph) > BRACKET_BUDGET:
            cost, at = _bracket_cost(paragraph)
            if cost > BRACKET_BUDGET:
                return BodyProblem(start + at, tr(N_("too many square brackets left open or nested in one "
                                                     "paragraph")),
                                   tr(N_("Close each [ with ] and each ( after ] with ), or write \\[ for a "
                                         "bracket of its own.")))
        start = match.end() if match else stop
    if inline > INLINE_BUDGET:
        return BodyProblem(heaviest_at, tr(N_("too much markup (_ * ` [ < & \\) in long paragraphs")),
                           tr(N_("Split long paragraphs with blank lines, or use less markup.")))
    if text.count("<") * len(text) > ANGLE_BUDGET:
        cost, at = _angle_cost(text)
        if cost > ANGLE_BUDGET:
            return BodyProblem(at, tr(N_("too many '<' without a closing '>'")),
                               tr(N_("Write \\< for a '<' of its own.")))
    return None
