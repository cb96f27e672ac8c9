"""Publishing photos: re-encoded from their pixels in a few widths, WebP with a JPEG fallback.

Re-encoding from pixels is what removes a photo's metadata (EXIF with the GPS position
and the camera's serial number, XMP, IPTC, comments): the published files hold the
picture and nothing else. Colour profiles are applied first (the pixels become sRGB)
and then left out. The same photo always gives the same bytes, and its files are
named after its digest, so a build reuses them until the photo itself changes.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from markupsafe import Markup

from quartierboards.content.images import ImageSource, Photo
from quartierboards.content.structure import Quarter

WIDTHS = (480, 960, 1440)  # phone, tablet and wide screens; never wider than the photo itself
WEBP_QUALITY = 78
JPEG_QUALITY = 80
VERSION = "1"  # of the encoding: part of every photo file's key
FOLDER = "images"


def widths(source: ImageSource) -> list[int]:
    """The widths published for *source*: those of :data:`WIDTHS` below its own, then its own (at most the
    largest): never wider than the photo."""
    own = min(source.width, WIDTHS[-1])
    return [w for w in WIDTHS if w < own] + [own]


def photo_path(quarter: str, source: ImageSource, width: int, kind: str) -> str:
    """The published file of *source* at *width* (``kind``: ``webp`` or ``jpg``), from the site's root."""
    stem = PurePosixPath(source.path.name).stem.lower()
    return f"{FOLDER}/{quarter}/{stem}-{source.digest[:12]}-{width}.{kind}"


def upright_rgb(source: ImageSource) -> object:
    """The photo's pixels, turned as the camera meant, in sRGB, transparency on white (a Pillow RGB image)."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(source.path) as opened:
        image = ImageOps.exif_transpose(opened)
        profile = image.info.get("icc_profile")
        if profile and image.mode in ("RGB", "CMYK"):
            try:
                return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                                 ImageCms.createProfile("sRGB"), outputMode="RGB")
            except (ImageCms.PyCMSError, OSError):
                pass  # a broken profile: the pixels as they are
        if "A" in image.mode or image.mode == "P":
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(white, rgba).convert("RGB")
        return image.convert("RGB")


def encode(source: ImageSource, width: int) -> dict[str, bytes]:
    """*source* scaled to *width*, as ``{"webp": …, "jpg": …}`` without any metadata."""
    from PIL import Image

    image = upright_rgb(source)
    height = round(image.height * width / image.width)
    if width != image.width:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = {}
    for kind, options in (("webp", {"format": "WEBP", "quality": WEBP_QUALITY, "method": 4}),
                          ("jpg", {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True,
                                   "progressive": True})):
        buffer = io.BytesIO()
        image.save(buffer, **options)  # no exif=, icc_profile= or comment: nothing but pixels
        out[kind] = buffer.getvalue()
    return out


def photo_files(quarter: Quarter) -> dict[str, tuple[ImageSource, int, str]]:
    """Every published photo file of *quarter*: path → (source, width, kind)."""
    files = {}
    for source in quarter.images.values():
        for width in widths(source):
            for kind in ("webp", "jpg"):
                files[photo_path(quarter.slug, source, width, kind)] = (source, width, kind)
    return files


def picture(view: object, quarter: Quarter, photo: Photo | None, sizes: str, css_class: str = "photo") -> Markup:
    """A ``<figure>`` with the photo in every published width (WebP, JPEG fallback), its alternative text,
    ``width``/``height``, lazy loading and the credit as its caption; empty without a photo."""
    if photo is None or photo.file not in quarter.images:
        return Markup("")
    source = quarter.images[photo.file]
    sizes_list = widths(source)
    largest = sizes_list[-1]
    height = round(source.height * largest / source.width)

    def srcset(kind: str) -> str:
        return ", ".join(f"{view.url(photo_path(quarter.slug, source, w, kind))} {w}w"  # type: ignore[attr-defined]
                         for w in sizes_list)

    credit = Markup('<figcaption class="credit">{}</figcaption>').format(photo.credit) if photo.credit else ""
    return Markup(
        '<figure class="{cls}"><picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        '<img src="{src}" srcset="{jpg}" sizes="{sizes}" width="{w}" height="{h}" alt="{alt}" '
        'loading="lazy" decoding="async"></picture>{credit}</figure>').format(
        cls=css_class, webp=srcset("webp"), sizes=sizes, jpg=srcset("jpg"), w=largest, h=height,
        src=view.url(photo_path(quarter.slug, source, largest, "jpg")),  # type: ignore[attr-defined]
        alt=view.plain(photo.alt), credit=credit)  # type: ignore[attr-defined]
