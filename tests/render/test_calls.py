"""The faster template calls behave like Jinja's own."""

from __future__ import annotations

import gettext as stdlib_gettext

import jinja2
import pytest
from jinja2 import pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context

from quartierboards.render.calls import FastContext, new_gettext, new_ngettext
from quartierboards.render.env import gettext_context, shared_environment


class _Env(jinja2.Environment):
    context_class = FastContext


TEMPLATE = """\
{%- macro twice(x) %}{{ x }}{{ x }}{% endmacro -%}
{%- for item in items %}{% set cur = item -%}
[{{ ctx_fn() }}|{{ env_fn() }}|{{ eval_fn() }}|{{ twice(item) }}|{{ obj() }}|{{ plain(item) }}]
{%- endfor -%}
{%- block b %}{% set inner = "block" %}{{ ctx_fn() }}{% endblock -%}
{{ gen() }}"""


@pass_context
def _ctx_fn(context: Context) -> str:
    # Jinja hands a context with the variables set in the loop and the block: they must be visible.
    return str(context.get("cur", context.get("inner")))


@pass_environment
def _env_fn(env: jinja2.Environment) -> str:
    return type(env).__name__


@pass_eval_context
def _eval_fn(eval_ctx: object) -> str:
    return f"autoescape={eval_ctx.autoescape}"  # type: ignore[attr-defined]


class _Callable:
    @pass_context
    def __call__(self, context: Context) -> str:
        return f"obj:{context.get('cur')}"


def _gen() -> str:
    raise StopIteration


def _render(env_class: type[jinja2.Environment]) -> str:
    env = env_class(undefined=jinja2.Undefined, autoescape=True)
    return env.from_string(TEMPLATE).render(
        items=["a", "<b>"], ctx_fn=_ctx_fn, env_fn=_env_fn, eval_fn=_eval_fn, obj=_Callable(),
        plain=str.upper, gen=_gen)


def test_calls_give_what_jinja_gives() -> None:
    ours = _render(_Env)
    assert ours == _render(jinja2.Environment).replace("|Environment|", "|_Env|")
    assert "[a|_Env|autoescape=True|aa|obj:a|A]" in ours
    assert "[&lt;b&gt;|_Env|autoescape=True|&lt;b&gt;&lt;b&gt;|obj:&lt;b&gt;|&lt;B&gt;]" in ours
    assert ours.endswith("block")  # StopIteration becomes an undefined value, printed as nothing


def _translations() -> stdlib_gettext.NullTranslations:
    return stdlib_gettext.NullTranslations()


@pytest.mark.parametrize("autoescape", [True, False])
def test_gettext_formats_and_escapes_like_jinja(autoescape: bool) -> None:
    source = ('{{ _("%(name)s takes 100%%", name=who) }}/'
              '{{ ngettext("%(num)d offer", "%(num)d offers", n) }}/'
              '{{ ngettext("one", "%(num)d for %(who)s", 3, who=who) }}')
    t = _translations()
    rendered = []
    for make_gettext, make_ngettext in ((new_gettext, new_ngettext), (None, None)):
        env = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
        if make_gettext is None:
            env.install_gettext_translations(t, newstyle=True)  # type: ignore[attr-defined]
        else:
            env.globals.update({"_": make_gettext(t.gettext), "gettext": make_gettext(t.gettext),
                                "ngettext": make_ngettext(t.ngettext)})
        rendered.append(env.from_string(source).render(who="<Ali>", n=1))
    assert rendered[0] == rendered[1]
    name = "&lt;Ali&gt;" if autoescape else "<Ali>"
    assert rendered[0] == f"{name} takes 100%/1 offer/3 for {name}"


def test_translated_strings_in_loops_make_no_derived_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja's own gettext copied the whole page context for every string inside a loop."""
    env = shared_environment(None)
    derived = []
    original = Context.derived
    monkeypatch.setattr(Context, "derived", lambda self, *a, **k: derived.append(1) or original(self, *a, **k))
    template = env.from_string('{% for i in range(3) %}{{ _("Today") }} {% endfor %}')
    assert template.render(**gettext_context("de")) == "Heute Heute Heute "
    assert derived == []
