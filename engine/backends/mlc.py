"""MLC-LLM backend for compiled MLC model folders (those with mlc-chat-config.json).

Written against mlc_llm's documented Python API: `MLCEngine(model, device=...)`,
`engine.chat.completions.create(messages=..., stream=True, request_id=...)`,
`engine.abort(request_id)` and `engine.terminate()`. mlc_llm is optional: where it is not
installed, `mlc_status()` says so with how to install it, hardware reports it, and
selection never picks this backend. Only this module imports mlc_llm.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import time
import uuid
from collections.abc import Generator
from pathlib import Path
from typing import Any

from engine.backends.base import ChatMessage, LoadPlan, ReadingFn, Reply, ReplyStats, Sampling
from engine.errors import BackendUnavailable, GenerationError, InvalidModelFile, ModelLoadError
from engine.i18n import N_, _
from engine.jobs import CancelToken, ProgressFn

log = logging.getLogger(__name__)

MLC_CONFIG = "mlc-chat-config.json"
_HINT = N_("Install MLC LLM to run MLC models: {command} (or the CUDA/ROCm/Metal wheel for "
           "your GPU; see {url}). GGUF models work without it.")
_HINT_PARTS = {"command": "pip install --pre -f https://mlc.ai/wheels mlc-llm-nightly-cpu",
               "url": "https://llm.mlc.ai/docs/install/mlc_llm.html"}
INSTALL_HINT = _HINT.format(**_HINT_PARTS)  # in English, as errors carry it


def install_hint() -> str:
    """INSTALL_HINT in the language in use (engine.i18n)."""
    return _(_HINT).format(**_HINT_PARTS)

# Devices MLC can target, in the order `auto` would prefer them.
_MLC_DEVICES = ("cuda", "rocm", "metal", "vulkan")


def mlc_status() -> tuple[bool, str]:
    """(installed, hint): is mlc_llm importable here, and what to do if not."""
    if importlib.util.find_spec("mlc_llm") is None:
        return False, INSTALL_HINT
    return True, ""


def mlc_version() -> str:
    from importlib import metadata

    for dist in metadata.packages_distributions().get("mlc_llm", []):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return ""


def mlc_devices() -> list[str]:
    """GPU devices MLC's runtime (TVM) sees, e.g. ["cuda:0"]; [] when none or on error."""
    try:
        import tvm  # mlc_llm's runtime; present whenever mlc_llm is
    except Exception:  # missing or a broken native build: no MLC devices, said by doctor
        log.debug("tvm runtime unavailable", exc_info=True)
        return []
    found = []
    for kind in _MLC_DEVICES:
        try:
            if tvm.runtime.device(kind, 0).exist:
                found.append(f"{kind}:0")
        except Exception:  # noqa: BLE001 - a runtime built without this target raises; that means "no"
            continue
    return found


