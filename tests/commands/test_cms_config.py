"""The generated Decap config has a field for every model field (drift test)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from quartierboards.commands.cms_config import build_config, fields_for
from quartierboards.content.schema import SCHEMAS


def _model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of a model and its nested models, as dotted paths of input names."""
    paths = set()
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        paths.add(key)
        stack: list[Any] = [info.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                paths |= _model_paths(t, key + ".")
            else:
                stack.extend(getattr(t, "__args__", ()))
    return paths


def _config_paths(fields: list[dict[str, Any]], prefix: str = "") -> set[str]:
    paths = set()
    for f in fields:
        paths.add(prefix + f["name"])
        paths |= _config_paths(f.get("fields", []), prefix + f["name"] + ".")
    return paths


def test_every_model_field_is_in_the_config() -> None:
    for kind, model in SCHEMAS.items():
        missing = _model_paths(model) - _config_paths(fields_for(kind))
        assert not missing, f"{kind}: {sorted(missing)}"


def test_every_model_field_is_in_the_written_config() -> None:
    """What the editor gets (German labels, selects) still has every field of offers, places, news, quarter."""
    config = build_config(["lindenhof"], ["de", "ru", "ar"], "de")
    by_name = {c["name"]: c for c in config["collections"]}
    written = {"offer": by_name["offers-lindenhof"]["fields"], "place": by_name["places-lindenhof"]["fields"],
               "news": by_name["news-lindenhof"]["fields"],
               "quarter": by_name["quarter-lindenhof"]["files"][0]["fields"]}
    for kind, fields in written.items():
        missing = _model_paths(SCHEMAS[kind]) - _config_paths(fields)
        assert not missing, f"{kind}: {sorted(missing)}"
    # only title and summary (and the text) are translated: a <offer>.<lang>.md takes nothing else
    translated = {f["name"] for f in by_name["offers-lindenhof"]["fields"] if f.get("i18n")}
    assert translated == set(SCHEMAS["translation"].model_fields) | {"body"}


def test_german_words_and_selects() -> None:
    places = {"lindenhof": [{"label": "Gemeindehaus (gemeindehaus)", "value": "gemeindehaus"}]}
    config = build_config(["lindenhof"], ["de"], "de", places)
    offer = {f["name"]: f for f in config["collections"][0]["fields"]}
    assert offer["title"]["label"] == "Titel" and offer["title"]["i18n"]
    assert {"label": "Familien", "value": "families"} in offer["audience"]["options"]
    assert offer["place"]["widget"] == "select" and offer["place"]["options"] == places["lindenhof"]
    entry = {f["name"]: f for f in offer["schedule"]["fields"]}
    assert entry["weekly"]["widget"] == "select" and entry["weekly"]["multiple"]
    assert {"label": "Dienstag", "value": "di"} in entry["weekly"]["options"]
    assert {"label": "jeden ersten Mittwoch", "value": "first wed"} in entry["monthly"]["options"]
    import re
    pattern = re.compile(entry["time"]["pattern"][0])
    assert pattern.match("16:00-18:00") and not pattern.match("25:00-26:00") and not pattern.match("16 Uhr")
    image = {f["name"]: f for f in offer["image"]["fields"]}
    assert image["file"]["widget"] == "image" and image["file"]["media_folder"] == "../images"
    assert "Nötig, sobald" in image["alt"]["hint"]  # Decap would require it of every offer


def test_dates_are_plain_and_audience_is_a_multiple_select() -> None:
    offer = {f["name"]: f for f in fields_for("offer")}
    assert offer["checked"]["format"] == "YYYY-MM-DD"
    assert offer["audience"]["widget"] == "select" and offer["audience"]["multiple"]
    config = build_config(["lindenhof"], ["de", "ru"], "de")
    offers = config["collections"][0]
    assert offers["folder"] == "content/quarters/lindenhof/offers"
    assert config["i18n"]["structure"] == "multiple_files"


def test_cms_verb_writes_the_config_for_the_sample_city(tmp_path) -> None:
    import json
    import subprocess
    import sys
    out = tmp_path / "output"
    subprocess.run([sys.executable, "-m", "quartierboards", "cms", "--content", "content",
                    "--output", str(out), "--no-vendor"], check=True)
    config = json.loads((out / "admin" / "config.yml").read_text(encoding="utf-8"))
    folders = {c.get("folder") for c in config["collections"]}
    assert "content/quarters/lindenhof/offers" in folders
    assert config["locale"] == "de" and config["backend"]["name"] == "proxy"
    page = (out / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js">' in page and "http" not in page.replace("http-equiv", "")
    assert (out / "admin" / "board.css").is_file()


def test_git_host_backends_carry_no_secret() -> None:
    import argparse

    from quartierboards.commands.cms import backend_config

    def args(**kw: object) -> argparse.Namespace:
        base = {"backend": None, "repo": None, "branch": "main", "base_url": None, "app_id": None}
        return argparse.Namespace(**{**base, **kw})

    assert backend_config(args()) is None  # the local backend of `cms --serve`
    gitlab = backend_config(args(backend="gitlab", repo="stadt/quartiere", base_url="https://git.stadt.example/",
                                 app_id="abc123"))
    assert gitlab == {"name": "gitlab", "repo": "stadt/quartiere", "branch": "main", "auth_type": "pkce",
                      "app_id": "abc123", "base_url": "https://git.stadt.example",
                      "api_root": "https://git.stadt.example/api/v4"}
    gitea = backend_config(args(backend="gitea", repo="stadt/quartiere", base_url="https://forgejo.stadt.example"))
    assert gitea["api_root"] == "https://forgejo.stadt.example/api/v1"
    assert not any("secret" in key for key in {**gitlab, **gitea})
