"""A small picture of a print PDF's first page, cut to the trim: what a print shop matches against the order.

``auftrag.pdf`` shows one per version, so that whoever prints, cuts and bundles can
tell the sixteen flyers of a city apart at a glance (same layout, other language or
quarter). JPEG, because the picture is only for recognising the version (a few kB
each); the same PDF always gives the same bytes.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
from pathlib import Path

from quartierboards.usercache import store_bytes

# 0.4 of a point per pixel: an A5 page is 168 × 238 px, sharp when printed 20 mm wide.
SCALE = 0.4
JPEG_QUALITY = 75
# In the name of a kept picture: a picture drawn another way is not taken for this one.
VERSION = f"s{SCALE}q{JPEG_QUALITY}"


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


def kept_thumbnail(folder: Path, digest: str) -> bytes | None:
    """The picture kept in *folder* for the PDF whose SHA-256 is *digest* (``None`` if there is none)."""
    try:
        data = (folder / f"{digest}.{VERSION}.jpg").read_bytes()
    except OSError:
        return None
    return data if data.startswith(b"\xff\xd8") and data.endswith(b"\xff\xd9") else None  # a whole JPEG


def keep_thumbnails(folder: Path, pictures: dict[str, bytes]) -> None:
    """Keep *pictures* (by their PDF's digest) in *folder*, and only them: pictures of PDFs gone are removed.

    A cache: a picture that cannot be written is drawn again next time.
    """
    names = {f"{digest}.{VERSION}.jpg": data for digest, data in pictures.items()}
    try:
        present = set(os.listdir(folder))
    except OSError:
        present = set()
    for name, data in names.items():
        if name not in present:
            store_bytes(folder / name, data)
    with contextlib.suppress(OSError):
        for name in present - names.keys():
            (folder / name).unlink(missing_ok=True)
