"""The browser editor's local backend: ``quartierboards cms --serve`` (issue #26).

One server on 127.0.0.1 (``cms_http``) serves the admin page (``<output>/admin/``) and answers Decap
CMS's ``local_backend`` proxy protocol (what ``decap-server`` implements in
``packages/decap-server/src/middlewares/localFs``): ``POST /api/v1`` with a JSON body
``{"action": …, "params": {…}}``. Paths in the protocol are relative to the repository
(the folder that holds ``content/``); every one must lead into the content folder
(:func:`cms_backend.content_path`).

A save (``persistEntry``) does not write what the browser sent as it is: its YAML is
merged into the file on disk (``cms_merge``: comments, key order, keys the form does not
know and the ``# yaml-language-server`` line stay), a translation file keeps only the
fields a translation may have, and then the content is checked as ``quartierboards
check`` does. When the saved file has errors, the old file is put back (a new one is
removed) and the editor sees the errors in German; nothing is lost, nothing broken stays.
Files are replaced atomically (written beside, then renamed).
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quartierboards.commands.cms_backend import OutsideContent, content_path
from quartierboards.commands.cms_delete import deletion_plan
from quartierboards.commands.cms_merge import (
    Known,
    dump_yaml,
    is_text_map,
    load_yaml,
    merge_front_matter,
    merge_yaml,
    split_front_matter,
)
from quartierboards.content.files import write_all

MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
TRANSLATED = ("title", "summary")
_KINDS = {"offers": "offer", "places": "place", "news": "news"}


class BackendError(Exception):
    """A request the backend refuses; its message goes to the editor (German)."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


