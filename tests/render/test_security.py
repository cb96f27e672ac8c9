"""Content is untrusted: hostile offers, places and quarters build into pages without anything executable."""

from __future__ import annotations

import json
import re

import icalendar
import pytest
from qb_support import build_args, cli, copy_base, parse_page, tree

RLO = "\u202e"
LONG = "Langer Titel " * 7700  # 100 100 characters

HOSTILE_OFFER = f"""---
title:
  de: "<script>alert('title')</script><img src=x onerror=alert(1)> Café {RLO}gnp.exe MARK{{{{ 7*7 }}}}MARK"
  en: "</title><script>alert(2)</script>"
  ar: "{{% for x in range(3) %}}LOOP{{% endfor %}} مقهى"
summary: "<b onmouseover=alert(3)>fett</b> {{{{ config.__class__ }}}} MARK{{{{ 6*7 }}}}MARK\\
  \\r\\nATTENDEE:mailto:evil@example.org"
audience: everyone
category: meeting
place: treff
cost: "<a href='javascript:alert(4)'>gratis</a>"
registration: "<style>body{{display:none}}</style>"
contact: "<iframe src=https://evil.example/></iframe>"
schedule:
  - weekly: fri
    time: "15:00-17:00"
---
# Überschrift <script>alert(5)</script>

Links: [js](javascript:alert(6)), [JS](JaVaScRiPt:alert(7)), [spaced]( javascript:alert(8)),
[entity](&#106;avascript:alert(9)), [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=),
[vb](vbscript:msgbox(11)), [tab](java&#x09;script:alert(12)), [ok](https://example.org/ok).

![img js](javascript:alert(13)) ![img data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTQpPg==)
![img vb](vbscript:alert(15))

<a href="javascript:alert(16)" onclick="alert(17)" style="color:red">raw link</a>
<img src="x" onerror="alert(18)"> <svg onload="alert(19)"><circle/></svg>
<div style="background:url(javascript:alert(20))">styled</div>
<p style="position:fixed;top:0">overlay</p>
<iframe src="https://evil.example/"></iframe> <object data="x.swf"></object> <embed src="x.swf">
<form action="https://evil.example/"><input name="pin"><button formaction="javascript:alert(21)">Go</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example/"> <base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css"> <style>*{{color:red}}</style>
<math><mtext><table><mglyph><style><img src=x onerror=alert(22)>
<scr<script>ipt>alert(23)</script> <<script>script>alert(24)<</script>/script>
<!-- <script>alert(25)</script> -->

Jinja: {{{{ 7*7 }}}} {{% raw %}}x{{% endraw %}} MARK{{{{ 1234*1000 }}}}MARK

Bidi: {RLO}txt.exe
"""

HOSTILE_LONG = f"""---
title: "{LONG}"
summary: "{RLO}Zusammenfassung"
audience: everyone
category: leisure
place: treff
schedule:
  - date: 2026-12-05
    time: "10:00-12:00"
---
Kurz.
"""

HOSTILE_PLACE = f"""name: "Treff <script>alert(30)</script> {RLO}"
address:
  street: "Lindenstraße 1 <img src=x onerror=alert(31)>"
  postcode: "45999"
  city: "Teststadt\\"><script>alert(32)</script>"
description: "<a href=javascript:alert(33)>mehr</a> MARK{{{{ 8*8 }}}}MARK"
wheelchair: yes
website: "https://example.org/\\"><script>alert(34)</script>"
email: "treff@example.org"
"""

HOSTILE_QUARTER = f"""name: "Nord</title><script>alert(40)</script>"
summary: "{{{{ lipsum.__globals__ }}}} <svg/onload=alert(41)> {RLO}"
contacts:
  - name: "<b onmouseover=alert(42)>Jana</b>"
    role: "{{% if true %}}IF{{% endif %}}"
    email: jana@example.org
    office_hours:
      - weekly: tue
        time: "16:00-18:00"
        place: treff
"""

HOSTILE_ABOUT = """<script>alert(50)</script>
[x](javascript:alert(51)) <img src=x onerror=alert(52)>
"""

BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> dict[str, bytes]:
    dest = tmp_path_factory.mktemp("hostile")
    content = copy_base(dest)
    nord = content / "quarters" / "nord"
    (nord / "offers" / "cafe.md").write_text(HOSTILE_OFFER, encoding="utf-8")
    (nord / "offers" / "lang.md").write_text(HOSTILE_LONG, encoding="utf-8")
    (nord / "offers" / "cafe.en.md").write_text(
        "---\ntitle: \"<script>alert(60)</script>\"\n---\n<img src=x onerror=alert(61)>\n", encoding="utf-8")
    (nord / "places" / "treff.yaml").write_text(HOSTILE_PLACE, encoding="utf-8")
    (nord / "quarter.yaml").write_text(HOSTILE_QUARTER, encoding="utf-8")
    (nord / "about.md").write_text(HOSTILE_ABOUT, encoding="utf-8")
    run = cli(*build_args(content, dest, keep=True))  # not --strict: hostile links are also warnings
    assert run.code == 0, run.err
    return tree(dest / "output")


