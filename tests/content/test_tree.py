"""File-system oddities in content/ are located messages, never a traceback, a hang or a link followed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qb_support import ROOT, build_args, cli, copy_base


def _errors(run) -> list[str]:
    assert "Traceback" not in run.err
    return [m.group(0) for m in run.error_lines()]


def test_a_named_pipe_in_a_quarter_is_refused_without_being_opened(tmp_path):
    content = copy_base(tmp_path)
    os.mkfifo(content / "quarters/nord/offers/pipe.md")
    os.mkfifo(content / "quarters/nord/.hidden-pipe")
    # In a process of its own: before, the build waited for ever in open().
    done = subprocess.run([sys.executable, "-m", "quartierboards", *map(str, build_args(content, tmp_path))],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "content/quarters/nord/offers/pipe.md:1:1: a named pipe, not a file" in done.stderr
    assert "content/quarters/nord/.hidden-pipe:1:1: a named pipe, not a file" in done.stderr


def test_a_name_that_is_not_utf8_is_a_message_with_the_name_escaped(tmp_path):
    content = copy_base(tmp_path)
    (Path(os.fsdecode(bytes(content / "quarters/nord")) ) / os.fsdecode(b".caf\xe9.md")).write_text("x")
    for run in (cli("check", "--content", content), cli(*build_args(content, tmp_path))):
        assert run.code == 1, run.err
        assert _errors(run) == ["content/quarters/nord/.caf\\xe9.md:1:1: file name is not UTF-8"]


def test_a_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path):
    content = copy_base(tmp_path)
    (content / "quarters/nord/offers/neu\nes.md").write_text("x", encoding="utf-8")
    run = cli("check", "--content", content)
    assert run.code == 1
    lines = _errors(run)
    assert len(lines) == 1 and lines[0].startswith("content/quarters/nord/offers/neu\\nes.md:1:1: "), run.err
    assert len(run.err.splitlines()) == 3  # the error, its hint, the count


def test_a_link_out_of_content_is_refused_anywhere(tmp_path):
    content = copy_base(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, content / "docs")  # a folder the loader never reads
    os.symlink(outside, content / "quarters/nord/.git")  # hidden
    run = cli("check", "--content", content)
    assert run.code == 1
    assert sorted(e.split(": ")[0] for e in _errors(run)) == ["content/docs:1:1", "content/quarters/nord/.git:1:1"]
    assert "outside the content folder" in run.err


def test_a_link_inside_content_is_still_fine(tmp_path):
    content = copy_base(tmp_path)
    os.symlink("quarters", content / "alias")
    assert cli("check", "--content", content).code == 0
