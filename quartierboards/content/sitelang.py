"""The site's default language, read before anything else so that messages can be in it."""

from __future__ import annotations

from pathlib import Path

SITE_FILE = "site.yaml"
MAX_BYTES = 1_000_000  # site.yaml is a page of settings; anything larger is left to the loader


def site_default_language(content: Path) -> str | None:
    """``default_language`` from *content*/``site.yaml``, or ``None`` when it cannot be read.

    A broken ``site.yaml`` is reported by the loader, in the language this returns
    (``None``: the locale or English); nothing here may fail.
    """
    from quartierboards.content.yamlsrc import YamlError, parse_yaml

    path = content / SITE_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        data = parse_yaml(path.read_text(encoding="utf-8"), SITE_FILE).data
    except (OSError, UnicodeDecodeError, YamlError, ValueError, RecursionError):
        return None
    value = data.get("default_language") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
