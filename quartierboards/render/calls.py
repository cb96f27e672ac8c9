"""Cheaper calls from templates into Python: a Jinja ``Context`` and gettext functions.

Every call a template makes — a macro, ``v.t(...)``, ``_("...")`` — goes through
``Context.call``, which asks the callee up to four times whether it wants the
context passed (``hasattr``). A page makes 100–700 such calls, and Jinja's
gettext wants the whole context, so every translated string inside a loop or
block made a new derived context (a copy of the page's variables). Taking the
short way saves 5–20 % of a page's rendering time (``docs/performance.md``). The
behaviour here is the same as Jinja's; only the common cases take a shorter way.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg, internalcode
from markupsafe import Markup

# Callables whose "pass the context" marker, if any, sits on the callable itself (a
# bound method shows its function's attributes); their ``__call__`` never carries one.
_PLAIN = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType})


class FastContext(Context):
    """A ``Context`` whose :meth:`call` skips Jinja's introspection for plain functions and macros."""

    @internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        """Call *__obj* like ``Context.call`` does; only functions that want the context take Jinja's own path."""
        kind = type(__obj)
        if kind is Macro:
            pass_arg = None  # Jinja's macros never ask for the context
        elif kind in _PLAIN:
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
        else:  # a class or a callable object: its __call__ may ask for the context
            return Context.call(__self, __obj, *args, **kwargs)
        if pass_arg is _PassArg.eval_context:
            args = (__self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (__self.environment, *args)
        elif pass_arg is not None:  # the context itself, with the loop's and block's variables
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


def new_gettext(func: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle ``gettext`` for *func*, asking only for the evaluation context (no derived context)."""

    @pass_eval_context
    def gettext(__eval_ctx: EvalContext, __string: str, **variables: Any) -> str:
        rv = func(__string)
        if __eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables  # always a format string, as in Jinja: "%%" is a per cent sign

    return gettext


def new_ngettext(func: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Jinja's newstyle ``ngettext`` for *func*, asking only for the evaluation context."""

    @pass_eval_context
    def ngettext(__eval_ctx: EvalContext, __singular: str, __plural: str, __num: int, **variables: Any) -> str:
        variables.setdefault("num", __num)
        rv = func(__singular, __plural, __num)
        if __eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    return ngettext
