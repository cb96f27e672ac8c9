"""The browser editor (issue #26) in Chromium: Decap CMS over the local backend, on a copy of the sample city.

Done when: a new offer with a weekly schedule, a Russian translation and an Arabic title
is made through the forms, its files are in our format and ``check`` and ``build``
accept them, and editing a hand-written file keeps its comments.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from quartierboards.cli import main
from quartierboards.commands.cms import build_config, make_server, site_facts, write_admin

from .conftest import ROOT

pytestmark = pytest.mark.browser

OFFERS = Path("quarters/lindenhof/offers")
TODAY = "2026-11-30"


def _serve(tmp_path: Path, content: Path, map_names: bool = True) -> Iterator[tuple[str, Path]]:
    languages, default, quarters, places = site_facts(content)
    admin = tmp_path / "output" / "admin"
    write_admin(content, admin, build_config(quarters, languages, default, places))  # fetches Decap once
    server = make_server(content, admin, map_names=map_names)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/admin/", content
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The editor's URL and the content folder it writes into (a copy of the sample city)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    yield from _serve(tmp_path, content)


@pytest.fixture
def git_host_editor(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The editor as on a git host: files keep Decap's names, after ``cms --rename-main-files``."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert main(["cms", "--content", str(content), "--output", str(tmp_path / "output"), "--no-vendor",
                 "--rename-main-files"]) == 0
    yield from _serve(tmp_path, content, map_names=False)


def _open(browser, url: str):  # noqa: ANN001, ANN202 - Playwright's types
    context = browser.new_context(locale="de-DE", viewport={"width": 1400, "height": 1000},
                                  service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Say yes to every question, as an editor who means it would: "delete this entry?", and
    # "leave with unsaved changes?", which Decap asks on leaving an offer with a body even
    # untouched (its Markdown editor marks the body as changed when it loads). Playwright
    # would say no, and Decap stay on the page it was asked to leave.
    page.on("dialog", lambda dialog: dialog.accept())
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.get_by_role("button", name="Login").click()  # the local backend needs no account
    page.get_by_text("lindenhof: Angebote").first.wait_for()
    return context, page, requests


def _locale(page, pane, code: str) -> None:  # noqa: ANN001
    pane.get_by_text(re.compile(r"Aktuelle Sprache: ", re.I)).click()
    page.locator("[role=menuitem]").filter(has_text=re.compile(f"^{code}$", re.I)).click()


def _form(page, url: str, where: str, first_field: str = "Titel"):  # noqa: ANN001, ANN202
    """Open a form afresh (a new page load: no state of the form before) and return its left pane."""
    page.goto(url + where)
    page.reload()
    left = page.locator(".Pane1")
    try:
        left.get_by_label(first_field, exact=True).first.wait_for()
    except Exception as error:  # say where the page is, not only what it lacks
        raise AssertionError(f"no field {first_field!r} at {page.url}: {page.locator('body').inner_text()[:300]!r}"
                             ) from error
    return left


def _publish(page, saved: bool = True) -> None:  # noqa: ANN001
    new = page.url.endswith("/new")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.locator("[role=menuitem]").filter(has_text="Jetzt veröffentlichen").click()
    if saved:  # Decap's notice, after which it moves to the saved entry's address
        if new:  # the notice of an earlier save may still be on screen: wait for this entry's address
            page.wait_for_url(re.compile("/entries/"), timeout=30_000)
        page.get_by_text(re.compile("Beitrag (gespeichert|veröffentlicht)")).first.wait_for()
        page.get_by_text("Ungespeicherte Änderungen", exact=False).wait_for(state="hidden")


def _fill_offer(page, left, title: str, summary: str, choices: list[tuple[str, str]],  # noqa: ANN001
                schedule: tuple[str, str, str]) -> None:
    """Fill a new offer's form: title, summary, the selects (label, option) and one schedule entry
    (field, choice, time)."""
    left.get_by_label("Titel").fill(title)
    left.get_by_label("Kurzbeschreibung").fill(summary)
    for label, option in choices:
        left.get_by_label(label, exact=True).fill(option)
        page.keyboard.press("Enter")
    left.get_by_role("button", name=re.compile("Termin hinzufügen", re.I)).click()
    left.get_by_label(schedule[0]).fill(schedule[1])
    page.keyboard.press("Enter")
    left.get_by_label("Uhrzeit").fill(schedule[2])


def _delete(page, collection: str, folder: Path, pattern: str) -> None:  # noqa: ANN001
    """Delete the open entry and wait until Decap has had the server's answer and no file of *folder*
    matches *pattern*.

    The files go before the server answers (it checks the content after deleting, to undo a deletion
    that leaves errors), and Decap moves to the collection's list on the answer: a test that went on
    when the files were gone could open another form and be taken away from it."""
    page.get_by_role("button", name="Lösche Beitrag").click()
    page.wait_for_url(re.compile(f"#/collections/{re.escape(collection)}$"), timeout=30_000)
    left = sorted(p.name for p in folder.glob(pattern))
    assert not left, f"{folder}/{pattern} not deleted: {left}"


def _wait_for(path: Path, text: str = "") -> str:
    import time

    for _ in range(100):
        if path.is_file() and text in (found := path.read_text(encoding="utf-8")):
            return found
        time.sleep(0.1)
    raise AssertionError(f"{path} not written" + (f" with {text!r}" if text else ""))


def test_new_offer_with_translations_through_the_forms(browser, editor, tmp_path: Path) -> None:
    url, content = editor
    context, page, requests = _open(browser, url)
    page.goto(url + "#/collections/offers-lindenhof/new")
    left, right = page.locator(".Pane1"), page.locator(".Pane2")
    _fill_offer(page, left, "Nähcafé am Dienstag", "Nähen, flicken und reden.",
                [("Zielgruppe", "Familien"), ("Thema", "Treffpunkt"), ("Ort", "Gemeindehaus")],
                ("Wöchentlich an", "Dienstag", "16:00-18:00"))
    # a photo, uploaded into the quarter's images/, with what it shows
    photo = tmp_path / "naehen.jpg"
    Image.new("RGB", (640, 480), (200, 100, 50)).save(photo)
    left.get_by_text("Wähle ein Bild").last.click()
    page.locator("input[type=file]").set_input_files(photo)
    page.get_by_role("button", name="Ausgewähltes Element verwenden").click()  # the upload is selected
    left.get_by_label("Was zeigt das Foto? (Alternativtext)").last.fill("Nähmaschinen auf einem Tisch")
    _locale(page, right, "ru")
    right.get_by_label("Titel").fill("Кафе шитья")
    right.get_by_label("Kurzbeschreibung").fill("Шьём, чиним и болтаем.")
    _locale(page, right, "ar")
    arabic = right.get_by_label("Titel")
    arabic.fill("مقهى الخياطة")
    # typed right to left: Decap has no RTL input, admin/admin.js gives every input dir="auto"
    assert arabic.get_attribute("dir") == "auto"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    _publish(page)

    main_file = _wait_for(content / OFFERS / "nahcafe-am-dienstag.md", "schedule")
    assert main_file == (
        "---\n# yaml-language-server: $schema=../../../../schemas/offer.schema.json\n"
        "title: Nähcafé am Dienstag\nsummary: Nähen, flicken und reden.\naudience: [families]\n"
        "category: meeting\nplace: gemeindehaus\nschedule:\n  - weekly: [di]\n    time: \"16:00-18:00\"\n"
        "image:\n  file: naehen.jpg\n  alt: Nähmaschinen auf einem Tisch\n---\n")
    assert (content / "quarters/lindenhof/images/naehen.jpg").read_bytes() == photo.read_bytes()
    assert _wait_for(content / OFFERS / "nahcafe-am-dienstag.ru.md") == (
        "---\ntitle: Кафе шитья\nsummary: Шьём, чиним и болтаем.\n---\n")
    assert _wait_for(content / OFFERS / "nahcafe-am-dienstag.ar.md") == "---\ntitle: مقهى الخياطة\n---\n"
    # languages nobody translated into get no empty file
    assert not (content / OFFERS / "nahcafe-am-dienstag.en.md").exists()
    assert main(["check", "--content", str(content), "--no-print", "--today", TODAY]) == 0
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "site"),
                 "--flyers", str(tmp_path / "flyers"), "--no-print", "--today", TODAY]) == 0
    page_ar = (tmp_path / "site" / "ar" / "lindenhof" / "nahcafe-am-dienstag" / "index.html")
    assert "مقهى الخياطة" in page_ar.read_text(encoding="utf-8")
    # nothing but the editor's own server was asked for anything (blob: is the photo's preview in memory)
    foreign = {r for r in requests if not r.startswith((url.removesuffix("admin/"), "blob:", "data:"))}
    assert requests and not foreign, sorted(foreign)
    context.close()


def test_editing_a_hand_written_offer_keeps_its_comments(browser, editor) -> None:
    url, content = editor
    target = content / OFFERS / "flohmarkt.md"
    before = target.read_text(encoding="utf-8")
    context, page, _ = _open(browser, url)
    page.goto(url + "#/collections/offers-lindenhof/entries/flohmarkt")
    left = page.locator(".Pane1")
    # the title, written by hand as a map of seven languages, shows its German text
    assert left.get_by_label("Titel").input_value() == "Flohmarkt auf dem Lindenhofer Markt"
    left.get_by_label("Titel").fill("Großer Flohmarkt auf dem Lindenhofer Markt")
    _publish(page)
    after = _wait_for(target, "Großer Flohmarkt")
    # comments (the yaml-language-server line too), the other languages and the order stay
    assert after.startswith("---\n# yaml-language-server: $schema=../../../../schemas/offer.schema.json\n"
                            "# Einzeltermine (dates) finden immer statt, auch an Feiertagen.\n")
    assert "  de: Großer Flohmarkt auf dem Lindenhofer Markt\n" in after
    assert after.replace("Großer Flohmarkt", "Flohmarkt") == before
    assert main(["check", "--content", str(content), "--no-print", "--today", TODAY]) == 0
    context.close()


def test_a_save_check_refuses_is_shown_in_german_and_nothing_changes(browser, editor) -> None:
    url, content = editor
    target = content / OFFERS / "flohmarkt.md"
    before = target.read_bytes()
    context, page, _ = _open(browser, url)
    page.goto(url + "#/collections/offers-lindenhof/entries/flohmarkt")
    left = page.locator(".Pane1")
    # a summary of 0 characters is refused by the form itself; an unknown place only by check
    left.get_by_label("Uhrzeit").first.fill("18:00-18:00")
    _publish(page, saved=False)
    page.get_by_text(re.compile("Nicht gespeichert")).first.wait_for()
    assert target.read_bytes() == before
    context.close()


def test_no_serious_axe_violations_in_the_offer_form(browser, editor) -> None:
    from axe_playwright_python.sync_playwright import Axe

    url, _ = editor
    context, page, _ = _open(browser, url)
    page.goto(url + "#/collections/offers-lindenhof/new")
    page.locator(".Pane1").get_by_label("Titel").wait_for()
    result = Axe().run(page, context={"include": [[".Pane1"]]},
                       options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                "resultTypes": ["violations"]})
    serious = [f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
               for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)
    context.close()


def test_a_place_news_and_deleting_an_offer_through_the_forms(browser, editor) -> None:
    url, content = editor
    quarter = content / "quarters/lindenhof"
    context, page, _ = _open(browser, url)
    left = _form(page, url, "#/collections/places-lindenhof/new", "Name")
    left.get_by_label("Name", exact=True).first.fill("Nähstube")
    left.get_by_label("Straße und Hausnummer").fill("Lindenstraße 3")
    left.get_by_label("PLZ").fill("45999")
    left.get_by_label("Ort", exact=True).fill("Kohlenberg")
    _publish(page)
    assert "postcode: \"45999\"\n" in _wait_for(quarter / "places/nahstube.yaml", "Kohlenberg")

    # the place select is made when the page loads: on a new load it offers the new place
    left = _form(page, url, "#/collections/offers-lindenhof/new")
    _fill_offer(page, left, "Nähen lernen", "Für alle, die es lernen wollen.",
                [("Zielgruppe", "Alle"), ("Thema", "Bildung"), ("Ort", "Nähstube")],
                ("Monatlich am", "jeden ersten Mittwoch", "18:00-20:00"))
    _publish(page)
    offer = _wait_for(quarter / "offers/nahen-lernen.md", "monthly")
    assert "place: nahstube\n" in offer and "  - monthly: first wed\n" in offer

    left = _form(page, url, "#/collections/news-lindenhof/new")
    left.get_by_label("Titel").fill("Nähstube eröffnet")
    left.get_by_label("Kurzbeschreibung").fill("Ab Januar in der Lindenstraße.")
    _publish(page)
    for _ in range(100):  # named after the day it is written on
        news = sorted((quarter / "news").glob("????-??-??-nahstube-eroffnet.md"))
        if news:
            break
        page.wait_for_timeout(100)
    assert news and _wait_for(news[0], "Lindenstraße").endswith("summary: Ab Januar in der Lindenstraße.\n---\n")
    assert main(["check", "--content", str(content), "--no-print", "--today", TODAY]) == 0

    _form(page, url, "#/collections/offers-lindenhof/entries/nahen-lernen")
    _delete(page, "offers-lindenhof", quarter / "offers", "nahen-lernen*")
    assert main(["check", "--content", str(content), "--no-print", "--today", TODAY]) == 0

    # the news post: edited, translated, then deleted with its translation
    slug = news[0].name.removesuffix(".md")
    left = _form(page, url, f"#/collections/news-lindenhof/entries/{slug}")
    left.get_by_label("Kurzbeschreibung").fill("Ab Januar in der Lindenstraße 3.")
    _locale(page, page.locator(".Pane2"), "en")
    page.locator(".Pane2").get_by_label("Titel").fill("Sewing room opens")
    _publish(page)
    assert _wait_for(news[0], "Lindenstraße 3.").endswith("summary: Ab Januar in der Lindenstraße 3.\n---\n")
    assert _wait_for(quarter / "news" / f"{slug}.en.md") == "---\ntitle: Sewing room opens\n---\n"
    _form(page, url, f"#/collections/news-lindenhof/entries/{slug}")
    _delete(page, "news-lindenhof", quarter / "news", f"{slug}*")

    # the place: edited, then deleted (no offer uses it any more)
    left = _form(page, url, "#/collections/places-lindenhof/entries/nahstube", "Name")
    left.get_by_label("Straße und Hausnummer").fill("Lindenstraße 5")
    _publish(page)
    _wait_for(quarter / "places/nahstube.yaml", "Lindenstraße 5")
    _form(page, url, "#/collections/places-lindenhof/entries/nahstube", "Name")
    _delete(page, "places-lindenhof", quarter / "places", "nahstube.yaml")
    assert main(["check", "--content", str(content), "--no-print", "--today", TODAY]) == 0
    context.close()


def test_a_place_in_use_is_not_deleted(browser, editor) -> None:
    url, content = editor
    place = content / "quarters/lindenhof/places/gemeindehaus.yaml"
    before = place.read_bytes()
    context, page, _ = _open(browser, url)
    _form(page, url, "#/collections/places-lindenhof/entries/gemeindehaus", "Name")
    page.get_by_role("button", name="Lösche Beitrag").click()
    page.get_by_text(re.compile("Nicht gelöscht")).first.wait_for()
    assert place.read_bytes() == before
    context.close()


def test_on_a_git_host_decap_reads_and_writes_main_files_named_with_the_default_language(
        browser, git_host_editor, tmp_path: Path) -> None:
    """Decap names the default language's file <offer>.de.md; renamed once, every offer is seen whole."""
    url, content = git_host_editor
    context, page, _ = _open(browser, url)
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text))
    page.goto(url + "#/collections/offers-lindenhof")
    names = sorted(p.name for p in (content / OFFERS).glob("*.de.md"))
    assert "flohmarkt.de.md" in names and not (content / OFFERS / "flohmarkt.md").exists()
    page.get_by_text("Flohmarkt auf dem Lindenhofer Markt").wait_for()
    assert page.locator("a[href*='/entries/']").count() == len(names)
    assert not [w for w in warnings if "default locale" in w], warnings

    left = _form(page, url, "#/collections/offers-lindenhof/entries/flohmarkt")
    assert left.get_by_label("Titel").input_value() == "Flohmarkt auf dem Lindenhofer Markt"
    left.get_by_label("Titel").fill("Großer Flohmarkt auf dem Lindenhofer Markt")
    _publish(page)
    after = _wait_for(content / OFFERS / "flohmarkt.de.md", "Großer Flohmarkt")
    assert after.startswith("---\n# yaml-language-server: $schema=../../../../schemas/offer.schema.json\n")
    assert not (content / OFFERS / "flohmarkt.md").exists()

    left = _form(page, url, "#/collections/offers-lindenhof/new")
    right = page.locator(".Pane2")
    _fill_offer(page, left, "Strickkreis", "Stricken und reden.",
                [("Zielgruppe", "Alle"), ("Thema", "Treffpunkt"), ("Ort", "Gemeindehaus")],
                ("Wöchentlich an", "Donnerstag", "10:00-12:00"))
    _locale(page, right, "ru")
    right.get_by_label("Titel").fill("Кружок вязания")
    _publish(page)
    assert "  - weekly: [do]\n" in _wait_for(content / OFFERS / "strickkreis.de.md", "schedule")
    assert _wait_for(content / OFFERS / "strickkreis.ru.md") == "---\ntitle: Кружок вязания\n---\n"
    assert not (content / OFFERS / "strickkreis.md").exists()
    assert main(["check", "--content", str(content), "--no-print", "--today", TODAY]) == 0
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "site"),
                 "--flyers", str(tmp_path / "flyers"), "--no-print", "--today", TODAY]) == 0
    assert "Кружок вязания" in (tmp_path / "site/ru/lindenhof/strickkreis/index.html").read_text(encoding="utf-8")
    assert "Großer Flohmarkt" in (tmp_path / "site/de/lindenhof/flohmarkt/index.html").read_text(encoding="utf-8")
    context.close()


