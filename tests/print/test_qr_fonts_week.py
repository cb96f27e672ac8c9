"""QR targets, packaged fonts and the regular week."""

from __future__ import annotations

import copy

import pytest

from quartierboards import fonts
from quartierboards.errors import ContentErrors
from quartierboards.print.regular_week import important_places, regular_week
from quartierboards.render.qr import check_target, qr_code, qr_svg
from quartierboards.render.view import LangView
from tests.print.conftest import TODAY


def test_foreign_qr_target_is_refused(built):
    site = built.result.site
    with pytest.raises(ContentErrors) as caught:
        qr_svg("https://evil.example.com/", site)
    assert caught.value.errors[0].location.path == "content/site.yaml"
    allowed = copy.deepcopy(site)
    allowed.config = allowed.config.model_copy(update={"qr_allowed_hosts": ["partner.example.net"]})
    check_target("https://partner.example.net/x", allowed)
    with pytest.raises(ContentErrors):
        check_target("https://other.example.net/x", allowed)


def test_qr_error_correction_and_quiet_zone(built):
    code = qr_code("https://quartiere.example.org/de/nordstadt/")
    assert code.error in ("M", "Q", "H")
    svg = qr_svg("https://quartiere.example.org/de/nordstadt/", built.result.site, variant="print")
    size = code.symbol_size(border=4)[0]
    assert f'viewBox="0 0 {size} {size}"' in svg and "device-cmyk(0 0 0 1)" in svg


def test_fonts_come_from_the_font_packages():
    families = {family for family, _ in fonts.variable_fonts()}
    assert families == {"QB Sans", "QB Arabic"}
    for _, path in fonts.variable_fonts():
        assert "fontpkg_noto_sans" in str(path)
    assert fonts.missing_characters("Grüße ğış Привет Україна مرحبا گ‌پ ۱۲") == []
    assert fonts.missing_characters("漢") == ["漢"]


def test_regular_week(built):
    site = built.result.site
    quarter = site.quarters["nordstadt"]
    week = regular_week(site, quarter, LangView(site, "de"), TODAY)
    assert [d.index for d in week] == list(range(7))
    rows = [r for d in week for r in d.rows]
    assert any(r.offer.slug == "sprachcafe" for r in week[2].rows)  # Wednesday
    assert any("Monat" in r.note for r in rows)  # monthly entries in words
    assert all(r.start <= r2.start for d in week for r, r2 in zip(d.rows, d.rows[1:], strict=False))
    venues = {r.place.ref for d in week for r in d.rows if r.place is not None}
    assert {p.ref for p in important_places(site, quarter, TODAY)} >= venues  # every venue of the week plan


@pytest.mark.parametrize(("lang", "said"), [("de", "alle 2 Wochen: 5. Dez. und 19. Dez."),
                                            ("ru", "каждые 2 недели: 5 дек. и 19 дек."),
                                            ("fa", "هر ۲ هفته: ۵ دسامبر و ۱۹ دسامبر")])
def test_every_two_weeks_says_its_dates_while_the_flyer_hangs(built, lang, said):
    site = built.result.site
    week = regular_week(site, site.quarters["nordstadt"], LangView(site, lang), TODAY)
    notes = [r.note for d in week for r in d.rows if r.offer and r.offer.slug == "fahrradwerkstatt"]
    assert notes == [said]
