"""Arbitrary bytes and arbitrary YAML in a content file end in exit 0 or 1 with clean messages, never a traceback."""

from __future__ import annotations

import atexit
import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qb_support import BASE, ERROR_LINE

from quartierboards.cli import main
from quartierboards.pipeline import BuildOptions, render

PROPS = settings(max_examples=100, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# One tree for all examples (hypothesis runs a test many times in one fixture scope).
_TREE = Path(tempfile.mkdtemp(prefix="qb-fuzz-")) / "content"
atexit.register(shutil.rmtree, _TREE.parent, True)
shutil.copytree(BASE, _TREE)
OFFER = _TREE / "quarters/nord/offers/cafe.md"
PLACE = _TREE / "quarters/nord/places/treff.yaml"
ORIGINAL = {p: p.read_bytes() for p in (OFFER, PLACE, _TREE / "site.yaml")}


def check_with(path: Path, data: bytes) -> tuple[int, str]:
    """``quartierboards check`` with *path* replaced by *data*; any exception fails the test."""
    path.write_bytes(data)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["check", "--content", str(_TREE), "--no-print"])  # parsing, not layout
    finally:
        path.write_bytes(ORIGINAL[path])
    text = err.getvalue()
    assert code in (0, 1), text
    assert "Traceback" not in text
    if code == 1:
        lines = [line for line in text.splitlines() if line and not line.startswith("    ")]
        assert lines[-1].endswith(("file", "files")), "closing count"
        for line in lines[:-1]:
            match = ERROR_LINE.match(line)
            assert match, f"not a path:line:col message: {line!r}"
            assert match["path"].startswith("content/")
    return code, text


@PROPS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_offer(data):
    check_with(OFFER, data)


@PROPS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_front_matter_start(data):
    check_with(OFFER, b"---\n" + data + b"\n---\nText\n")


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                         st.text(max_size=30), st.dates(), st.sampled_from(
                             ["fri", "di", "first wed", "16:00-18:00", "25:00-26:00", "treff", "sued/halle",
                              "everyone", "meeting", "keep", "2026-12-05", "https://example.org/", "javascript:x"]))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from(
                                   ["title", "de", "en", "weekly", "time", "from", "until", "every", "except",
                                    "monthly", "date", "dates", "place", "name", "street"])), children, max_size=4)),
    max_leaves=12)
OFFER_KEYS = ["title", "summary", "audience", "category", "place", "cost", "registration", "contact",
              "holidays", "schedule"]


@PROPS
@given(st.dictionaries(st.one_of(st.sampled_from(OFFER_KEYS), st.text(max_size=8)), yaml_values, max_size=10))
def test_arbitrary_yaml_front_matter(front):
    text = yaml.safe_dump(front, allow_unicode=True)
    check_with(OFFER, ("---\n" + text + "---\nText\n").encode("utf-8"))


@st.composite
def mutated_offers(draw):
    """The valid offer with one field replaced by arbitrary YAML (often still valid)."""
    base = {"title": "Café", "summary": "Kaffee.", "audience": "everyone", "category": "meeting",
            "place": "treff", "schedule": [{"weekly": "fri", "time": "15:00-17:00"}]}
    key = draw(st.sampled_from(OFFER_KEYS + ["schedule.0"]))
    if key == "schedule.0":
        entry = {"time": "15:00-17:00"}
        entry.update(draw(st.dictionaries(st.sampled_from(
            ["weekly", "monthly", "date", "dates", "every", "from", "until", "except", "rrule", "place"]),
            yaml_values, min_size=1, max_size=4)))
        base["schedule"] = [entry]
    else:
        base[key] = draw(yaml_values)
    return base


@PROPS
@given(mutated_offers())
def test_mutated_offer_builds_or_fails_cleanly(front):
    data = ("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\nText\n").encode("utf-8")
    code, _ = check_with(OFFER, data)
    if code == 0:
        # Accepted content must also render (in memory) without crashing.
        OFFER.write_bytes(data)
        try:
            render(BuildOptions(content=_TREE, print_products=False, jobs=1,
                                today=__import__("datetime").date(2026, 11, 30)))
        finally:
            OFFER.write_bytes(ORIGINAL[OFFER])


@PROPS
@given(st.dictionaries(st.sampled_from(["name", "address", "geo", "opening_hours", "wheelchair", "phone",
                                        "email", "website", "opens", "description", "x"]), yaml_values,
                       max_size=6))
def test_arbitrary_yaml_place(fields):
    check_with(PLACE, yaml.safe_dump(fields, allow_unicode=True).encode("utf-8"))
