"""A model on a remote OpenAI-compatible server, streamed over HTTP.

Everything in the conversation is sent to that server: the plan's reason says so, offline
mode refuses it, and the chat page shows it. Stop closes the stream, which llama-server,
vLLM and `hearth serve` take as the end of that generation.

Token counts are estimates (the OpenAI API has no tokenizer endpoint): one token per three
UTF-8 bytes, which over-counts English (about four characters a token) and matches CJK
(one character, three bytes, about one token), so fitting a chat into the context errs on
the side of room.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from engine.backends.base import ChatMessage, LoadPlan, ReadingFn, Reply, ReplyStats, Sampling
from engine.errors import GenerationError, NotFound, OfflineError
from engine.i18n import _
from engine.jobs import CancelToken, ProgressFn
from engine.remote import client as http
from engine.remote.store import RemoteEngine, RemoteStore, parse_path, split_name

log = logging.getLogger(__name__)

class RemoteBackend:
    name = "remote"

    def __init__(self, store: RemoteStore, offline: Callable[[], bool]) -> None:
        self._store = store
        self._offline = offline
        self._engine: RemoteEngine | None = None
        self._model = ""
        self._key: str | None = None
        self._plan: LoadPlan | None = None

    def load(self, path: Path, plan: LoadPlan, cancel: CancelToken | None = None,
             progress: ProgressFn | None = None) -> None:
        engine_name, model = parse_path(str(path))
        self._refuse_offline(engine_name)
        engine = self._store.get(engine_name)
        key = self._store.key(engine.name).get()
        served = {m["id"] for m in http.list_models(engine, key)}  # reachable, key accepted
        if served and model not in served:
            raise NotFound(
                _("{engine} does not serve {model}; it has {served}.").format(
                    engine=engine.name, model=repr(model), served=", ".join(sorted(served))),
                _("Pick one of those, or `hearth remote refresh {engine}`.").format(
                    engine=engine.name))
        self._engine, self._model, self._key, self._plan = engine, model, key, plan

    def _refuse_offline(self, engine: str) -> None:
        if self._offline():
            raise OfflineError(
                _("Offline mode is on: the remote engine {engine} is not used.").format(
                    engine=engine),
                _("Turn offline mode off to chat with it."))

    def _require(self) -> RemoteEngine:
        if self._engine is None:
            raise GenerationError(_("No remote model is loaded."), _("Choose a model first."))
        self._refuse_offline(self._engine.name)
        return self._engine

    def chat(self, messages: list[ChatMessage], sampling: Sampling,
             cancel: CancelToken | None = None, reading: ReadingFn | None = None) -> Reply:
        # A server does not say how far it has read the prompt: `reading` is never called.
        body = {"messages": [{"role": m.role, "content": m.content} for m in messages]}
        return Reply(self._stream("/chat/completions", body, sampling, cancel, chat=True))

    def complete(self, prompt: str, sampling: Sampling,
                 cancel: CancelToken | None = None) -> Reply:
        return Reply(self._stream("/completions", {"prompt": prompt}, sampling, cancel,
                                  chat=False))

    def _request(self, body: dict[str, Any], sampling: Sampling) -> dict[str, Any]:
        out: dict[str, Any] = {
            **body, "model": self._model, "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": sampling.temperature, "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
            "presence_penalty": sampling.presence_penalty,
            "frequency_penalty": sampling.frequency_penalty,
            # llama.cpp's extras: llama-server, llama_cpp.server and Hearth honour them,
            # vLLM takes top_k/min_p/repetition_penalty, others ignore unknown fields.
            "top_k": sampling.top_k, "min_p": sampling.min_p,
            "repeat_penalty": sampling.repeat_penalty,
        }
        if sampling.stop:
            out["stop"] = list(sampling.stop)
        if sampling.seed is not None:
            out["seed"] = sampling.seed
        if sampling.ignore_eos:
            out["ignore_eos"] = True
        return out

    def _stream(self, path: str, body: dict[str, Any], sampling: Sampling,
                cancel: CancelToken | None, chat: bool) -> Generator[str, None, ReplyStats]:
        engine = self._require()
        stats = ReplyStats(finish_reason="stop")
        start = time.perf_counter()
        first = 0.0
        chunks = 0
        with http.translated(engine), http.client(engine, self._key) as c, \
                c.stream("POST", path, json=self._request(body, sampling)) as r:
            http.check(engine, r, self._model)
            for event in http.sse_events(r):
                if "error" in event:
                    err = event["error"]
                    said = err.get("message") if isinstance(err, dict) else err
                    raise GenerationError(f"{engine.name}: {said}",
                                          _("Try again; check the server's log."))
                usage = event.get("usage")
                if usage:
                    stats.prompt_tokens = int(usage.get("prompt_tokens") or 0)
                    stats.completion_tokens = int(usage.get("completion_tokens") or 0)
                for choice in event.get("choices") or []:
                    text = ((choice.get("delta") or {}).get("content") if chat
                            else choice.get("text")) or ""
                    if choice.get("finish_reason") == "length":
                        stats.finish_reason = "length"
                    if text:
                        first = first or time.perf_counter()
                        chunks += 1
                        yield text
                if cancel is not None and cancel.cancelled:
                    stats.finish_reason = "cancelled"
                    break  # leaving the with-block closes the stream: the server stops
        end = time.perf_counter()
        stats.completion_tokens = stats.completion_tokens or chunks
        stats.total_ms = (end - start) * 1000
        stats.ttft_ms = ((first or end) - start) * 1000
        if first and end > first and stats.completion_tokens > 1:
            stats.tokens_per_s = (stats.completion_tokens - 1) / (end - first)
        return stats

    def count_tokens(self, text: str) -> int:
        return -(-len(text.encode("utf-8")) // 3)

    def count_prompt_tokens(self, messages: list[ChatMessage]) -> int:
        return sum(self.count_tokens(m.content) + 8 for m in messages) + 4

    def reset(self) -> None:
        """The server keeps its own cache; nothing here to forget."""

    @property
    def n_ctx(self) -> int:
        return self._plan.n_ctx if self._plan else 0

    def unload(self) -> None:
        self._engine, self._plan = None, None


def plan_remote(name: str, store: RemoteStore) -> LoadPlan:
    parts = split_name(name)
    engine = store.get(parts[0] if parts else name)
    return LoadPlan(backend="remote", device=engine.host, gpu_layers=0,
                    n_ctx=engine.context_length, threads=0,
                    reason=f"Runs on {engine.name} ({engine.base_url}): what you send is "
                           "sent to that server.")