def read_mlc_config(folder: Path) -> dict[str, Any]:
    """The folder's mlc-chat-config.json (model type, context window, quantization)."""
    try:
        data = json.loads((folder / MLC_CONFIG).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise InvalidModelFile(
            _("{folder} is not a usable MLC model: {file} is missing or unreadable.").format(
                folder=folder.name, file=MLC_CONFIG),
            _("Download the model folder again."),
        ) from e
    if not isinstance(data, dict):
        raise InvalidModelFile(_("{folder}: {file} is not a JSON object.").format(
            folder=folder.name, file=MLC_CONFIG))
    return data


def _not_loaded() -> GenerationError:
    return GenerationError(_("No MLC model is loaded."), _("Load a model first."))


class MlcBackend:
    """One MLC model folder loaded with MLCEngine. Use from one thread."""

    name = "mlc"

    def __init__(self) -> None:
        self._engine: Any = None
        self._plan: LoadPlan | None = None
        self._path: Path | None = None

    def load(
        self,
        path: Path,
        plan: LoadPlan,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
    ) -> None:
        installed, hint = mlc_status()
        if not installed:
            raise BackendUnavailable(_("MLC LLM is not installed."),
                                     install_hint() if hint == INSTALL_HINT else hint)
        if cancel:
            cancel.raise_if_cancelled()
        try:
            from mlc_llm import MLCEngine
            from mlc_llm.serve.config import EngineConfig
        except Exception as e:  # a broken install: report it like a missing one
            raise BackendUnavailable(_("MLC LLM fails to import: {error}").format(error=e),
                                     install_hint()) from e
        self.unload()
        try:
            # "interactive": one conversation at a time, the desktop case.
            self._engine = MLCEngine(
                str(path),
                device=plan.device or "auto",
                mode="interactive",
                engine_config=EngineConfig(max_total_sequence_length=plan.n_ctx),
            )
        except Exception as e:
            raise ModelLoadError(
                _("MLC could not load {model}: {error}").format(model=path.name, error=e),
                _("Check that the folder was compiled for this device, or use a GGUF model."),
            ) from e
        self._plan, self._path = plan, path

    def chat(
        self,
        messages: list[ChatMessage],
        sampling: Sampling,
        cancel: CancelToken | None = None,
        reading: ReadingFn | None = None,  # MLC's engine does not report prefill progress
    ) -> Reply:
        if self._engine is None:
            raise _not_loaded()
        messages_json = [{"role": m.role, "content": m.content} for m in messages]
        return Reply(self._stream({"messages": messages_json}, sampling, cancel))

    def complete(
        self,
        prompt: str,
        sampling: Sampling,
        cancel: CancelToken | None = None,
    ) -> Reply:
        if self._engine is None:
            raise _not_loaded()
        return Reply(self._stream({"prompt": prompt}, sampling, cancel))

    def _stream(
        self, request: dict[str, Any], sampling: Sampling, cancel: CancelToken | None
    ) -> Generator[str, None, ReplyStats]:
        """One streamed request: `request` holds "messages" (chat.completions) or "prompt"
        (completions), MLCEngine's two OpenAI-style entry points."""
        engine = self._engine
        request_id = f"hearth-{uuid.uuid4().hex}"
        stats = ReplyStats()
        start = time.perf_counter()
        first: float | None = None
        chat = "messages" in request
        create = engine.chat.completions.create if chat else engine.completions.create
        # OpenAI-style request: top_k, min_p and repeat_penalty have no field there.
        kwargs: dict[str, Any] = {
            **request,
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
            "presence_penalty": sampling.presence_penalty,
            "frequency_penalty": sampling.frequency_penalty,
            "request_id": request_id,
        }
        if sampling.stop:
            kwargs["stop"] = list(sampling.stop)
        if sampling.seed is not None:
            kwargs["seed"] = sampling.seed
        try:
            for response in create(**kwargs):
                if cancel is not None and cancel.cancelled:
                    engine.abort(request_id)
                    stats.finish_reason = "cancelled"
                    break
                if getattr(response, "usage", None) is not None:
                    stats.prompt_tokens = int(response.usage.prompt_tokens or 0)
                    stats.completion_tokens = int(response.usage.completion_tokens or 0)
                for choice in response.choices:
                    text = (choice.delta.content if chat else choice.text) or ""
                    if choice.finish_reason == "length":
                        stats.finish_reason = "length"
                    if text:
                        if first is None:
                            first = time.perf_counter()
                        yield text
        except Exception as e:
            engine.abort(request_id)
            raise GenerationError(_("MLC generation failed: {error}").format(error=e)) from e
        end = time.perf_counter()
        stats.total_ms = (end - start) * 1000
        stats.ttft_ms = ((first or end) - start) * 1000
        if first is not None and stats.completion_tokens and end > first:
            stats.tokens_per_s = stats.completion_tokens / (end - first)
        return stats

    def count_tokens(self, text: str) -> int:
        if self._engine is None:
            raise _not_loaded()
        return len(self._engine.tokenizer.encode(text))

    def count_prompt_tokens(self, messages: list[ChatMessage]) -> int:
        """An estimate: MLCEngine's API renders its conversation template internally and
        does not return the prompt, so each message is its text plus a template allowance
        (ChatML-style role markers take 4-8 tokens)."""
        return sum(self.count_tokens(m.content) + 8 for m in messages) + 4

    def reset(self) -> None:
        """MLCEngine keeps no state between requests that its API lets us clear."""

    @property
    def n_ctx(self) -> int:
        return self._plan.n_ctx if self._plan else 0

    def unload(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            try:
                engine.terminate()
            except Exception:  # the engine is going away either way; keep unload safe
                log.warning("MLC engine did not terminate cleanly", exc_info=True)
        self._plan = None
