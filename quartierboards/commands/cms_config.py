"""Decap CMS ``config.yml`` generated from the content models (issue #26, first part).

The widgets come from the same JSON Schemas as ``quartierboards schema`` (content/schema.py),
so a field added to a model appears in the editor without a change here.
"""

from __future__ import annotations

from typing import Any

from quartierboards.content.schema import json_schema

Field = dict[str, Any]


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Follow a ``$ref`` into ``$defs`` and drop the ``null`` branch of an optional field."""
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    for key in ("anyOf", "oneOf"):
        branches = [_resolve(b, defs) if "$ref" in b else b for b in node.get(key, []) if b.get("type") != "null"]
        # "one value or a list of them" (audience, transit): the list form covers both
        arrays = [b for b in branches if b.get("type") == "array"]
        # "a short form or the details" (by_appointment: true, data_licence: CC-BY-4.0): the form
        # has the details, which say everything the short form says
        objects = [b for b in branches if b.get("properties")]
        if len(branches) > 1 and len(arrays) == 1:
            branches = arrays
        elif len(branches) > 1 and len(objects) == 1:
            branches = objects
        if len(branches) == 1:
            rest = {k: v for k, v in node.items() if k != key}
            return _resolve({**branches[0], **rest}, defs)
    return node


def widget(name: str, node: dict[str, Any], defs: dict[str, Any], required: bool) -> Field:
    """One Decap field for a JSON Schema property (recursive for objects and lists)."""
    node = _resolve(node, defs)
    field: Field = {"name": name, "label": node.get("title", name), "required": required}
    kind = node.get("type")
    if "enum" in node:
        field.update(widget="select", options=list(node["enum"]))
    elif kind == "array":
        items = _resolve(node.get("items", {}), defs)
        if "enum" in items:
            field.update(widget="select", multiple=True, options=list(items["enum"]))
        elif items.get("type") == "object" or "properties" in items:
            field.update(widget="list", fields=object_fields(items, defs))
        else:
            field.update(widget="list")
    elif kind == "object" or "properties" in node:
        field.update(widget="object", fields=object_fields(node, defs))
    elif kind in ("integer", "number"):
        field.update(widget="number", value_type="int" if kind == "integer" else "float")
    elif kind == "boolean":
        field.update(widget="boolean")
    elif node.get("format") == "date":
        # dates stay plain YYYY-MM-DD strings in the files, never timestamps
        field.update(widget="datetime", time_format=False, date_format="YYYY-MM-DD",
                     format="YYYY-MM-DD")
    else:
        field.update(widget="string")
        if "pattern" in node:
            field["pattern"] = [node["pattern"], node.get("description", node["pattern"])]
    return field


def object_fields(node: dict[str, Any], defs: dict[str, Any]) -> list[Field]:
    """The Decap fields of every property of an object schema, in model order."""
    required = set(node.get("required", []))
    return [widget(name, sub, defs, name in required)
            for name, sub in node.get("properties", {}).items()]


def fields_for(kind: str) -> list[Field]:
    """The Decap fields of one content file type (a key of content.schema.SCHEMAS)."""
    schema = json_schema(kind)
    return object_fields(schema, schema.get("$defs", {}))


def build_config(quarters: list[str], languages: list[str], default_language: str) -> dict[str, Any]:
    """The whole ``config.yml`` as a dict: offers, places and news per quarter, plus quarter.yaml."""
    collections: list[dict[str, Any]] = []
    i18n = {"structure": "multiple_files", "locales": languages, "default_locale": default_language}
    for q in quarters:
        base = f"quarters/{q}"
        collections.append({
            "name": f"offers-{q}", "label": f"{q}: Angebote", "folder": f"{base}/offers",
            "extension": "md", "format": "frontmatter", "create": True, "i18n": True,
            "fields": [{**f, "i18n": f["name"] in ("title", "summary")} for f in fields_for("offer")]
            + [{"name": "body", "label": "Text", "widget": "markdown", "i18n": True}],
        })
        collections.append({
            "name": f"places-{q}", "label": f"{q}: Orte", "folder": f"{base}/places",
            "extension": "yaml", "format": "yml", "create": True, "fields": fields_for("place"),
        })
        collections.append({
            "name": f"news-{q}", "label": f"{q}: Neuigkeiten", "folder": f"{base}/news",
            "extension": "md", "format": "frontmatter", "create": True, "i18n": True,
            "fields": [{**f, "i18n": f["name"] in ("title", "summary")} for f in fields_for("news")]
            + [{"name": "body", "label": "Text", "widget": "markdown", "i18n": True}],
        })
        collections.append({
            "name": f"quarter-{q}", "label": f"{q}: Quartier", "files": [{
                "name": "quarter", "label": "quarter.yaml", "file": f"{base}/quarter.yaml",
                "fields": fields_for("quarter")}],
        })
    return {"backend": {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1"},
            "local_backend": True, "locale": "de", "i18n": i18n,
            "media_folder": "media", "collections": collections}
