"""The one loaded model: load with a plan (falling back to the CPU), chat within the context.

`ModelRunner` owns the backend object for whichever engine the plan picked (llama.cpp or
MLC). It is the one place that decides

- which model answers (`ensure`: a named model, else the default, loaded only when it is not
  already the loaded one), and
- how many tokens a prompt may take (`budget`, `room`): the context less room for the reply,
  with the chat template's own tokens measured by rendering it, never guessed;

and it fits every conversation into the context before generating (dropping the oldest
turns and reporting it), so chats, grounded answers and batch runs share one policy. Use it
from one thread (the GUI's model lane).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING

from engine.backends.base import (
    Backend,
    ChatMessage,
    LoadPlan,
    ReadingFn,
    Reply,
    ReplyStats,
    Sampling,
)
from engine.chats.prompt import FittedPrompt, fit_messages, reply_reserve
from engine.errors import Cancelled, GenerationError, ModelLoadError, NotFound
from engine.i18n import _

if TYPE_CHECKING:
    from engine.config import Settings
    from engine.jobs import CancelToken, ProgressFn
    from engine.models.registry import ModelInfo, ModelRegistry
    from engine.models.speeds import SpeedBook
    from engine.remote.store import RemoteStore

log = logging.getLogger(__name__)
# No tokenizer's token spans more characters than this (the longest are runs of spaces).
MAX_CHARS_PER_TOKEN = 128
# A reply this short says more about the first token's cost than the generation speed.
MIN_MEASURED_TOKENS = 8

Planner = Callable[["ModelInfo", "int | None"], LoadPlan]


def make_backend(plan: LoadPlan, remotes: RemoteStore | None = None,
                 offline: Callable[[], bool] = lambda: False) -> Backend:
    if plan.backend == "remote":
        from engine.backends.remote import RemoteBackend

        if remotes is None:
            raise ModelLoadError(_("Remote engines are not set up here."))
        return RemoteBackend(remotes, offline)
    if plan.backend == "mlc":
        from engine.backends.mlc import MlcBackend

        return MlcBackend()
    from engine.backends.llamacpp import LlamaCppBackend

    return LlamaCppBackend()


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False


class ModelRunner:
    def __init__(
        self,
        registry: ModelRegistry,
        planner: Planner,
        settings: Callable[[], Settings],
        remotes: RemoteStore | None = None,
        speeds: SpeedBook | None = None,
    ) -> None:
        from engine.backends.base import quiet_openmp  # not the backend: slow to import

        quiet_openmp()  # before anything (hardware detection) first imports llama_cpp
        self.registry = registry
        self._plan = planner
        self._settings = settings
        self._remotes = remotes
        self.loaded: ModelInfo | None = None
        self.plan: LoadPlan | None = None
        self._backend: Backend | None = None
        self._requested_ctx: int | None = None
        self._speeds = speeds

    # which model ------------------------------------------------------------------------
    def default_model(self) -> ModelInfo:
        """settings.default_model, else the most recently added installed model."""
        default = self._settings().default_model
        if default:
            return self.registry.get(default)
        models = self.registry.list()
        if not models:
            raise NotFound(
                _("No model is installed yet."),
                _("Import a .gguf with `hearth models import PATH`, or download one with "
                  "`hearth hub download REPO`."),
            )
        return max(models, key=lambda m: m.added_at or "")

    def ensure(
        self,
        name: str | None = None,
        n_ctx: int | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
    ) -> ModelInfo:
        """Make `name` (a model name or path; None: the loaded one, else the default) the
        loaded model with context `n_ctx` (None: as planned), loading only if needed."""
        loaded = self.loaded
        if loaded is not None and self.is_loaded(loaded, n_ctx) and (
            not name or name in (loaded.name, loaded.path) or _same_file(name, loaded.path)
        ):
            # The common case: no model file header is read again before every message.
            return loaded
        model = self.registry.get(name) if name else self.default_model()
        if not self.is_loaded(model, n_ctx):
            self.load(model, n_ctx=n_ctx, cancel=cancel, progress=progress)
        return model

    # loading ----------------------------------------------------------------------------
    def load(
        self,
        model: ModelInfo,
        n_ctx: int | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
    ) -> LoadPlan:
        """Load `model` (no-op if it is already loaded that way); returns the plan used."""
        if self.is_loaded(model, n_ctx) and self.plan is not None:
            return self.plan
        self.unload()
        plan = self._plan(model, n_ctx)
        backend = make_backend(plan, self._remotes, lambda: self._settings().offline)
        path = Path(model.path)
        try:
            backend.load(path, plan, cancel, progress)
        except Cancelled:
            raise
        except ModelLoadError as e:
            if plan.backend != "llama.cpp" or plan.gpu_layers == 0:
                raise
            log.warning("GPU load failed, retrying on the CPU: %s", e.message)
            plan = dataclasses.replace(
                plan,
                device="cpu",
                gpu_layers=0,
                fallback_reason=_("Loading on {device} failed ({error}); running on the "
                                  "CPU.").format(device=plan.device, error=e.message),
            )
            backend = make_backend(plan, self._remotes, lambda: self._settings().offline)
            backend.load(path, plan, cancel, progress)
        self._backend, self.loaded, self.plan = backend, model, plan
        self._requested_ctx = n_ctx
        return plan

    def is_loaded(self, model: ModelInfo, n_ctx: int | None = None) -> bool:
        """True when `model` is loaded and `n_ctx` (if given) is what it was loaded with."""
        if self.loaded is None or self._backend is None:
            return False
        same = Path(self.loaded.path) == Path(model.path)
        return same and (n_ctx is None or n_ctx in (self._requested_ctx, self.n_ctx))

    def unload(self) -> None:
        backend, self._backend = self._backend, None
        self.loaded = None
        self.plan = None
        if backend is not None:
            backend.unload()

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise GenerationError(_("No model is loaded."), _("Choose a model to chat with first."))
        return self._backend

    @property
    def n_ctx(self) -> int:
        return self.backend.n_ctx

    # tokens and the context budget ------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)

    def count_prompt_tokens(self, messages: list[ChatMessage]) -> int:
        """Tokens of the whole prompt, rendered with the model's chat template.

        Text that cannot fit however long its tokens (a 20 MB paste: tokenizing it took
        2 minutes and 3 GB) is counted from its length instead, a lower bound."""
        chars = sum(len(m.content) for m in messages)
        if chars > self.n_ctx * MAX_CHARS_PER_TOKEN:
            return chars // MAX_CHARS_PER_TOKEN
        return self.backend.count_prompt_tokens(messages)

    def budget(self, sampling: Sampling, cap: int | None = None) -> int:
        """Prompt tokens allowed: the context (or `cap`, if smaller) less room for the reply."""
        n_ctx = min(self.n_ctx, cap) if cap else self.n_ctx
        return n_ctx - reply_reserve(n_ctx, sampling.max_tokens)

    def room(self, messages: list[ChatMessage], sampling: Sampling, cap: int | None = None) -> int:
        """Tokens of text that can still go into `messages` (e.g. sources into an empty
        system message) before the prompt outgrows `budget`: the template's own tokens are
        counted by rendering `messages`."""
        return self.budget(sampling, cap) - self.count_prompt_tokens(messages)

    def fit(self, messages: list[ChatMessage], sampling: Sampling, keep_head: int | None = None) -> FittedPrompt:
        """Drop the oldest turns so the prompt plus room for the reply fits the context."""
        if keep_head is None:
            keep_head = 1 if messages and messages[0].role == "system" else 0
        return fit_messages(messages, keep_head, self.budget(sampling), self.count_prompt_tokens)

    def prompt_speed(self) -> float | None:
        """Prompt tokens this model reads per second here: measured on this machine (now or
        in an earlier run), None before any long prompt was read with it."""
        if self.loaded is None or self.plan is None:
            return None
        live = getattr(self._backend, "prompt_speed", None)
        if self._speeds is not None:  # the remembered figure is smoothed; it includes `live`
            known = self._speeds.prompt_speed(self._speeds.key(self.loaded.path, self.plan.device))
            if known:
                return known
        return float(live) if live else None

    # generation -------------------------------------------------------------------------
    def chat(
        self,
        messages: list[ChatMessage],
        sampling: Sampling,
        cancel: CancelToken | None = None,
        keep_head: int | None = None,
        reading: ReadingFn | None = None,
    ) -> Reply:
        """Stream a reply. Raises ContextOverflow (before generating) if the prompt cannot fit.

        `reading` hears (tokens read, tokens to read) while a long prompt is read."""
        fitted = self.fit(messages, sampling, keep_head)
        if fitted.dropped:
            log.info("left out %d older messages to fit the context", fitted.dropped)
        backend = self.backend
        before = getattr(backend, "prompt_speed", None)
        reply = backend.chat(fitted.messages, sampling, cancel, reading)
        return Reply(self._finish(reply, fitted.dropped, backend, before))

    def _finish(self, reply: Reply, dropped: int, backend: Backend, before: float | None
                ) -> Generator[str, None, ReplyStats]:
        """Pass the reply through; then note the dropped turns and remember a new speed."""
        yield from reply
        stats = reply.stats or ReplyStats()
        stats.dropped_messages = dropped
        measured = getattr(backend, "prompt_speed", None)
        if measured and measured != before and self._speeds is not None and self.loaded:
            plan = self.plan
            device = plan.device if plan is not None else "cpu"
            self._speeds.record(self._speeds.key(self.loaded.path, device), float(measured))
        self._remember_generation(stats)
        return stats

    def _remember_generation(self, stats: ReplyStats) -> None:
        """Keep a local model's generation speed: the hub's speed estimates calibrate on it."""
        model, plan = self.loaded, self.plan
        if (self._speeds is None or model is None or plan is None or plan.backend == "remote"
                or stats.completion_tokens < MIN_MEASURED_TOKENS or stats.tokens_per_s <= 0
                or not model.size_bytes):
            return
        whole = plan.gpu_layers in (0, -1)  # all on one device: its bandwidth is measured
        self._speeds.record_generation(self._speeds.key(model.path, plan.device),
                                       float(stats.tokens_per_s),
                                       int(model.size_bytes) if whole else 0)
