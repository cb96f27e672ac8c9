"""The command line: exit statuses 0 / 1 / 2, check, and a clear message when another build holds the lock."""

from __future__ import annotations

import subprocess
import sys

import pytest
from qb_support import BASE, build_args, cli, copy_base, tree

from quartierboards.commands import build as build_cmd
from quartierboards.write.atomic import build_lock


def test_check_ok():
    run = cli("check", "--content", BASE)
    assert run.code == 0
    assert run.out.startswith("OK: 2 quarters, 2 places, 1 offer\n")


def test_check_reports_all_errors_with_count(tmp_path):
    content = copy_base(tmp_path)
    (content / "quarters/nord/offers/cafe.md").write_text(
        (content / "quarters/nord/offers/cafe.md").read_text().replace("weekly: fri", "weekly: fry"))
    (content / "quarters/nord/places/treff.yaml").write_text(
        (content / "quarters/nord/places/treff.yaml").read_text().replace("wheelchair: yes", "wheelchair: ja"))
    run = cli("check", "--content", content)
    assert run.code == 1
    assert [m["path"] for m in run.error_lines()] == [
        "content/quarters/nord/offers/cafe.md", "content/quarters/nord/places/treff.yaml"]
    assert run.err.rstrip().endswith("2 errors in 2 files")
    assert not (tmp_path / "output").exists(), "check writes nothing"


def test_no_command_prints_help_and_exits_2():
    run = cli()
    assert run.code == 2
    assert "usage:" in run.err


@pytest.mark.parametrize("argv", [
    ["build", "--today", "30.11.2026"],
    ["frobnicate"],
    ["build", "--no-such-option"],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        cli(*argv)
    assert info.value.code == 2


def test_missing_content_folder_is_a_usage_error(tmp_path):
    run = cli(*build_args(tmp_path / "nope", tmp_path))
    assert run.code == 2
    assert "content folder" in run.err and "not found" in run.err
    assert cli("check", "--content", tmp_path / "nope").code == 2


def test_build_ok(tmp_path):
    run = cli(*build_args(BASE, tmp_path))
    assert run.code == 0, run.err
    assert "Built" in run.out and "2026-11-30" in run.out
    files = tree(tmp_path / "output")
    assert "de/nord/2026-W49/index.html" in files and "nord/index.html" in files


def test_build_gives_up_on_a_held_lock_with_exit_2(tmp_path, monkeypatch):
    previous = cli(*build_args(BASE, tmp_path))
    assert previous.code == 0
    before = tree(tmp_path / "output")
    monkeypatch.setattr(build_cmd, "LOCK_WAIT_SECONDS", 0.2)
    content = copy_base(tmp_path / "newer")
    (content / "quarters/nord/offers/cafe.md").write_text(
        (content / "quarters/nord/offers/cafe.md").read_text().replace("Café", "Neues Café"))
    with build_lock(tmp_path):
        run = cli(*build_args(content, tmp_path))
    assert run.code == 2
    lines = run.err.strip().splitlines()
    assert lines[0].startswith("Another build (process ") and "waiting for it to finish" in lines[0]
    assert "another build" in lines[-1] and "is still writing into" in lines[-1]
    assert "nothing was written" in lines[-1]
    assert "Traceback" not in run.err
    assert tree(tmp_path / "output") == before
    # Once the other build is done, the same command works.
    assert cli(*build_args(content, tmp_path)).code == 0
    assert tree(tmp_path / "output") != before


def _script(tmp_path, code: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "entry.py"
    script.write_text(code)
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)


def test_console_entry_keeps_exit_status_output_and_exit_handlers(tmp_path):
    # run() freezes the heap before the interpreter shuts down; what a shell sees stays the same.
    content = copy_base(tmp_path)
    (content / "quarters/nord/offers/cafe.md").write_text(
        (content / "quarters/nord/offers/cafe.md").read_text().replace("weekly: fri", "weekly: fry"))
    done = _script(tmp_path, f"""
import atexit, sys
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
from quartierboards.cli import run
print("before", end="")  # unflushed output must still come out
sys.exit(run(["check", "--content", {str(content)!r}]))
""")
    assert done.returncode == 1
    assert done.stdout.startswith("before")
    assert "content/quarters/nord/offers/cafe.md:" in done.stderr
    assert done.stderr.rstrip().endswith("exit handler ran")


def test_python_dash_m_builds(tmp_path):
    args = [str(a) for a in build_args(copy_base(tmp_path), tmp_path)]
    done = subprocess.run([sys.executable, "-m", "quartierboards", *args],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "output/index.html").is_file()


@pytest.mark.parametrize(("code", "says"), [(28, "the disk is full"),  # ENOSPC
                                             (30, "not allowed to write"),  # EROFS
                                             (1, "not allowed to write")])  # EPERM: chattr +i output/
def test_what_the_machine_refuses_is_one_line_and_leaves_the_trees(tmp_path, monkeypatch, code, says):
    import os

    from quartierboards.write import staging

    assert cli(*build_args(BASE, tmp_path)).code == 0
    before = tree(tmp_path / "output")
    content = copy_base(tmp_path / "new")
    offer = content / "quarters/nord/offers/cafe.md"
    offer.write_text(offer.read_text(encoding="utf-8") + "Neu.\n", encoding="utf-8")

    def refuse(path: str, data: bytes) -> None:
        raise OSError(code, os.strerror(code), path)

    monkeypatch.setattr(staging, "_write_new", refuse)
    run = cli(*build_args(content, tmp_path))
    assert run.code == 2
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1 and says in run.err, run.err
    assert tree(tmp_path / "output") == before
