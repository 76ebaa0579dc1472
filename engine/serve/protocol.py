"""OpenAI's request and response shapes: requests checked field by field (a clear 400 names
the field), responses and stream chunks built as the official client expects them.

Fields Hearth cannot honour are refused, never ignored (n > 1, tools, logprobs, JSON
schemas, echo); fields that only describe the caller (user, metadata) are accepted.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from engine.backends.base import ChatMessage, ReplyStats, Role, Sampling
from engine.config import SAMPLING_RULES, checked

MAX_MESSAGES = 1000
LIBRARY_PREFIX = "library:"
ROLES = ("system", "user", "assistant", "developer")


class ApiError(Exception):
    """An error answered as OpenAI's JSON body: {"error": {message, type, param, code}}."""

    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error",
                 param: str | None = None, code: str | None = None,
                 headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code, **self.extra}}


def bad(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, message, param=param, code=code)


@dataclass
class GenerationRequest:
    """What /v1/chat/completions or /v1/completions asks for."""

    model: str
    sampling: Sampling
    sampling_given: bool  # any sampling field set (a library answer keeps its own otherwise)
    stream: bool = False
    include_usage: bool = False
    messages: list[ChatMessage] = field(default_factory=list)
    prompt: str = ""
    cache_prompt: bool = True  # llama-server's extra: False evaluates the prompt afresh

    @property
    def library(self) -> str:
        return self.model[len(LIBRARY_PREFIX):] if self.model.startswith(LIBRARY_PREFIX) else ""


# OpenAI name -> Sampling field; top_k, min_p and repeat_penalty are llama.cpp's extras.
_SAMPLING_FIELDS = {
    "temperature": "temperature", "top_p": "top_p", "top_k": "top_k", "min_p": "min_p",
    "repeat_penalty": "repeat_penalty", "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty", "seed": "seed",
    "max_tokens": "max_tokens", "max_completion_tokens": "max_tokens",
    "ignore_eos": "ignore_eos",
}
_REFUSED = {
    "tools": "tool calls are not supported",
    "functions": "function calls are not supported",
    "tool_choice": "tool calls are not supported",
    "logprobs": "log probabilities are not returned",
    "top_logprobs": "log probabilities are not returned",
    "echo": "echo is not supported",
    "suffix": "suffix (fill in the middle) is not supported",
    "best_of": "best_of is not supported",
    "logit_bias": "logit_bias is not supported",
}


def parse_generation(body: Any, defaults: Sampling, chat: bool) -> GenerationRequest:
    if not isinstance(body, dict):
        raise bad("The request body must be a JSON object.")
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        raise bad("`model` is required: a name from GET /v1/models.", "model")
    for name, why in _REFUSED.items():
        value = body.get(name)
        if value not in (None, False, [], {}, 0) or (name == "logprobs" and value is True):
            raise bad(f"`{name}`: {why} by Hearth.", name, "unsupported_parameter")
    n = body.get("n", 1)
    if n != 1:
        raise bad("`n` must be 1: Hearth generates one choice per request.", "n",
                  "unsupported_parameter")
    fmt = body.get("response_format")
    if fmt not in (None, {"type": "text"}):
        raise bad("`response_format`: only text is supported.", "response_format",
                  "unsupported_parameter")
    sampling, given = _sampling(body, defaults)
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise bad("`stream` must be true or false.", "stream")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise bad("`stream_options` must be an object.", "stream_options")
    cache = body.get("cache_prompt", True)
    if not isinstance(cache, bool):
        raise bad("`cache_prompt` must be true or false.", "cache_prompt")
    req = GenerationRequest(model.strip(), sampling, given, stream,
                            bool(options.get("include_usage")), cache_prompt=cache)
    if chat:
        req.messages = _messages(body.get("messages"))
    else:
        req.prompt = _prompt(body.get("prompt"))
    return req


def _sampling(body: dict[str, Any], defaults: Sampling) -> tuple[Sampling, bool]:
    values = {dest: body[src] for src, dest in _SAMPLING_FIELDS.items()
              if body.get(src) is not None}
    stop = body.get("stop")
    if stop is not None:
        values["stop"] = [stop] if isinstance(stop, str) else stop
    good, wrong = checked(values, SAMPLING_RULES)
    if wrong:
        dest = wrong[0]
        src = next((s for s, d in _SAMPLING_FIELDS.items() if d == dest and s in body), dest)
        rule = SAMPLING_RULES[dest]
        raise bad(f"`{src}` must be {rule.describe()}.", src)
    return Sampling.from_dict({**defaults.to_dict(), **good}), bool(good)


def _text(content: Any, where: str) -> str:
    """A message's content: a string, or a list of text parts (images are refused)."""
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                raise bad(f"{where}: only text content parts are supported.", where,
                          "unsupported_content")
            parts.append(str(part.get("text", "")))
        return "".join(parts)
    raise bad(f"{where} must be a string or a list of text parts.", where)


