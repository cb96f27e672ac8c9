"""A small picture of a print PDF's first page, cut to the trim: what a print shop matches against the order.

``auftrag.pdf`` shows one per version, so that whoever prints, cuts and bundles can
tell the sixteen flyers of a city apart at a glance (same layout, other language or
quarter). JPEG, because the picture is only for recognising the version (a few kB
each); the same PDF always gives the same bytes.
"""

from __future__ import annotations

import base64
import io

# 0.4 of a point per pixel: an A5 page is 168 × 238 px, sharp when printed 20 mm wide.
SCALE = 0.4
JPEG_QUALITY = 75


def front_thumbnail(pdf: bytes) -> bytes:
    """The first page of *pdf* (a PDF's bytes) inside its trim box, as JPEG bytes."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        media, trim = page.get_mediabox(), page.get_trimbox()
        crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
        image = page.render(scale=SCALE, crop=crop).to_pil().convert("RGB")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def data_uri(jpeg: bytes) -> str:
    """*jpeg* as a ``data:`` URI for an ``<img>`` of a print template."""
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")
