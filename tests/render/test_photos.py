"""Photos as published: no metadata, never upscaled, byte-identical, with alternative text and sizes."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from qb_support import SAMPLE, build_args, cli, copy_base, tree

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
    offer = sample_build.text("ar/am-wasserturm/weihnachtsmarkt/index.html")  # the sample's offer photo
    assert re.search(r'</h1>\s*<figure class="photo lead-photo">.*?alt="الساحة عند برج المياه', offer, re.S)


def test_an_organizer_s_logo_is_published_on_white_beside_its_name(sample_build):
    """The Diakonie's transparent PNG logo: a JPEG and a WebP with the transparency on white, no metadata."""
    logos = {p: d for p, d in _published(sample_build).items() if "/diakonie-logo-" in p}
    assert {p.rsplit(".", 1)[1] for p in logos} == {"jpg", "webp"}
    for path, data in logos.items():
        image = Image.open(io.BytesIO(data))
        assert image.mode == "RGB" and image.getpixel((470, 5)) >= (250, 250, 250), path  # a corner: white
        assert not image.getexif(), path
    page = sample_build.text("de/nordstadt/hausaufgabenhilfe/index.html")
    organizer = re.search(r"<dt>Veranstalter</dt><dd>(.*?)</dd>", page, re.S)[1]
    assert '<figure class="photo logo">' in organizer and 'alt="Logo der Diakonie Kohlenberg"' in organizer
    assert 'loading="lazy"' in organizer and "Diakonie Kohlenberg</a>" in organizer


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


# Contacts, offers and news carry photos the same way: a tiny city whose three photos hold a GPS position.
SERIAL = "SN-987654321"
CONTACT_QUARTER = """\
name: Nord
summary: Das Quartier im Norden.
contacts:
  - name: Jana Beispiel
    email: jana@example.org
    image:
      file: jana.jpg
      alt:
        de: Jana Beispiel lacht in die Kamera
        ar: جانا بايشبيل تبتسم للكاميرا
      credit: "Foto: privat"
    office_hours:
      - weekly: tue
        time: "16:00-18:00"
        place: treff
"""
OFFER = """\
---
title: Café
summary: Kaffee und Kuchen.
audience: everyone
category: meeting
place: treff
schedule:
  - weekly: fri
    time: "15:00-17:00"
image:
  file: kuchen.png
  alt:
    de: Ein Stück Apfelkuchen auf einem Teller
    ar: قطعة من فطيرة التفاح على طبق
---
Jeden Freitag.
"""
NEWS = """\
---
title: Laternenumzug
summary: Am Freitag ziehen wir mit Laternen durch das Quartier.
image:
  file: laternen.jpg
  alt: Kinder mit bunten Laternen im Dunkeln
  credit: "Foto: Kita Nord"
---
Treffpunkt ist der Treff.
"""


def _photo_with_position(path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A photo as a phone takes it: with a GPS position and the camera's serial number."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "Phone Maker"
    exif[0xA431] = SERIAL  # body serial number
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    kind = "PNG" if path.suffix == ".png" else "JPEG"
    image.save(path, kind, exif=exif)


@pytest.fixture(scope="module")
def photo_city(tmp_path_factory):
    """The base city with a contact's portrait, an offer's photo and a news post's photo, built once."""
    root = tmp_path_factory.mktemp("photos")
    content = copy_base(root)
    nord = content / "quarters/nord"
    (nord / "quarter.yaml").write_text(CONTACT_QUARTER, "utf-8")
    (nord / "offers/cafe.md").write_text(OFFER, "utf-8")
    (nord / "news").mkdir()
    (nord / "news/2026-11-20-laternenumzug.md").write_text(NEWS, "utf-8")
    (nord / "images").mkdir()
    _photo_with_position(nord / "images/jana.jpg", (600, 800), (200, 150, 120))
    _photo_with_position(nord / "images/kuchen.png", (1200, 800), (230, 190, 90))
    _photo_with_position(nord / "images/laternen.jpg", (800, 600), (20, 30, 80))
    run = cli(*build_args(content, root))
    assert run.code == 0, run.err
    return content, root / "output", tree(root / "output")


def test_the_test_photos_carry_a_gps_position(photo_city):
    content = photo_city[0]
    for name in ("jana.jpg", "kuchen.png", "laternen.jpg"):
        exif = Image.open(content / "quarters/nord/images" / name).getexif()
        assert exif.get_ifd(0x8825) and exif.get(0xA431) == SERIAL, name


@pytest.mark.parametrize("stem", ["jana", "kuchen", "laternen"])  # a contact's, an offer's, a news post's
def test_contact_offer_and_news_photos_are_published_without_metadata(photo_city, stem):
    published = {p: data for p, data in photo_city[2].items() if p.startswith(f"images/nord/{stem}-")}
    assert {p.rsplit(".", 1)[1] for p in published} == {"jpg", "webp"}
    for path, data in published.items():
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), path
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(image.info), path
        assert b"Exif" not in data and b"GPS" not in data and SERIAL.encode() not in data, path


