"""The bad-input corpus (tests/bad_content/): every editor mistake ends in exit 1 with a located
message, and output/ and flyers/ stay byte-identical."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from qb_support import BASE, ROOT, build_args, cli, copy_base, tree

CORPUS = ROOT / "tests" / "bad_content"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def test_corpus_is_big_enough():
    assert len(CASES) >= 40


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory) -> Path:
    """The base tree built once: the output/ that a broken build must leave alone."""
    dest = tmp_path_factory.mktemp("previous")
    run = cli(*build_args(BASE, dest))
    assert run.code == 0, run.err
    flyers = dest / "flyers"
    (flyers / "de").mkdir(parents=True)
    (flyers / "de" / "nord-flyer.pdf").write_bytes(b"%PDF-1.7 previous flyer\n")
    return dest


def apply_case(name: str, dest: Path) -> tuple[Path, dict]:
    """Base tree + the case's files + its setup steps; returns the content folder and the spec."""
    case = CORPUS / name
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    content = copy_base(dest)
    overlay = case / "content"
    if overlay.is_dir():
        shutil.copytree(overlay, content, dirs_exist_ok=True)
    outside = dest / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("name: secret\n", encoding="utf-8")
    for step in spec.get("setup") or []:
        if "remove" in step:
            (content / step["remove"]).unlink()
        elif "bom" in step:
            path = content / step["bom"]
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        elif "encode" in step:
            path = content / step["encode"]
            path.write_bytes(path.read_text(encoding="utf-8").encode(step["encoding"]))
        elif "grow" in step:
            path = content / step["grow"]
            data = path.read_bytes()
            path.write_bytes(data + b"x" * (step["bytes"] - len(data)))
        elif "symlink" in step:
            link = content / step["symlink"]
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.path.relpath(dest / step["to"], link.parent), link)
        else:  # pragma: no cover - a typo in a case.yaml
            raise ValueError(f"{name}: unknown setup step {step}")
    return content, spec


def assert_errors(run, spec: dict, name: str) -> None:
    assert run.code == spec["exit"], f"{name}: exit {run.code}\n{run.err}"
    assert "Traceback" not in run.err
    found = [(m["path"], int(m["line"]), int(m["col"]), m["message"]) for m in run.error_lines()]
    expected = spec["errors"]
    assert len(found) == len(expected), f"{name}: expected {len(expected)} error(s), got\n{run.err}"
    for want in expected:
        hits = [f for f in found if f[0] == want["file"] and want["message"] in f[3]]
        assert hits, f"{name}: no error '{want['message']}' in {want['file']}:\n{run.err}"
        assert (hits[0][1], hits[0][2]) == (want["line"], want["col"]), \
            f"{name}: '{want['message']}' at line {hits[0][1]} col {hits[0][2]}, expected {want['line']}:{want['col']}"
    if expected:
        count = len(expected)
        assert f"{count} error{'s' if count > 1 else ''} in" in run.err, "closing count"


@pytest.mark.parametrize("name", CASES)
def test_bad_content(name, tmp_path, previous_build):
    shutil.copytree(previous_build / "output", tmp_path / "output")
    shutil.copytree(previous_build / "flyers", tmp_path / "flyers")
    before = {"output": tree(tmp_path / "output"), "flyers": tree(tmp_path / "flyers")}
    content, spec = apply_case(name, tmp_path)

    checked = cli("check", "--content", content)
    assert_errors(checked, spec, name)

    built = cli(*build_args(content, tmp_path))
    assert_errors(built, spec, name)
    assert built.error_lines() == [] or [m.group(0) for m in built.error_lines()] == \
        [m.group(0) for m in checked.error_lines()], "check and build report the same"

    if spec["exit"] != 0:
        assert "Nothing was written" in built.err
        assert tree(tmp_path / "output") == before["output"]
        assert tree(tmp_path / "flyers") == before["flyers"]
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith((".output", ".flyers"))]
        assert not leftovers, "no staging folders left behind"
    else:
        # Accepted input that means the same as the base tree (a BOM) builds the same site.
        assert "Built" in built.out
        assert tree(tmp_path / "output") == before["output"]
