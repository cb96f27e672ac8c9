"""``quartierboards translations``: coverage per language, XLIFF export and import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quartierboards.commands.report import load_content, report_errors
from quartierboards.content.loader import load_site
from quartierboards.errors import ContentErrors
from quartierboards.i18n.messages import tr


def register(sub: argparse._SubParsersAction, content_options) -> None:
    """Add the ``translations`` verb and its sub-verbs."""
    p = sub.add_parser("translations", help="translation coverage, export for translators, import")
    content_options(p)
    p.set_defaults(func=run, action="coverage")
    tsub = p.add_subparsers(dest="action", metavar="ACTION")
    e = tsub.add_parser("export", help="write what is missing in a language as XLIFF 1.2")
    e.add_argument("--lang", required=True, help="target language, e.g. fa")
    e.add_argument("--all", action="store_true", help="export every text, not only missing ones")
    e.add_argument("-o", "--out", type=Path, help="file to write (default: translations-<lang>.xlf)")
    i = tsub.add_parser("import", help="write translations from an XLIFF file into content/")
    i.add_argument("file", type=Path)
    for q in (e, i):
        content_options(q, inherit=True)


def run(args: argparse.Namespace) -> int:
    """Dispatch to coverage, export or import."""
    # Here, not at the top: every command imports this module, and ruamel.yaml takes 20 ms.
    from quartierboards.content.xliff import export_xliff, units

    site = load_content(args.content)
    if isinstance(site, int):
        return site
    if args.action == "export":
        if args.lang not in site.config.languages or args.lang == site.config.default_language:
            print("quartierboards: " + tr("'%(lang)s' is not a translation language of this site", lang=args.lang),
                  file=sys.stderr)
            return 2
        out = args.out or Path(f"translations-{args.lang}.xlf")
        out.write_bytes(export_xliff(site, args.lang, only_missing=not args.all))
        missing = sum(1 for u in units(site, args.lang) if not u.target)
        print(tr("Wrote %(file)s (%(missing)s texts missing in %(lang)s)", file=out, missing=missing, lang=args.lang))
        return 0
    if args.action == "import":
        return _import(args, site)
    return print_coverage(site)


def _import(args: argparse.Namespace, site) -> int:
    """Import a translator's XLIFF file: all of it after checking all of it, or nothing (exit 1)."""
    from quartierboards.content.xliff_import import import_file

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print("quartierboards: " + tr("cannot read %(file)s: %(error)s", file=args.file, error=exc.strerror),
              file=sys.stderr)
        return 2
    try:
        translation, changed = import_file(data, str(args.file), args.content, site,
                                           lambda: load_site(args.content))
    except ContentErrors as exc:
        code = report_errors(exc)
        print(tr("Nothing was imported; content/ is unchanged."), file=sys.stderr)
        return code
    for path in changed:
        print(tr("updated %(path)s", path=path))
    print(tr("Imported %(texts)s texts in %(lang)s into %(files)s files", texts=len(translation.entries),
             lang=translation.language, files=len(changed)))
    return 0


def print_coverage(site) -> int:
    """Table of translated/all texts per language and quarter, then what is missing."""
    from quartierboards.content.xliff import coverage, units

    table = coverage(site)
    quarters = list(site.quarters)
    width = max([len(q) for q in quarters] + [8])
    print(tr("language").ljust(10) + "".join(q.ljust(width + 2) for q in quarters) + tr("total"))
    for lang, per in table.items():
        done = sum(c[0] for c in per.values())
        total = sum(c[1] for c in per.values()) or 1
        cells = "".join(f"{per.get(q, (0, 0))[0]}/{per.get(q, (0, 0))[1]}".ljust(width + 2) for q in quarters)
        print(lang.ljust(10) + cells + f"{100 * done // total} %")
    print()
    for lang in table:
        missing = [u for u in units(site, lang) if not u.target]
        if missing:
            print(tr("%(lang)s: %(count)s missing", lang=lang, count=len(missing)))
            for unit in missing[:200]:
                print(f"  {unit.file}  {unit.field}")
    return 0
