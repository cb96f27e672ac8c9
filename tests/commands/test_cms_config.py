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


def test_dates_are_plain_and_audience_is_a_multiple_select() -> None:
    offer = {f["name"]: f for f in fields_for("offer")}
    assert offer["checked"]["format"] == "YYYY-MM-DD"
    assert offer["audience"]["widget"] == "select" and offer["audience"]["multiple"]
    config = build_config(["lindenhof"], ["de", "ru"], "de")
    offers = config["collections"][0]
    assert offers["folder"] == "quarters/lindenhof/offers"
    assert config["i18n"]["structure"] == "multiple_files"


def test_cms_verb_writes_the_config_for_the_sample_city(tmp_path) -> None:
    import json
    import subprocess
    import sys
    out = tmp_path / "output"
    subprocess.run([sys.executable, "-m", "quartierboards", "cms", "--content", "content",
                    "--output", str(out)], check=True)
    config = json.loads((out / "admin" / "config.yml").read_text(encoding="utf-8"))
    folders = {c.get("folder") for c in config["collections"]}
    assert "quarters/lindenhof/offers" in folders
