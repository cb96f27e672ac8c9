"""Nothing leaves the site: every request goes to its own server, no cookies, nothing blocked by the CSP."""

from __future__ import annotations

import pytest

from .conftest import LANGUAGES, pages_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_only_own_server_and_no_cookies(js: bool, new_context, base_url: str) -> None:
    context = new_context(java_script_enabled=js)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{page.url}: {m.text[:160]}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    for lang in LANGUAGES:
        for url in pages_of(lang).values():
            page.goto(url, wait_until="load")
    page.goto("", wait_until="load")  # the root language chooser
    page.goto("suedpark/", wait_until="load")  # the QR code's language chooser
    page.wait_for_load_state("networkidle")
    foreign = [u for u in requests if not u.startswith(base_url)]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert len(requests) > 8 * len(pages_of("de"))
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    # CSP violations, missing files (a 404 favicon or stylesheet) and script errors show up here
    assert not problems, f"{len(problems)} console errors, e.g.:\n" + "\n".join(dict.fromkeys(problems[:6]))

