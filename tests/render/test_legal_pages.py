"""Accessibility statement, privacy notice and imprint: in every language, from site.yaml, linked from every page."""

from __future__ import annotations

import posixpath
import re

import pytest
from qb_support import parse_page

from quartierboards.render import urls

LANGUAGES = ["de", "en", "ru", "ar", "fa", "tr", "uk", "de-x-ls"]
KINDS = ["accessibility", "privacy", "imprint"]
NEWS = "de/suedpark/news/2026-11-20-stadtteilfest-im-advent-programm/index.html"
# One page of every kind: board, week, offer, city, news, filter, news archive, chooser, root, legal.
PAGE_TYPES = {
    "board": "{lang}/suedpark/index.html",
    "week": "{lang}/suedpark/2026-W50/index.html",
    "offer": "{lang}/suedpark/krabbelgruppe/index.html",
    "city": "{lang}/index.html",
    "news": NEWS.replace("de/", "{lang}/", 1),
    "news archive": "{lang}/suedpark/news/index.html",
    "filter": "{lang}/suedpark/filter/families/index.html",
    "legal": "{lang}/impressum/index.html",
}


def _footer_links(html: str) -> list[tuple[str, str | None]]:
    footer = html[html.index('<footer class="site-footer">'):]
    return [(attrs["href"] or "", attrs.get("aria-current")) for tag, attrs in parse_page(footer).tags
            if tag == "a" and "href" in attrs]


def _resolve(page: str, href: str) -> str:
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return f"{target}/index.html".removeprefix("./") if href.endswith("/") else target


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_three_pages_exist_in_every_language_with_one_slug(sample_build, lang):
    assert [urls.legal_page(lang, k) for k in KINDS] == [
        f"{lang}/barrierefreiheit/index.html", f"{lang}/datenschutz/index.html", f"{lang}/impressum/index.html"]
    for kind in KINDS:
        html = sample_build.text(urls.legal_page(lang, kind))
        # every language version names all the others (hreflang), at the same slug
        for other in LANGUAGES:
            href = f"https://quartiere.example.org/{urls.legal_page(other, kind).removesuffix('index.html')}"
            assert f'hreflang="{other}" href="{href}"' in html
        assert re.search(r"<h1>[^<]+</h1>", html)
    sitemap = sample_build.text("sitemap.xml")
    assert "<loc>https://quartiere.example.org/" + lang + "/barrierefreiheit/</loc>" in sitemap


@pytest.mark.parametrize("lang", ["de", "ar", "de-x-ls"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_page_type_links_the_legal_pages_from_its_footer(sample_build, lang, kind):
    page = PAGE_TYPES[kind].format(lang=lang)
    links = _footer_links(sample_build.text(page))
    targets = {_resolve(page, href): current for href, current in links}
    for legal in KINDS:
        target = urls.legal_page(lang, legal)
        assert target in targets, f"{page}: no footer link to {target} in {links}"
        assert target in sample_build.files
        # aria-current="page" only on the link to the page itself
        assert (targets[target] == "page") == (target == page)


def test_root_page_and_chooser_link_the_legal_pages_too(sample_build):
    for page in ("index.html", "suedpark/index.html"):
        targets = {_resolve(page, href) for href, _ in _footer_links(sample_build.text(page))}
        assert {urls.legal_page("de", k) for k in KINDS} <= targets


def test_accessibility_statement_says_what_the_law_asks(sample_build):
    html = sample_build.text("de/barrierefreiheit/index.html")
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
    assert "teilweise mit der BITV NRW vereinbar" in html, "status: partial unless site.yaml says otherwise"
    assert "axe-core" in html
    # the fixed known barrier and the site's own
    assert "auf Deutsch angezeigt" in html
    assert "Deutscher Gebärdensprache" in html
    assert 'href="mailto:barrierefreiheit@example.org"' in html
    assert 'href="tel:+492041555-0010"' in html
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen" in html
    assert 'href="https://www.mags.nrw/ombudsstelle-barrierefreie-informationstechnik"' in html
    assert "16. November 2026" in html and "30. November 2026" in html


def test_a_barrier_without_a_translation_is_marked_german(sample_build):
    html = sample_build.text("ar/barrierefreiheit/index.html")
    assert re.search(r'<bdi lang="de">Die Flyer als PDF[^<]*</bdi>', html)
    assert "The PDF flyers" in sample_build.text("en/barrierefreiheit/index.html")


def test_privacy_notice_names_host_logs_retention_contacts_and_rights(sample_build):
    html = sample_build.text("de/datenschutz/index.html")
    assert "<h1>Datenschutzerklärung</h1>" in html
    assert "keine Cookies" in html
    assert "Kommunales Rechenzentrum Kohlenberg" in html
    assert "die gekürzte IP-Adresse" in html
    assert "nach 7 Tagen gelöscht" in html
    assert 'href="mailto:datenschutz@example.org"' in html
    assert 'href="mailto:quartiere@example.org"' in html
    for article in ("Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 20", "Art. 21", "Art. 77"):
        assert article in html
    assert 'href="https://www.ldi.nrw.de/"' in html


def test_imprint_names_publisher_representative_and_responsible_person(sample_build):
    html = sample_build.text("de/impressum/index.html")
    assert "<h1>Impressum</h1>" in html
    assert "Stadt Kohlenberg, Fachbereich Soziales" in html and "Rathausplatz 1, 45999 Kohlenberg" in html
    assert "Bürgermeisterin Dr. Anna Beispiel" in html
    assert "§ 18 Abs. 2 MStV" in html and "Petra Musterfrau" in html
    assert "DE999999999" in html


def test_translations_say_the_german_version_is_binding(sample_build):
    assert "rechtlich verbindlich" not in sample_build.text("de/impressum/index.html")
    for lang in ("en", "ru", "ar", "fa", "tr", "uk"):
        html = sample_build.text(f"{lang}/impressum/index.html")
        assert '<p class="notice">' in html, lang
