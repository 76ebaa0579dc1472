"""The one loaded model: load with a plan (falling back to the CPU), chat within the context.

`ModelRunner` owns the backend object for whichever engine the plan picked (llama.cpp or
MLC). It fits every conversation into the context window before generating (dropping the
oldest turns and reporting it), so callers - chats, grounded answers, batch runs - share one
budget policy. Use it from one thread (the GUI's model lane).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.backends.base import Backend, ChatMessage, LoadPlan, Reply, ReplyStats, Sampling
from engine.chats.prompt import FittedPrompt, fit_messages, reply_reserve
from engine.errors import Cancelled, GenerationError, ModelLoadError

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.jobs import CancelToken
    from engine.models.registry import ModelInfo

log = logging.getLogger(__name__)


def make_backend(plan: LoadPlan) -> Backend:
    if plan.backend == "mlc":
        from engine.backends.mlc import MlcBackend

        return MlcBackend()
    from engine.backends.llamacpp import LlamaCppBackend

    return LlamaCppBackend()


class ModelRunner:
    def __init__(self, hearth: Hearth) -> None:
        from engine.backends.llamacpp import quiet_openmp

        quiet_openmp()  # before anything (hardware detection) first imports llama_cpp
        self.hearth = hearth
        self.loaded: ModelInfo | None = None
        self.plan: LoadPlan | None = None
        self._backend: Backend | None = None
        self._requested_ctx: int | None = None

    # loading ----------------------------------------------------------------------------
    def load(
        self, model: ModelInfo, n_ctx: int | None = None, cancel: CancelToken | None = None
    ) -> LoadPlan:
        """Load `model` (no-op if it is already loaded that way); returns the plan used."""
        if self.is_loaded(model, n_ctx) and self.plan is not None:
            return self.plan
        self.unload()
        plan = self.hearth.plan_load(model, n_ctx=n_ctx)
        backend = make_backend(plan)
        path = Path(model.path)
        try:
            backend.load(path, plan, cancel)
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
                fallback_reason=f"Loading on {plan.device} failed ({e.message}); running on the CPU.",
            )
            backend = make_backend(plan)
            backend.load(path, plan, cancel)
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
            raise GenerationError("No model is loaded.", "Choose a model to chat with first.")
        return self._backend

    @property
    def n_ctx(self) -> int:
        return self.backend.n_ctx

    # tokens -----------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)

    def count_prompt_tokens(self, messages: list[ChatMessage]) -> int:
        """Tokens of the whole templated prompt (an estimate where the backend has no template)."""
        backend: Any = self.backend
        if hasattr(backend, "count_prompt_tokens"):
            return int(backend.count_prompt_tokens(messages))
        return sum(backend.count_tokens(m.content) + 8 for m in messages) + 4

    def fit(self, messages: list[ChatMessage], sampling: Sampling, keep_head: int | None = None) -> FittedPrompt:
        """Drop the oldest turns so the prompt plus room for the reply fits the context."""
        if keep_head is None:
            keep_head = 1 if messages and messages[0].role == "system" else 0
        budget = self.n_ctx - reply_reserve(self.n_ctx, sampling.max_tokens)
        return fit_messages(messages, keep_head, budget, self.count_prompt_tokens)

    # generation -------------------------------------------------------------------------
    def chat(
        self,
        messages: list[ChatMessage],
        sampling: Sampling,
        cancel: CancelToken | None = None,
        keep_head: int | None = None,
    ) -> Reply:
        """Stream a reply. Raises ContextOverflow (before generating) if the prompt cannot fit."""
        fitted = self.fit(messages, sampling, keep_head)
        if fitted.dropped:
            log.info("left out %d older messages to fit the context", fitted.dropped)
        reply = self.backend.chat(fitted.messages, sampling, cancel)
        if not fitted.dropped:
            return reply
        return Reply(_with_dropped(reply, fitted.dropped))


def _with_dropped(reply: Reply, dropped: int) -> Generator[str, None, ReplyStats]:
    yield from reply
    stats = reply.stats or ReplyStats()
    stats.dropped_messages = dropped
    return stats
