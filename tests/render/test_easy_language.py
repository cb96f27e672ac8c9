"""Leichte Sprache (``de-x-ls``) pages: their own interface text, marked fallbacks, the start page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from qb_support import SAMPLE, build_args, cli, copy_base

from quartierboards.content.loader import load_site
from quartierboards.i18n.catalog import catalog_code, catalog_path
from quartierboards.render.view import LangView

NOTE = "Diesen Text gibt es noch nicht in Leichter Sprache."
MARK = "(noch nicht in Leichter Sprache)"


class _Texts(HTMLParser):
    """Visible text nodes and ``aria-label`` values of a page, stripped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self._skip += 1
        label = dict(attrs).get("aria-label")
        if label:
            self.texts.append(label.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def texts(html: bytes) -> list[str]:
    parser = _Texts()
    parser.feed(html.decode("utf-8"))
    return parser.texts


def _ui_strings(lang: str) -> dict[str, str]:
    """msgid → translation of the messages without placeholders (what appears verbatim on pages)."""
    with catalog_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=catalog_code(lang))
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and m.string and "%(" not in m.id}


def _pairs(files: dict[str, bytes]) -> list[tuple[str, str]]:
    pairs = [(rel, "de/" + rel.removeprefix("de-x-ls/")) for rel in files
             if rel.startswith("de-x-ls/") and rel.endswith(".html")]
    assert len(pairs) > 100
    assert all(de in files for _, de in pairs)
    return pairs


def test_no_easy_language_page_shows_the_german_interface(sample_build) -> None:
    german = _ui_strings("de")
    easy = _ui_strings("de-x-ls")
    german_ui = set(german.values())
    # German interface strings that have an easy-language version of their own.
    replaced = {german[i] for i in german if easy.get(i, german[i]) != german[i]} - set(easy.values())
    assert len(replaced) > 60
    for ls_rel, de_rel in _pairs(sample_build.files):
        de_texts, ls_texts = texts(sample_build.files[de_rel]), texts(sample_build.files[ls_rel])
        de_ui = [t for t in de_texts if t in german_ui]
        ls_ui = [t for t in ls_texts if t in german_ui]
        assert de_ui, de_rel
        assert ls_ui != de_ui, f"{ls_rel}: same interface text as {de_rel}"
        left = sorted(set(ls_texts) & replaced)
        assert not left, f"{ls_rel}: German interface text {left}"


def test_known_interface_strings_are_in_easy_language(sample_build) -> None:
    de = sample_build.text("de/suedpark/index.html")
    ls = sample_build.text("de-x-ls/suedpark/index.html")
    for german, easy in [("Das ist diese Woche los", "Termine in dieser Woche"),
                         ("Angebote filtern", "Angebote aussuchen"),
                         ("Alle Neuigkeiten", "Alle Neuigkeiten"),
                         ("Diese Website setzt keine Cookies", "Diese Internet-Seite speichert nichts"),
                         ("Kalenderdatei herunterladen", "Eine Datei für Ihren Kalender herunter-laden")]:
        assert german in de and easy in ls, (german, easy)
        if german != easy:
            assert german not in ls
    offer = sample_build.text("de-x-ls/suedpark/krabbelgruppe/index.html")
    assert "Teilweise rollstuhlgerecht" not in offer
    assert "An Feier-Tagen fällt das Angebot aus." in offer


def test_easy_language_dates_are_written_out(sample_build) -> None:
    ls = sample_build.text("de-x-ls/suedpark/index.html")
    assert "30. November bis 6. Dezember 2026" in ls
    assert "Dez." not in ls and "Nov." not in ls


