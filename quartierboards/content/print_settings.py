"""The ``print:`` block of ``site.yaml`` and ``quarter.yaml``: products, print condition, the order for the shop.

Kept apart from :mod:`quartierboards.content.models` (which imports it) because the
print shop's hand-off has many small settings of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from quartierboards.content.fields import Email, LooseStr, Phone, content_error
from quartierboards.content.strict import Strict
from quartierboards.i18n.messages import N_

Product = Literal["flyer", "sticker"]
Count = Annotated[int, Field(ge=0)]
# A number for every print language of a product, or one number for all of them.
Quantity = Count | dict[str, Count]
Quantities = dict[Product, Quantity]


class OutputIntent(Strict):
    """The print shop's press condition: its ICC profile and the condition's name (PDF/X output intent)."""

    profile: str  # path below content/, e.g. print/PSOcoated_v3.icc
    identifier: str  # OutputConditionIdentifier, e.g. FOGRA39 or FOGRA51
    info: str | None = None  # human-readable, e.g. "Coated FOGRA39 (ISO 12647-2:2004)"
    registry: str | None = "http://www.color.org"  # where the identifier is registered; null for a custom one


class OrderContact(Strict):
    """Who the print shop calls about the order."""

    name: str
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _reachable(self) -> OrderContact:
        if not self.phone and not self.email:
            raise content_error("order_contact", N_("the order's contact needs a phone number or an email address"),
                                at=("phone",))
        return self


class Delivery(Strict):
    """Where and when the prints go."""

    recipient: str | None = None  # default: the publisher's name
    street: str
    postcode: LooseStr
    city: str
    date: dt.date | None = None  # default: "nach Absprache"
    note: str | None = None  # e.g. "Anlieferung Mo–Fr 8–15 Uhr, Hintereingang"


class FlyerStock(Strict):
    """Paper and finishing of the flyers."""

    paper: str = "Bilderdruck matt"
    weight: Annotated[int, Field(ge=60, le=450)] = 170  # g/m²
    finish: str = "ohne"  # e.g. "Dispersionslack matt"
    cutting: str = "Formatschnitt auf Endformat"
    folding: str = "ohne"


class StickerStock(Strict):
    """Material and finishing of the stickers."""

    material: str = "Haftfolie weiß, PVC-frei"
    adhesive: str = "permanent"
    laminate: str = "Schutzlaminat matt, UV-beständig"
    mounting: Literal["outside", "inside"] = "outside"  # inside a window: printed mirrored, glued on its face
    cutting: str = "Formatschnitt auf Endformat, Ecken gerundet"


class PrintOrder(Strict):
    """``print.order``: what the print shop needs besides the PDFs (``flyers/auftrag.csv``, ``auftrag.pdf``)."""

    number: str | None = None  # default: QB-<year>-<week of the print day>
    customer: str | None = None  # default: the publisher's name
    contact: OrderContact
    delivery: Delivery
    proof: bool = True  # a proof (PDF or hard copy) before the run
    bundling: str = "sortenrein je Datei, Banderole oder Karton beschriftet mit Dateiname"
    flyer: FlyerStock = Field(default_factory=FlyerStock)
    sticker: StickerStock = Field(default_factory=StickerStock)
    note: str | None = None


class PrintSettings(Strict):
    """Which print products to make, and how the print shop makes them."""

    languages: list[str] = Field(default_factory=list)
    quantities: Quantities = Field(default_factory=lambda: {"flyer": 500, "sticker": 50})
    bleed_mm: Annotated[float, Field(ge=1, le=5)] = 3  # print shops ask for 1–5 mm
    slug_mm: Annotated[float, Field(ge=4, le=15)] = 6  # beyond the bleed: room for the crop marks
    output_intent: OutputIntent | None = None  # default: Ghostscript's generic CMYK profile
    order: PrintOrder | None = None


class QuarterPrint(Strict):
    """``print:`` of a ``quarter.yaml``: the quarter's own quantities, product by product (and language)."""

    quantities: Quantities = Field(default_factory=dict)


def quantity(value: Quantity | None, lang: str) -> int | None:
    """The quantity of one language from a setting (a number for all languages, or one per language)."""
    if isinstance(value, dict):
        return value.get(lang)
    return value
