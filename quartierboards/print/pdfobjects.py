"""Just enough of a PDF reader for preflight: objects (also inside object streams), pages, what a page uses.

Reads the PDFs our renderer writes (uncompressed or Flate streams, object streams,
no encryption); it is not a general PDF parser. pypdfium2 renders and extracts text,
but does not tell colour spaces apart, which is what a print shop's preflight asks.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_REF = re.compile(rb"(\d+)\s+\d+\s+R\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
# A colour set in RGB: "r g b rg" (fill) or "RG" (stroke), also after scn-less operators.
_RGB_OPERATOR = re.compile(rb"(?:^|[\s\]>)])(?:-?[\d.]+\s+){3}(rg|RG)(?=[\s\[</(]|$)")
_RGB_SPACE = re.compile(rb"/DeviceRGB\b|/CalRGB\b")
# Content-stream tokens: strings (skipped whole, they may hold anything), names, numbers, operators.
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|/[^\s/\[\]<>()]+|[-+]?[\d.]+|[A-Za-z'\"*]+")
_NUMBER = re.compile(rb"[-+]?[\d.]+")
_TEXT_SHOWING = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class PdfObjects:
    """The objects of one PDF: dictionary text by number, and inflated stream data."""

    dicts: dict[int, bytes] = field(default_factory=dict)
    streams: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def read(cls, data: bytes) -> PdfObjects:
        """Every object of *data* (the PDF's bytes)."""
        found = cls()
        for match in _OBJ.finditer(data):
            number = int(match.group(1))
            start = match.end()
            end = data.find(b"endobj", start)
            stream_at = data.find(b"stream", start)
            if stream_at != -1 and (end == -1 or stream_at < end):
                head = data[start:stream_at]
                found.dicts[number] = head
                body_start = stream_at + len(b"stream")
                body_start += 2 if data[body_start:body_start + 2] == b"\r\n" else 1
                length = _LENGTH.search(head)
                body_end = body_start + int(length.group(1)) if length else data.find(b"endstream", body_start)
                body = data[body_start:body_end]
                if b"/FlateDecode" in head:
                    try:
                        body = zlib.decompressobj().decompress(body)
                    except zlib.error:
                        body = b""
                found.streams[number] = body
                if b"/ObjStm" in head:
                    found._read_object_stream(head, body)
            else:
                found.dicts.setdefault(number, data[start:end if end != -1 else len(data)])
        return found

    def _read_object_stream(self, head: bytes, body: bytes) -> None:
        first = re.search(rb"/First\s+(\d+)", head)
        count = re.search(rb"/N\s+(\d+)", head)
        if not first or not count:
            return
        numbers = [int(n) for n in body[: int(first.group(1))].split()]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=False))[: int(count.group(1))]
        offset = int(first.group(1))
        for index, (number, position) in enumerate(pairs):
            end = offset + pairs[index + 1][1] if index + 1 < len(pairs) else len(body)
            self.dicts[number] = body[offset + position:end]

    def pages(self) -> list[int]:
        """The page objects' numbers, in page order."""
        for text in self.dicts.values():
            if re.search(rb"/Type\s*/Pages\b", text):
                kids = re.search(rb"/Kids\s*\[([^\]]*)\]", text)
                if kids:
                    return [int(n) for n in _REF.findall(kids.group(1))]
        return []

    def _value(self, text: bytes, key: bytes) -> bytes:
        """The value of /*key* in dictionary *text*, with one level of indirection resolved."""
        match = re.search(re.escape(key) + rb"\s*(\d+)\s+\d+\s+R", text)
        if match:
            return self.dicts.get(int(match.group(1)), b"")
        match = re.search(re.escape(key) + rb"\s*(<<(?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>)*>>)", text)
        return match.group(1) if match else b""

    def drawn(self, page: int) -> Iterator[tuple[int, bytes, bytes]]:
        """(number, dictionary, data) of what page object *page* draws: its content streams and, recursively,
        the forms and images they paint (``Do``), with the resources each of them names."""
        seen: set[int] = set()
        text = self.dicts.get(page, b"")
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)", text)
        todo = [(int(n), self._value(text, b"/Resources")) for n in _REF.findall(contents.group(1))] if contents else []
        while todo:
            number, resources = todo.pop()
            if number in seen:
                continue
            seen.add(number)
            head, data = self.dicts.get(number, b""), self.streams.get(number, b"")
            own = self._value(head, b"/Resources") or resources
            yield number, head + own, data
            if _binary(head):
                continue
            xobjects = self._value(own, b"/XObject")
            for name in set(re.findall(rb"/([^\s/\[\]<>()]+)\s+Do\b", data)):
                ref = re.search(rb"/" + re.escape(name) + rb"\s+(\d+)\s+\d+\s+R", xobjects)
                if ref:
                    todo.append((int(ref.group(1)), own))

    def rgb_uses(self, page: int) -> list[str]:
        """What page object *page* draws in RGB: ``/DeviceRGB`` colour spaces (of images, transparency
        groups, resources) and RGB colour operators in its content and form streams."""
        found = []
        page_text = re.sub(rb"/Parent\s*\d+\s+\d+\s+R", b"", self.dicts.get(page, b""))
        if _RGB_SPACE.search(self._value(page_text, b"/Group")):
            found.append(f"object {page}: transparency group in /DeviceRGB")
        for number, text, data in self.drawn(page):
            space = _RGB_SPACE.search(text)
            if space:
                found.append(f"object {number}: {space.group(0).decode()}")
            if data and not _binary(text) and _RGB_OPERATOR.search(data):
                found.append(f"object {number}: {len(_RGB_OPERATOR.findall(data))} × rg/RG")
        return found

    def text_greys(self, page: int) -> set[float]:
        """How dark each grey is that page object *page* shows text in (:func:`text_greys`)."""
        found: set[float] = set()
        for _, text, data in self.drawn(page):
            if data and not _binary(text):
                found |= text_greys(data)
        return found


