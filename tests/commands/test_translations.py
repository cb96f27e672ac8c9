"""``quartierboards translations`` takes --content anywhere on the line, like every other command."""

from __future__ import annotations

import pytest
from qb_support import cli, copy_base


@pytest.mark.parametrize("order", ["before", "after"])
def test_content_before_or_after_the_action(tmp_path, order: str) -> None:
    content = copy_base(tmp_path / "city")
    out = tmp_path / "ar.xlf"
    args = ["export", "--lang", "ar", "-o", out]
    argv = ["translations", "--content", content, *args] if order == "before" else \
        ["translations", *args, "--content", content]
    run = cli(*argv)
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    # the given content, not ./content (the sample city, whose quarters are others)
    assert "<xliff" in text and "quarters/nord/" in text and "suedpark" not in text
