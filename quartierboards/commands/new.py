"""``quartierboards new quarter|offer|place``: commented starter files that validate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quartierboards.content.files import SLUG_RE
from quartierboards.content.names import main_names
from quartierboards.content.sitelang import site_default_language
from quartierboards.i18n.messages import tr

QUARTER = """\
# yaml-language-server: $schema=../../../schemas/quarter.schema.json
# Stammdaten des Quartiers. Texte als einfacher Text (Deutsch) oder mit Sprachen:
#   name:
#     de: Nordstadt
#     ru: Нордштадт
name: {title}
summary: Kurze Beschreibung des Quartiers in einem Satz.
# Foto (optional): Datei in images/, Beschreibung für Menschen, die nicht sehen können
# image:
#   file: quartier.jpg
#   alt: Der Platz in der Mitte des Quartiers mit Brunnen und Bänken
#   credit: "Foto: Vorname Nachname"
contacts:
  - name: Vorname Nachname
    role: Quartiersmanagement
    phone: "+49 2041 555-0000"
    email: quartier@example.org
    # Porträt (optional): Datei in images/, Beschreibung für Menschen, die nicht sehen können
    # image:
    #   file: vorname-nachname.jpg
    #   alt: Vorname Nachname vor dem Quartiersbüro
    #   credit: "Foto: privat"
    # Sprechstunden: Wochentag(e), Uhrzeit in Anführungszeichen, Ort = Dateiname in places/
    office_hours:
      - weekly: di
        time: "16:00-18:00"
        place: {place}
"""

PLACE = """\
# yaml-language-server: $schema=../../../../schemas/place.schema.json
# Ein Ort im Quartier. Der Dateiname (ohne .yaml) ist der Kurzname für "place:" in Angeboten.
name: {title}
address:
  street: Musterstraße 1
  postcode: "45999"
  city: Kohlenberg
# Koordinaten für den Kartenlink (optional), z. B. von openstreetmap.org
# geo: {{lat: 51.53, lon: 6.93}}
opening_hours:
  - weekly: [mo, di, do]
    time: "09:00-12:00"
# Barrierefreiheit: yes (ja), limited (eingeschränkt) oder no (nein)
wheelchair: yes
# phone: "+49 2041 555-0000"
# email: ort@example.org
# Haus wird noch gebaut? Dann das Eröffnungsdatum:
# opens: 2027-03-01
# Foto (optional): Datei in images/, Beschreibung für Menschen, die nicht sehen können
# image:
#   file: eingang.jpg
#   alt: Der Eingang, eine grüne Tür mit Rampe
#   credit: "Foto: Vorname Nachname"
"""

OFFER = """\
---
# yaml-language-server: $schema=../../../../schemas/offer.schema.json
# Titel und Kurzbeschreibung; Übersetzungen als Liste nach Sprachen, z. B.
#   title:
#     de: Mütter-Café
#     ar: مقهى الأمهات
title: {title}
summary: Ein Satz, der sagt, was hier passiert und für wen.
# Für wen: children, youth, families, adults, seniors, everyone (auch mehrere: [families, seniors])
audience: everyone
# Art: leisure, culture, education, sport, counselling, meeting, care
category: meeting
# Ort: Dateiname aus places/ (ohne .yaml), oder anderes-quartier/ort
place: {place}
cost: kostenlos
registration: nicht nötig
# Termine: weekly (Wochentage), monthly (z. B. "first wed"), date/dates (einzelne Tage).
# Uhrzeit immer in Anführungszeichen. An Feiertagen fällt das Angebot aus (holidays: keep, wenn nicht).
schedule:
  - weekly: mi
    time: "15:00-17:00"
# Foto (optional): Datei in images/, Beschreibung für Menschen, die nicht sehen können
# image:
#   file: angebot.jpg
#   alt: Menschen sitzen an einem langen Tisch und trinken Kaffee
#   credit: "Foto: Vorname Nachname"
---
Hier steht die ausführliche Beschreibung: Was passiert? Wer kann kommen? Was soll man mitbringen?
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new`` verb."""
    p = sub.add_parser("new", help="create a starter quarter, offer or place")
    p.add_argument("--content", type=Path, default=Path("content"))
    nsub = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    q = nsub.add_parser("quarter", help="new quarter folder with quarter.yaml and a first place")
    q.add_argument("slug")
    for kind in ("offer", "place"):
        k = nsub.add_parser(kind, help=f"new {kind} in a quarter")
        k.add_argument("quarter")
        k.add_argument("slug")
    p.set_defaults(func=run)


def _title(slug: str) -> str:
    return " ".join(part.capitalize() for part in slug.split("-"))


def _write(path: Path, text: str) -> int:
    if path.exists():
        print("quartierboards: " + tr("%(path)s already exists; nothing written", path=path), file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(tr("created %(path)s", path=path))
    return 0


def _languages(content: Path) -> list[str]:
    """The site's languages from site.yaml, as far as it can be read (the loader reports the rest)."""
    from quartierboards.content.files import FileProblem, load_yaml_file

    try:
        value = load_yaml_file(content / "site.yaml", content).data.get("languages")
    except (FileProblem, OSError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _name_problem(args: argparse.Namespace) -> str | None:
    """Why the names asked for would not pass ``check``, or ``None``."""
    from quartierboards.content.names import reserved_offer, reserved_quarter

    for name in filter(None, [getattr(args, "quarter", None), args.slug]):
        if not SLUG_RE.match(name):
            return tr("invalid name '%(name)s': use a-z, 0-9 and hyphens (ae/oe/ue/ss)", name=name)
    if args.kind == "quarter" and reserved_quarter(args.slug, _languages(args.content)):
        return tr("the quarter name '%(name)s' is reserved (language code or system folder)", name=args.slug)
    if args.kind == "offer" and reserved_offer(args.slug):
        return tr("the offer name '%(name)s' is reserved", name=args.slug)
    return None


def run(args: argparse.Namespace) -> int:
    """Write the starter file(s) after checking the names."""
    problem = _name_problem(args)
    if problem:
        print("quartierboards: " + problem, file=sys.stderr)
        return 2
    quarters = args.content / "quarters"
    if args.kind == "quarter":
        folder = quarters / args.slug
        code = _write(folder / "quarter.yaml", QUARTER.format(title=_title(args.slug), place="buero"))
        if code == 0:
            code = _write(folder / "places" / "buero.yaml", PLACE.format(title="Quartiersbüro"))
        return code
    folder = quarters / args.quarter
    if not (folder / "quarter.yaml").is_file():
        print("quartierboards: " + tr("quarter '%(quarter)s' not found in %(folder)s", quarter=args.quarter,
                                      folder=quarters), file=sys.stderr)
        return 2
    if args.kind == "place":
        return _write(folder / "places" / f"{args.slug}.yaml", PLACE.format(title=_title(args.slug)))
    places = sorted(p.stem for p in (folder / "places").glob("*.yaml"))
    if not places:
        print("quartierboards: " + tr("quarter '%(quarter)s' has no place yet; create one first: %(command)s",
                                      quarter=args.quarter, command=f"quartierboards new place {args.quarter} <name>"),
              file=sys.stderr)
        return 2
    plain, named = main_names(args.slug, site_default_language(args.content) or "de")
    if (folder / "offers" / named).exists():  # the same offer as <offer>.md
        return _write(folder / "offers" / named, "")
    return _write(folder / "offers" / plain, OFFER.format(title=_title(args.slug), place=places[0]))