class LocalBackend:
    """Decap's ``local_backend`` actions over one content folder.

    *config* is the generated Decap config (for the fields each file has); *check* returns
    the error lines (``path:line:col: message``) that name one of the given repository
    paths, or an empty list.
    """

    def __init__(self, content: Path, config: dict[str, Any], languages: list[str], default: str,
                 check: Callable[[list[str] | None], list[str]], map_names: bool = True):
        self.content = content
        self.prefix = content.name
        self.languages = frozenset(languages)
        self.default = default
        self.check = check
        self.lock = threading.Lock()
        self.known: dict[str, Known] = {}
        # Decap's multiple_files names the default language's file <offer>.<default>.md too;
        # ours is <offer>.md. In the folders of translated collections the backend shows
        # <offer>.md to Decap as <offer>.de.md and writes <offer>.de.md as <offer>.md.
        # map_names=False stores Decap's names as they are, as a git host does (docs/cms.md).
        self.i18n_folders = {c["folder"] for c in config["collections"]
                             if map_names and c.get("i18n") and "folder" in c}
        for collection in config["collections"]:
            for where, fields in ([(collection["folder"], collection["fields"])] if "folder" in collection else
                                  [(f["file"], f["fields"]) for f in collection.get("files", [])]):
                self.known[where] = _known(fields)

    # -- paths -------------------------------------------------------------------------------
    def on_disk(self, repo_path: str) -> str:
        """The repository path of the file Decap means: ``<offer>.<default>.md`` is ``<offer>.md``."""
        folder, _, name = repo_path.strip("/").rpartition("/")
        suffix = f".{self.default}.md"
        if folder in self.i18n_folders and name.endswith(suffix) and len(name) > len(suffix):
            # a file named so on disk (renamed for a git host, docs/cms.md) keeps its name
            _, _, inside = folder.partition("/")
            if not (self.content / inside / name).is_file():
                return f"{folder}/{name[:-len(suffix)]}.md"
        return repo_path

    def for_decap(self, repo_path: str) -> str:
        """The path Decap expects for a file: ``<offer>.md`` as ``<offer>.<default>.md``."""
        folder, _, name = repo_path.rpartition("/")
        if folder in self.i18n_folders and name.endswith(".md") and not self._language_of(repo_path):
            return f"{folder}/{name[:-3]}.{self.default}.md"
        return repo_path

    def path(self, repo_path: str) -> Path:
        """The file a repository path names; refused unless it is inside the content folder."""
        if not isinstance(repo_path, str):
            raise BackendError("Ungültiger Pfad.", 400)
        rel = self.on_disk(repo_path).strip("/")
        head, _, rest = rel.partition("/")
        if head != self.prefix or not rest:
            raise BackendError(f"Nur Dateien in {self.prefix}/ können bearbeitet werden: {repo_path}", 403)
        try:
            return content_path(self.content, rest)
        except OutsideContent:
            raise BackendError(f"Nur Dateien in {self.prefix}/ können bearbeitet werden: {repo_path}",
                               403) from None

    def repo_path(self, path: Path) -> str:
        """The repository path of a file in the content folder."""
        return f"{self.prefix}/{path.relative_to(self.content.resolve()).as_posix()}"

    def _fields_of(self, repo_path: str) -> Known | None:
        if repo_path in self.known:
            return self.known[repo_path]
        return self.known.get(repo_path.rsplit("/", 1)[0])

    def _language_of(self, repo_path: str) -> str | None:
        """The language of a translation file ``<name>.<lang>.md``, else None (also for the default's)."""
        parts = repo_path.rsplit("/", 1)[-1].split(".")
        lang = parts[-2] if len(parts) >= 3 else None
        return lang if lang in self.languages and lang != self.default else None

    # -- reading -----------------------------------------------------------------------------
    def _shown(self, repo_path: str, text: str) -> str:
        """The file as the form shows it: a text written as ``{de: …, ar: …}`` shows its default language.

        Decap's text fields take one string; the other languages stay in the file (the save
        merges the default language's text back into the map).
        """
        if self._language_of(repo_path) or self._fields_of(repo_path) is None:
            return text
        markdown = repo_path.endswith(".md")
        head, body = split_front_matter(text) if markdown else (text, "")
        try:
            data = load_yaml(head)
        except Exception:  # noqa: BLE001 - a broken file is shown as it is; check explains it
            return text
        if not isinstance(data, dict) or not self._flatten(data):
            return text
        front = dump_yaml(data)
        return f"---\n{front}---\n{body}" if markdown else front

    def _flatten(self, node: Any) -> bool:
        changed = False
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            if is_text_map(value, self.languages, self.default):
                node[key] = value[self.default]
                changed = True
            elif key in ("weekly", "monthly") and _select_value(key, value) != value:
                node[key] = _select_value(key, value)  # as the form's select has it; the save keeps the file's
                changed = True
            elif isinstance(value, dict | list):
                changed = self._flatten(value) or changed
        return changed

    def entry(self, path: Path) -> dict[str, Any]:
        """One entry of the protocol: ``{data, file: {path, id}}``."""
        raw = path.read_bytes()
        repo = self.repo_path(path)
        return {"data": self._shown(repo, raw.decode("utf-8-sig")),
                "file": {"path": self.for_decap(repo), "id": hashlib.sha1(raw).hexdigest()}}  # noqa: S324 - an id, like git's

    def media(self, path: Path) -> dict[str, Any]:
        """One media file of the protocol: its content as base64."""
        raw = path.read_bytes()
        return {"id": hashlib.sha1(raw).hexdigest(), "content": base64.b64encode(raw).decode("ascii"),  # noqa: S324
                "encoding": "base64", "path": self.repo_path(path), "name": path.name}

    def _listing(self, folder: str, extensions: tuple[str, ...], depth: int = 1) -> list[Path]:
        base = self.path(folder)
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.rglob("*") if depth > 1 else base.iterdir()):
            rel = path.relative_to(base)
            if any(part.startswith(".") for part in rel.parts) or len(rel.parts) > depth:
                continue
            if path.is_file() and not path.is_symlink() and (not extensions or path.name.endswith(extensions)):
                found.append(path)
        return found

    # -- writing -----------------------------------------------------------------------------
    def _clean(self, value: Any) -> Any:
        """Drop what an empty form field leaves behind (``""``, ``null``, ``[]``, ``{}``)."""
        if isinstance(value, dict):
            kept = {k: self._clean(v) for k, v in value.items()}
            return {k: v for k, v in kept.items() if v not in ("", None, [], {})}
        if isinstance(value, list):
            return [v for v in (self._clean(v) for v in value) if v not in ("", None, [], {})]
        if isinstance(value, str):
            return value.replace("\r\n", "\n")
        return value

    def merged(self, repo_path: str, raw: str, target: Path) -> str:
        """The text to write for a save of *raw* (what Decap serialised) to *repo_path*."""
        markdown = repo_path.endswith(".md")
        head, body = split_front_matter(raw) if markdown else (raw, "")
        try:
            data = load_yaml(head) if head.strip() else {}
        except Exception as exc:  # noqa: BLE001 - the browser sent something that is not YAML
            raise BackendError(f"Die Daten aus dem Formular sind kein gültiges YAML: {exc}", 400) from None
        if not isinstance(data, dict):
            raise BackendError("Die Daten aus dem Formular sind keine Zuordnung von Feldern.", 400)
        data = self._clean(dict(data))
        known = self._fields_of(repo_path)
        if self._language_of(repo_path):
            # content.models.TranslationOverride: a translation holds title, summary and the text
            data = {k: v for k, v in data.items() if k in TRANSLATED}
            known = {k: {} for k in TRANSLATED}
        existing = target.read_text(encoding="utf-8-sig") if target.is_file() else ""
        kind = _KINDS.get(repo_path.rsplit("/", 2)[-2] if repo_path.count("/") >= 2 else "")
        if not existing and kind and not self._language_of(repo_path):
            # a new file gets the line that gives VS Code its completion, as `quartierboards new` writes it
            up = "../" * (repo_path.count("/"))
            existing = f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json\n"
            if markdown:
                existing = f"---\n{existing}---\n"
        if markdown:
            return merge_front_matter(existing or "---\n---\n", data, body.lstrip("\n"), known,
                                      self.languages, self.default)
        return merge_yaml(existing, data, known, self.languages, self.default)

    def persist(self, data_files: list[dict[str, Any]], assets: list[dict[str, Any]]) -> None:
        """Write an entry's files (merged) and its uploads, check them, and undo everything on errors."""
        plan: list[tuple[Path, bytes]] = []
        removals: list[Path] = []
        for item in data_files:
            target = self.path(item.get("path"))
            repo = self.repo_path(target)
            text = self.merged(repo, str(item.get("raw", "")), target)
            if self._language_of(repo) and not target.exists() and text.strip() == "---\n{}\n---":
                continue  # a language nobody translated into: no empty translation file
            if item.get("newPath"):  # renamed: the merged text goes to the new name
                new = self.path(item["newPath"])
                plan.append((new, text.encode("utf-8")))
                removals.append(target)
            else:
                plan.append((target, text.encode("utf-8")))
        for asset in assets:
            target = self.path(asset.get("path"))
            if not target.name.lower().endswith(MEDIA_SUFFIXES):
                raise BackendError(f"Nur Fotos (JPEG, PNG, WebP) können hochgeladen werden: {target.name}", 400)
            plan.append((target, _decode(asset)))
        self._apply(plan, removals)

    def _apply(self, plan: list[tuple[Path, bytes]], removals: list[Path]) -> None:
        with self.lock:
            before = {p: (p.read_bytes() if p.is_file() else None) for p, _ in plan}
            before.update({p: p.read_bytes() for p in removals if p.is_file() and p not in before})
            write_all({**dict.fromkeys(removals), **dict(plan)})  # None: remove
            errors = self.check([self.repo_path(p) for p, _ in plan])
            if errors:
                write_all(before)  # as it was: None removes a file the save made
                raise BackendError("Nicht gespeichert, die Datei hätte Fehler (nichts wurde geändert):\n"
                                   + "\n".join(errors))

    def delete(self, paths: list[str]) -> None:
        """Delete files (an entry and its translations) with what the deletion changes in the quarter's
        file (``cms_delete``); undone when the content would have new errors (a place still in use)."""
        targets = [self.path(repo) for repo in paths]
        with self.lock:
            errors_before = set(self.check(None))
            plan = deletion_plan(self.content, targets, self.default)
            before = {p: (p.read_bytes() if p.is_file() else None) for p in plan}
            write_all(plan)
            new_errors = [e for e in self.check(None) if e not in errors_before]
            if new_errors:
                write_all(before)
                raise BackendError("Nicht gelöscht, der Inhalt hätte sonst Fehler (nichts wurde geändert):\n"
                                   + "\n".join(new_errors))

    # -- the protocol ------------------------------------------------------------------------
    def handle(self, action: str, params: dict[str, Any]) -> Any:
        """Answer one action of Decap's proxy protocol."""
        if action == "info":
            return {"repo": self.content.resolve().parent.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            ext = params.get("extension") or ""
            return [self.entry(p) for p in self._listing(params["folder"], (f".{ext}",) if ext else (),
                                                          int(params.get("depth") or 1))]
        if action == "entriesByFiles":
            return [self.entry(self.path(f["path"])) for f in params.get("files", [])
                    if self.path(f["path"]).is_file()]
        if action == "getEntry":
            target = self.path(params["path"])
            if not target.is_file():  # as decap-server answers: Decap asks for each language's file
                return {"data": None, "file": {"path": params["path"], "id": None}}
            return self.entry(target)
        if action == "persistEntry":
            files = params.get("dataFiles") or [params["entry"]]
            self.persist(files, params.get("assets") or [])
            return {"message": "entry persisted"}
        if action == "getMedia":
            return [self.media(p) for p in self._listing(params["mediaFolder"], MEDIA_SUFFIXES)]
        if action == "getMediaFile":
            return self.media(self.path(params["path"]))
        if action == "persistMedia":
            asset = params["asset"]
            target = self.path(asset["path"])
            if not target.name.lower().endswith(MEDIA_SUFFIXES):
                raise BackendError(f"Nur Fotos (JPEG, PNG, WebP) können hochgeladen werden: {target.name}", 400)
            with self.lock:
                write_all({target: _decode(asset)})
            return self.media(target)
        if action == "deleteFile":
            self.delete([params["path"]])
            return {"message": f"deleted file {params['path']}"}
        if action == "deleteFiles":
            self.delete(list(params["paths"]))
            return {"message": "deleted files"}
        if action == "getDeployPreview":
            return None
        raise BackendError(f"Unknown action {action}", 422)


def _select_value(key: str, value: Any) -> Any:
    """A weekday (``tue``, ``Dienstag``) as the weekday select has it (``di``), a monthly rule as ``first wed``."""
    from quartierboards.commands.cms_labels import WEEKDAYS_DE, WEEKDAYS_EN
    from quartierboards.content.fields import parse_weekday

    short = list(WEEKDAYS_DE)
    try:
        if key == "weekly":
            return [short[parse_weekday(v)] for v in (value if isinstance(value, list) else [value])]
        if key == "monthly" and isinstance(value, str):
            from quartierboards.content.fields import ORDINALS

            ordinal, _, day = value.lower().partition(" ")
            english = {v: k for k, v in ORDINALS.items() if k in ("first", "second", "third", "fourth", "last")}
            return f"{english[ORDINALS[ordinal]]} {WEEKDAYS_EN[parse_weekday(day)]}"
    except Exception:  # noqa: BLE001 - not a weekday: shown as written (check explains it)
        pass
    return value


def _known(fields: list[dict[str, Any]]) -> Known:
    # a hidden field (print quantities), or an object of hidden fields only, is not shown in
    # the form, so its absence in a save means nothing
    known: Known = {}
    for f in fields:
        inner = _known(f.get("fields", []))
        if f.get("widget") != "hidden" and (inner or not f.get("fields")):
            known[f["name"]] = inner
    return known


def _decode(asset: dict[str, Any]) -> bytes:
    content = asset.get("content", "")
    if asset.get("encoding") == "base64":
        try:
            return base64.b64decode(content, validate=True)
        except ValueError:
            raise BackendError("Die hochgeladene Datei ist beschädigt.", 400) from None
    return str(content).encode("utf-8")
