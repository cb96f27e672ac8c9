"""``--format github`` and ``--format gitlab``: content errors where CI systems show them on the changed line."""

from __future__ import annotations

import json

from qb_support import cli, copy_base

from quartierboards.commands.report import github_lines, gitlab_report
from quartierboards.errors import ContentError, Location

CAFE = "content/quarters/nord/offers/cafe.md"


def _broken(tmp_path):
    content = copy_base(tmp_path)
    cafe = content / "quarters/nord/offers/cafe.md"
    cafe.write_text(cafe.read_text(encoding="utf-8").replace("weekly: fri", "weekly: fritag"), encoding="utf-8")
    return content


def test_github_workflow_commands(tmp_path):
    run = cli("check", "--content", _broken(tmp_path), "--no-print", "--format", "github")
    assert run.code == 1
    assert run.out == (f"::error file={CAFE},line=8,col=13,title=quartierboards::"
                       "unknown weekday 'fritag', did you mean 'freitag'?\n")
    assert run.err.strip() == "1 error in 1 file"


def test_github_escaping_and_warnings():
    items = [ContentError(Location("content/a,b:c.md", 2, 3), "100% wrong\r\nsecond", "hint: this"),
             ContentError(Location("content/x.md", 1, 1), "looks odd", severity="warning")]
    assert github_lines(items) == [
        "::error file=content/a%2Cb%3Ac.md,line=2,col=3,title=quartierboards::100%25 wrong%0D%0Asecond%0Ahint: this",
        "::warning file=content/x.md,line=1,col=1,title=quartierboards::looks odd",
    ]


def _assert_code_quality(issues):
    """The fields GitLab's Code Quality report requires, with the types its schema gives."""
    assert isinstance(issues, list)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 64
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)


def test_gitlab_report_to_stdout_and_file(tmp_path):
    content = _broken(tmp_path)
    run = cli("check", "--content", content, "--no-print", "--format", "gitlab")
    assert run.code == 1
    issues = json.loads(run.out)
    _assert_code_quality(issues)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in issues] == [
        (CAFE, 8, "major")]
    assert "cafe.md:8:13:" in run.err, "the job log still shows the text"
    report = tmp_path / "gl-code-quality-report.json"
    again = cli("check", "--content", content, "--no-print", "--format", "gitlab", "--report", report)
    assert again.out == ""
    assert json.loads(report.read_text(encoding="utf-8")) == issues, "same fingerprint every run"


def test_gitlab_report_is_written_when_all_is_well(tmp_path):
    report = tmp_path / "report.json"
    run = cli("check", "--content", copy_base(tmp_path), "--no-print", "--format", "gitlab", "--report", report)
    assert run.code == 0 and run.out.startswith("OK")
    assert json.loads(report.read_text(encoding="utf-8")) == []
    built = cli("build", "--content", tmp_path / "content", "--output", tmp_path / "out", "--flyers", tmp_path / "fl",
                "--no-print", "--jobs", "1", "--today", "2026-11-30", "--format", "gitlab")
    assert built.code == 0 and json.loads(built.out) == [], "stdout holds only the report"


def test_gitlab_warnings_are_minor_and_fingerprints_stable():
    items = [ContentError(Location("content/x.md", 3, 1), "same"),
             ContentError(Location("content/x.md", 9, 1), "same"),
             ContentError(Location("content/x.md", 5, 1), "odd", severity="warning")]
    issues = json.loads(gitlab_report(items))
    _assert_code_quality(issues)
    assert [i["severity"] for i in issues] == ["major", "major", "minor"]
    assert len({i["fingerprint"] for i in issues}) == 3
    moved = [ContentError(Location("content/x.md", 4, 1), "same"),
             ContentError(Location("content/x.md", 10, 1), "same")]
    assert [i["fingerprint"] for i in json.loads(gitlab_report(moved))] == [i["fingerprint"] for i in issues[:2]]
