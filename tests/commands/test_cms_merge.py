"""Saving from the editor keeps what a person wrote by hand."""

from __future__ import annotations

from quartierboards.commands.cms_merge import merge_front_matter, merge_yaml

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../../../schemas/place.schema.json
name: Gemeindehaus  # the sign at the door says so
address:
  street: Kirchweg 3
  postcode: "12345"
  city: Musterstadt
future_field: kept  # not known to the editor
"""


def test_comments_order_and_unknown_fields_survive() -> None:
    out = merge_yaml(HAND_WRITTEN, {"name": "Gemeindehaus Lindenhof", "address": {"street": "Kirchweg 5"}})
    assert out.startswith("# yaml-language-server: $schema=")
    # the comment stays on its line (its column moves with a longer value)
    assert "name: Gemeindehaus Lindenhof # the sign at the door says so" in out
    assert "street: Kirchweg 5" in out and 'postcode: "12345"' in out
    assert "future_field: kept  # not known to the editor" in out
    assert out.index("name:") < out.index("address:") < out.index("future_field:")


def test_front_matter_merge_keeps_the_body_and_arabic_text() -> None:
    md = "---\ntitle: Alt  # Titel\nplace: gemeindehaus\n---\nText bleibt.\n"
    out = merge_front_matter(md, {"title": "مقهى اللغة"})
    assert out == "---\ntitle: مقهى اللغة # Titel\nplace: gemeindehaus\n---\nText bleibt.\n"


def test_fields_emptied_in_the_form_go_fields_it_does_not_know_stay() -> None:
    text = "title: Treff\ncost: 2 €  # pro Termin\nfuture_field: kept\n"
    out = merge_yaml(text, {"title": "Treff"}, known={"title": {}, "cost": {}})
    assert out == "title: Treff\nfuture_field: kept\n"


def test_a_text_map_keeps_its_other_languages() -> None:
    text = "title:\n  de: Treff  # deutsch\n  ar: لقاء\n"
    out = merge_yaml(text, {"title": "Nachbarschaftstreff"}, languages=frozenset({"de", "ar"}), default="de")
    assert out == "title:\n  de: Nachbarschaftstreff # deutsch\n  ar: لقاء\n"


def test_equal_content_stays_as_written_and_new_values_as_the_guide_writes_them() -> None:
    import datetime as dt

    text = "audience: everyone\nschedule:\n  - weekly: [tue, thu]  # Di und Do\n    time: \"10:00-12:00\"\n"
    same = {"audience": ["everyone"],
            "schedule": [{"weekly": ["di", "do"], "time": "10:00-12:00"}]}
    assert merge_yaml(text, same) == text
    new = merge_yaml("", {"schedule": [{"weekly": ["mo"], "time": "9:00-10:00", "from": "2027-01-04"}]})
    assert new == "schedule:\n  - weekly: [mo]\n    time: \"9:00-10:00\"\n    from: 2027-01-04\n"
    assert dt.date(2027, 1, 4).isoformat() in new
