"""``quartierboards import hsds DIR``: content files from an HSDS 3 data package.

A city that keeps a directory of its services already starts from it: each HSDS
``service`` becomes an offer (``quarters/<quarter>/offers/<offer>.md``), each location a
place, schedules become schedule entries, contacts and phones the offer's contact text.
What our content cannot say is listed in a report instead of being dropped silently.
The package may be compiled JSON (``services.json``) or the tabular form (``services.csv``
and its tables). Our own export comes back as it went out: same ids, same services.

Nothing existing is overwritten unless asked (``--overwrite``); files are written as
commented YAML an editor can read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from quartierboards.content.models import AUDIENCES, CATEGORIES
from quartierboards.i18n.messages import tr
from quartierboards.render.hsds import ACCESS, NOT_ON, TAXONOMY
from quartierboards.render.hsds_tables import COLUMNS, read_tables

_DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
_BYDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_NTH = re.compile(r"^(-?\d)([A-Z]{2})$")
_STOP = re.compile(r"^(?P<stop>[^(]+?)(?: \((?P<lines>[^)]*)\))?$")
DEFAULT_CATEGORY = "meeting"
DEFAULT_AUDIENCE = "everyone"


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``import hsds`` to the command line."""
    p = sub.add_parser("import", help="make content files from another directory's data")
    kinds = p.add_subparsers(dest="kind", metavar="FORMAT", required=True)
    h = kinds.add_parser("hsds", help="an HSDS 3 data package (services.json or services.csv and its tables)")
    h.add_argument("source", type=Path, metavar="DIR", help="folder with the HSDS package")
    h.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    h.add_argument("--quarter", help="quarter for services whose address names none (folder name, e.g. nordstadt)")
    h.add_argument("--overwrite", action="store_true", help="replace files that exist already")
    h.set_defaults(func=run)


@dataclass
class Imported:
    """What an import makes: content files (path below the content folder → text) and what it could not map."""

    files: dict[str, str] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)


def slugify(text: str) -> str:
    """A page name of *text*: ``Café Lindenhof`` → ``cafe-lindenhof`` (umlauts as ae, oe, ue, ss)."""
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "angebot"


