"""PDF streams compressed at zlib's default level, a large repeated one only once."""

from __future__ import annotations

import os
import zlib

import pydyf

from quartierboards.print import deflate


def _stream_bytes(content: bytes) -> bytes:
    data = pydyf.Stream([content], compress=True).data
    return data[data.index(b"stream\n") + 7:data.rindex(b"\nendstream")]


def test_streams_decompress_to_what_was_written_and_pydyf_gets_its_zlib_back():
    small = b"BT /F1 9 Tf (Nordstadt) Tj ET\n" * 50
    with deflate.deflating():
        compressed = _stream_bytes(small)
    assert zlib.decompress(compressed) == small
    assert compressed == zlib.compress(small, deflate.LEVEL)
    assert pydyf.zlib is zlib


def test_a_large_stream_that_repeats_is_compressed_once(monkeypatch):
    profile = os.urandom(1000) * 100  # like the CMYK profile every print PDF embeds
    with deflate.deflating():
        first = _stream_bytes(profile)
        calls = []
        monkeypatch.setattr(deflate.zlib, "compress", lambda *a: calls.append(a) or b"")
        second = _stream_bytes(bytes(profile))  # an equal stream, not the same object
    assert first == second and zlib.decompress(first) == profile
    assert calls == []
