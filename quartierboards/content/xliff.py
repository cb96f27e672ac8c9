"""Translation workflow for editors: coverage, XLIFF 1.2 export, import back into content.

Translatable units are found by walking the same models the build validates.
Import (:mod:`quartierboards.content.xliff_import`) edits YAML and front matter with
ruamel.yaml in round-trip mode, so comments, key order and quoting stay as the
editors wrote them; files without a new translation are not touched at all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quartierboards.content.appointments import Appointment
from quartierboards.content.closures import Closure
from quartierboards.content.images import Photo
from quartierboards.content.structure import Site

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"


@dataclass(frozen=True)
class Unit:
    """One translatable text: where it lives, which field, its source and current translation."""

    file: str  # path relative to content/, e.g. quarters/nordstadt/offers/muetter-cafe.md
    field: str  # "title", "contacts/0/role", or "body"
    source: str
    target: str | None
    quarter: str
    kind: str  # site, quarter, place, offer, about, news

    @property
    def id(self) -> str:
        """Stable identifier used in exported files."""
        return f"{self.file}#{self.field}"


def _text_units(file: str, prefix: str, values: dict[str, str] | None, lang: str, default: str,
                quarter: str, kind: str) -> Iterator[Unit]:
    if values and default in values:
        yield Unit(file, prefix, values[default], values.get(lang), quarter, kind)


def _photo_units(file: str, prefix: str, photo: Photo | None, lang: str, default: str,
                 quarter: str, kind: str, key: str = "image") -> Iterator[Unit]:
    """The alternative text of a photo (``<prefix><key>/alt``): what it shows, for screen readers."""
    if photo is not None:
        yield from _text_units(file, f"{prefix}{key}/alt", photo.alt, lang, default, quarter, kind)


def _closure_units(file: str, prefix: str, closures: list[Closure], lang: str, default: str,
                   quarter: str, kind: str) -> Iterator[Unit]:
    """The reasons of closures (``<prefix>closures/<i>/reason``): "Inventur", "Weihnachtspause"."""
    for i, closure in enumerate(closures):
        yield from _text_units(file, f"{prefix}closures/{i}/reason", closure.reason, lang, default, quarter, kind)


def _appointment_units(file: str, prefix: str, appointment: Appointment | None, lang: str, default: str,
                       quarter: str, kind: str) -> Iterator[Unit]:
    """How to book an appointment, in words (``<prefix>by_appointment/text``)."""
    if appointment is not None:
        yield from _text_units(file, f"{prefix}by_appointment/text", appointment.text, lang, default, quarter, kind)


def units(site: Site, lang: str) -> list[Unit]:
    """Every translatable unit of the site for *lang*, in a stable order."""
    d = site.config.default_language
    out: list[Unit] = []
    for q in site.quarters.values():
        base = f"quarters/{q.slug}"
        qf = f"{base}/quarter.yaml"
        out += _text_units(qf, "name", q.data.name, lang, d, q.slug, "quarter")
        out += _text_units(qf, "summary", q.data.summary, lang, d, q.slug, "quarter")
        for i, c in enumerate(q.data.contacts):
            out += _text_units(qf, f"contacts/{i}/role", c.role, lang, d, q.slug, "quarter")
            out += _photo_units(qf, f"contacts/{i}/", c.image, lang, d, q.slug, "quarter")
            out += _closure_units(qf, f"contacts/{i}/", c.closures, lang, d, q.slug, "quarter")
            out += _appointment_units(qf, f"contacts/{i}/", c.by_appointment, lang, d, q.slug, "quarter")
        out += _photo_units(qf, "", q.data.image, lang, d, q.slug, "quarter")
        out += _closure_units(qf, "", q.data.closures, lang, d, q.slug, "quarter")
        if d in q.about:
            out.append(Unit(f"{base}/about.md", "body", q.about[d], q.about.get(lang), q.slug, "about"))
        for p in q.places.values():
            pf = f"{base}/places/{p.slug}.yaml"
            out += _text_units(pf, "name", p.data.name, lang, d, q.slug, "place")
            out += _text_units(pf, "description", p.data.description, lang, d, q.slug, "place")
            out += _photo_units(pf, "", p.data.image, lang, d, q.slug, "place")
            out += _closure_units(pf, "", p.data.closures, lang, d, q.slug, "place")
            if p.data.opens and p.data.opens.text:  # words such as "in Bauphase"
                out += _text_units(pf, "opens", p.data.opens.text, lang, d, q.slug, "place")
        for o in q.offers.values():
            of = f"{base}/offers/{o.file_name}"
            for name in ("title", "summary"):
                out += _text_units(of, name, o.text(name), lang, d, q.slug, "offer")
            for name in ("cost", "registration"):
                out += _text_units(of, name, getattr(o.data, name), lang, d, q.slug, "offer")
            if o.data.organizer:
                out += _text_units(of, "organizer/name", o.data.organizer.name, lang, d, q.slug, "offer")
                out += _photo_units(of, "organizer/", o.data.organizer.logo, lang, d, q.slug, "offer", "logo")
            out += _photo_units(of, "", o.data.image, lang, d, q.slug, "offer")
            out += _closure_units(of, "", o.data.closures, lang, d, q.slug, "offer")
            out += _appointment_units(of, "", o.data.by_appointment, lang, d, q.slug, "offer")
            if d in o.bodies:
                out.append(Unit(of, "body", o.bodies[d], o.bodies.get(lang), q.slug, "offer"))
        for n in q.news:  # news are translated in their files; only their photos' texts are exported
            out += _photo_units(f"{base}/news/{n.file_name}", "", n.data.image, lang, d, q.slug, "news")
    return out


def coverage(site: Site) -> dict[str, dict[str, tuple[int, int]]]:
    """Per language and quarter: (translated units, all units)."""
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for lang in site.config.languages:
        if lang == site.config.default_language:
            continue
        per: dict[str, list[int]] = {}
        for unit in units(site, lang):
            counts = per.setdefault(unit.quarter, [0, 0])
            counts[1] += 1
            counts[0] += 1 if unit.target else 0
        result[lang] = {q: (c[0], c[1]) for q, c in per.items()}
    return result


def export_xliff(site: Site, lang: str, *, only_missing: bool = True) -> bytes:
    """XLIFF 1.2 with the German source, context notes, and empty targets to fill in."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    by_file: dict[str, list[Unit]] = {}
    for unit in units(site, lang):
        if only_missing and unit.target:
            continue
        by_file.setdefault(unit.file, []).append(unit)
    for file, items in by_file.items():
        f = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {
            "original": file, "source-language": site.config.default_language,
            "target-language": lang, "datatype": "plaintext"})
        body = ET.SubElement(f, f"{{{XLIFF_NS}}}body")
        for unit in items:
            tu = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", {"id": unit.id, "xml:space": "preserve"})
            ET.SubElement(tu, f"{{{XLIFF_NS}}}source").text = unit.source
            ET.SubElement(tu, f"{{{XLIFF_NS}}}target").text = unit.target or ""
            ET.SubElement(tu, f"{{{XLIFF_NS}}}note").text = (
                f"quarter: {unit.quarter}; {unit.kind}: {Path(file).stem}; field: {unit.field}"
                + ("; Markdown" if unit.field == "body" else ""))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
