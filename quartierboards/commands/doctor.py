"""``quartierboards doctor``: is everything there that the build and the tests need?"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
from typing import Any

from quartierboards.i18n.messages import tr, trn


def register(sub: Any) -> None:
    """Add the ``doctor`` verb to the CLI's subparsers."""
    p = sub.add_parser("doctor", help="report missing libraries, fonts and tools")
    p.set_defaults(func=run)


def _version(module: str) -> str | None:
    try:
        mod = importlib.import_module(module)
    except Exception:  # noqa: BLE001 - any import failure means "not usable"
        return None
    return str(getattr(mod, "__version__", getattr(mod, "VERSION", "installed")))


def checks() -> list[tuple[str, bool, str, bool]]:
    """(what, ok, detail, required) for everything the build and tests use."""
    from quartierboards import fonts

    found: list[tuple[str, bool, str, bool]] = []
    weasy = _version("weasyprint")
    found.append((tr("WeasyPrint (PDF) with Pango"), weasy is not None,
                  weasy or tr("install Pango: %(command)s",
                              command="sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"), True))
    fast = weasy is not None and fonts.harfbuzz_subset_available()
    found.append((tr("HarfBuzz subsetting (fast PDFs)"), fast,
                  "libharfbuzz-subset0" if fast else
                  tr("missing: %(command)s (else ~30x slower)", command="sudo apt-get install libharfbuzz-subset0"),
                  True))
    from quartierboards.print.render import cmyk_profile

    profile = cmyk_profile()
    found.append((tr("CMYK profile (PDF/X-4 print files)"), profile is not None,
                  str(profile) if profile else tr("missing: %(command)s (print PDFs are then plain PDF with CMYK "
                                                  "colours)", command="sudo apt-get install libgs-common"), False))
    fonts_label = tr("Fonts from %(packages)s", packages="fontpkg-noto-sans, fontpkg-noto-sans-arabic")
    try:
        faces = fonts.font_faces()
        found.append((fonts_label, True, ", ".join(sorted({f.path.name for f in faces})), True))
    except fonts.FontsMissing as exc:
        found.append((fonts_label, False, str(exc), True))
    for module, label in (("segno", tr("segno (QR codes)")), ("pypdfium2", tr("pypdfium2 (preflight, tests)")),
                          ("zxingcpp", tr("zxing-cpp (preflight, tests)"))):
        version = _version(module)
        found.append((label, version is not None,
                      version or tr("missing: %(command)s", command=".venv/bin/pip install -e '.[test]'"),
                      module == "segno"))
    pdftoppm = shutil.which("pdftoppm")
    found.append((tr("pdftoppm (look at PDFs as PNG)"), pdftoppm is not None,
                  pdftoppm or tr("optional: %(command)s", command="sudo apt-get install poppler-utils"), False))
    return found


def run(args: argparse.Namespace) -> int:
    """Print one line per check; exit 1 when something required is missing."""
    missing = 0
    for what, ok, detail, required in checks():
        mark = tr("ok") if ok else (tr("MISSING") if required else tr("optional"))
        print(f"{mark:8} {what}: {detail}")
        missing += (not ok) and required
    if missing:
        print(trn("%(count)s required part missing", "%(count)s required parts missing", missing, count=missing),
              file=sys.stderr)
        return 1
    return 0
