"""The print order: ``flyers/auftrag.csv`` (one line per print PDF) and ``flyers/auftrag.pdf`` (one A4 page).

Both are German, for a German print shop, and come from ``site.yaml`` ``print.order``
(paper, finishing, delivery, contact, order number, proof), the print condition
(``print.output_intent``) and the quantities: ``print.quantities`` of ``site.yaml``,
overridden per quarter by ``print.quantities`` of its ``quarter.yaml``, each a number
for all print languages or one per language.

``auftrag.csv`` is separated by semicolons, UTF-8 with a byte order mark, so that a
spreadsheet with German settings opens it as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quartierboards.content.print_settings import PrintOrder, quantity
from quartierboards.content.structure import Site
from quartierboards.print.prepress import PrintCondition, condition_name
from quartierboards.print.render import TRIM_MM, ProductResult

ORDER_SHEET = "auftrag.csv"
ORDER_PDF = "auftrag.pdf"
ORDER_TEMPLATE = "print/order.html"
MISSING = "FEHLT – print.order in site.yaml"
# Columns of auftrag.csv; preflight requires a value in each of REQUIRED_COLUMNS.
ORDER_COLUMNS = ("Datei", "Produkt", "Quartier", "Sprachen", "Format", "Seiten", "Beschnitt", "Farbigkeit",
                 "Druckbedingung", "Papier/Material", "Grammatur", "Veredelung", "Montage", "Schnitt", "Proof",
                 "Menge", "Verpackung", "Auftragsnummer", "Liefertermin", "Lieferadresse", "Ansprechpartner")
REQUIRED_COLUMNS = ("Datei", "Druckbedingung", "Papier/Material", "Menge", "Auftragsnummer", "Lieferadresse",
                    "Ansprechpartner")
PRODUCT_NAMES = {"flyer": "Flyer", "sticker": "Aufkleber"}


def quantity_of(site: Site, quarter: str, product: str, lang: str) -> int:
    """How many to print of one version: the quarter's setting, else the site's, else 0."""
    own = site.quarters[quarter].data.print if quarter in site.quarters else None
    for settings in ((own.quantities if own else {}), site.config.print.quantities):
        found = quantity(settings.get(product), lang)  # type: ignore[arg-type]
        if found is not None:
            return found
    return 0


def version_quantity(site: Site, quarter: str, product: str, languages: Iterable[str]) -> int:
    """The quantity of a version: a flyer's language, or a sticker (all print languages: its first one's
    setting, as a sticker is one version)."""
    langs = list(languages)
    return quantity_of(site, quarter, product, langs[0] if langs else "")


@dataclass(frozen=True)
class OrderLine:
    """One version to print."""

    file: str
    product: str
    quarter: str
    quarter_name: str
    languages: tuple[str, ...]
    pages: int
    quantity: int


@dataclass(frozen=True)
class Order:
    """Everything the order sheet and page say."""

    number: str
    date: dt.date
    customer: str
    contact: str  # name, phone, email on one line ("" when not configured)
    delivery: str  # recipient, street, postcode and city ("" when not configured)
    delivery_date: str
    delivery_note: str
    proof: bool
    bundling: str
    condition: str  # identifier and description
    condition_id: str  # the output intent's OutputConditionIdentifier
    bleed_mm: float
    settings: PrintOrder | None
    lines: tuple[OrderLine, ...]
    note: str = ""

    @property
    def pieces(self) -> int:
        """Pieces in all."""
        return sum(line.quantity for line in self.lines)

    def count(self, product: str) -> int:
        """Versions of *product*."""
        return sum(1 for line in self.lines if line.product == product)


def make_order(site: Site, results: Iterable[ProductResult], day: dt.date,
               condition: PrintCondition | None) -> Order:
    """The order for the print variants of *results*, as of *day* (the day the products are made as of)."""
    from quartierboards.render.view import LangView

    view = LangView(site, "de") if "de" in site.config.languages else LangView(site, site.config.default_language)
    settings = site.config.print.order
    lines = []
    for result in sorted(results, key=lambda r: r.spec.file):
        spec = result.spec
        if spec.variant != "print":
            continue
        name = view.plain(site.quarters[spec.quarter].data.name) if spec.quarter in site.quarters else spec.quarter
        lines.append(OrderLine(spec.file, spec.product, spec.quarter, name, spec.languages, result.pages,
                               version_quantity(site, spec.quarter, spec.product, spec.languages)))
    publisher = site.config.publisher.name
    contact = delivery = ""
    delivery_date = "nach Absprache"
    if settings is not None:
        person = settings.contact
        contact = ", ".join(p for p in (person.name, person.phone, person.email) if p)
        place = settings.delivery
        delivery = ", ".join((place.recipient or settings.customer or publisher, place.street,
                              f"{place.postcode} {place.city}"))
        if place.date:
            delivery_date = f"{place.date.day}.{place.date.month}.{place.date.year}"
    iso = day.isocalendar()
    return Order(
        number=(settings.number if settings and settings.number else f"QB-{iso.year}-{iso.week:02d}"),
        date=day, customer=(settings.customer if settings and settings.customer else publisher),
        contact=contact, delivery=delivery, delivery_date=delivery_date,
        delivery_note=(settings.delivery.note or "") if settings else "",
        proof=settings.proof if settings else True,
        bundling=settings.bundling if settings else PrintOrder.model_fields["bundling"].default,
        condition=condition_name(condition), condition_id=condition.identifier if condition else "–",
        bleed_mm=site.config.print.bleed_mm, settings=settings,
        lines=tuple(lines), note=(settings.note or "") if settings else "")


def _stock(order: Order, product: str) -> dict[str, str]:
    """Material, weight, finishing, mounting and cutting of *product*, as the order writes them."""
    from quartierboards.content.print_settings import FlyerStock, StickerStock

    settings = order.settings
    if product == "flyer":
        flyer = settings.flyer if settings else FlyerStock()
        return {"Papier/Material": flyer.paper, "Grammatur": f"{flyer.weight} g/m²", "Veredelung": flyer.finish,
                "Montage": "–",
                "Schnitt": flyer.cutting + (f", Falz: {flyer.folding}" if flyer.folding != "ohne" else "")}
    sticker = settings.sticker if settings else StickerStock()
    mounting = ("Innenseite Fenster: seitenverkehrt drucken, Kleber auf der Druckseite"
                if sticker.mounting == "inside" else "Außen (Kleber auf der Rückseite)")
    return {"Papier/Material": f"{sticker.material}, Kleber {sticker.adhesive}", "Grammatur": "–",
            "Veredelung": sticker.laminate, "Montage": mounting, "Schnitt": sticker.cutting}


def order_rows(order: Order) -> list[dict[str, str]]:
    """One row per version, keyed by :data:`ORDER_COLUMNS`."""
    rows = []
    for line in order.lines:
        sides = "4/4 CMYK" if line.pages > 1 else "4/0 CMYK"
        rows.append({
            "Datei": line.file, "Produkt": PRODUCT_NAMES.get(line.product, line.product), "Quartier": line.quarter_name,
            "Sprachen": " ".join(line.languages), "Format": f"DIN A5 hoch, {TRIM_MM[0]} × {TRIM_MM[1]} mm",
            "Seiten": str(line.pages), "Beschnitt": f"{order.bleed_mm:g} mm, Schnittmarken im Anschnitt-Rand",
            "Farbigkeit": sides, "Druckbedingung": order.condition_id, **_stock(order, line.product),
            "Proof": "ja" if order.proof else "nein", "Menge": str(line.quantity), "Verpackung": order.bundling,
            "Auftragsnummer": order.number, "Liefertermin": order.delivery_date,
            "Lieferadresse": order.delivery or MISSING, "Ansprechpartner": order.contact or MISSING,
        })
    return rows


def order_csv(order: Order) -> bytes:
    """``auftrag.csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(ORDER_COLUMNS)
    for row in order_rows(order):
        writer.writerow([row[column] for column in ORDER_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def order_key(order: Order, product_keys: dict[str, str]) -> str:
    """What ``auftrag.pdf`` shows: the order and every product's key (a product changes, the order does;
    the product keys also hold the templates' and the code's digest)."""
    summary = json.dumps([order.number, order.date.isoformat(), order.customer, order.contact, order.delivery,
                          order.delivery_date, order.delivery_note, order.proof, order.bundling, order.condition,
                          order.bleed_mm, order.note, order_rows(order), sorted(product_keys.items())],
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(summary.encode()).hexdigest()


def order_context(order: Order, thumbnails: dict[str, bytes] | None = None) -> dict[str, Any]:
    """The template context of ``print/order.html``; *thumbnails*: a JPEG of each version's front, by file."""
    from quartierboards.print.thumbnail import data_uri

    pictures = [{"file": line.file, "uri": data_uri(thumbnails[line.file]), "quarter": line.quarter_name,
                 "product": PRODUCT_NAMES.get(line.product, line.product), "languages": " ".join(line.languages)}
                for line in order.lines if line.file in (thumbnails or {})]
    return {"thumbnails": pictures, "order": order, "rows": order_rows(order), "flyers": order.count("flyer"),
            "stickers": order.count("sticker"), "pieces": order.pieces,
            "date": f"{order.date.day}.{order.date.month}.{order.date.year}", "missing": MISSING,
            "flyer_stock": _stock(order, "flyer"), "sticker_stock": _stock(order, "sticker")}


def order_pdf(order: Order, site: Site, templates_dir: str | None, created: str,
              thumbnails: dict[str, bytes] | None = None) -> tuple[bytes, int]:
    """``auftrag.pdf`` and its number of pages: the order on an A4 page (more for a large city), from the
    template ``print/order.html``, with *thumbnails* (:func:`~quartierboards.print.thumbnail.front_thumbnail`
    by file) of the versions. Reproducible: the same order, pictures and *created* date make the same bytes."""
    from markupsafe import Markup
    from weasyprint import CSS

    from quartierboards import fonts
    from quartierboards.print.deflate import deflating
    from quartierboards.print.render import _html_document
    from quartierboards.render.env import environment

    context = {**order_context(order, thumbnails), "config": site.config, "html_lang": "de", "dir": "ltr",
               "title": f"Druckauftrag {order.number}", "pdf_date": created,
               "font_stack": Markup(fonts.font_stack("ltr"))}
    html = environment("de", templates_dir).get_template(ORDER_TEMPLATE).render(context)
    fonts.install_actual_text()
    document = _html_document(html, "").render(
        stylesheets=[fonts.font_stylesheet(), CSS(string="", font_config=fonts.font_config())],
        font_config=fonts.font_config())
    identifier = hashlib.sha256(f"{ORDER_PDF}\n{created}\n{html}".encode()).digest()[:16]
    with deflating():
        return document.write_pdf(pdf_identifier=identifier), len(document.pages)
