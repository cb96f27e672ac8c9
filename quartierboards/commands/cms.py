"""``quartierboards cms``: the browser editor (Decap CMS) in ``<output>/admin/``, and its local backend.

``quartierboards cms`` writes ``admin/index.html``, the generated ``config.yml``, the board's
stylesheet for the preview and the vendored, hash-checked Decap CMS bundle
(``cms_vendor``). ``--serve`` then serves it on 127.0.0.1 together with the local backend
(``cms_server``), which writes into the content folder: the editor on a laptop, no git
host and no account needed. ``--backend github|gitlab|gitea`` writes a config for a git
host instead (see docs/cms.md).
"""

from __future__ import annotations

import argparse
import errno
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from quartierboards.commands.cms_admin import ADMIN_JS, INDEX_HTML
from quartierboards.commands.cms_config import build_config
from quartierboards.commands.cms_names import plain_main_files, rename_for_git_host


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``cms`` verb."""
    p = sub.add_parser("cms", help="write the browser editor into <output>/admin/ (--serve: edit locally)")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    p.add_argument("--output", type=Path, default=Path("output"), help="output folder")
    p.add_argument("--serve", action="store_true",
                   help="serve the editor with the local backend on http://127.0.0.1:PORT/admin/")
    p.add_argument("--port", type=int, default=8081, help="port for --serve (default 8081, 0: any free one)")
    p.add_argument("--backend", choices=("github", "gitlab", "gitea"),
                   help="write config.yml for this git host instead of the local backend")
    p.add_argument("--repo", help="owner/name of the repository on the git host")
    p.add_argument("--branch", default="main", help="branch the editor commits to (default main)")
    p.add_argument("--base-url", help="the git host's address when self-hosted (GitLab, Gitea/Forgejo)")
    p.add_argument("--app-id", help="OAuth application id (GitLab PKCE, Gitea); not a secret")
    p.add_argument("--rename-main-files", action="store_true",
                   help="rename offers' and news' <name>.md to <name>.<default language>.md, the names "
                        "Decap reads on a git host (once, then commit)")
    p.add_argument("--no-vendor", dest="vendor", action="store_false",
                   help="do not fetch and copy the Decap CMS bundle (config and page only)")
    p.set_defaults(func=run)


def site_facts(content: Path) -> tuple[list[str], str, list[str], dict[str, list[dict[str, str]]]]:
    """Languages, default language, quarters and each quarter's places as ``{label, value}`` options."""
    # safe_load: content is untrusted; `quartierboards check` gives the detailed messages
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8")) or {}
    languages = [str(code) for code in site["languages"]]
    default = str(site.get("default_language", "de"))
    quarters = sorted(p.parent.name for p in (content / "quarters").glob("*/quarter.yaml"))
    places: dict[str, list[dict[str, str]]] = {}
    for q in quarters:
        options = []
        for file in sorted((content / "quarters" / q / "places").glob("*.yaml")):
            try:
                name: Any = (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("name", "")
            except (OSError, yaml.YAMLError, AttributeError):
                name = ""
            if isinstance(name, dict):
                name = name.get(default, "")
            label = f"{name} ({file.stem})" if isinstance(name, str) and name else file.stem
            options.append({"label": label, "value": file.stem})
        places[q] = options
    return languages, default, quarters, places


def backend_config(args: argparse.Namespace) -> dict[str, Any] | None:
    """Decap's ``backend`` for ``--backend`` (None: the local proxy)."""
    if not args.backend:
        return None
    name = {"github": "github", "gitlab": "gitlab", "gitea": "gitea"}[args.backend]
    backend: dict[str, Any] = {"name": name, "repo": args.repo or "OWNER/REPO", "branch": args.branch}
    if args.base_url:
        base = args.base_url.rstrip("/")
        backend["base_url"] = base
        backend["api_root"] = base + ("/api/v4" if name == "gitlab" else "/api/v1")
    if name == "gitlab":
        backend["auth_type"] = "pkce"
    if args.app_id:
        backend["app_id"] = args.app_id
    return backend


def config_text(config: dict[str, Any]) -> bytes:
    """``config.yml``: JSON, which is YAML; sorted keys keep it byte-identical between runs."""
    return (json.dumps(config, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def write_admin(content: Path, admin: Path, config: dict[str, Any], vendor: bool = True) -> None:
    """Write the admin page, its config, the preview stylesheet and (with *vendor*) the Decap bundle."""
    from quartierboards.render.env import default_templates_dir

    admin.mkdir(parents=True, exist_ok=True)
    (admin / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    (admin / "admin.js").write_text(ADMIN_JS, encoding="utf-8")
    (admin / "config.yml").write_bytes(config_text(config))
    style = default_templates_dir() / "static" / "style.css"
    if style.is_file():
        shutil.copyfile(style, admin / "board.css")
    if vendor:
        from quartierboards.commands.cms_vendor import copy_into

        copy_into(admin)


def run(args: argparse.Namespace) -> int:
    """Write ``admin/``; with ``--serve`` serve it with the local backend until Ctrl+C."""
    from quartierboards.commands.cms_vendor import VendorError

    try:
        languages, default, quarters, places = site_facts(args.content)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"{args.content / 'site.yaml'}: {exc}", file=sys.stderr)
        return 1
    prefix = args.content.resolve().name
    config = build_config(quarters, languages, default, places, prefix, backend_config(args))
    admin = args.output / "admin"
    try:
        write_admin(args.content, admin, config, args.vendor)
    except VendorError as exc:
        print(f"quartierboards: {exc}", file=sys.stderr)
        return 2
    if args.rename_main_files:
        for old, new in rename_for_git_host(args.content, default):
            print(f"{old} → {new.name}")
    elif args.backend and (plain := plain_main_files(args.content)):
        # Decap reads <offer>.md as an entry without its default language (docs/cms.md, "Git hosts")
        print(f"quartierboards: {len(plain)} offers and news are named <name>.md, e.g. {plain[0]}; Decap on "
              f"{args.backend} reads them only as <name>.{default}.md. Rename them once with "
              "'quartierboards cms --rename-main-files' and commit.", file=sys.stderr)
    if not args.serve:
        return 0
    return serve(args, admin, languages, default, prefix)


def check_paths(content: Path) -> Any:
    """A function returning the content errors (``path:line:col: message``) in the given repository
    paths (``None``: in every file)."""
    from quartierboards.content.loader import load_site
    from quartierboards.errors import ContentErrors

    def check(paths: list[str] | None) -> list[str]:
        try:
            load_site(content)
        except ContentErrors as exc:
            return [e.format() for e in exc.errors
                    if e.severity == "error" and (paths is None or e.location.path in paths)]
        return []

    return check


def make_server(content: Path, admin: Path, port: int = 0, map_names: bool = True) -> Any:
    """The editor's server on 127.0.0.1:*port* (0: a free one), not started yet (``serve_forever``).

    *map_names* shows ``<offer>.md`` to Decap as ``<offer>.<default>.md`` and writes it back
    under our name; without it files keep Decap's names, as on a git host.
    """
    from quartierboards.commands.cms_http import make_handler
    from quartierboards.commands.cms_server import LocalBackend
    from quartierboards.commands.preview_http import PreviewServer

    prefix = content.resolve().name

    def config_for(host: str) -> bytes:
        # generated on each load: a place added a moment ago is in the place select
        languages, default, quarters, places = site_facts(content)
        backend = {"name": "proxy", "proxy_url": f"http://{host}/api/v1", "branch": "main"}
        return config_text(build_config(quarters, languages, default, places, prefix, backend))

    languages, default, _, _ = site_facts(content)
    config = json.loads(config_for("127.0.0.1"))
    backend = LocalBackend(content, config, languages, default, check_paths(content), map_names)
    return PreviewServer(("127.0.0.1", port), make_handler(backend, admin, config_for))


def serve(args: argparse.Namespace, admin: Path, languages: list[str], default: str, prefix: str) -> int:
    """Serve the editor and the local backend on 127.0.0.1 until Ctrl+C (exit 2 when the port is taken)."""
    from quartierboards.i18n.messages import choose_editor_language

    # the editors' messages in German (the check's errors too), unless --lang says otherwise
    choose_editor_language(getattr(args, "message_lang", None) or "de", default)
    try:
        server = make_server(args.content, admin, args.port)
    except OSError as exc:
        reason = "port in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
        print(f"quartierboards: cannot listen on 127.0.0.1:{args.port}: {reason}", file=sys.stderr)
        return 2
    print(f"Editor: http://127.0.0.1:{server.server_port}/admin/  (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
