"""axe-core (WCAG 2.0/2.1/2.2, levels A and AA) finds nothing on any kind of page, in every language."""

from __future__ import annotations

import pytest

from .conftest import LANGUAGES, pages_of

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations(lang: str, new_context) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_context().new_page()
    problems = {}
    for kind, url in pages_of(lang).items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                        "resultTypes": ["violations"]})
        assert result.response["testEngine"]["name"] == "axe-core"
        if result.response["violations"]:
            problems[f"{kind} {url}"] = _describe(result.response["violations"])
    assert not problems, "\n".join(f"{where}:\n{what}" for where, what in problems.items())
