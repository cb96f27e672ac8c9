"""The offers as HSDS 3 open data: valid against Open Referral's published schemas, with stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from qb_support import SAMPLE

from quartierboards.content.loader import load_site

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "hsds"


def _validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _ref(service: dict) -> str:
    """``quarter/offer`` of a service, from its page address (…/de/<quarter>/<offer>/)."""
    return "/".join(service["url"].rstrip("/").split("/")[-2:])


def _data(sample_build, name: str) -> list[dict]:
    return json.loads(sample_build.files[f"data/hsds/{name}.json"])


@pytest.mark.parametrize(("name", "schema"), [("services", "service"), ("organizations", "organization")])
def test_the_sample_citys_export_validates_against_hsds_3(sample_build, name: str, schema: str) -> None:
    validator = _validator(schema)
    items = _data(sample_build, name)
    assert items
    errors = [f"{item.get('name')}: {e.message}" for item in items for e in validator.iter_errors(item)]
    assert errors == []


def test_every_offer_is_a_service_with_its_schedule_place_and_ages(sample_build) -> None:
    services = {_ref(s): s for s in _data(sample_build, "services")}
    site = load_site(SAMPLE)
    assert sorted(services) == sorted(o.ref for q in site.quarters.values() for o in q.offers.values())
    homework = services["nordstadt/hausaufgabenhilfe"]
    assert (homework["minimum_age"], homework["maximum_age"]) == (6, 12)
    assert homework["organization"]["name"] == "Diakonie Kohlenberg"
    [weekly] = [s for s in homework["schedules"] if s["freq"] == "WEEKLY"]
    assert weekly["byday"] and weekly["opens_at"] < weekly["closes_at"] and weekly["timezone"] == 1.0
    place = homework["service_at_locations"][0]["location"]
    assert place["addresses"][0]["country"] == "DE" and place["addresses"][0]["state_province"] == "NW"
    monthly = [s for svc in services.values() for s in svc["schedules"] if s["freq"] == "MONTHLY"]
    assert monthly and all(s["byday"][:-2].lstrip("-").isdigit() for s in monthly)  # "1WE", "-1SU"


def test_ids_are_stable_and_a_renamed_offer_keeps_its_id(sample_build, tmp_path) -> None:
    import shutil

    from qb_support import TODAY, build_args, cli

    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    first = {_ref(s): s["id"] for s in _data(sample_build, "services")}
    old = content / "quarters/nordstadt/offers/naehcafe.md"
    text = old.read_text(encoding="utf-8")
    old.unlink()
    (old.parent / "naehtreff.md").write_text(text.replace("---\n", "---\naliases: [naehcafe]\n", 1), encoding="utf-8")
    run = cli(*build_args(content, tmp_path / "site", TODAY, keep=True))
    assert run.code == 0, run.err
    again = json.loads((tmp_path / "site/output/data/hsds/services.json").read_bytes())
    ids = {_ref(s): s["id"] for s in again}
    assert ids["nordstadt/naehtreff"] == first["nordstadt/naehcafe"]
    assert ids["nordstadt/sprachcafe"] == first["nordstadt/sprachcafe"]
    assert len(set(ids.values())) == len(ids)  # unique


def test_the_tabular_form_has_hsds_tables_and_columns(sample_build) -> None:
    import csv
    import io

    schema = json.loads((SCHEMAS / "service.json").read_text(encoding="utf-8"))
    services = _data(sample_build, "services")
    table = list(csv.DictReader(io.StringIO(sample_build.files["data/hsds/services.csv"].decode())))
    assert [r["id"] for r in table] == [s["id"] for s in services]
    scalar = [k for k, v in schema["properties"].items() if v.get("type") not in ("array", "object")]
    assert list(table[0]) == scalar  # the specification's columns, in its order
    schedules = list(csv.DictReader(io.StringIO(sample_build.files["data/hsds/schedules.csv"].decode())))
    assert len(schedules) == sum(len(s["schedules"]) for s in services)
    assert {r["service_id"] for r in schedules} <= {s["id"] for s in services}
    package = json.loads(sample_build.files["data/hsds/datapackage.json"])
    paths = {r["path"] for r in package["resources"]}
    assert {"services.csv", "locations.csv", "service_at_location.csv", "taxonomy_terms.csv"} <= paths
    assert all(f"data/hsds/{p}" in sample_build.files for p in paths)


def test_category_and_audience_are_attributes_of_our_taxonomy(sample_build) -> None:
    homework = next(s for s in _data(sample_build, "services") if _ref(s) == "nordstadt/hausaufgabenhilfe")
    terms = {(a["link_type"], a["taxonomy_term"]["code"]) for a in homework["attributes"]}
    assert terms == {("category", "education"), ("audience", "children")}


def _typed(value: str, kind: str | None) -> object:
    """A CSV cell as the type the table schema names (CSV holds text only)."""
    if kind == "number":
        return float(value)
    if kind == "integer":
        return int(value)
    return value


def test_the_tables_validate_against_hsds_3s_tabular_schema(sample_build) -> None:
    import csv
    import io

    schema = json.loads((SCHEMAS / "tabular.json").read_text(encoding="utf-8"))
    document: dict[str, list[dict]] = {}
    for table, spec in schema["properties"].items():
        path = f"data/hsds/{spec['items']['path']}"
        if path not in sample_build.files:
            continue
        types = {k: v.get("type") for k, v in spec["items"]["properties"].items()}
        reader = csv.DictReader(io.StringIO(sample_build.files[path].decode("utf-8")))
        document[table] = [{k: _typed(v, types.get(k)) for k, v in row.items() if v != ""} for row in reader]
    assert {"organization", "service", "location", "schedule", "attribute", "taxonomy_term"} <= set(document)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)] == []
