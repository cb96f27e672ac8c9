"""``import hsds``: an HSDS 3 package becomes content files; our own export comes back unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from qb_support import SAMPLE, build_args, cli

from quartierboards.content.loader import load_site


def _export(folder: Path) -> dict[str, bytes]:
    hsds = folder / "output/data/hsds"
    return {p.name: p.read_bytes() for p in hsds.iterdir()}


@pytest.mark.parametrize("form", ["json", "csv"])
def test_export_import_export_gives_the_same_services(sample_build, tmp_path: Path, form: str) -> None:
    package = tmp_path / "package"
    package.mkdir()
    for name, data in sample_build.files.items():
        if name.startswith("data/hsds/") and name.endswith(".csv" if form == "csv" else ".json"):
            (package / name.rsplit("/", 1)[1]).write_bytes(data)
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SAMPLE / "site.yaml", content / "site.yaml")

    run = cli("import", "hsds", package, "--content", content)
    assert run.code == 0, run.err
    assert "0 notes" in run.out or "0 Hinweise" in run.out, run.out
    site = load_site(content)  # valid content
    assert sum(len(q.offers) for q in site.quarters.values()) == 49

    built = cli(*build_args(content, tmp_path / "site", keep=True))
    assert built.code == 0, built.err
    again = _export(tmp_path / "site")
    assert again["services.json"] == sample_build.files["data/hsds/services.json"]
    for name in ("services.csv", "schedules.csv", "locations.csv", "attributes.csv"):
        assert again[name] == sample_build.files[f"data/hsds/{name}"], name


FOREIGN = {
    "id": "0a1b2c3d-0000-4000-8000-000000000001",
    "name": "Offene Sprechstunde Pflege",
    "description": "Beratung rund um Pflege zu Hause.",
    "url": "https://pflege.example.net/sprechstunde",
    "email": "pflege@example.net",
    "phones": [{"id": "0a1b2c3d-0000-4000-8000-000000000009", "number": "+49 2041 555-0101"}],
    "organization": {"id": "0a1b2c3d-0000-4000-8000-000000000002", "name": "Pflegestützpunkt",
                     "website": "https://pflege.example.net/"},
    "schedules": [
        {"id": "0a1b2c3d-0000-4000-8000-000000000003", "freq": "WEEKLY", "byday": "TU,TH",
         "opens_at": "09:00", "closes_at": "12:00", "valid_from": "2027-01-05"},
        {"id": "0a1b2c3d-0000-4000-8000-000000000004", "freq": "MONTHLY", "bymonthday": "15",
         "opens_at": "14:00:00", "closes_at": "16:00:00"},
        {"id": "0a1b2c3d-0000-4000-8000-000000000005", "description": "nach Vereinbarung"},
    ],
    "service_at_locations": [{"id": "0a1b2c3d-0000-4000-8000-000000000006", "location": {
        "id": "0a1b2c3d-0000-4000-8000-000000000007", "location_type": "physical", "name": "Rathaus Süd",
        "addresses": [{"id": "0a1b2c3d-0000-4000-8000-000000000008", "address_1": "Marktplatz 1",
                       "city": "Kohlenberg", "postal_code": "45999", "country": "DE"}]}}],
}


def test_a_foreign_directory_maps_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "services.json").write_text(json.dumps([FOREIGN]), encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SAMPLE / "site.yaml", content / "site.yaml")

    without = cli("--lang", "en", "import", "hsds", package, "--content", content)
    assert "no quarter; give one with --quarter" in without.out

    run = cli("--lang", "en", "import", "hsds", package, "--content", content, "--quarter", "suedstadt")
    assert run.code == 0, run.err
    assert "no topic; set to 'meeting'" in run.out
    assert "a schedule without opening and closing time was left out" in run.out
    site = load_site(content)
    offer = site.quarters["suedstadt"].offers["offene-sprechstunde-pflege"]
    d = offer.data
    assert d.id == FOREIGN["id"] and d.category == "meeting" and d.audience == ["everyone"]
    assert d.organizer is not None and d.organizer.website == "https://pflege.example.net/"
    assert "+49 2041 555-0101" in str(d.contact) and "pflege@example.net" in str(d.contact)
    weekly, monthly = d.schedule or []
    assert weekly.weekly == [1, 3] and str(weekly.from_) == "2027-01-05"
    assert monthly.rrule == "FREQ=MONTHLY;BYMONTHDAY=15"
    place = site.place(offer.place_ref)
    assert place is not None and place.data.address.street == "Marktplatz 1"
    assert place.data.id == "0a1b2c3d-0000-4000-8000-000000000007"


def test_existing_files_are_kept_unless_overwrite(tmp_path: Path) -> None:
    package = tmp_path / "package"
    package.mkdir()
    (package / "services.json").write_text(json.dumps([FOREIGN]), encoding="utf-8")
    content = tmp_path / "content"
    target = content / "quarters/suedstadt/offers/offene-sprechstunde-pflege.md"
    target.parent.mkdir(parents=True)
    target.write_text("mine", encoding="utf-8")
    cli("import", "hsds", package, "--content", content, "--quarter", "suedstadt")
    assert target.read_text(encoding="utf-8") == "mine"
    cli("import", "hsds", package, "--content", content, "--quarter", "suedstadt", "--overwrite")
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: Offene Sprechstunde Pflege")


def test_a_folder_without_a_package_is_a_clear_error(tmp_path: Path) -> None:
    run = cli("--lang", "en", "import", "hsds", tmp_path, "--content", tmp_path / "content")
    assert run.code == 1 and "no HSDS package here" in run.err
