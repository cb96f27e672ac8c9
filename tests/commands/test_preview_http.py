"""The small HTTP answers of the live preview and the editor's backend."""

from __future__ import annotations

import io

from quartierboards.commands.preview_http import QuietHandler


class _Gone(io.RawIOBase):
    def write(self, data: bytes) -> int:  # noqa: ARG002 - the browser left
        raise BrokenPipeError(32, "Broken pipe")


def test_a_browser_that_left_is_no_error_and_closes_the_connection() -> None:
    handler = QuietHandler.__new__(QuietHandler)  # no socket: only the answer is exercised
    handler.request_version, handler.requestline, handler.command = "HTTP/1.1", "GET / HTTP/1.1", "GET"
    handler.wfile = _Gone()
    handler.close_connection = False
    handler.send_body(200, b"{}", "application/json")  # raises nothing: no traceback on the console
    assert handler.close_connection
