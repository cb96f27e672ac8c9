"""The vendored Decap CMS is used only when its tarball has the pinned hash."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from quartierboards.commands import cms_vendor


def _tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def test_pinned_by_version_and_sha512() -> None:
    assert cms_vendor.VERSION.count(".") == 2 and cms_vendor.VERSION in cms_vendor.TARBALL
    assert cms_vendor.INTEGRITY.startswith("sha512-") and len(cms_vendor.INTEGRITY) == 95
    assert cms_vendor.TARBALL.startswith("https://registry.npmjs.org/decap-cms/-/")


def test_a_tarball_with_another_hash_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "decap.tgz"
    fake.write_bytes(_tarball({"package/dist/decap-cms.js": b"alert(1)"}))
    monkeypatch.setenv("QUARTIERBOARDS_DECAP_TARBALL", str(fake))
    with pytest.raises(cms_vendor.VendorError, match="hash"):
        cms_vendor.decap_files(tmp_path / "cache")
    assert not (tmp_path / "cache" / f"decap-cms-{cms_vendor.VERSION}").exists()


def test_only_the_bundle_files_are_extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _tarball({"package/dist/decap-cms.js": b"//", "package/dist/12.decap-cms.js": b"//",
                     "package/dist/decap-cms.js.map": b"{}", "package/../evil": b"x", "package/LICENSE": b"MIT"})
    fake = tmp_path / "decap.tgz"
    fake.write_bytes(data)
    monkeypatch.setenv("QUARTIERBOARDS_DECAP_TARBALL", str(fake))
    monkeypatch.setattr(cms_vendor, "INTEGRITY", cms_vendor.integrity(data))
    folder = cms_vendor.decap_files(tmp_path / "cache")
    assert sorted(p.name for p in (folder / "dist").iterdir()) == ["12.decap-cms.js", "decap-cms.js"]
    assert not (tmp_path / "evil").exists()
    admin = tmp_path / "admin"
    admin.mkdir()
    assert cms_vendor.copy_into(admin, tmp_path / "cache") == ["12.decap-cms.js", "decap-cms.js"]
