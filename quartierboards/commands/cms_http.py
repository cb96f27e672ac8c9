"""The HTTP side of the editor's local backend (``quartierboards cms --serve``).

``GET /admin/…`` serves the admin page's files (``config.yml`` generated on each load);
``POST /api/v1`` takes Decap's protocol as JSON from the page's own origin only and hands
it to :class:`~quartierboards.commands.cms_server.LocalBackend`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from quartierboards.commands.cms_server import BackendError, LocalBackend
from quartierboards.commands.preview_http import PreviewServer, QuietHandler, host_allowed

MAX_BODY = 32 * 1024 * 1024  # a photo of up to 15 MB, base64 in JSON


def make_handler(backend: LocalBackend, admin: Path,
                 config_for: Callable[[str], bytes]) -> type[BaseHTTPRequestHandler]:
    """The request handler: the admin page's files under ``/admin/`` and the protocol at ``/api/v1``."""
    types = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
             ".css": "text/css; charset=utf-8", ".yml": "text/yaml; charset=utf-8", ".wasm": "application/wasm",
             ".txt": "text/plain; charset=utf-8"}

    class Handler(QuietHandler):
        server: PreviewServer
        extra_headers = (("X-Content-Type-Options", "nosniff"),)

        def _allowed(self) -> bool:
            if host_allowed(self.headers.get("Host"), self.server.server_port, self.server.names):
                return True
            self.send_body(403, b"forbidden\n", "text/plain")
            return False

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            if not self._allowed():
                return
            path = self.path.split("?", 1)[0]
            if path in ("/", "/admin"):
                self.send_response(302)
                self.send_header("Location", "/admin/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            name = path.removeprefix("/admin/") or "index.html"
            if not path.startswith("/admin/") or "/" in name or name.startswith("."):
                self.send_body(404, b"not found\n", "text/plain")
                return
            if name == "config.yml":
                self.send_body(200, config_for(self.headers.get("Host", "")), types[".yml"])
                return
            file = admin / name
            if not file.is_file():
                self.send_body(404, b"not found\n", "text/plain")
                return
            self.send_body(200, file.read_bytes(), types.get(file.suffix, "application/octet-stream"))

        def do_POST(self) -> None:  # noqa: N802 - stdlib name
            if not self._allowed():
                return
            # JSON only: a page on another site cannot send it without a CORS preflight,
            # which this server never allows; a foreign Origin is refused as well
            origin = self.headers.get("Origin")
            host = self.headers.get("Host", "")
            if (self.path != "/api/v1"
                    or not (self.headers.get("Content-Type") or "").startswith("application/json")
                    or (origin is not None and origin != f"http://{host}")):
                self.send_body(403, b'{"error": "forbidden"}', "application/json")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self.send_body(413, b'{"error": "zu gross"}', "application/json")
                return
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
                result = backend.handle(str(body.get("action")), body.get("params") or {})
                self.send_body(200, json.dumps(result, ensure_ascii=False).encode("utf-8"), "application/json")
            except BackendError as exc:
                self.send_body(exc.status, json.dumps({"error": str(exc)}, ensure_ascii=False).encode("utf-8"),
                           "application/json")
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.send_body(400, json.dumps({"error": f"Ungültige Anfrage: {exc!r}"}).encode("utf-8"),
                           "application/json")
            except OSError as exc:
                self.send_body(500, json.dumps({"error": f"Nicht gespeichert: {exc.strerror or exc}"},
                                           ensure_ascii=False).encode("utf-8"), "application/json")

    return Handler
