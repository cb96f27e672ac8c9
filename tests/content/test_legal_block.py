"""site.yaml's legal block: missing data is a located content error, in German for German editors."""

from __future__ import annotations

import pytest
from qb_support import cli, copy_base

SITE = "content/site.yaml"


@pytest.mark.parametrize(("cut", "where", "german"), [
    # the whole block
    (lambda text: text[:text.index("legal:")], (1, 1), "Das Pflichtfeld 'legal' fehlt"),
    # the privacy notice's data-protection officer (located at the privacy block it belongs in)
    (lambda text: text.replace("    officer: {name: Datenschutzbeauftragte, email: datenschutz@example.org}\n", ""),
     (16, 5), "Das Pflichtfeld 'officer' fehlt"),
    # the imprint's responsible person lives in the publisher block
    (lambda text: text.replace(",\n  responsible: Erika Muster}", "}"), (7, 12), "Das Pflichtfeld 'responsible' fehlt"),
])
def test_missing_legal_data_names_field_and_line_in_german(tmp_path, monkeypatch, cut, where, german):
    content = copy_base(tmp_path)
    site = content / "site.yaml"
    site.write_text(cut(site.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    run = cli("check", "--content", "content")
    assert run.code == 1
    assert "Traceback" not in run.err
    found = {(m["path"], int(m["line"]), int(m["col"])): m["message"] for m in run.error_lines()}
    assert found == {(SITE, *where): german}