def read_package(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The compiled services and organizations of the package in *folder* (JSON, else CSV tables)."""
    if (folder / "services.json").is_file():
        services = orjson.loads((folder / "services.json").read_bytes())
        orgs_file = folder / "organizations.json"
        organizations = orjson.loads(orgs_file.read_bytes()) if orgs_file.is_file() else []
        return services, organizations
    if (folder / "services.csv").is_file():
        return read_tables({name: (folder / name).read_text(encoding="utf-8-sig")
                            for name in COLUMNS if (folder / name).is_file()})
    raise FileNotFoundError(folder / "services.json")


def _ours(service: dict[str, Any]) -> bool:
    """Whether *service* came from a Quartierboards export (it carries our taxonomy)."""
    return any(a.get("taxonomy_term", {}).get("taxonomy") == TAXONOMY for a in service.get("attributes") or [])


def _where(service: dict[str, Any], quarter: str | None) -> tuple[str | None, str]:
    """The quarter and page name of *service*: from our page address (…/<lang>/<quarter>/<offer>/), else given."""
    parts = str(service.get("url") or "").rstrip("/").split("/")
    if _ours(service) and len(parts) >= 6 and all(re.fullmatch(r"[a-z0-9-]+", p) for p in parts[-2:]):
        return parts[-2], parts[-1]
    return quarter, slugify(service.get("name") or "")


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value).strip()[:10])


def _time(value: Any) -> str:
    return str(value)[:5]


def _schedule(item: dict[str, Any], places: dict[str, str], report: list[str], name: str) -> dict[str, Any] | None:
    """One schedule entry of an HSDS ``schedule``; ``None`` (reported) when it has no times or rule."""
    if not item.get("opens_at") or not item.get("closes_at"):
        report.append(tr("%(name)s: a schedule without opening and closing time was left out", name=name))
        return None
    entry: dict[str, Any] = {}
    freq, byday = str(item.get("freq") or "").upper(), str(item.get("byday") or "").upper()
    interval = int(item.get("interval") or 1)
    days = [d.strip() for d in byday.split(",") if d.strip()]
    nth = [_NTH.match(d) for d in days]
    if freq == "WEEKLY" and days and all(d in _BYDAY for d in days):
        entry["weekly"] = [_DAYS[_BYDAY[d]] for d in days]
        if interval > 1:
            entry["every"] = interval
    elif freq == "MONTHLY" and len(days) == 1 and nth[0] and int(nth[0][1]) in _ORDINAL and interval == 1:
        entry["monthly"] = f"{_ORDINAL[int(nth[0][1])]} {_DAYS[_BYDAY[nth[0][2]]]}"
    elif freq in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        rule = [f"FREQ={freq}", *([f"INTERVAL={interval}"] if interval > 1 else [])]
        rule += [f"{k.upper()}={item[k]}" for k in ("byday", "bymonthday", "byweekno", "byyearday") if item.get(k)]
        entry["rrule"] = ";".join(rule)
    else:
        report.append(tr("%(name)s: a schedule without a rule (freq) was left out", name=name))
        return None
    entry["time"] = f"{_time(item['opens_at'])}-{_time(item['closes_at'])}"
    start, until = item.get("valid_from") or item.get("dtstart"), item.get("valid_to") or item.get("until")
    if start:
        entry["from"] = _day(start)
    if until:
        entry["until"] = _day(until)
    if "every" in entry and "from" not in entry:
        report.append(tr("%(name)s: 'every %(n)s weeks' without a first day; set 'from' by hand", name=name,
                         n=entry.pop("every")))
    notes = str(item.get("notes") or "")
    if notes.startswith(NOT_ON):
        entry["except"] = [_day(d) for d in notes[len(NOT_ON):].split(",") if d.strip()]
    elif notes or item.get("description"):
        report.append(tr("%(name)s: a schedule's note was not taken over: %(note)s", name=name,
                         note=notes or item.get("description")))
    own = places.get(item.get("service_at_location_id") or item.get("location_id") or "")
    if own:
        entry["place"] = own
    return entry


def _terms(service: dict[str, Any], kind: str) -> list[str]:
    return [a.get("value") or a.get("taxonomy_term", {}).get("code", "") for a in service.get("attributes") or []
            if a.get("link_type") == kind and a.get("taxonomy_term", {}).get("taxonomy") in (TAXONOMY, None)]


def _place(location: dict[str, Any], report: list[str]) -> dict[str, Any]:
    """A place file's data of an HSDS ``location``."""
    data: dict[str, Any] = {"name": location.get("name") or tr("(no name)")}
    address = (location.get("addresses") or [{}])[0]
    data["address"] = {"street": address.get("address_1") or "", "postcode": str(address.get("postal_code") or ""),
                       "city": address.get("city") or ""}
    if not all(data["address"].values()):
        report.append(tr("%(name)s: the address is incomplete; complete it in the place file", name=data["name"]))
    if location.get("latitude") is not None and location.get("longitude") is not None:
        data["geo"] = {"lat": float(location["latitude"]), "lon": float(location["longitude"])}
    access = {text: key for key, text in ACCESS.items()}
    for item in location.get("accessibility") or []:
        if item.get("description") in access:
            data["wheelchair"] = access[item["description"]]
    if location.get("transportation"):
        stops = []
        for part in str(location["transportation"]).split("; "):
            found = _STOP.match(part.strip())
            if found:
                lines = [x.strip() for x in (found["lines"] or "").split(",") if x.strip()]
                stops.append({"stop": found["stop"].strip(), **({"lines": lines} if lines else {})})
        data["transit"] = stops
    phones = [p["number"] for p in location.get("phones") or [] if p.get("number")]
    if phones:
        data["phone"] = str(phones[0])
    if location.get("description"):
        data["description"] = location["description"]
    data["id"] = location["id"]
    return data


def _contact(service: dict[str, Any]) -> str | None:
    parts = []
    for person in service.get("contacts") or []:
        parts.append(", ".join(str(person[k]) for k in ("name", "title", "email") if person.get(k)))
    parts += [str(p["number"]) for p in service.get("phones") or [] if p.get("number")]
    if service.get("email"):
        parts.append(str(service["email"]))
    return "; ".join(p for p in parts if p) or None


def convert(services: list[dict[str, Any]], organizations: list[dict[str, Any]],
            quarter: str | None = None) -> Imported:
    """Content files of HSDS *services*; *quarter* for services whose page address names none."""
    result = Imported()
    orgs = {o.get("id"): o for o in organizations}
    quarters: set[str] = set()
    for service in services:
        name = service.get("name") or service.get("id", "?")
        where, slug = _where(service, quarter)
        if where is None:
            result.report.append(tr("%(name)s: no quarter; give one with --quarter", name=name))
            continue
        quarters.add(where)
        places: dict[str, str] = {}
        place_refs = []
        for link in service.get("service_at_locations") or []:
            location = link.get("location") or {}
            ours = location.get("external_identifier_type") == "quartierboards place"
            ref = location.get("external_identifier") if ours else None
            place_quarter, _, place_slug = (ref or f"{where}/{slugify(location.get('name') or 'ort')}").partition("/")
            quarters.add(place_quarter)
            short = place_slug if place_quarter == where else f"{place_quarter}/{place_slug}"
            places[link.get("id", "")] = places[location.get("id", "")] = short
            place_refs.append(short)
            result.files[f"quarters/{place_quarter}/places/{place_slug}.yaml"] = _yaml(_place(location, result.report))
        if not place_refs:
            result.report.append(tr("%(name)s: no location; the offer needs a place, add one", name=name))
            continue
        offer: dict[str, Any] = {"title": name, "summary": service.get("description") or name}
        categories = [c for c in _terms(service, "category") if c in CATEGORIES]
        if not categories:
            result.report.append(tr("%(name)s: no topic; set to '%(value)s', check it", name=name,
                                    value=DEFAULT_CATEGORY))
        offer["category"] = categories[0] if categories else DEFAULT_CATEGORY
        audience = [a for a in _terms(service, "audience") if a in AUDIENCES]
        offer["audience"] = audience or [DEFAULT_AUDIENCE]
        offer["place"] = place_refs[0]
        for ours, theirs in (("cost", "fees_description"), ("registration", "application_process")):
            if service.get(theirs):
                offer[ours] = service[theirs]
        contact = _contact(service)
        if contact:
            offer["contact"] = contact
        runs = service.get("organization") or orgs.get(service.get("organization_id"))
        # In our export, the publisher's own offers name it with its website, the boards' address.
        publisher = _ours(service) and str(service.get("url") or "").startswith(str(runs.get("website") or "\0")
                                                                                  if runs else "\0")
        if runs and not publisher:
            offer["organizer"] = {"name": runs["name"], **({"website": runs["website"]} if runs.get("website") else {})}
        ages = {k: int(service[f"{k}imum_age"]) for k in ("min", "max") if service.get(f"{k}imum_age") is not None}
        if ages:
            offer["age"] = ages
        if service.get("assured_date"):
            offer["checked"] = _day(service["assured_date"])
        schedule = [e for item in service.get("schedules") or []
                    if (e := _schedule(item, places, result.report, name))]
        if schedule:
            offer["schedule"] = schedule
        offer["id"] = service["id"]
        result.files[f"quarters/{where}/offers/{slug}.md"] = f"---\n{_yaml(offer)}---\n"
    for slug in sorted(quarters):
        result.files.setdefault(f"quarters/{slug}/quarter.yaml", _yaml(
            {"name": slug.replace("-", " ").title(), "summary": tr("Imported from an HSDS directory.")}))
    return result


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)


def run(args: argparse.Namespace) -> int:
    """Import the package, write the files that do not exist (or all with ``--overwrite``), print the report."""
    try:
        services, organizations = read_package(args.source)
    except FileNotFoundError:
        print(tr("%(path)s: no HSDS package here (services.json or services.csv)", path=args.source), file=sys.stderr)
        return 1
    except (ValueError, KeyError, TypeError) as exc:
        print(tr("%(path)s: not a readable HSDS package: %(err)s", path=args.source, err=exc), file=sys.stderr)
        return 1
    result = convert(services, organizations, args.quarter)
    written = kept = 0
    for rel, text in sorted(result.files.items()):
        target = args.content / rel
        if target.exists() and not args.overwrite:
            kept += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written += 1
    for line in result.report:
        print(line)
    print(tr("%(written)s files written, %(kept)s existing ones kept (--overwrite replaces them), "
             "%(problems)s notes above", written=written, kept=kept, problems=len(result.report)))
    return 0
