"""Reading content files safely: inside ``content/`` only, size-limited, UTF-8, front matter."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quartierboards.content.mdlimits import body_problem
from quartierboards.content.textclean import CONTROL_HINT, clean_text, control_message, refused_character
from quartierboards.content.yamlsrc import YamlDoc, YamlError, parse_yaml
from quartierboards.errors import ContentError, Location
from quartierboards.i18n.messages import tr

MAX_FILE_BYTES = 1024 * 1024
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


class FileProblem(Exception):
    """A file that cannot be read as content; carries one located error."""

    def __init__(self, error: ContentError):
        self.error = error
        super().__init__(error.format())


@dataclass(frozen=True)
class SourceFile:
    """A content file as read: its display path and decoded text."""

    path: Path
    display: str
    text: str


def display_path(path: Path, root: Path) -> str:
    """Path shown to editors, e.g. ``content/quarters/nordstadt/quarter.yaml``.

    Characters that cannot be printed on one line (a newline, bytes that are not
    UTF-8) are escaped, so an error about the file stays one printable line.
    """
    # String work, not Path.relative_to: the loader asks this for every content file.
    whole, base = str(path), str(root)
    if whole.startswith(base) and whole[len(base):len(base) + 1] == os.sep:
        shown = f"{root.name}/{whole[len(base) + 1:]}".replace(os.sep, "/")
    else:
        try:
            shown = (Path(root.name) / path.relative_to(root)).as_posix()
        except ValueError:
            shown = path.as_posix()
    return shown if shown.isprintable() else escaped_name(shown)


def escaped_name(name: str) -> str:
    """*name* with bytes that are not UTF-8 as ``\\xNN`` and control characters as ``\\n`` & co."""
    out = []
    for char in name:
        if "\udc80" <= char <= "\udcff":  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return "".join(out)


def check_inside(path: Path, root: Path) -> None:
    """Refuse *path* when it (or a symlink on the way) leads outside *root*."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise FileProblem(ContentError(
            Location(display_path(path, root)),
            tr("file points outside the content folder (symbolic link?)"),
            tr("Content may only use files inside content/. Replace the link with the file itself."),
        ))


def read_text(path: Path, root: Path, *, checked: bool = False) -> SourceFile:
    """Read *path* as UTF-8 text after the safety checks; raise :class:`FileProblem`.

    *checked*: the caller found *path* by walking *root* and made sure it is inside.
    """
    shown = display_path(path, root)
    if not checked:
        check_inside(path, root)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise FileProblem(ContentError(Location(shown), tr("not a regular file")))
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise FileProblem(ContentError(
            Location(shown),
            tr("file is too large (%(size)s KiB, at most %(limit)s KiB)",
               size=-(-size // 1024), limit=MAX_FILE_BYTES // 1024),
            tr("Split the text or remove embedded data."),
        ))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise FileProblem(ContentError(
            Location(shown, line, col),
            tr("file is not UTF-8 (byte %(byte)s)", byte=f"0x{raw[exc.start]:02x}"),
            tr("Save the file with UTF-8 encoding."),
        )) from None
    if "\x00" in text:
        raise FileProblem(ContentError(Location(shown), tr("file contains NUL bytes (binary file?)")))
    return SourceFile(path=path, display=shown, text=text.replace("\r\n", "\n"))


Parser = Callable[..., YamlDoc]  # parse_yaml or a cache's parse: (text, path, line_offset=0) → YamlDoc


def load_yaml_file(path: Path, root: Path, *, checked: bool = False, parse: Parser = parse_yaml) -> YamlDoc:
    """Read and parse a YAML file; raise :class:`FileProblem` with the located error."""
    source = read_text(path, root, checked=checked)
    try:
        doc = parse(source.text, source.display)
    except YamlError as exc:
        raise FileProblem(exc.error) from None
    _require_mapping(doc)
    return doc


def load_markdown_file(path: Path, root: Path, *, require_front_matter: bool,
                       checked: bool = False, parse: Parser = parse_yaml) -> tuple[YamlDoc, str]:
    """Split a Markdown file into its front matter (parsed) and its body (checked and cleaned)."""
    source = read_text(path, root, checked=checked)
    match = _FRONT_MATTER.match(source.text)
    if not match:
        if require_front_matter:
            raise FileProblem(ContentError(
                Location(source.display),
                tr("missing front matter"),
                tr("Start the file with a line '---', the fields, and another line '---'."),
            ))
        doc = YamlDoc(path=source.display, data={}, _positions={(): (1, 1)}, _key_positions={})
        return doc, _body(source, 0)
    try:
        doc = parse(match.group(1), source.display, line_offset=1)
    except YamlError as exc:
        raise FileProblem(exc.error) from None
    _require_mapping(doc)
    return doc, _body(source, match.end())


def _body(source: SourceFile, start: int) -> str:
    """The body from *start* on: refused with its line when it holds a control character or
    exceeds a Markdown limit (:mod:`~quartierboards.content.mdlimits`), else cleaned."""
    body = source.text[start:]
    bad = refused_character(body)
    if bad is not None:
        raise FileProblem(ContentError(_location(source, start + bad), control_message(body[bad]), tr(CONTROL_HINT)))
    problem = body_problem(body)
    if problem is not None:
        raise FileProblem(ContentError(_location(source, start + problem.offset), problem.message, problem.hint))
    return clean_text(body)


def _location(source: SourceFile, offset: int) -> Location:
    before = source.text[:offset]
    return Location(source.display, before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _require_mapping(doc: YamlDoc) -> None:
    if not isinstance(doc.data, dict):
        raise FileProblem(ContentError(
            doc.locate(()), tr("expected fields (key: value), found a single value or list")
        ))


def write_all(files: dict[Path, bytes | str | None]) -> None:
    """Give each path its bytes or text (UTF-8; ``None``: remove it), all together: temporary files first, then renames.

    An error while writing the temporary files leaves every path as it was.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            if text is None:
                continue
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((temp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode() if isinstance(text, str) else text)
            # mkstemp makes the file private; give it the mode the original had, or the usual one
            try:
                mode = os.stat(path).st_mode & 0o7777
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(temp, mode)
    except BaseException:
        for temp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise
    for temp, path in temps:
        os.replace(temp, path)
    for path, text in files.items():
        if text is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
