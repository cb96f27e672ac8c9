"""The Jinja2 environment: site templates first, then the built-in theme.

Autoescaping is on for everything; a ``finalize`` hook strips bidi override
characters from every value a template prints, so no content string can reorder
the page text.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup

from quartierboards.i18n.catalog import translations
from quartierboards.render import fragments
from quartierboards.render.calls import FastContext, new_gettext, new_ngettext
from quartierboards.render.fragments import FragmentCache
from quartierboards.render.markdown import BIDI_CONTROLS, strip_bidi_controls


def default_templates_dir() -> Path:
    """The built-in theme: ``templates/`` of the source tree, or its copy in the wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("built-in templates not found")  # broken installation


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and BIDI_CONTROLS.search(value):  # rare: copy only when there is something to strip
        stripped = strip_bidi_controls(value)
        return Markup(stripped) if isinstance(value, Markup) else stripped
    return value


class _Environment(jinja2.Environment):
    context_class = FastContext


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept on disk between builds, once :meth:`keep_in` has named a folder.

    Compiling the theme takes about 0.09 s of every build; loading it compiled, 3 ms.
    Jinja checks each file's source (a changed template is compiled again). What
    Jinja cannot see is how *this* package compiles (the environment's options, the
    ``cache`` tag), so the files sit in a subfolder named after this module's and the
    tag's sources and Jinja's version. A cache that cannot be written never fails a
    build. Compiled templates are code: they are kept beside this package's compiled
    modules (:func:`compiled_templates_dir`), with the same trust, never in a cache
    folder that holds data only and may come from a shared CI cache.
    """

    def __init__(self) -> None:
        self._disk: jinja2.FileSystemBytecodeCache | None = None

    def keep_in(self, folder: Path) -> None:
        """Load and store compiled templates in *folder* (created when needed) from now on."""
        h = hashlib.sha256(jinja2.__version__.encode())
        for module in (__file__, fragments.__file__):
            h.update(Path(module).read_bytes())
        target = folder / h.hexdigest()[:16]
        try:
            target.mkdir(parents=True, exist_ok=True)
            stale = [entry for entry in folder.iterdir() if entry != target]
        except OSError:
            return
        for entry in stale:  # compiled by an earlier version of this package: never read again
            shutil.rmtree(entry, ignore_errors=True)
        self._disk = jinja2.FileSystemBytecodeCache(str(target), "%s.jinja")

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill *bucket* from disk when a compiled copy of the same source is there."""
        if self._disk is not None:
            with contextlib.suppress(OSError):  # unreadable: compiled from the source
                self._disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store *bucket*'s compiled template (written to a temporary file, then renamed)."""
        if self._disk is not None:
            with contextlib.suppress(OSError):  # full or read-only disk: compiled again next time
                self._disk.dump_bytecode(bucket)


# One for all environments of the process (site and print), so compiled templates are shared.
COMPILED_TEMPLATES = CompiledTemplates()


def compiled_templates_dir() -> Path:
    """Where builds keep compiled templates: the package's ``__pycache__``, beside its compiled modules."""
    return Path(__file__).resolve().parent.parent / "__pycache__" / "templates"


@lru_cache(maxsize=64)
def environment(lang: str, override_dir: str | None = None) -> jinja2.Environment:
    """An environment with *lang*'s translations installed (used for print products)."""
    env = shared_environment.__wrapped__(override_dir)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


@lru_cache(maxsize=8)
def shared_environment(override_dir: str | None = None) -> jinja2.Environment:
    """The environment for pages; templates in *override_dir* replace built-in ones file by file.

    One environment serves all languages (templates compile once); the gettext
    functions of a page's language come with each render call, see :func:`gettext_context`.
    """
    search = [override_dir] if override_dir else []
    search.append(str(default_templates_dir()))
    env = _Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        extensions=["jinja2.ext.i18n", FragmentCache],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED_TEMPLATES,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


@lru_cache(maxsize=64)
def gettext_context(lang: str) -> dict[str, Any]:
    """``_``, ``gettext`` and ``ngettext`` of *lang* for a render call (newstyle, autoescape-aware)."""
    t = translations(lang)
    gettext = new_gettext(t.gettext)
    return {"_": gettext, "gettext": gettext, "ngettext": new_ngettext(t.ngettext)}
