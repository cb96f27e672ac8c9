"""HSDS 3's tabular form: the compiled services as one CSV file per table, linked by ids.

HSDS publishes both forms of the same data: nested JSON (``services.json``) and a
data package of CSV tables (``services.csv``, ``locations.csv``, ``schedules.csv``, …)
for spreadsheets and databases. The table names and the order of their columns are the
ones Open Referral's compiled schemas name (their ``path`` and property order); a column
we have no value for stays empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

# Each table of HSDS 3 that our export fills, with its columns in the specification's order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations.csv": ("id", "name", "alternate_name", "description", "email", "website", "tax_status",
                          "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"),
    "services.csv": ("id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
                     "email", "status", "interpretation_services", "application_process", "fees_description",
                     "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age",
                     "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified"),
    "locations.csv": ("id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
                      "transportation", "latitude", "longitude", "external_identifier",
                      "external_identifier_type"),
    "service_at_location.csv": ("id", "service_id", "location_id", "description"),
    "addresses.csv": ("id", "location_id", "attention", "address_1", "address_2", "city", "region",
                      "state_province", "postal_code", "country", "address_type"),
    "accessibility.csv": ("id", "location_id", "description", "details", "url"),
    "phones.csv": ("id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
                   "number", "extension", "type", "description"),
    "schedules.csv": ("id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
                      "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno",
                      "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link",
                      "attending_type", "notes"),
    "attributes.csv": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    "taxonomy_terms.csv": ("id", "code", "name", "description", "parent_id", "taxonomy", "language",
                           "taxonomy_id", "term_uri"),
    "taxonomies.csv": ("id", "name", "description", "uri", "version"),
}


def _rows(services: list[dict[str, Any]], organizations: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, each object once (by id), in the order the services name them."""
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in COLUMNS}

    def add(table: str, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            tables[table].setdefault(item["id"], item)

    add("organizations.csv", organizations)
    for service in services:
        add("services.csv", [service])
        add("schedules.csv", service.get("schedules", []))
        for attribute in service.get("attributes", []):
            add("attributes.csv", [attribute])
            term = attribute["taxonomy_term"]
            add("taxonomy_terms.csv", [term])
            add("taxonomies.csv", [term["taxonomy_detail"]] if "taxonomy_detail" in term else [])
        for link in service.get("service_at_locations", []):
            add("service_at_location.csv", [link])
            location = link["location"]
            add("locations.csv", [location])
            add("addresses.csv", location.get("addresses", []))
            add("accessibility.csv", location.get("accessibility", []))
            add("phones.csv", location.get("phones", []))
    return {name: list(found.values()) for name, found in tables.items()}


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return out.getvalue().encode("utf-8")


def tabular_files(services: list[dict[str, Any]], organizations: list[dict[str, Any]]) -> dict[str, bytes]:
    """The CSV tables (file name → bytes) of *services* and *organizations*."""
    return {name: _csv(COLUMNS[name], rows) for name, rows in _rows(services, organizations).items()}


def read_tables(files: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The compiled services and organizations of CSV tables (file name → text): the reverse of :func:`tabular_files`.

    Columns come back as text ("1" for an interval); empty cells are left out.
    """
    tables = {name: [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(io.StringIO(text))]
              for name, text in files.items()}
    by_id = {name: {row["id"]: row for row in rows} for name, rows in tables.items()}
    organizations = tables.get("organizations.csv", [])
    services = []
    for row in tables.get("services.csv", []):
        service = dict(row)
        sid = service["id"]
        if service.get("organization_id") in by_id.get("organizations.csv", {}):
            service["organization"] = by_id["organizations.csv"][service["organization_id"]]
        service["schedules"] = [s for s in tables.get("schedules.csv", []) if s.get("service_id") == sid]
        service["attributes"] = [
            {**a, "taxonomy_term": by_id.get("taxonomy_terms.csv", {}).get(a.get("taxonomy_term_id", ""), {})}
            for a in tables.get("attributes.csv", []) if a.get("link_id") == sid]
        links = []
        for link in tables.get("service_at_location.csv", []):
            if link.get("service_id") != sid:
                continue
            location = dict(by_id.get("locations.csv", {}).get(link.get("location_id", ""), {}))
            lid = location.get("id")
            location["addresses"] = [a for a in tables.get("addresses.csv", []) if a.get("location_id") == lid]
            location["accessibility"] = [a for a in tables.get("accessibility.csv", [])
                                         if a.get("location_id") == lid]
            location["phones"] = [p for p in tables.get("phones.csv", []) if p.get("location_id") == lid]
            links.append({**link, "location": location})
        service["service_at_locations"] = links
        services.append(service)
    return services, organizations
