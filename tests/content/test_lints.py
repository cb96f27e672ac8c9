"""Content lints: warnings for content that validates but is probably a mistake."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from lint_support import SAMPLE, SAMPLE_WARNINGS, TODAY, copy_sample, edit, warnings

from quartierboards.commands.new import OFFER, PLACE, QUARTER
from quartierboards.content.lints import PLACEHOLDERS
from quartierboards.content.loader import load_site
from quartierboards.schedule.lints import site_warnings


def test_the_sample_city_warns_only_about_its_example_address_and_its_past_lantern_walk() -> None:
    found = [w.format().split("\n")[0] for w in site_warnings(load_site(SAMPLE), SAMPLE, TODAY)]
    assert found == SAMPLE_WARNINGS
    assert all(w.severity == "warning" for w in site_warnings(load_site(SAMPLE), SAMPLE, TODAY))


def test_a_value_cut_by_a_hash_is_reported_with_the_quoted_fix(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    offer = root / "quarters/nordstadt/offers/sprachcafe.md"
    edit(offer, "  de: Sprachcafé\n", "  de: Treff #1 im Haus\n")
    found = site_warnings(load_site(root), root, TODAY)
    cut = [w for w in found if "sprachcafe.md" in w.location.path]
    assert [w.format() for w in cut] == [
        "content/quarters/nordstadt/offers/sprachcafe.md:5:13: the text ends at '#': YAML reads 'Treff' and "
        "drops the rest as a comment\n    Put the value in quotes: \"Treff #1 im Haus\""]


def test_real_comments_after_keys_quoted_values_and_wide_gaps_are_fine(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    offer = root / "quarters/nordstadt/offers/sprachcafe.md"
    edit(offer, "  de: Sprachcafé\n", "  de: \"Treff #1 im Haus\"  # mit Nummer\n")
    edit(offer, "schedule:\n  - weekly: wed\n", "schedule: # jede Woche\n  - weekly: wed   # mittwochs\n")
    assert warnings(root) == []


def test_placeholders_of_new_files_are_reported(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    folder = root / "quarters/neu"
    (folder / "places").mkdir(parents=True)
    (folder / "offers").mkdir()
    (folder / "quarter.yaml").write_text(QUARTER.format(title="Neu", place="buero"), encoding="utf-8")
    (folder / "places/buero.yaml").write_text(PLACE.format(title="Büro"), encoding="utf-8")
    (folder / "offers/treff.md").write_text(OFFER.format(title="Treff", place="buero"), encoding="utf-8")
    found = warnings(root)
    assert "content/quarters/neu/quarter.yaml:14:11: 'Vorname Nachname' is the example text of a new file" in found
    assert "content/quarters/neu/places/buero.yaml:5:11: 'Musterstraße 1' is the example text of a new file" in found
    assert any(w.startswith("content/quarters/neu/offers/treff.md:28:1: 'Hier steht") for w in found)
    # every placeholder the lint knows is in a starter file
    assert all(p in QUARTER + PLACE + OFFER for p in PLACEHOLDERS)


def test_an_empty_translation_file_is_reported(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    (root / "quarters/nordstadt/offers/sprachcafe.tr.md").write_text("---\n---\n\n", encoding="utf-8")
    assert warnings(root) == ["content/quarters/nordstadt/offers/sprachcafe.tr.md:1:1: the translation file is empty"]


def test_a_missing_local_image_or_link_is_reported(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(root / "quarters/nordstadt/offers/sprachcafe.md", "---\nIm Sprachcafé",
         "---\n![Lageplan](lageplan.png) und [Anmeldung](anmeldung.pdf) oder [Web](https://example.de/)\n"
         "Im Sprachcafé")
    assert warnings(root) == [
        "content/quarters/nordstadt/offers/sprachcafe.md:44:1: image 'lageplan.png' not found; "
        "the page shows its description instead",
        "content/quarters/nordstadt/offers/sprachcafe.md:44:31: link to 'anmeldung.pdf', which does not exist"]


def test_base_url_on_an_example_host_is_reported_and_a_real_one_is_not(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    site = root / "site.yaml"
    edit(site, "base_url: https://quartiere.example.org/", "base_url: https://quartiere.kohlenberg.de/")
    found = [w.format() for w in site_warnings(load_site(root), root, TODAY)]
    assert not any("base_url" in w for w in found)
    edit(site, "base_url: https://quartiere.kohlenberg.de/", "base_url: http://localhost:8000/")
    found = [w.format().split("\n")[0] for w in site_warnings(load_site(root), root, TODAY)]
    assert "content/site.yaml:12:11: base_url 'http://localhost:8000/' is an example address; " \
           "QR codes and links would lead nowhere" in found


def test_a_contact_without_phone_and_email_is_reported(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "quarters/nordstadt/quarter.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("contacts:")
    lines = text[start:].split("\n")
    kept = [line for line in lines[:12] if not line.lstrip().startswith(("phone:", "email:"))]
    path.write_text(text[:start] + "\n".join(kept + lines[12:]), encoding="utf-8")
    found = warnings(root)
    assert len(found) >= 1 and all("has neither phone nor email" in w for w in found)
    assert found[0].startswith("content/quarters/nordstadt/quarter.yaml:")


def test_a_copied_offer_is_reported_on_the_copy(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    offers = root / "quarters/nordstadt/offers"
    shutil.copy(offers / "sprachcafe.md", offers / "sprachcafe-kopie.md")
    assert warnings(root) == ["content/quarters/nordstadt/offers/sprachcafe-kopie.md:4:1: same title and schedule "
                              "as sprachcafe.md: the offer shows twice"]


def test_news_older_than_a_year_is_reported(tmp_path) -> None:
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    news = root / "quarters/nordstadt/news/2026-10-19-richtfest-haus-der-begegnung.md"
    news.write_text(news.read_text(encoding="utf-8").replace("---\n", "---\nuntil: 2028-12-31\n", 1), encoding="utf-8")
    found = [w.format().split("\n")[0] for w in site_warnings(load_site(root), root, dt.date(2027, 11, 30))]
    assert ("content/quarters/nordstadt/news/2026-10-19-richtfest-haus-der-begegnung.md:2:8: "
            "this news is more than a year old and still on the board") in found
    # Without 'until' an old post has left the board by itself (freshness.news_months): nothing to say.
    untouched = [w.format() for w in site_warnings(load_site(SAMPLE), SAMPLE, dt.date(2027, 11, 30))]
    assert not any("more than a year old" in w for w in untouched)


def test_a_check_older_than_the_site_allows_is_reported(tmp_path) -> None:
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    found = [w.format().split("\n")[0] for w in site_warnings(load_site(root), root, dt.date(2027, 12, 1))]
    assert any(w.startswith("content/quarters/nordstadt/offers/hausaufgabenhilfe.md:") and
               "last checked on 2026-11-16, more than 12 months ago" in w for w in found), found
    assert not any("last checked" in w for w in
                   (x.format() for x in site_warnings(load_site(root), root, dt.date(2026, 11, 30))))
