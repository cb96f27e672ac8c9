"""``quartierboards cms --rename-main-files``: offers and news get the names Decap reads on a git host."""

from __future__ import annotations

import shutil
from pathlib import Path

from qb_support import SAMPLE, cli

from quartierboards.commands.cms_names import plain_main_files


def _sample(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    return content


def test_a_git_host_config_says_which_files_decap_would_not_read_whole(tmp_path):
    content = _sample(tmp_path)
    run = cli("cms", "--content", content, "--output", tmp_path / "out", "--no-vendor", "--backend", "github",
              "--repo", "stadt/quartiere")
    assert run.code == 0
    count = len(plain_main_files(content))
    assert count > 20
    assert f"{count} offers and news are named <name>.md" in run.err
    assert "quartierboards cms --rename-main-files" in run.err


def test_renaming_keeps_translations_and_the_check_and_leaves_a_taken_name_alone(tmp_path):
    content = _sample(tmp_path)
    offers = content / "quarters/lindenhof/offers"
    (offers / "kochtreff.de.md").write_text((offers / "kochtreff.md").read_text(encoding="utf-8"), encoding="utf-8")
    run = cli("cms", "--content", content, "--output", tmp_path / "out", "--no-vendor", "--rename-main-files")
    assert run.code == 0
    assert "hausaufgabenhilfe.md → hausaufgabenhilfe.de.md" in run.out
    assert plain_main_files(content) == [offers / "kochtreff.md"]  # both names: check tells the editor
    assert (offers / "hausaufgabenhilfe.ar.md").is_file()
    checked = cli("check", "--content", content, "--no-print")
    assert checked.code == 1
    assert "kochtreff.de.md:1:1: two main files for 'kochtreff'" in checked.err
    (offers / "kochtreff.md").unlink()
    assert cli("check", "--content", content, "--no-print").code == 0