def _img(html: str, alt: str) -> str:
    found = re.search(r'<img [^>]*alt="' + re.escape(alt) + r'"[^>]*>', html)
    assert found, alt
    tag = found[0]
    assert re.search(r' width="\d+" height="\d+"', tag) and 'loading="lazy"' in tag, tag
    return tag


def test_pages_show_contact_offer_and_news_photos_with_alt_size_and_lazy_loading(photo_city):
    files = photo_city[2]
    for lang, alt in (("de", "Jana Beispiel lacht in die Kamera"), ("ar", "جانا بايشبيل تبتسم للكاميرا")):
        board = files[f"{lang}/nord/index.html"].decode()
        portrait = re.search(r'<article class="card person">\s*<figure class="photo portrait">.*?</figure>',
                             board, re.S)[0]
        assert 'sizes="96px"' in portrait and "Foto: privat" in portrait
        assert 'width="600" height="800"' in _img(portrait, alt)  # its own size: never wider than the photo
    board = files["de/nord/index.html"].decode()
    thumb = re.search(r'<ul class="news-list">.*?</ul>', board, re.S)[0]
    _img(thumb, "Kinder mit bunten Laternen im Dunkeln")
    for lang, alt in (("de", "Ein Stück Apfelkuchen auf einem Teller"), ("ar", "قطعة من فطيرة التفاح على طبق")):
        offer = files[f"{lang}/nord/cafe/index.html"].decode()
        figure = re.search(r"</h1>\s*(<figure .*?</figure>)", offer, re.S)[1]  # below the heading
        assert 'width="1200" height="800"' in _img(figure, alt)
    news = [p for p in files if p.startswith("de/nord/") and "laternenumzug" in p and p.endswith(".html")]
    assert news
    page = files[news[0]].decode()
    assert "Foto: Kita Nord" in page
    _img(page, "Kinder mit bunten Laternen im Dunkeln")


def test_xliff_carries_the_alt_texts_of_contact_offer_and_news_photos(photo_city):
    from quartierboards.content.loader import load_site
    from quartierboards.content.xliff import units

    found = {(u.file.rsplit("/", 2)[-2:][-1], u.field): u.target
             for u in units(load_site(photo_city[0]), "ar") if u.field.endswith("image/alt")}
    assert found == {("quarter.yaml", "contacts/0/image/alt"): "جانا بايشبيل تبتسم للكاميرا",
                     ("cafe.md", "image/alt"): "قطعة من فطيرة التفاح على طبق",
                     ("2026-11-20-laternenumzug.md", "image/alt"): None}


def test_a_replaced_offer_photo_renders_its_pages_again_but_not_the_flyer(photo_city, tmp_path):
    import shutil

    from quartierboards.content.loader import load_site
    from quartierboards.render.keys import Keys

    content = tmp_path / "content"
    shutil.copytree(photo_city[0], content)

    def keys():
        site = load_site(content)
        quarter = site.quarters["nord"]
        k = Keys(site, "2026-11-30", None)
        return (k.offer_key(quarter, quarter.offers["cafe"]), k.news_key(quarter, quarter.news[0]),
                k.quarter_key(quarter), k.flyer_key(quarter, ("print/flyer.html",)))

    before = keys()
    _photo_with_position(content / "quarters/nord/images/kuchen.png", (1200, 800), (10, 190, 90))
    after = keys()
    assert after[0] != before[0] and after[2] != before[2]  # the offer page and the board
    assert after[1] == before[1] and after[3] == before[3]  # not the news page, not the flyer
    _photo_with_position(content / "quarters/nord/images/laternen.jpg", (800, 600), (90, 30, 80))
    again = keys()
    assert again[1] != after[1] and again[0] == after[0]
    _photo_with_position(content / "quarters/nord/images/jana.jpg", (600, 800), (90, 30, 80))
    assert keys()[2:] != again[2:]  # the board and the flyer's quarter settings (a contact's portrait)


def test_a_quarter_the_build_did_not_load_keeps_its_offer_and_news_photos(photo_city, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(photo_city[0], content)
    assert cli(*build_args(content, tmp_path, keep=True)).code == 0  # not --strict, which loads every quarter
    first = tree(tmp_path / "output")
    sued = content / "quarters/sued/quarter.yaml"
    sued.write_text(sued.read_text("utf-8").replace("Süden", "Süden der Stadt"), "utf-8")
    run = cli(*build_args(content, tmp_path, keep=True))  # Nord is unchanged: its offers and news stay unloaded
    assert run.code == 0, run.err
    photos = {p for p in first if p.startswith("images/nord/")}
    assert any("/kuchen-" in p for p in photos) and any("/laternen-" in p for p in photos)
    assert photos <= set(tree(tmp_path / "output"))
