"""Scaffolding writes starter files that validate; schemas accept the sample content."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from quartierboards.cli import main
from quartierboards.content.files import load_markdown_file, load_yaml_file
from quartierboards.content.schema import json_schema, schema_files

ROOT = Path(__file__).resolve().parents[2]


def test_new_quarter_offer_place_validate(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert main(["new", "--content", str(content), "quarter", "altstadt"]) == 0
    assert main(["new", "--content", str(content), "place", "altstadt", "kirche"]) == 0
    assert main(["new", "--content", str(content), "offer", "altstadt", "yoga-im-park"]) == 0
    assert main(["check", "--content", str(content)]) == 0
    assert "OK: 5 quarters" in capsys.readouterr().out
    assert "# " in (content / "quarters/altstadt/offers/yoga-im-park.md").read_text()  # commented


def test_new_files_show_a_photo_that_validates_when_uncommented(tmp_path, capsys):
    import re

    from PIL import Image

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    main(["new", "--content", str(content), "quarter", "altstadt"])
    main(["new", "--content", str(content), "place", "altstadt", "kirche"])
    main(["new", "--content", str(content), "offer", "altstadt", "yoga-im-park"])
    quarter = content / "quarters/altstadt"
    (quarter / "images").mkdir()
    for path in (quarter / "quarter.yaml", quarter / "places/kirche.yaml", quarter / "offers/yoga-im-park.md"):
        text = path.read_text("utf-8")
        assert "# Foto (optional): Datei in images/" in text
        examples = re.findall(r"^( *)# (image:\n(?:\1#   .*\n)+)", text, re.M)
        assert len(examples) == (2 if path.name == "quarter.yaml" else 1)  # the quarter's and its contact's
        for indent, example in examples:
            file = re.search(r"file: (\S+)", example)[1]
            Image.new("RGB", (800, 600), "green").save(quarter / "images" / file)
            text = text.replace(f"{indent}# {example}", indent + example.replace(f"{indent}#   ", f"{indent}  "))
        assert not re.search(r"^ *# image:", text, re.M)
        path.write_text(text, "utf-8")
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().err


def test_new_refuses_bad_names_and_overwrites(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert main(["new", "--content", str(content), "quarter", "Alt Stadt"]) == 2
    assert main(["new", "--content", str(content), "offer", "nordstadt", "muetter-cafe"]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(("kind", "names", "word"), [
    ("quarter", ["static"], "static"), ("quarter", ["de"], "de"), ("quarter", ["calendar"], "calendar"),
    ("quarter", ["news"], "news"), ("quarter", ["ru"], "ru"),  # a language of the sample site
    ("offer", ["nordstadt", "calendar"], "calendar"), ("offer", ["nordstadt", "2026-w49"], "2026-w49"),
])
def test_new_refuses_reserved_names(tmp_path, capsys, kind, names, word):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = sorted(content.rglob("*"))
    assert main(["new", "--content", str(content), kind, *names]) == 2
    assert f"'{word}' is reserved" in capsys.readouterr().err
    assert sorted(content.rglob("*")) == before


def test_committed_schemas_are_up_to_date():
    for name, data in schema_files().items():
        assert (ROOT / "schemas" / name).read_bytes() == data, f"run: quartierboards schema ({name})"


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _kind(path: Path) -> str:
    if path.name == "site.yaml":
        return "site"
    if path.name == "quarter.yaml":
        return "quarter"
    if path.parent.name == "places":
        return "place"
    if path.name.count(".") > 1:
        return "translation"
    if path.parent.name == "news":
        return "news"
    return "offer" if path.parent.name == "offers" else "about"


def _data(path: Path):
    root = ROOT / "content"
    if path.suffix == ".yaml":
        return load_yaml_file(path, root).data
    return load_markdown_file(path, root, require_front_matter=False)[0].data


def test_schemas_accept_every_sample_file():
    files = [p for p in sorted((ROOT / "content").rglob("*")) if p.is_file() and p.suffix in (".yaml", ".md")]
    assert len(files) > 100
    for path in files:
        validator = jsonschema.Draft202012Validator(json_schema(_kind(path)))
        errors = [e.message for e in validator.iter_errors(_plain(_data(path)))]
        assert not errors, f"{path}: {errors}"


@pytest.mark.parametrize(("kind", "data", "fragment"), [
    ("offer", {"title": "x", "summary": "y", "audience": "kids", "category": "meeting", "place": "p"}, "kids"),
    ("offer", {"titel": "x", "summary": "y", "audience": "everyone", "category": "meeting", "place": "p"},
     "titel"),
    ("offer", {"title": "x", "summary": "y", "audience": "everyone", "category": "meeting", "place": "p",
               "schedule": [{"weekly": "tuesday-ish", "time": "10:00-11:00"}]}, "tuesday-ish"),
    ("offer", {"title": "x", "summary": "y", "audience": "everyone", "category": "meeting", "place": "p",
               "schedule": [{"weekly": "di", "time": "25:00-26:00"}]}, "25:00"),
    ("place", {"name": "x", "address": {"street": "s", "postcode": "1", "city": "c"}, "wheelchair": "maybe"},
     "maybe"),
])
def test_schemas_reject_what_the_build_rejects(kind, data, fragment):
    errors = list(jsonschema.Draft202012Validator(json_schema(kind)).iter_errors(data))
    assert errors and any(fragment in json.dumps(e.instance) or fragment in e.message for e in errors)
