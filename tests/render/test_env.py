"""The environment's compiled-template cache: reused across processes, never stale, never fatal."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from qb_support import build_args, cli, copy_base

from quartierboards import pipeline
from quartierboards.render import env as env_module
from quartierboards.render.env import CompiledTemplates, shared_environment


def _fresh_env(cache: CompiledTemplates, folder) -> jinja2.Environment:
    env = shared_environment.__wrapped__(str(folder))  # a new environment: nothing compiled in memory
    env.bytecode_cache = cache
    return env


def test_compiled_templates_are_loaded_not_compiled_again(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "hello.html").write_text("{% cache name %}Hallo {{ name }}{% endcache %}\n")
    cache = CompiledTemplates()
    cache.keep_in(tmp_path / "compiled")
    assert _fresh_env(cache, templates).get_template("hello.html").render(name="Welt") == "Hallo Welt"
    assert len(list((tmp_path / "compiled").rglob("*.jinja"))) == 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again although a compiled copy is on disk")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert _fresh_env(cache, templates).get_template("hello.html").render(name="Rhein") == "Hallo Rhein"


def test_an_edited_template_is_compiled_again(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "hello.html").write_text("Hallo {{ name }}\n")
    cache = CompiledTemplates()
    cache.keep_in(tmp_path / "compiled")
    _fresh_env(cache, templates).get_template("hello.html")
    (templates / "hello.html").write_text("Guten Tag {{ name }}\n")
    assert _fresh_env(cache, templates).get_template("hello.html").render(name="Welt") == "Guten Tag Welt\n"


def test_another_jinja_version_uses_another_folder_and_removes_the_old_ones(tmp_path, monkeypatch):
    first, second = CompiledTemplates(), CompiledTemplates()
    first.keep_in(tmp_path)
    monkeypatch.setattr(jinja2, "__version__", "99.0")
    (tmp_path / "0123456789abcdef").mkdir()  # as left by yet another version
    second.keep_in(tmp_path)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1, "folders of other versions are removed"
    assert second._disk is not None and first._disk is not None
    assert second._disk.directory != first._disk.directory


@pytest.mark.parametrize("blocked", ["folder is a file", "folder replaced by a file"])
def test_a_cache_that_cannot_be_written_does_not_fail(tmp_path, blocked):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "hello.html").write_text("Hallo\n")
    cache = CompiledTemplates()
    if blocked == "folder is a file":
        (tmp_path / "compiled").write_text("")
        cache.keep_in(tmp_path / "compiled")
    else:
        cache.keep_in(tmp_path / "compiled")
        for folder in (tmp_path / "compiled").iterdir():
            folder.rmdir()
            folder.write_text("")  # where the files would go: not a folder
    assert _fresh_env(cache, templates).get_template("hello.html").render() == "Hallo\n"


def test_a_build_keeps_compiled_templates_beside_the_package_not_in_its_data_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "compiled_templates_dir", lambda: tmp_path / "compiled")
    monkeypatch.setattr(env_module.COMPILED_TEMPLATES, "_disk", None)
    shared_environment.cache_clear()  # templates compiled by earlier tests would not be written
    try:
        run = cli(*build_args(copy_base(tmp_path), tmp_path))
    finally:
        shared_environment.cache_clear()
    assert run.code == 0, run.err
    assert len(list((tmp_path / "compiled").rglob("*.jinja"))) >= 5  # board, week, filter, offer, base …
    assert not list((tmp_path / ".cache").rglob("*.jinja")), ".cache/ holds data only (it may be shared in CI)"


def test_the_place_for_compiled_templates_is_the_packages_pycache():
    assert env_module.compiled_templates_dir().parent == Path(pipeline.__file__).parent / "__pycache__"
