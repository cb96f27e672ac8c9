"""A simulated phone photo of a printed page, and what two QR decoders read from it.

The model (docs/print.md, "Scanning distance"): a phone's main camera has a
horizontal field of view of about 70° and takes photos 4000 pixels wide. At a
distance of *d* metres it sees a strip ``2 · d · tan(35°)`` metres wide, so one
millimetre of the page is

    pixels per mm = 4000 / (2 · d · 1000 · tan(35°))  ≈ 2.86 / d

(1.43 px/mm at 2 m). The page, rendered sharp, is scaled down to that, set on a grey
wall, blurred (Gaussian, radius 1 px: focus and hand shake) and saved as a JPEG of
quality 70 (what a phone's preview frames look like). zxing-cpp and zbar then decode
that picture. Every step is deterministic: the same page gives the same verdict.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

FIELD_OF_VIEW_DEG = 70.0
SENSOR_PX = 4000
BLUR_PX = 1.0
JPEG_QUALITY = 70
RENDER_DPI = 300  # the sharp page before the camera's scale
WALL_GREY = 150  # what surrounds the sticker in the photo
DECODERS = ("zxing-cpp", "zbar")
# How far each product must scan from: the sticker from the pavement, the flyer in the hand.
SCAN_DISTANCE_M = {"sticker": 2.0, "flyer": 0.5}
# A module is read reliably from about 2 pixels up (zxing-cpp and zbar, with the blur above).
MIN_PX_PER_MODULE = 2.0


def pixels_per_mm(distance_m: float) -> float:
    """How many photo pixels one millimetre of the page covers at *distance_m* metres."""
    field_mm = 2 * distance_m * 1000 * math.tan(math.radians(FIELD_OF_VIEW_DEG / 2))
    return SENSOR_PX / field_mm


def min_module_mm(distance_m: float) -> float:
    """The smallest QR module (mm) a phone resolves at *distance_m* (:data:`MIN_PX_PER_MODULE` pixels)."""
    return MIN_PX_PER_MODULE / pixels_per_mm(distance_m)


def photo(page_image: Any, dpi: float, distance_m: float) -> Any:
    """*page_image* (a PIL image rendered at *dpi*) as a phone at *distance_m* photographs it (PIL, RGB)."""
    from PIL import Image, ImageFilter

    scale = pixels_per_mm(distance_m) / (dpi / 25.4)
    width, height = (max(1, round(side * scale)) for side in page_image.size)
    small = page_image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    margin = max(8, width // 2)
    framed = Image.new("RGB", (width + 2 * margin, height + 2 * margin), (WALL_GREY,) * 3)
    framed.paste(small, (margin, margin))
    blurred = framed.filter(ImageFilter.GaussianBlur(BLUR_PX))
    buffer = io.BytesIO()
    blurred.save(buffer, "JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def decode(image: Any) -> dict[str, list[str]]:
    """The QR codes' texts that each of :data:`DECODERS` reads from *image*."""
    import zxingcpp
    from pyzbar import pyzbar

    found = {"zxing-cpp": [c.text for c in zxingcpp.read_barcodes(image) if "QR" in str(c.format)]}
    found["zbar"] = [symbol.data.decode("utf-8", "replace")
                     for symbol in pyzbar.decode(image.convert("L"), symbols=[pyzbar.ZBarSymbol.QRCODE])]
    return found


@dataclass(frozen=True)
class Scan:
    """What the decoders read from a page photographed at one distance."""

    distance_m: float
    texts: dict[str, list[str]]

    def failed(self, url: str) -> list[str]:
        """The decoders that did not read *url*."""
        return [name for name in DECODERS if url not in self.texts.get(name, [])]


def scan_page(page: Any, distance_m: float) -> Scan:
    """Photograph a pypdfium2 *page* at *distance_m* and decode it."""
    image = page.render(scale=RENDER_DPI / 72).to_pil()
    return Scan(distance_m, decode(photo(image, RENDER_DPI, distance_m)))
