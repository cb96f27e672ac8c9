"""Safe YAML with positions, and safe reading of content files."""

from __future__ import annotations

import datetime as dt

import pytest

from quartierboards.content.files import load_markdown_file, read_text
from quartierboards.content.yamlsrc import YamlError, parse_yaml


def test_core_schema_scalars():
    doc = parse_yaml("a: no\nb: yes\nc: on\nd: 10:00\ne: true\nf: 2026-12-05\ng: 45999\nh: ~\ni: 1.5\n", "x.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": "on", "d": "10:00", "e": True,
                        "f": dt.date(2026, 12, 5), "g": 45999, "h": None, "i": 1.5}


def test_digits_with_a_leading_zero_stay_text_and_odd_keys_stay_names():
    doc = parse_yaml("postcode: 01067\nphone: 02311234\na: 08\nb: 0\nc: -12\nd: 0.5\ne: 01.5\n"
                     "08: x\n2026-13-45: y\n2026-12-05: z\n", "x.yaml")
    assert doc.data == {"postcode": "01067", "phone": "02311234", "a": "08", "b": 0, "c": -12, "d": 0.5,
                        "e": "01.5", "08": "x", "2026-13-45": "y", "2026-12-05": "z"}


def test_positions_of_values_and_keys():
    doc = parse_yaml("title: Café\nschedule:\n  - weekly: fri\n    time: \"15:00-17:00\"\n", "o.md",
                     line_offset=1)
    assert str(doc.locate(("schedule", 0, "time"))) == "o.md:5:11"
    assert str(doc.locate(("schedule", 0, "time"), key=True)) == "o.md:5:5"
    assert str(doc.locate(("schedule", 0, "nope"))) == "o.md:4:5", "falls back to the parent"
    assert str(doc.locate(("title",))) == "o.md:2:8"


@pytest.mark.parametrize("text,fragment", [
    ("a: 1\na: 2\n", "duplicate key 'a'"),
    ("a: &x 1\nb: *x\n", "anchors and aliases"),
    ("a: !!python/object:os.system x\n", "is not allowed"),
    ("a: !custom x\n", "is not allowed"),
    ("a:\n\t- b\n", "tab character"),
    ("a: [1\n", "invalid YAML"),
    ("a: 2026-13-01\n", "invalid date '2026-13-01'"),
    ("a: " + "[" * 100 + "]" * 100 + "\n", "nested more than 50 levels"),
    ("a: " + "[" * 20000 + "]" * 20000 + "\n", "nested more than 50 levels"),
    ("a: 1\n---\nb: 2\n", "a second YAML document"),
])
def test_rejected_yaml(text, fragment):
    with pytest.raises(YamlError) as info:
        parse_yaml(text, "x.yaml")
    assert fragment in info.value.error.message


def test_billion_laughs_is_stopped_at_the_first_alias():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    with pytest.raises(YamlError) as info:
        parse_yaml(bomb, "x.yaml")
    assert info.value.error.location.line == 1  # the anchor that is reused; nothing was expanded


def test_bom_and_crlf(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    path = root / "offer.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Caf\xc3\xa9\r\n---\r\nText\r\n")
    doc, body = load_markdown_file(path, root, require_front_matter=True)
    assert doc.data == {"title": "Café"}
    assert str(doc.locate(("title",))) == "content/offer.md:2:8"
    assert body == "Text\n"


def test_read_text_refuses_outside_and_oversized(tmp_path):
    from quartierboards.content.files import MAX_FILE_BYTES, FileProblem

    root = tmp_path / "content"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (root / "link.md").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(FileProblem, match="outside the content folder"):
        read_text(root / "link.md", root)
    (root / "big.md").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    with pytest.raises(FileProblem, match="too large"):
        read_text(root / "big.md", root)
    (root / "ok.md").write_bytes(b"x" * MAX_FILE_BYTES)
    assert len(read_text(root / "ok.md", root).text) == MAX_FILE_BYTES
