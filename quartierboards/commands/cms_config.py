"""Decap CMS ``config.yml`` generated from the content models (issue #26, first part).

The widgets come from the same JSON Schemas as ``quartierboards schema`` (content/schema.py),
so a field added to a model appears in the editor without a change here.
"""

from __future__ import annotations

from typing import Any

from quartierboards.commands.cms_labels import (
    CHOICES_DE,
    COLLECTIONS_DE,
    LABELS,
    ORDINALS_DE,
    SINGULAR_DE,
    WEEKDAYS_DE,
    WEEKDAYS_EN,
)
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
    elif "properties" in node:
        field.update(widget="object", fields=object_fields(node, defs))
    elif kind == "object":
        # a map with free keys (print quantities per language): no Decap widget edits it; the
        # form keeps it as it is, and it is edited in the file
        field.update(widget="hidden")
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


def _options(values: list[str], names: dict[str, str]) -> list[Any]:
    return [{"label": names[v], "value": v} if v in names else v for v in values]


_WEEKDAY_OPTIONS = [{"label": label, "value": code} for code, label in WEEKDAYS_DE.items()]
# "first wed" as in docs/redaktion.md, labelled "jeden ersten Mittwoch"
_MONTHLY_OPTIONS = [{"label": f"jeden {o_de} {d_de}", "value": f"{o} {d}"}
                    for o, o_de in ORDINALS_DE.items() for d, d_de in zip(WEEKDAYS_EN, WEEKDAYS_DE.values(),
                                                                           strict=True)]


def german(fields: list[Field], places: list[dict[str, str]], images: str, optional: bool = False) -> list[Field]:
    """The generated fields with the editors' words and the widgets that fit our values.

    German labels and hints (``cms_labels``), option names for the selects, weekdays and
    monthly rules as selects, the place as a select of the quarter's places (*places*:
    ``{label, value}``), a photo's file as Decap's image widget uploading into *images*
    (the quarter's ``images/`` folder, relative to the file being edited).

    Decap requires the required fields of an optional object even when it is left empty
    (an offer without a photo could not be saved), so inside an *optional* object they are
    optional in the form and the hint says when they are needed; the backend's check after
    saving refuses a photo without ``alt`` all the same.
    """
    out = []
    for f in fields:
        f = dict(f)
        name = f["name"]
        label, hint = LABELS.get(name, (f["label"], ""))
        f["label"] = label
        if optional and f.get("required"):
            f["required"] = False
            hint = (hint + " " if hint else "") + "Nötig, sobald hier etwas eingetragen ist."
        if hint:
            f["hint"] = hint
        if f.get("widget") == "select" and name in CHOICES_DE:
            f["options"] = _options(f["options"], CHOICES_DE[name])
        if name == "weekly":
            f.update(widget="select", multiple=True, options=_WEEKDAY_OPTIONS)
            f.pop("fields", None)
        elif name == "monthly":
            f.update(widget="select", options=_MONTHLY_OPTIONS)
        elif name == "place" and places:
            f.update(widget="select", options=places)
        elif name == "file" and f.get("pattern"):
            # a photo: uploaded into the quarter's images/, saved as its bare file name
            f = {k: v for k, v in f.items() if k != "pattern"}
            f.update(widget="image", media_folder=images, public_folder="", choose_url=False)
        elif name == "time":
            f["pattern"] = [TIME_PATTERN, "Zwei Uhrzeiten von–bis, z. B. 16:00-18:00"]
        if f.get("widget") == "list" and name in SINGULAR_DE:
            f["label_singular"] = SINGULAR_DE[name]
        if "fields" in f:
            f["fields"] = german(f["fields"], places, images,
                                 optional=f.get("widget") == "object" and (optional or not f.get("required")))
            if f.get("widget") == "list":
                f["collapsed"] = False
        out.append(f)
    return out


# HH:MM-HH:MM with hours 0–23 and minutes 0–59, as content/fields.py's parse_time_range takes it
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]\s*[-–]\s*([01]?[0-9]|2[0-3]):[0-5][0-9]$"
# the text fields a <name>.<lang>.md translation may hold (content.models.TranslationOverride)
TRANSLATED = ("title", "summary")


def _text_collection(kind: str, name: str, label: str, folder: str, places: list[dict[str, str]],
                     extra: dict[str, Any]) -> dict[str, Any]:
    fields = [{**f, "i18n": f["name"] in TRANSLATED} for f in german(fields_for(kind), places, "../images")]
    body = {"name": "body", "label": LABELS["body"][0], "widget": "markdown", "i18n": True, "required": False,
            "buttons": ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list"],
            "editor_components": [], "modes": ["raw"]}  # axe: the rich-text toolbar has unnamed buttons
    return {"name": name, "label": label, "folder": folder, "extension": "md", "format": "frontmatter",
            "create": True, "delete": True, "i18n": True, "slug": "{{slug}}",
            "identifier_field": "title", "summary": "{{title}}", "fields": [*fields, body], **extra}


def build_config(quarters: list[str], languages: list[str], default_language: str,
                 places: dict[str, list[dict[str, str]]] | None = None, prefix: str = "content",
                 backend: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole ``config.yml`` as a dict: offers, places and news per quarter, plus quarter.yaml.

    *places* maps a quarter to the ``{label, value}`` options of its places; *prefix* is the
    content folder's path in the repository; *backend* Decap's ``backend`` (default: the local
    proxy of ``quartierboards cms --serve``).
    """
    places = places or {}
    collections: list[dict[str, Any]] = []
    # Decap writes <offer>.<lang>.md beside <offer>.md: our translation files
    i18n = {"structure": "multiple_files", "locales": languages, "default_locale": default_language}
    for q in quarters:
        base = f"{prefix}/quarters/{q}"
        own = places.get(q, [])
        collections.append(_text_collection("offer", f"offers-{q}", f"{q}: {COLLECTIONS_DE['offers']}",
                                            f"{base}/offers", own, {}))
        collections.append({
            "name": f"places-{q}", "label": f"{q}: {COLLECTIONS_DE['places']}", "folder": f"{base}/places",
            "extension": "yaml", "format": "yml", "create": True, "delete": True, "slug": "{{slug}}",
            "identifier_field": "name", "fields": german(fields_for("place"), own, "../images"),
        })
        collections.append(_text_collection("news", f"news-{q}", f"{q}: {COLLECTIONS_DE['news']}",
                                            f"{base}/news", own, {"slug": "{{year}}-{{month}}-{{day}}-{{slug}}"}))
        collections.append({
            "name": f"quarter-{q}", "label": f"{q}: {COLLECTIONS_DE['quarter']}", "files": [{
                "name": "quarter", "label": "quarter.yaml", "file": f"{base}/quarter.yaml",
                "fields": german(fields_for("quarter"), own, "images")}],
        })
    return {"backend": backend or {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1",
                                   "branch": "main"},
            "locale": "de", "i18n": i18n, "media_folder": f"{prefix}/media", "public_folder": "/media",
            "publish_mode": "simple",
            # file names are slugs: lowercase ASCII letters, digits and hyphens (docs/content-format.md)
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "collections": collections}
