"""The editor's local backend: Decap's proxy protocol over a copy of the sample city."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from pathlib import Path

import pytest

from quartierboards.commands.cms import build_config, check_paths, site_facts
from quartierboards.commands.cms_http import make_handler
from quartierboards.commands.cms_server import BackendError, LocalBackend
from quartierboards.commands.preview_http import PreviewServer

SAMPLE = Path(__file__).resolve().parents[2] / "content"
OFFERS = "content/quarters/lindenhof/offers"


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    languages, default, quarters, places = site_facts(content)
    config = build_config(quarters, languages, default, places)
    return LocalBackend(content, config, languages, default, check_paths(content))


def _save(backend: LocalBackend, path: str, raw: str) -> None:
    backend.handle("persistEntry", {"entry": {"path": path, "raw": raw}, "assets": []})


NEW = """---
title: Strickcafé
summary: Stricken und reden.
audience:
  - seniors
category: meeting
place: begegnungsstaette
cost: ""
schedule:
  - weekly:
      - di
    time: 15:00-17:00
---
Wolle ist da.
"""


def test_info_and_listing(backend: LocalBackend) -> None:
    assert backend.handle("info", {})["type"] == "local_fs"
    entries = backend.handle("entriesByFolder", {"folder": OFFERS, "extension": "md", "depth": 1})
    paths = {e["file"]["path"] for e in entries}
    # Decap's multiple_files wants <offer>.<default>.md: the backend shows <offer>.md so
    assert f"{OFFERS}/flohmarkt.de.md" in paths and f"{OFFERS}/sprachcafe.ru.md" in paths
    assert f"{OFFERS}/flohmarkt.md" not in paths
    # a text written as a map of languages shows its default language in the form
    flohmarkt = next(e for e in entries if e["file"]["path"] == f"{OFFERS}/flohmarkt.de.md")["data"]
    assert "title: Flohmarkt auf dem Lindenhofer Markt" in flohmarkt


def test_a_new_offer_is_written_in_our_format_and_checked(backend: LocalBackend) -> None:
    _save(backend, f"{OFFERS}/strickcafe.de.md", NEW)
    _save(backend, f"{OFFERS}/strickcafe.ru.md", "---\ntitle: Вязальное кафе\naudience: [seniors]\n---\nПряжа есть.\n")
    text = (backend.content / "quarters/lindenhof/offers/strickcafe.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../../../../schemas/offer.schema.json\n")
    assert 'time: "15:00-17:00"' in text and "weekly: [di]" in text and "cost" not in text
    ru = (backend.content / "quarters/lindenhof/offers/strickcafe.ru.md").read_text(encoding="utf-8")
    assert ru == "---\ntitle: Вязальное кафе\n---\nПряжа есть.\n"  # only what a translation may hold
    assert check_paths(backend.content)([f"{OFFERS}/strickcafe.md", f"{OFFERS}/strickcafe.ru.md"]) == []


def test_a_save_with_errors_is_refused_and_nothing_changes(backend: LocalBackend) -> None:
    target = backend.content / "quarters/lindenhof/offers/flohmarkt.md"
    before = target.read_bytes()
    shown = backend.handle("getEntry", {"path": f"{OFFERS}/flohmarkt.md"})["data"]
    with pytest.raises(BackendError) as caught:
        _save(backend, f"{OFFERS}/flohmarkt.md", shown.replace("place: marktplatz", "place: nirgendwo"))
    assert "Nicht gespeichert" in str(caught.value) and "flohmarkt.md:" in str(caught.value)
    assert target.read_bytes() == before
    with pytest.raises(BackendError):
        _save(backend, f"{OFFERS}/kaputt.md", NEW.replace("begegnungsstaette", "nirgendwo"))
    assert not (backend.content / "quarters/lindenhof/offers/kaputt.md").exists()


def test_editing_a_hand_written_file_keeps_comments_and_translations(backend: LocalBackend) -> None:
    target = backend.content / "quarters/lindenhof/offers/flohmarkt.md"
    shown = backend.handle("getEntry", {"path": f"{OFFERS}/flohmarkt.md"})["data"]
    _save(backend, f"{OFFERS}/flohmarkt.md",
          shown.replace("Flohmarkt auf dem Lindenhofer Markt", "Großer Flohmarkt"))
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../../../../schemas/offer.schema.json\n"
                           "# Einzeltermine (dates) finden immer statt, auch an Feiertagen.\n")
    assert "  de: Großer Flohmarkt\n" in text and "  ar: سوق المستعمل في ساحة سوق ليندنهوف\n" in text


@pytest.mark.parametrize("path", ["content/../x.md", "/etc/passwd", "site.yaml", "content/quarters/\x00.md"])
def test_paths_outside_the_content_are_refused(backend: LocalBackend, path: str) -> None:
    with pytest.raises(BackendError):
        backend.handle("getEntry", {"path": path})
    with pytest.raises(BackendError):
        _save(backend, path, "---\ntitle: x\n---\n")


def test_http_refuses_foreign_origins_hosts_and_non_json(backend: LocalBackend, tmp_path: Path) -> None:
    admin = tmp_path / "admin"
    admin.mkdir()
    (admin / "index.html").write_text("<!doctype html>", encoding="utf-8")
    server = PreviewServer(("127.0.0.1", 0), make_handler(backend, admin, lambda host: b"{}"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"

    def post(headers: dict[str, str]) -> int:
        request = urllib.request.Request(url + "/api/v1", data=json.dumps({"action": "info"}).encode(),
                                         headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        assert post({"Content-Type": "application/json"}) == 200
        assert post({"Content-Type": "application/json", "Origin": url}) == 200
        assert post({"Content-Type": "application/json", "Origin": "https://evil.example"}) == 403
        assert post({"Content-Type": "text/plain"}) == 403
        assert post({"Content-Type": "application/json", "Host": "evil.example"}) == 403
        with urllib.request.urlopen(url + "/admin/") as response:
            assert response.read() == b"<!doctype html>"
    finally:
        server.shutdown()
        server.server_close()


def test_a_field_the_form_hides_is_never_removed(backend: LocalBackend) -> None:
    quarter = backend.content / "quarters/lindenhof/quarter.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8") + "print:\n  quantities: {flyer: 300}  # Druckerei\n",
                       encoding="utf-8")
    shown = backend.handle("getEntry", {"path": "content/quarters/lindenhof/quarter.yaml"})["data"]
    saved = shown.split("print:")[0].replace("name: Lindenhof", "name: Lindenhof-Mitte", 1)
    backend.handle("persistEntry", {"entry": {"path": "content/quarters/lindenhof/quarter.yaml", "raw": saved},
                                    "assets": []})
    text = quarter.read_text(encoding="utf-8")
    assert "quantities: {flyer: 300}  # Druckerei" in text


def test_deleting_a_published_offer_keeps_its_address_leading_somewhere(backend: LocalBackend) -> None:
    """A printed QR code of the offer must not end in "not found": the quarter lists it as removed."""
    quarter = backend.content / "quarters/nordstadt/quarter.yaml"
    before = quarter.read_text(encoding="utf-8")
    paths = [f"content/quarters/nordstadt/offers/sprachcafe.{lang}.md" for lang in ("de", "ru", "ar", "en")]
    backend.handle("deleteFiles", {"paths": paths})
    assert not list((backend.content / "quarters/nordstadt/offers").glob("sprachcafe*"))
    after = quarter.read_text(encoding="utf-8")
    # out of the highlights, under removed_offers; every other line as it was (comments too)
    assert "highlights: [nachbarschaftscafe, jugendtreff]\n" in after
    assert "removed_offers: [spieletreff, sprachcafe]\n" in after
    assert after.replace("highlights: [nachbarschaftscafe, jugendtreff]\n",
                         "highlights: [nachbarschaftscafe, sprachcafe, jugendtreff]\n").replace(
        "removed_offers: [spieletreff, sprachcafe]\n", "removed_offers: [spieletreff]\n") == before


def test_deleting_an_offer_never_published_changes_nothing_else(backend: LocalBackend) -> None:
    _save(backend, f"{OFFERS}/strickcafe.de.md", NEW)
    quarter = backend.content / "quarters/lindenhof/quarter.yaml"
    before = quarter.read_bytes()
    backend.handle("deleteFile", {"path": f"{OFFERS}/strickcafe.de.md"})
    assert not (backend.content / "quarters/lindenhof/offers/strickcafe.md").exists()
    assert quarter.read_bytes() == before


def test_deleting_a_place_still_in_use_is_refused_and_nothing_changes(backend: LocalBackend) -> None:
    place = backend.content / "quarters/lindenhof/places/gemeindehaus.yaml"
    before = place.read_bytes()
    with pytest.raises(BackendError) as refused:
        backend.handle("deleteFile", {"path": "content/quarters/lindenhof/places/gemeindehaus.yaml"})
    assert "Nicht gelöscht" in refused.value.args[0]
    assert "repair-cafe.md" in refused.value.args[0]
    assert place.read_bytes() == before
