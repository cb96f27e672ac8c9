"""An offer's or news item's main file may be named ``<slug>.<default language>.md``: the name the
browser editor (Decap CMS) gives it on a git host. Pages, translations and XLIFF treat it as ``<slug>.md``."""

from __future__ import annotations

from pathlib import Path

from qb_support import cli, copy_base

from quartierboards.content.loader import load_site
from quartierboards.content.xliff import units

OFFERS = Path("quarters/nord/offers")


def _rename_main(content: Path) -> None:
    (content / OFFERS / "cafe.md").rename(content / OFFERS / "cafe.de.md")


def test_a_main_file_named_with_the_default_language_is_the_offer_with_its_translations(tmp_path):
    content = copy_base(tmp_path)
    _rename_main(content)
    (content / OFFERS / "cafe.en.md").write_text("---\ntitle: Café (en)\n---\nEvery Friday.\n", encoding="utf-8")
    offer = load_site(content).quarters["nord"].offers["cafe"]
    assert offer.file_name == "cafe.de.md"
    assert offer.text("title") == {"de": "Café", "en": "Café (en)"}
    assert offer.bodies == {"de": "Jeden Freitag.", "en": "Every Friday."}
    assert cli("check", "--content", content).code == 0


def test_news_may_be_named_with_the_default_language_too(tmp_path):
    content = copy_base(tmp_path)
    news = content / "quarters/nord/news"
    news.mkdir()
    (news / "2026-11-20-laternenumzug.de.md").write_text("---\ntitle: Laternenumzug\n---\nAm Freitag.\n",
                                                          encoding="utf-8")
    (news / "2026-11-20-laternenumzug.en.md").write_text("---\ntitle: Lantern walk\n---\n", encoding="utf-8")
    [item] = load_site(content).quarters["nord"].news
    assert (item.slug, item.file_name) == ("2026-11-20-laternenumzug", "2026-11-20-laternenumzug.de.md")
    assert item.text("title") == {"de": "Laternenumzug", "en": "Lantern walk"}


def test_translators_get_and_give_back_the_file_as_it_is_named(tmp_path):
    content = copy_base(tmp_path)
    _rename_main(content)
    ids = {u.id for u in units(load_site(content), "en")}
    assert "quarters/nord/offers/cafe.de.md#title" in ids
    assert "quarters/nord/offers/cafe.de.md#body" in ids
    xlf = tmp_path / "en.xlf"
    xlf.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        '<file original="x" source-language="de" target-language="en"><body>'
        '<trans-unit id="quarters/nord/offers/cafe.de.md#title"><source>s</source><target>Coffee</target></trans-unit>'
        '<trans-unit id="quarters/nord/offers/cafe.de.md#body"><source>s</source><target>Fridays.</target></trans-unit>'
        "</body></file></xliff>\n", encoding="utf-8")
    run = cli("translations", "import", xlf, "--content", content)
    assert run.code == 0, run.err
    assert (content / OFFERS / "cafe.en.md").read_text(encoding="utf-8") == "Fridays.\n"
    assert not (content / OFFERS / "cafe.de.en.md").exists()
    assert load_site(content).quarters["nord"].offers["cafe"].text("title")["en"] == "Coffee"


def test_new_does_not_make_a_second_main_file(tmp_path):
    content = copy_base(tmp_path)
    _rename_main(content)
    run = cli("new", "--content", content, "offer", "nord", "cafe")
    assert run.code == 2
    assert "cafe.de.md" in run.err
    assert not (content / OFFERS / "cafe.md").exists()


def test_a_translation_of_the_default_language_is_still_refused_for_about_texts(tmp_path):
    content = copy_base(tmp_path)
    (content / "quarters/nord/about.md").write_text("Über uns.\n", encoding="utf-8")
    (content / "quarters/nord/about.de.md").write_text("Über uns.\n", encoding="utf-8")
    run = cli("check", "--content", content)
    assert run.code == 1
    assert "about.de.md:1:1: 'about.de.md' repeats the default language" in run.err
