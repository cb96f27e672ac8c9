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
