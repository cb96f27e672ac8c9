"""Photos as published: no metadata, never upscaled, byte-identical, with alternative text and sizes."""

from __future__ import annotations

import io
import re

from PIL import Image
from qb_support import SAMPLE

from quartierboards.content.images import read_image
from quartierboards.render.photos import WIDTHS, encode, widths

MARKET = SAMPLE / "quarters/am-wasserturm/images/markt.jpg"


def _published(sample_build) -> dict[str, bytes]:
    return {path: (sample_build.output / path).read_bytes() for path in sample_build.files
            if path.startswith("images/")}


def test_the_sample_photo_carries_a_gps_position_and_a_camera_serial():
    exif = Image.open(MARKET).getexif()
    assert exif.get(0x8825) and exif.get(0xA431)  # GPS block, body serial number: what must not be published


def test_published_photos_have_no_metadata(sample_build):
    published = _published(sample_build)
    assert any("/markt-" in p for p in published) and any("/alte-post-eingang-" in p for p in published)
    for path, data in published.items():
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), path
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(image.info), path
        assert b"Exif" not in data and b"GPS" not in data and b"SN-123456789" not in data, path


def test_widths_are_never_larger_than_the_source(sample_build):
    source = read_image(MARKET)
    assert source.width > WIDTHS[-1] and widths(source) == list(WIDTHS)  # 1800 px wide: at most 1440
    small = read_image(SAMPLE / "quarters/lindenhof/images/alte-post-eingang.jpg")
    assert widths(small) == [480, 960, 1000]  # its own 1000 px, not 1440
    for path, data in _published(sample_build).items():
        width = int(re.search(r"-(\d+)\.(?:webp|jpg)$", path)[1])
        assert Image.open(io.BytesIO(data)).width == width <= max(source.width, small.width)


def test_encoding_is_byte_identical():
    source = read_image(MARKET)
    assert encode(source, 480) == encode(source, 480)


def test_the_board_shows_the_photo_with_alt_sizes_and_lazy_loading(sample_build):
    for lang, alt in (("de", "Der Markt am Wasserturm"), ("ar", "السوق عند برج الماء")):
        board = sample_build.text(f"{lang}/am-wasserturm/index.html")
        figure = re.search(r'<figure class="photo hero">.*?</figure>', board, re.S)[0]
        assert 'type="image/webp"' in figure and 'loading="lazy"' in figure and 'decoding="async"' in figure
        assert re.search(r'width="1440" height="560"', figure)
        assert f'alt="{alt}' in figure and "Foto: Stadt Kohlenberg" in figure
    card = sample_build.text("de/lindenhof/index.html")
    assert 'alt="Der Eingang der Alten Post, eine grüne Tür in einer Backsteinwand"' in card


def test_every_photo_link_of_every_page_leads_to_a_published_file(sample_build):
    import posixpath

    checked = 0
    for path in sample_build.files:
        if not path.endswith(".html"):
            continue
        html = (sample_build.output / path).read_text("utf-8")
        for link in re.findall(r'(?:src|srcset)="([^"]*images/[^"]*)"', html):
            for url in (part.strip().split(" ")[0] for part in link.split(",")):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url))
                assert target in sample_build.files, (path, url)
                checked += 1
    assert checked > 100  # the board, its filter pages and week pages of two quarters, in every language
