"""The browser editor's JavaScript: Decap CMS from the npm registry, pinned by version and hash.

The bundle is several MB, so it is not in the repository: ``quartierboards cms`` fetches
the npm tarball once into the user cache (``~/.cache/quartierboards/``), checks its
sha512 against :data:`INTEGRITY` (the registry's ``dist.integrity``, i.e. what
``package-lock.json`` would pin) and extracts only the files the admin page loads.
A tarball with another hash is refused. Offline machines can point
``QUARTIERBOARDS_DECAP_TARBALL`` at a copy of the tarball (checked the same way).

To upgrade: ``npm view decap-cms@<version> dist.tarball dist.integrity``, put both
here, run the browser test (``pytest tests/browser/test_cms.py``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from quartierboards.usercache import user_cache_dir

VERSION = "3.16.3"
TARBALL = f"https://registry.npmjs.org/decap-cms/-/decap-cms-{VERSION}.tgz"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
MAX_BYTES = 64 * 1024 * 1024  # the 3.16.3 tarball is 16 MB
# the main bundle, the chunks it loads on demand (same folder) and its WebAssembly parts
_WANTED = re.compile(r"^package/(dist/(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm)|LICENSE)$")


class VendorError(RuntimeError):
    """The editor's JavaScript could not be fetched or did not match its pinned hash."""


def integrity(data: bytes) -> str:
    """The npm ``integrity`` string (Subresource Integrity, sha512) of *data*."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _tarball() -> bytes:
    local = os.environ.get("QUARTIERBOARDS_DECAP_TARBALL")
    if local:
        return Path(local).read_bytes()
    try:
        with urllib.request.urlopen(TARBALL, timeout=60) as response:  # noqa: S310 - a fixed https URL
            data = response.read(MAX_BYTES + 1)
    except OSError as exc:
        raise VendorError(f"decap-cms {VERSION}: {TARBALL} not reachable ({exc}); set "
                          "QUARTIERBOARDS_DECAP_TARBALL to a downloaded copy") from None
    if len(data) > MAX_BYTES:
        raise VendorError(f"{TARBALL}: larger than {MAX_BYTES} bytes")
    return data


def decap_files(cache: Path | None = None) -> Path:
    """The folder with the checked, extracted Decap CMS files (fetched and checked on first use)."""
    folder = (cache or user_cache_dir()) / f"decap-cms-{VERSION}"
    if (folder / "dist" / "decap-cms.js").is_file():
        return folder
    data = _tarball()
    found = integrity(data)
    if found != INTEGRITY:
        raise VendorError(f"decap-cms {VERSION}: the tarball's hash is {found}, expected {INTEGRITY}; "
                          "not used")
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".decap-", dir=folder.parent))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                if member.isfile() and _WANTED.match(member.name):
                    target = tmp / member.name.removeprefix("package/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source = tar.extractfile(member)
                    assert source is not None  # a regular file
                    target.write_bytes(source.read())
        if not (tmp / "dist" / "decap-cms.js").is_file():
            raise VendorError(f"decap-cms {VERSION}: no dist/decap-cms.js in the tarball")
        try:
            tmp.rename(folder)
        except OSError:  # another process was quicker
            if not (folder / "dist" / "decap-cms.js").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def copy_into(admin: Path, cache: Path | None = None) -> list[str]:
    """Copy the editor's JavaScript into *admin* (``output/admin/``); returns the file names."""
    source = decap_files(cache) / "dist"
    names = sorted(p.name for p in source.iterdir())
    for name in names:
        shutil.copyfile(source / name, admin / name)
    licence = source.parent / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, admin / "decap-cms.LICENSE.txt")
    return names