def _messages(raw: Any) -> list[ChatMessage]:
    if not isinstance(raw, list) or not raw:
        raise bad("`messages` must be a non-empty list.", "messages")
    if len(raw) > MAX_MESSAGES:
        raise bad(f"Too many messages ({len(raw)}); at most {MAX_MESSAGES}.", "messages")
    out = []
    for i, m in enumerate(raw):
        where = f"messages[{i}]"
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise bad(f"{where}.role must be one of {', '.join(ROLES)}.", f"{where}.role")
        role: Role = "system" if m["role"] == "developer" else m["role"]
        out.append(ChatMessage(role, _text(m.get("content"), f"{where}.content")))
    return out


def _prompt(raw: Any) -> str:
    if isinstance(raw, list) and len(raw) == 1 and isinstance(raw[0], str):
        return raw[0]
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list) and len(raw) > 1:
        raise bad("`prompt`: one prompt per request (a list gives several choices).", "prompt",
                  "unsupported_parameter")
    raise bad("`prompt` must be a string (token arrays are not supported).", "prompt")


def parse_embeddings(body: Any) -> tuple[str, list[str], str]:
    if not isinstance(body, dict):
        raise bad("The request body must be a JSON object.")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise bad("`model` is required: an embedding model from GET /v1/models.", "model")
    raw = body.get("input")
    texts = [raw] if isinstance(raw, str) else raw
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise bad("`input` must be a string or a non-empty list of strings.", "input")
    if len(texts) > 2048:
        raise bad("`input`: at most 2048 texts per request.", "input")
    fmt = body.get("encoding_format") or "float"
    if fmt not in ("float", "base64"):  # base64: little-endian float32, what the client asks
        raise bad("`encoding_format` must be float or base64.", "encoding_format")
    return model, texts, fmt


def context_error(prompt_tokens: int, n_ctx: int) -> ApiError:
    """llama-server's answer to a prompt over the context: the counts, never a silent cut."""
    return ApiError(
        400,
        f"The request exceeds the available context size: the prompt is {prompt_tokens} "
        f"tokens and the context holds {n_ctx}. Shorten the prompt or load the model with "
        "a larger context.",
        type="exceed_context_size_error", code="context_length_exceeded",
        extra={"n_prompt_tokens": prompt_tokens, "n_ctx": n_ctx},
    )


# responses ------------------------------------------------------------------------------
def new_id(chat: bool) -> str:
    return f"{'chatcmpl' if chat else 'cmpl'}-{uuid.uuid4().hex[:24]}"


def finish_reason(stats: ReplyStats | None) -> str:
    reason = stats.finish_reason if stats else "stop"
    return "length" if reason == "length" else "stop"


def usage(stats: ReplyStats | None) -> dict[str, int]:
    p = stats.prompt_tokens if stats else 0
    c = stats.completion_tokens if stats else 0
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


class Chunks:
    """The chunks of one streamed answer, all with the same id and creation time."""

    def __init__(self, model: str, chat: bool, include_usage: bool) -> None:
        self.id = new_id(chat)
        self.created = int(time.time())
        self.model = model
        self.chat = chat
        self.include_usage = include_usage

    def _base(self, choices: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "object": "chat.completion.chunk" if self.chat else "text_completion",
            "created": self.created, "model": self.model, "choices": choices,
        }
        if self.include_usage:
            out["usage"] = None
        return out

    def _choice(self, text: str | None, finish: str | None, role: bool = False) -> dict[str, Any]:
        if not self.chat:
            return {"index": 0, "text": text or "", "logprobs": None, "finish_reason": finish}
        delta: dict[str, Any] = {}
        if role:
            delta = {"role": "assistant", "content": ""}
        elif text is not None:
            delta = {"content": text}
        return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}

    def first(self) -> dict[str, Any] | None:
        """The role chunk (chat only): the role appears here and nowhere else."""
        return self._base([self._choice(None, None, role=True)]) if self.chat else None

    def text(self, text: str) -> dict[str, Any]:
        return self._base([self._choice(text, None)])

    def finish(self, stats: ReplyStats | None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        out = self._base([self._choice(None if self.chat else "", finish_reason(stats))])
        out.update(extra or {})
        return out

    def usage(self, stats: ReplyStats | None) -> dict[str, Any]:
        out = self._base([])
        out["usage"] = usage(stats)
        return out


def whole(model: str, chat: bool, text: str, stats: ReplyStats | None,
          extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A non-streamed answer."""
    choice: dict[str, Any] = {"index": 0, "logprobs": None, "finish_reason": finish_reason(stats)}
    if chat:
        choice["message"] = {"role": "assistant", "content": text}
    else:
        choice["text"] = text
    return {
        "id": new_id(chat), "object": "chat.completion" if chat else "text_completion",
        "created": int(time.time()), "model": model, "choices": [choice],
        "usage": usage(stats), **(extra or {}),
    }
