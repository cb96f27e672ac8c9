"""Photos beside the content: ``image: {file, alt, credit}`` on a quarter, a place, a contact, an offer or news.

The file lives in the quarter's ``images/`` folder. The loader reads each one once
(:func:`read_image`): its format, its pixel size after the camera's rotation, and a
digest of its bytes, which the pages' keys and the published file names carry, so
that a replaced photo is published under a new name. The pixels are re-encoded for
publishing (``render/photos.py``), so nothing of the file's metadata (camera, GPS
position, serial numbers) leaves the content folder.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from quartierboards.content.fields import Text, content_error
from quartierboards.content.strict import Strict
from quartierboards.i18n.messages import N_, tr

IMAGE_FOLDER = "images"
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; larger is refused before decoding (decompression bombs)
# The flyer's front shows the quarter's photo this large (beside the code), at least at PRINT_DPI.
FLYER_PHOTO_MM = (92.0, 30.0)
PRINT_DPI = 300
_ORIENTATION = 0x0112  # the EXIF tag
_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:jpe?g|png|webp)$", re.IGNORECASE)


def _file_name(value: str) -> str:
    if not _FILE.match(value):
        raise content_error("image_file", N_("'%(value)s' is not a photo file name: a name from the quarter's "
                                             "images/ folder ending in .jpg, .png or .webp"), value=value)
    return value


class Photo(Strict):
    """A photo: ``image: {file: eingang.jpg, alt: {de: …}, credit: "Foto: Stadt Kohlenberg"}``."""

    file: Annotated[str, AfterValidator(_file_name), Field(json_schema_extra={"pattern": _FILE.pattern})]
    alt: Text  # what the photo shows, for people who cannot see it (required)
    credit: str | None = None


@dataclass(frozen=True)
class ImageSource:
    """A photo file as read: where, its digest, format and pixel size (upright, as the camera meant it)."""

    path: Path
    digest: str
    format: str
    width: int
    height: int

    def print_dpi(self, width_mm: float, height_mm: float) -> float:
        """The resolution (dpi) the photo has when cut to fill *width_mm* × *height_mm*."""
        scale = min(self.width / width_mm, self.height / height_mm)  # pixels per mm of the cut
        return scale * 25.4


def read_image(path: Path) -> ImageSource:
    """Read *path* (a photo); raises ``ValueError`` with a message for the editor when it cannot be used."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(tr("photo file %(file)s not found", file=path.name)) from None
    except OSError as exc:
        raise ValueError(tr("photo file %(file)s cannot be read (%(error)s)", file=path.name,
                            error=exc.strerror or exc)) from None
    if len(data) > MAX_BYTES:
        raise ValueError(tr("photo file %(file)s has %(size)s MB, at most %(max)s MB", file=path.name,
                            size=f"{len(data) / 1024 / 1024:.1f}", max=MAX_BYTES // 1024 // 1024))
    import io

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            if kind not in FORMATS:
                raise ValueError(tr("photo file %(file)s is %(format)s; use JPEG, PNG or WebP", file=path.name,
                                    format=kind or "?"))
            if image.width * image.height > MAX_PIXELS:
                raise ValueError(tr("photo file %(file)s has %(pixels)s megapixels, at most %(max)s",
                                    file=path.name, pixels=f"{image.width * image.height / 1e6:.0f}",
                                    max=MAX_PIXELS // 1_000_000))
            # Only the header is read here (every build reads every photo); the camera's
            # rotation (EXIF orientation 5 to 8) swaps width and height.
            width, height = image.size
            if image.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8):
                width, height = height, width
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValueError(tr("photo file %(file)s is not a readable JPEG, PNG or WebP image",
                            file=path.name)) from None
    return ImageSource(path, hashlib.sha256(data).hexdigest(), kind, width, height)
