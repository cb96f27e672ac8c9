"""The fresh-machine gate: the environment must equal the lock file."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("verify_lock", ROOT / "scripts" / "verify_lock.py")
verify_lock = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(verify_lock)


def test_reads_pins_and_normalises_names(tmp_path: Path) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("Babel==2.19.0 \\\n    --hash=sha256:ab\n    # via foo\nruamel.yaml==0.19.1 \\\n", encoding="utf-8")
    assert verify_lock.read_lock(lock) == {"babel": "2.19.0", "ruamel-yaml": "0.19.1"}


def test_names_every_difference() -> None:
    locked = {"babel": "2.17.0", "nh3": "0.3.8", "fontpkg-noto-sans-arabic": "2.12"}
    present = {"babel": "2.19.0", "fontpkg-noto-sans-arabic": "2.012", "requests": "2.0", "pip": "23.2.1"}
    assert verify_lock.differences(locked, present) == [
        "babel: locked 2.17.0, installed 2.19.0",
        "nh3: locked 0.3.8, not installed",
        "requests: installed 2.0, not in the lock",
    ]


def test_this_environment_equals_the_test_lock() -> None:
    script, lock = ROOT / "scripts" / "verify_lock.py", ROOT / "requirements" / "test.txt"
    run = subprocess.run([sys.executable, str(script), str(lock)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_every_dependency_of_pyproject_is_locked_in_both_files() -> None:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {verify_lock.normalise(Requirement(r).name) for r in project["dependencies"]}
    test = {verify_lock.normalise(Requirement(r).name) for r in project["optional-dependencies"]["test"]}
    base_lock = verify_lock.read_lock(ROOT / "requirements" / "base.txt")
    test_lock = verify_lock.read_lock(ROOT / "requirements" / "test.txt")
    assert runtime <= set(base_lock) and runtime | test <= set(test_lock)
    assert all(test_lock[name] == version for name, version in base_lock.items()), "both locks pin the same versions"