def test_a_standard_german_text_on_an_easy_language_page_says_so(sample_build) -> None:
    # Krabbelgruppe has no easy-language text; Mütter-Café has one.
    offer = sample_build.text("de-x-ls/suedpark/krabbelgruppe/index.html")
    assert f'<p class="fallback-note">{NOTE}</p>' in offer
    assert MARK in offer
    assert NOTE not in sample_build.text("de-x-ls/nordstadt/muetter-cafe/index.html")
    german = sample_build.text("de/suedpark/krabbelgruppe/index.html")
    assert NOTE not in german and "Leichter Sprache" not in german
    board = sample_build.text("de-x-ls/suedpark/index.html")
    # A name stays unmarked; the quarter's summary (a sentence) is marked.
    assert "<h1>Südpark</h1>" in board
    assert re.search(r"Nachbarn für Nachbarn\.\s*<small class=\"fallback\">" + re.escape(MARK), board)


def test_fallback_marks_on_easy_language_pages() -> None:
    site = load_site(SAMPLE)
    view = LangView(site, "de-x-ls")
    assert str(view.t({"de": "Offener Jugendtreff"})) == "Offener Jugendtreff"
    assert str(view.t({"de": "Sabine Krüger, Familienzentrum Sonnenblume"})) == \
        "Sabine Krüger, Familienzentrum Sonnenblume"
    sentence = str(view.t({"de": "Spielen und Singen für Familien mit Kindern"}))
    assert sentence.endswith(f'<small class="fallback">{MARK}</small>')
    assert "lang=" not in sentence  # same HTML language as the page: no bdi around it
    own = {"de": "Spielen und Singen für Familien", "de-x-ls": "Hier spielen und singen Familien."}
    assert str(view.t(own)) == "Hier spielen und singen Familien."
    assert NOTE in str(view.body({"de": "Ein Text."}))
    assert NOTE not in str(view.body({"de": "Ein Text.", "de-x-ls": "Ein leichter Text."}))
    # The German page marks nothing.
    assert "fallback" not in str(LangView(site, "de").t({"de": "Spielen und Singen für Familien mit Kindern"}))


def test_the_easy_language_start_page_explains_the_site(sample_build) -> None:
    start = sample_build.text("de-x-ls/index.html")
    assert '<h2 id="about-site">Das ist diese Internet-Seite</h2>' in start
    assert "Wählen Sie Ihren Stadt-Teil." in start
    assert "Jedes Angebot hat eine eigene Seite." in start
    for lang in ("de", "en", "ar"):
        assert 'id="about-site"' not in sample_build.text(f"{lang}/index.html")
    # The sample sets no sign-language video: no empty link.
    assert "sign-language" not in start


@pytest.fixture(scope="module")
def with_video(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("video")
    content = copy_base(root)
    site = (content / "site.yaml").read_text(encoding="utf-8")
    site = site.replace("languages: [de, en, ar]", "languages: [de, en, ar, de-x-ls]")
    site += "sign_language_video: https://example.org/videos/dgs.mp4\n"
    (content / "site.yaml").write_text(site, encoding="utf-8")
    run = cli(*build_args(content, root))
    assert run.code == 0, run.err
    return {lang: (root / "output" / lang / "index.html").read_text(encoding="utf-8")
            for lang in ("de", "en", "ar", "de-x-ls")}


def test_sign_language_video_is_linked_from_the_german_start_pages(with_video) -> None:
    link = '<p class="sign-language"><a href="https://example.org/videos/dgs.mp4">'
    assert link in with_video["de"]
    assert "Deutscher Gebärdensprache" in with_video["de"]
    assert link in with_video["de-x-ls"]
    assert "Ein Film in Gebärden-Sprache" in with_video["de-x-ls"]
    assert "Das ist diese Internet-Seite" in with_video["de-x-ls"]
    assert "dgs.mp4" not in with_video["en"] and "dgs.mp4" not in with_video["ar"]


def test_sign_language_video_must_be_a_web_address(tmp_path) -> None:
    content = copy_base(tmp_path)
    line = len((content / "site.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with (content / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write("sign_language_video: videos/dgs.mp4\n")
    run = cli("check", "--content", content)
    assert run.code != 0
    assert f"site.yaml:{line}:22: invalid web address 'videos/dgs.mp4'" in run.err