def text_greys(data: bytes) -> set[float]:
    """How dark (0 = white, 1 = black) each neutral fill colour is that text is shown in, in one content stream.

    Neutral means grey: ``g``, ``rg`` with three equal values, or ``k`` with only black
    ink (also set as ``/DeviceCMYK cs … scn``). Colours (the brand's, a rich black) are
    not greys and are left out. The fill colour follows ``q``/``Q``; a stream starts in
    black, as the PDF's graphics state does.
    """
    found: set[float] = set()
    fill: float | None = 1.0
    space = b"/DeviceGray"
    saved: list[tuple[float | None, bytes]] = []
    operands: list[float] = []
    name = b""
    for token in _TOKEN.findall(data):
        if _NUMBER.fullmatch(token):
            operands.append(float(token))
            continue
        if token[:1] == b"/":
            name = token
            continue
        if token[:1] in b"(<[]" or token == b">>":
            continue
        if token == b"q":
            saved.append((fill, space))
        elif token == b"Q":
            fill, space = saved.pop() if saved else (1.0, b"/DeviceGray")
        elif token == b"cs":
            space = name
        elif token in (b"sc", b"scn"):
            fill = _grey(_DEVICE_OPERATORS.get(space, b""), operands)
        elif token in (b"g", b"rg", b"k"):
            space = _SPACE_OF[token]
            fill = _grey(token, operands)
        elif token in _TEXT_SHOWING and fill is not None:
            found.add(round(fill, 4))
        operands = []
    return found


_SPACE_OF = {b"g": b"/DeviceGray", b"rg": b"/DeviceRGB", b"k": b"/DeviceCMYK"}
_DEVICE_OPERATORS = {space: operator for operator, space in _SPACE_OF.items()}


def _grey(operator: bytes, operands: list[float]) -> float | None:
    """How dark a device colour set by *operator* (``g``, ``rg``, ``k``) is, or ``None`` when it is not a grey."""
    if operator == b"g" and operands:
        return 1.0 - operands[-1]
    if operator == b"rg" and len(operands) >= 3:
        r, g, b = operands[-3:]
        return 1.0 - r if r == g == b else None
    if operator == b"k" and len(operands) >= 4:
        c, m, y, k = operands[-4:]
        return k if c == m == y == 0 else None
    return None  # a colour space of its own (ICC based, a pattern): not a device grey


def _binary(head: bytes) -> bool:
    """Whether a stream's dictionary says its data is not content operators (images, fonts, profiles, metadata)."""
    return any(word in head for word in (b"/Image", b"/Length1", b"/Length2", b"/FontFile", b"/N 4", b"/N 3",
                                         b"/Metadata", b"/XML", b"/ObjStm", b"/XRef"))