def html_pages(files: dict[str, bytes]) -> dict[str, str]:
    return {p: b.decode("utf-8") for p, b in files.items() if p.endswith(".html")}


def test_hostile_content_is_built(hostile_site):
    pages = html_pages(hostile_site)
    assert "de/nord/cafe/index.html" in pages and "de/nord/lang/index.html" in pages
    # Text survives as text: escaped, visible to the reader, not executed.
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages["de/nord/cafe/index.html"]


def test_no_inline_or_foreign_scripts(hostile_site):
    for path, html in html_pages(hostile_site).items():
        for attrs, text in parse_page(html).scripts:
            if attrs.get("type") == "application/ld+json":
                # A data block, never executed; content must not be able to close it.
                data = json.loads(text)
                assert isinstance(data, dict | list), path
                assert "</" not in text and "<script" not in text.lower(), path
                continue
            src = attrs.get("src") or ""
            assert not text.strip(), f"{path}: inline script {text[:80]!r}"
            # 404 pages are served at any depth: they link from the site's root path
            assert re.fullmatch(r"(/|(\.\./)*)static/[a-z0-9-]+\.js", src), f"{path}: script src {src!r}"


def test_no_event_handlers_styles_or_dangerous_elements(hostile_site):
    # The build's own redirect pages (past weeks, renamed pages) are listed in _redirects;
    # they refresh to a path of this site, never to another one.
    redirects = {line.split()[0].lstrip("/") + ("index.html" if line.split()[0].endswith("/") else "")
                 for line in hostile_site["_redirects"].decode().splitlines() if line.strip()}
    assert redirects
    for path, html in html_pages(hostile_site).items():
        for tag, attrs in parse_page(html).tags:
            assert tag not in {"iframe", "object", "embed", "form", "input", "button", "base", "style",
                               "svg", "math", "img"}, f"{path}: <{tag}> from content"
            if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
                assert path in redirects, f"{path}: a refresh that is not one of the build's redirects"
                target = (attrs.get("content") or "").partition("url=")[2]
                assert target and ":" not in target and not target.startswith("/"), path
            if tag == "link":
                assert attrs.get("rel") in {"stylesheet", "canonical", "alternate", "icon", "manifest",
                                            "alternate icon"}, path
                if attrs.get("rel") == "stylesheet":
                    assert "static/" in (attrs.get("href") or "") and "://" not in attrs["href"], path
            for name in attrs:
                assert not name.lower().startswith("on"), f"{path}: <{tag} {name}>"
                assert name.lower() != "style", f"{path}: style attribute on <{tag}>"


def test_no_dangerous_urls(hostile_site):
    for path, html in html_pages(hostile_site).items():
        for tag, attrs in parse_page(html).tags:
            for name, value in attrs.items():
                if tag == "link" and attrs.get("rel") == "icon" and value == "data:,":
                    continue  # the theme's "no favicon" placeholder, not content
                if name.lower() in URL_ATTRS and value:
                    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                    assert not squeezed.startswith(BAD_SCHEMES), f"{path}: <{tag} {name}={value!r}>"


def test_jinja_in_content_is_never_evaluated(hostile_site):
    pages = html_pages(hostile_site)
    everything = "\n".join(pages.values())
    for product in ("MARK49MARK", "MARK42MARK", "MARK1234000MARK", "MARK64MARK", "LOOPLOOP", ">IF<"):
        assert product not in everything, product
    assert "<class " not in everything and "__globals__" in everything
    cafe = pages["de/nord/cafe/index.html"]
    assert "MARK{{ 7*7 }}MARK" in cafe
    assert "{{ 7*7 }}" in cafe


def test_bidi_override_removed(hostile_site):
    for path, data in hostile_site.items():
        if path.endswith((".html", ".xml")):
            assert RLO not in data.decode("utf-8"), path
    assert "gnp.exe" in hostile_site["de/nord/cafe/index.html"].decode()


def test_long_title_does_not_break_the_build(hostile_site):
    page = hostile_site["de/nord/lang/index.html"].decode()
    assert LONG.strip() in page


def test_every_page_has_a_strict_csp(hostile_site):
    for path, html in html_pages(hostile_site).items():
        metas = [a for t, a in parse_page(html).tags
                 if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
        assert len(metas) == 1, path
        policy = metas[0]["content"] or ""
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in policy.split(";") if d.strip())
        script = directives.get("script-src", directives.get("default-src", ""))
        assert script, path
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, path
        assert "'none'" in directives.get("object-src", directives.get("default-src", "")), path
        assert "base-uri" in directives, path


def test_calendar_lines_cannot_be_injected(hostile_site):
    ics = hostile_site["de/nord/calendar.ics"].decode()
    assert not [line for line in ics.splitlines() if line.startswith("ATTENDEE")]
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert any("\nATTENDEE:mailto:evil" in str(ev.get("description")) for ev in events), "stayed inside the text"
    # the weekly café, the one-off long-title offer and the contact's office hours
    assert ics.count("BEGIN:VEVENT") == 3
    office = [ev for ev in events if str(ev.get("url")).endswith("#contact")]
    assert len(office) == 1 and str(office[0]["summary"]) == "Sprechstunde: <b onmouseover=alert(42)>Jana</b>"
