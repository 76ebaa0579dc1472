"""What every backend shares: messages, sampling settings, load plans, replies, stats."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from engine.jobs import CancelToken, ProgressFn

Role = Literal["system", "user", "assistant"]
# Called while a backend reads (evaluates) a long prompt: (tokens read, tokens to read).
ReadingFn = Callable[[int, int], None]
FinishReason = Literal["stop", "length", "cancelled", "error"]


@dataclass
class ChatMessage:
    role: Role
    content: str


@dataclass
class Sampling:
    """Sampling and prompt settings for one reply (also stored per chat)."""

    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    presence_penalty: float = 0.0  # OpenAI's: a flat penalty on any token seen already
    frequency_penalty: float = 0.0  # OpenAI's: a penalty growing with each repetition
    max_tokens: int = 1024
    stop: list[str] = field(default_factory=list)
    seed: int | None = None
    ignore_eos: bool = False  # llama-server's extra: generate to max_tokens (benchmarks, tests)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Sampling:
        known = {k: v for k, v in (d or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class LoadPlan:
    """How to load one model on this machine, and why (shown to the user)."""

    backend: Literal["llama.cpp", "mlc", "remote"]
    device: str  # "cpu", "cuda:0", "metal", "vulkan:0", ...
    gpu_layers: int  # 0 = CPU only, -1 = all
    n_ctx: int
    threads: int
    reason: str
    fallback_reason: str = ""  # set when a GPU load failed and we fell back to CPU


@dataclass
class ReplyStats:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ttft_ms: float = 0.0
    tokens_per_s: float = 0.0
    total_ms: float = 0.0
    finish_reason: FinishReason = "stop"
    dropped_messages: int = 0  # older turns left out to fit the context

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Reply:
    """A streaming reply: iterate for text chunks; `.text` and `.stats` once it is done.

    Backends produce one by wrapping a generator that yields str chunks and finally
    returns ReplyStats (generator return value). Iterating again, or while another loop
    iterates, replays what was produced and goes on from there, so every consumer sees the
    whole text and `stats` is set once, by the generator's end.
    """

    def __init__(self, gen: Iterator[str]) -> None:
        self._gen = gen
        self._parts: list[str] = []
        self.stats: ReplyStats | None = None
        self.done = False

    def __iter__(self) -> Iterator[str]:
        i = 0
        while True:
            if i < len(self._parts):
                yield self._parts[i]
                i += 1
                continue
            if self.done:
                return
            try:
                chunk = next(self._gen)
            except StopIteration as stop:
                self.stats = stop.value
                self.done = True
                return
            self._parts.append(chunk)

    @property
    def text(self) -> str:
        if not self.done:
            for _ in self:
                pass
        return "".join(self._parts)


class Backend(Protocol):
    """One loaded model on one engine. Used from one thread only."""

    name: str

    def load(
        self,
        path: Path,
        plan: LoadPlan,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
    ) -> None: ...

    def chat(
        self,
        messages: list[ChatMessage],
        sampling: Sampling,
        cancel: CancelToken | None = None,
        reading: ReadingFn | None = None,
    ) -> Reply:
        """Stream a reply; `reading` hears how far the prompt has been read, where the
        backend can tell (a remote server cannot)."""
        ...

    def complete(
        self,
        prompt: str,
        sampling: Sampling,
        cancel: CancelToken | None = None,
    ) -> Reply:
        """Continue `prompt` as plain text (no chat template): the API's /v1/completions."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def count_prompt_tokens(self, messages: list[ChatMessage]) -> int:
        """Tokens of the whole prompt as the model sees it (chat template included)."""
        ...

    def reset(self) -> None:
        """Forget any cached prompt state (the next reply starts from scratch)."""
        ...

    @property
    def n_ctx(self) -> int: ...

    def unload(self) -> None: ...


def quiet_openmp() -> None:
    """Make llama.cpp's OpenMP workers sleep instead of spin while waiting.

    With spinning workers, decoding collapses when the cores are shared (the GUI, other
    apps, another job): measured 2 tok/s instead of 19 for SmolLM2 on 2 busy cores. libgomp
    reads this once, when llama_cpp is first imported; a value the user set wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
