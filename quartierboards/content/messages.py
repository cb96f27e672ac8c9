"""Turn pydantic validation errors into located, editor-friendly :class:`ContentError` s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from quartierboards.content.fields import MSGID_KEY
from quartierboards.content.yamlsrc import YamlDoc
from quartierboards.errors import ContentError, did_you_mean
from quartierboards.i18n.messages import N_, tr

# The union branch names pydantic puts into error locations; they are not YAML keys.
_UNION_PARTS = {"str", "dict[str,str]", "list[int]", "function-after[_text(), union[str,dict[str,str]]]"}

# Branch errors of a failed union that just say "not this type".
_UNION_TYPE_ERRORS = {"string_type", "dict_type", "list_type", "int_type", "float_type", "model_type"}

# pydantic's own error types, in our words (gettext msgids).
_SIMPLE = {
    "_text_union": N_("expected text, or one text per language (de: …, en: …)"),
    "string_type": N_("expected text"),
    "int_type": N_("expected a whole number"),
    "int_parsing": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "float_type": N_("expected a number"),
    "float_parsing": N_("expected a number"),
    "bool_type": N_("expected true or false"),
    "bool_parsing": N_("expected true or false"),
    "list_type": N_("expected a list"),
    "tuple_type": N_("expected a list"),
    "dict_type": N_("expected fields (key: value)"),
    "model_type": N_("expected fields (key: value)"),
    "model_attributes_type": N_("expected fields (key: value)"),
    "date_type": N_("expected a date like 2026-12-05"),
    "date_from_datetime_parsing": N_("expected a date like 2026-12-05"),
    "date_from_datetime_inexact": N_("expected a date like 2026-12-05"),
    "date_parsing": N_("expected a date like 2026-12-05"),
    "too_short": N_("must not be empty"),
    "string_too_short": N_("must not be empty"),
}

# Range errors: pydantic type → (msgid, the ctx key holding the limit).
_RANGE = {
    "greater_than_equal": (N_("'%(field)s' is out of range: it must be at least %(limit)s"), "ge"),
    "less_than_equal": (N_("'%(field)s' is out of range: it must be at most %(limit)s"), "le"),
    "greater_than": (N_("'%(field)s' is out of range: it must be more than %(limit)s"), "gt"),
    "less_than": (N_("'%(field)s' is out of range: it must be less than %(limit)s"), "lt"),
}


def _custom_message(ctx: dict[str, Any]) -> str:
    """Translate the msgid a :func:`~quartierboards.content.fields.content_error` carries."""
    msgid = ctx[MSGID_KEY]
    values = {k: v for k, v in ctx.items() if not k.startswith("_") and k != "at"}
    return tr(msgid, **values)


def _is_union_part(part: Any) -> bool:
    return isinstance(part, str) and (
        part in _UNION_PARTS or "[" in part or part.startswith("function-") or part == "constrained-str")


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(part for part in loc if not _is_union_part(part))


def _merge_unions(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One error per failed union (text or language map) instead of one per branch.

    When a branch got further (``title: {de: [x]}`` fails inside the map), its errors
    are the helpful ones; otherwise the union as a whole is reported once.
    """
    result: list[dict[str, Any]] = []
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        cut = next((i for i, part in enumerate(loc) if _is_union_part(part)), None)
        if cut is None:
            result.append(err)
            continue
        key = _clean_loc(loc[:cut])
        if key not in groups:
            groups[key] = []
            result.append({"type": "_union", "loc": key, "group": groups[key]})
        groups[key].append(err)
    merged: list[dict[str, Any]] = []
    for err in result:
        if err["type"] != "_union":
            merged.append(err)
            continue
        group, key = err["group"], err["loc"]
        deeper = [e for e in group if len(_clean_loc(tuple(e["loc"]))) > len(key)]
        if deeper:
            merged.extend(deeper)
        elif any(e["type"] not in _UNION_TYPE_ERRORS for e in group):
            merged.extend(e for e in group if e["type"] not in _UNION_TYPE_ERRORS)
        else:
            merged.append({"type": "_text_union", "loc": key, "msg": "", "input": group[0].get("input")})
    return merged


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Allowed keys at *loc* in *model* (aliases as editors write them)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    return None


def _key(loc: tuple[Any, ...]) -> str:
    return str(loc[-1]) if loc else ""


def validation_errors(exc: ValidationError, doc: YamlDoc, model: type[BaseModel]) -> list[ContentError]:
    """Convert *exc* raised while validating *doc* against *model*."""
    result: list[ContentError] = []
    errors = _merge_unions(exc.errors(include_url=False))
    # An unknown key with a did-you-mean already names the missing field; don't report both.
    suggested = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = _clean_loc(err["loc"])
            guess = did_you_mean(_key(loc), _field_names(model, loc[:-1]))
            if guess:
                suggested.add(loc[:-1] + (guess,))
    for err in errors:
        loc = _clean_loc(err["loc"])
        kind = err["type"]
        hint = ""
        at = (err.get("ctx") or {}).get("at")
        if isinstance(at, tuple):
            loc = loc + at
        if kind == "missing" and loc in suggested:
            continue
        if kind == "extra_forbidden":
            allowed = _field_names(model, loc[:-1])
            guess = did_you_mean(_key(loc), allowed)
            if guess:
                message = tr("unknown key '%(key)s', did you mean '%(guess)s'?", key=_key(loc), guess=guess)
            else:
                message = tr("unknown key '%(key)s'", key=_key(loc))
            hint = tr("Allowed here: %(keys)s", keys=", ".join(allowed)) if allowed else ""
            result.append(ContentError(doc.locate(loc, key=True), message, hint))
            continue
        if kind == "missing":
            message = tr("required field '%(field)s' is missing", field=_key(loc))
            result.append(ContentError(doc.locate(loc[:-1]), message))
            continue
        if kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
            guess = did_you_mean(str(err.get("input")), choices)
            if guess:
                message = tr("invalid value '%(value)s' for '%(field)s', did you mean '%(guess)s'?",
                             value=err.get("input"), field=_field(loc), guess=guess)
            else:
                message = tr("invalid value '%(value)s' for '%(field)s'", value=err.get("input"), field=_field(loc))
            hint = tr("Allowed: %(choices)s", choices=", ".join(choices))
            result.append(ContentError(doc.locate(loc), message, hint))
            continue
        ctx = err.get("ctx") or {}
        if MSGID_KEY in ctx:
            message = _custom_message(ctx)
        elif kind in _RANGE:
            msgid, limit = _RANGE[kind]
            message = tr(msgid, field=_field(loc), limit=ctx.get(limit, ""))
        elif kind == "finite_number":  # "nan", "inf": parsed as floats, but not numbers to an editor
            message = tr("'%(field)s' is not a number: '%(value)s'", field=_field(loc) or "?", value=err.get("input"))
        elif kind in _SIMPLE:
            problem = tr(_SIMPLE[kind])
            message = tr("%(problem)s for '%(field)s'", problem=problem, field=_field(loc)) if _field(loc) \
                else problem
        else:
            detail = err["msg"]
            if detail.startswith("Value error, "):
                detail = detail[len("Value error, "):]
            message = (tr("invalid value for '%(field)s': %(detail)s", field=_field(loc), detail=detail)
                       if _field(loc) else tr("invalid value: %(detail)s", detail=detail))
        lang_loc = loc + (err.get("ctx", {}).get("lang"),)
        if kind == "language" and lang_loc in doc.key_positions:
            loc = lang_loc
            result.append(ContentError(doc.locate(loc, key=True), message))
            continue
        result.append(ContentError(doc.locate(loc), message))
    return result


def _field(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else ""
