"""The live preview's HTTP side: only its own address, a bounded number of connections."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def host_allowed(header: str | None, port: int, names: Sequence[str] = ()) -> bool:
    """Whether a request's ``Host`` header names this preview: an IP address or ``localhost``
    (or one of *names*, the address it was asked to listen on), with its port.

    A page on another site can make its domain name resolve to 127.0.0.1 (DNS
    rebinding) and then read the drafts the preview serves; its requests still carry
    that domain name in ``Host``, which this refuses.
    """
    host = (header or "").strip().lower()
    if host.startswith("["):  # an IPv6 address: [::1]:8000
        name, bracket, rest = host[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return False
        given = rest[1:]
    else:
        name, _, given = host.partition(":")
    if not name:
        return False
    if given and given != str(port):
        return False
    if not given and port != 80:
        return False
    if name == "localhost" or name in {n.lower() for n in names}:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server: a bounded number of connections, each with a time limit.

    The preview is for one editor on one machine: a browser opens a few connections at
    a time. More wait until one is done; one that sends nothing is closed after
    :attr:`IDLE_SECONDS`, so idle connections cannot hold threads for ever.
    """

    daemon_threads = True
    MAX_CONNECTIONS = 16
    IDLE_SECONDS = 20.0

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], names: Sequence[str] = ()):
        self.names = tuple(names)
        self._slots = threading.BoundedSemaphore(self.MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:  # noqa: ANN001 - socketserver's signature
        """Start a thread for the connection once one of the slots is free."""
        self._slots.acquire()
        request.settimeout(self.IDLE_SECONDS)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # noqa: ANN001
        """Serve the connection, then give its slot back."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers with :meth:`send_body` (never cached)."""

    extra_headers: tuple[tuple[str, str], ...] = ()  # sent with every answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Log nothing: the console is the editor's, not the server's."""

    def send_body(self, code: int, body: bytes, ctype: str) -> None:
        """Answer *code* with *body* of type *ctype*; a browser that went away meanwhile (a page
        left while its requests ran) is no error."""
        try:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in self.extra_headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