def test_deleting_a_published_offer_keeps_its_printed_address(browser, editor, tmp_path: Path) -> None:
    """The flea market's QR code is on printed flyers: after the deletion it says the offer has ended."""
    url, content = editor
    context, page, _ = _open(browser, url)
    _form(page, url, "#/collections/offers-lindenhof/entries/flohmarkt")
    _delete(page, "offers-lindenhof", content / OFFERS, "flohmarkt*")
    quarter = (content / "quarters/lindenhof/quarter.yaml").read_text(encoding="utf-8")
    assert quarter.endswith("removed_offers:\n  - flohmarkt\n")
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "site"),
                 "--flyers", str(tmp_path / "flyers"), "--no-print", "--today", TODAY]) == 0
    gone = (tmp_path / "site/de/lindenhof/flohmarkt/index.html").read_text(encoding="utf-8")
    assert "<h1>Dieses Angebot gibt es nicht mehr</h1>" in gone
    context.close()


def test_on_a_phone_the_form_fits_and_a_translation_is_below_it(browser, editor) -> None:
    """390 px wide: nothing scrolls sideways, "Veröffentlichen" is on screen, the second language
    follows the German fields and takes Arabic right to left."""
    url, content = editor
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Login").click()
    page.get_by_text("lindenhof: Angebote").first.wait_for()
    page.goto(url + "#/collections/offers-lindenhof/entries/flohmarkt")
    left, right = page.locator(".Pane1"), page.locator(".Pane2")
    left.get_by_label("Titel").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    publish = page.get_by_role("button", name="Veröffentlichen").bounding_box()
    assert publish and publish["x"] >= 0 and publish["x"] + publish["width"] <= 390
    assert right.bounding_box()["y"] > left.bounding_box()["y"] + left.bounding_box()["height"] - 1
    _locale(page, right, "ar")
    arabic = right.get_by_label("Titel")
    arabic.fill("سوق البضائع المستعملة")
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert arabic.bounding_box()["x"] >= 0 and arabic.bounding_box()["x"] + arabic.bounding_box()["width"] <= 390
    _publish(page)
    assert "title: سوق البضائع المستعملة" in _wait_for(content / OFFERS / "flohmarkt.ar.md", "سوق")
    context.close()
