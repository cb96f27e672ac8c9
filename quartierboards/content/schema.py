"""JSON Schemas for editors, generated from the content models (so they cannot drift)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from quartierboards.content.models import (
    AboutFile,
    NewsFile,
    OfferFile,
    PlaceFile,
    QuarterFile,
    SiteFile,
    TranslationOverride,
)

SCHEMAS: dict[str, type[BaseModel]] = {
    "site": SiteFile,
    "quarter": QuarterFile,
    "place": PlaceFile,
    "offer": OfferFile,
    "translation": TranslationOverride,
    "about": AboutFile,
    "news": NewsFile,
}

_TITLES = {
    "site": "Quartierboards site.yaml",
    "quarter": "Quartierboards quarter.yaml",
    "place": "Quartierboards place (places/<place>.yaml)",
    "offer": "Quartierboards offer front matter (offers/<offer>.md)",
    "translation": "Quartierboards translation front matter (<name>.<lang>.md)",
    "about": "Quartierboards about.md front matter",
    "news": "Quartierboards news post front matter (news/<yyyy-mm-dd>-<slug>.md)",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one content file type, in input form (aliases)."""
    schema = SCHEMAS[kind].model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    schema["title"] = _TITLES[kind]
    return schema


def schema_files() -> dict[str, bytes]:
    """``<kind>.schema.json`` → bytes, for ``schemas/``."""
    return {f"{kind}.schema.json": (json.dumps(json_schema(kind), indent=2, ensure_ascii=False,
                                               sort_keys=True) + "\n").encode("utf-8")
            for kind in SCHEMAS}
