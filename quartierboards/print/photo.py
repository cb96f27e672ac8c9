"""The quarter's photo on the flyer's front: cut to its box, at print resolution, in the press's CMYK.

A photo with fewer than ``PRINT_DPI`` pixels per inch in the box is left out (the build
warns: ``content/lints.py``) rather than printed blurred. The same CMYK picture serves
the print and the web variant, so that both still come from one layout
(``print/render.py``, ``render_pair``); PDF viewers show CMYK pictures as they are.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from quartierboards.content.images import FLYER_PHOTO_MM, PRINT_DPI, ImageSource
from quartierboards.print.thumbnail import data_uri
from quartierboards.render.photos import upright_rgb

JPEG_QUALITY = 88


def flyer_photo(source: ImageSource, profile: Path) -> str | None:
    """The photo as a ``data:`` URI of a CMYK JPEG filling :data:`FLYER_PHOTO_MM` at :data:`PRINT_DPI`
    (converted from sRGB with the output intent's *profile*); ``None`` when it has too few pixels."""
    if source.print_dpi(*FLYER_PHOTO_MM) < PRINT_DPI:
        return None
    return _cmyk(source, str(profile))


@lru_cache(maxsize=8)
def _cmyk(source: ImageSource, profile: str) -> str:
    from PIL import Image, ImageCms

    image = upright_rgb(source)
    width = round(FLYER_PHOTO_MM[0] / 25.4 * PRINT_DPI)
    height = round(FLYER_PHOTO_MM[1] / 25.4 * PRINT_DPI)
    scale = max(width / image.width, height / image.height)  # fill the box, cut what sticks out (centred)
    scaled = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    left, top = (scaled.width - width) // 2, (scaled.height - height) // 2
    cut = scaled.crop((left, top, left + width, top + height))
    cmyk = ImageCms.profileToProfile(cut, ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile),
                                     outputMode="CMYK")
    buffer = io.BytesIO()
    cmyk.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return data_uri(buffer.getvalue())
