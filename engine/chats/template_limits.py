"""Time and memory bounds for rendering an untrusted chat template.

jinja2's sandbox stops attribute tricks but not cost: `range(100000)` nested twice hangs,
`'A' * 2000000000` takes 2 GB. A template renders a prompt in a few milliseconds, so
anything beyond RENDER_SECONDS or MAX_CHARS is hostile or broken and is stopped with a
TemplateLimit. Every place a template can loop or grow a value is checked:

- loops over `range` count every step against a deadline (and a cancel flag);
- every call, filter, attribute and item access ticks the same clock, and refuses integer
  arguments (widths, counts) and results (strings, lists) larger than MAX_CHARS;
- `*`, `**`, `+` and `%` are checked before they run, `~` (concatenation) through our own
  code generator, and the rendered output as it streams out.
jinja2 offers hooks for all of these but enforces none; no library bounds Jinja rendering,
so this is written here.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.compiler import CodeGenerator
from jinja2.filters import do_format as format_filter
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.errors import GenerationError
from engine.i18n import N_, _, number
from engine.jobs import CancelToken

RENDER_SECONDS = 2.0
MAX_CHARS = 8_000_000  # far above any real prompt (a 128k-token context is ~600k chars)
_HUGE_WIDTH = re.compile(r"%[-+ #0]*\d{7,}|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
BROKEN_HINT = N_("The template in this GGUF is broken or hostile; use another build of this model.")


class TemplateLimit(GenerationError):
    """The chat template took too long or grew too large, or the render was cancelled."""


class _Clock:
    def __init__(self, seconds: float, cancel: CancelToken | None) -> None:
        self.deadline = time.monotonic() + seconds
        self.cancel = cancel
        self.seconds = seconds

    def tick(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise TemplateLimit(_("Stopped while the model's chat template was rendering."))
        if time.monotonic() > self.deadline:
            raise TemplateLimit(
                _("The model's chat template took longer than {seconds} s to render "
                  "(stopped).").format(seconds=f"{self.seconds:g}"),
                _("The template in this GGUF loops without end; use another build of this "
                  "model."),
            )


def _too_big(what: str) -> TemplateLimit:
    """`what`: a translated noun phrase ("a string")."""
    return TemplateLimit(
        _("The model's chat template tried to build {what} larger than {max} characters "
          "(stopped).").format(what=what, max=number(MAX_CHARS)),
        _(BROKEN_HINT),
    )


def _size(v: Any) -> int:
    return len(v) if isinstance(v, (str, bytes, list, tuple, dict)) else 0


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_CHARS:
            raise _too_big(_("a value from the number {n}").format(n=a))


def _check_format(fmt: Any) -> None:
    """A format string the template wrote ('%2000000000s', '{:>2000000000}')."""
    if isinstance(fmt, str) and _HUGE_WIDTH.search(fmt):
        raise _too_big(_("a formatted string"))


def _checked(v: Any) -> Any:
    if _size(v) > MAX_CHARS:
        raise _too_big(_("a value"))
    return v


class _CountedRange:
    """range() whose every step ticks the clock (a loop with an empty body calls nothing else)."""

    def __init__(self, clock: _Clock, *args: int) -> None:
        _check_args(args, {})
        self._range = range(*args)
        self._clock = clock

    def __len__(self) -> int:
        return len(self._range)

    def __iter__(self) -> Iterator[int]:
        for i in self._range:
            self._clock.tick()
            yield i


class _Generator(CodeGenerator):
    """Compiles `a ~ b` to a join that checks the size first."""

    def visit_Concat(self, node: Any, frame: Any) -> None:
        self.write("environment.joined((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    code_generator_class = _Generator
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self._local = threading.local()  # one clock per rendering thread
        self.globals["range"] = lambda *a: _CountedRange(self.clock, *a)
        for name, f in list(self.filters.items()):
            self.filters[name] = self._guard(f)

    @property
    def clock(self) -> _Clock:
        clock = getattr(self._local, "clock", None)
        if clock is None:
            clock = self._local.clock = _Clock(RENDER_SECONDS, None)
        return clock

    def start(self, cancel: CancelToken | None) -> _Clock:
        """A fresh time budget for one render on this thread."""
        self._local.clock = _Clock(RENDER_SECONDS, cancel)
        return self._local.clock

    def _guard(self, f: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.clock.tick()
            _check_args(args, kwargs)
            if f is format_filter and args:
                _check_format(args[0])
            return _checked(f(*args, **kwargs))

        # jinja2 passes the environment/context to filters marked for it; keep the marks.
        guarded.__dict__.update(getattr(f, "__dict__", {}))
        return guarded

    def joined(self, parts: tuple[Any, ...]) -> str:
        self.clock.tick()
        texts = [str(p) for p in parts]
        if sum(map(len, texts)) > MAX_CHARS:
            raise _too_big(_("a string"))
        return "".join(texts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.clock.tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and _size(seq) * n > MAX_CHARS:
                    raise _too_big(_("a repeated value"))
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 64:
                raise _too_big(_("a number"))
        elif operator == "+" and _size(left) + _size(right) > MAX_CHARS:
            raise _too_big(_("a joined value"))
        elif operator == "%":
            _check_format(left)
        return _checked(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.clock.tick()
        _check_args(args, kwargs)
        return _checked(super().call(context, obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.clock.tick()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            _check_format(obj)  # "{:>2000000000}".format(...)
        return _checked(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.clock.tick()
        return _checked(super().getitem(obj, argument))


def render_bounded(stream: Iterator[str], clock: _Clock) -> str:
    """Collect a template's output, stopping it when it outgrows MAX_CHARS or its time."""
    parts: list[str] = []
    total = 0
    for piece in stream:
        total += len(piece)
        if total > MAX_CHARS:
            raise _too_big(_("a prompt"))
        clock.tick()
        parts.append(piece)
    return "".join(parts)
