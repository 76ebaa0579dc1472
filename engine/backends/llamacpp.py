"""llama.cpp through llama-cpp-python: load a GGUF, stream chat replies, cancel, unload.

We drive `Llama.generate()` (token ids) instead of `create_chat_completion(stream=True)`:
the latter re-detokenizes the whole completion and builds OpenAI-style dicts on every token,
while here each token costs one cached piece lookup and an incremental UTF-8 decode. The
same `generate()` keeps llama-cpp-python's KV-cache prefix reuse, so a follow-up message
only evaluates the new part of the prompt, and a cancelled reply leaves a consistent cache.

Cancel: checked after every token; during prompt evaluation a ggml abort callback stops
llama_decode between graph nodes (it is removed once the first token arrives, since a
Python callback per graph node would slow decoding).
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import logging
import os
import random
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from engine.backends.base import (
    ChatMessage,
    LoadPlan,
    ReadingFn,
    Reply,
    ReplyStats,
    Sampling,
    quiet_openmp,
)
from engine.chats.template import ChatTemplate, TemplateError
from engine.errors import BackendUnavailable, Cancelled, GenerationError, ModelLoadError
from engine.i18n import _, number
from engine.jobs import CancelToken, Progress, ProgressFn

log = logging.getLogger(__name__)
native_log = logging.getLogger("llama.cpp")

# ggml_log_level (none, debug, info, warn, error) -> logging; 5 continues the previous line.
# Prompts this long measure the prompt speed: shorter ones are dominated by overheads, and
# longer ones read slower per token (attention grows with the context: SmolLM2-135M here
# reads 190 tokens/s at 1,000 tokens, 105 at 4,800). The speed sizes an answer's sources
# (about 1,000-1,500 tokens); one "more context" answer must not shrink the next ones.
MEASURE_MIN_TOKENS = 64
MEASURE_MAX_TOKENS = 2048
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}


class _LogRouter:
    """Sends llama.cpp's native log lines to `logging` instead of stderr.

    Keeps the last lines so a load failure can show what llama.cpp said.
    """

    def __init__(self) -> None:
        self.recent: deque[str] = deque(maxlen=40)
        self._partial = ""
        self._level = logging.DEBUG
        self.callback: Any = None
        # Set while a cancelled decode unwinds: its "failed to decode" errors are expected.
        self.quiet = False

    def __call__(self, level: int, text: bytes, _data: Any) -> None:
        if level != 5:
            self._level = _LEVELS.get(level, logging.DEBUG)
        self._partial += text.decode("utf-8", "replace")
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            if line.strip():
                self.recent.append(line)
                native_log.log(logging.DEBUG if self.quiet else self._level, "%s", line)


_router = _LogRouter()


def _too_long(tokens: int, n_ctx: int, hint: str) -> GenerationError:
    return GenerationError(
        _("The prompt is {tokens} tokens; this model's context holds {n_ctx}.").format(
            tokens=number(tokens), n_ctx=number(n_ctx)), hint)
_import_lock = threading.Lock()
_params_lock = threading.Lock()


def import_llama() -> Any:
    """Import llama_cpp (heavy, so only when a model is loaded) and route its logs."""
    quiet_openmp()
    with _import_lock:
        try:
            import llama_cpp
        except ImportError as e:
            raise BackendUnavailable(
                _("llama-cpp-python is not installed, so Hearth cannot run GGUF models."),
                _("Install it into Hearth's environment: {command}").format(
                    command="pip install llama-cpp-python"),
            ) from e
        if _router.callback is None:
            _router.callback = llama_cpp.llama_log_callback(_router)
            llama_cpp.llama_log_set(_router.callback, ctypes.c_void_p(0))
        return llama_cpp


def cpu_has_amx() -> bool:
    """ggml's AMX matmul crashes (SIGSEGV) on some AMX CPUs/VMs; we then skip extra buffers."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_int8" in line.split()
    except OSError:
        pass
    return False


def use_extra_buffers() -> bool:
    """Weight repacking (AMX, AVX2 repack); HEARTH_LLAMA_REPACK=0/1 forces it off/on."""
    forced = os.environ.get("HEARTH_LLAMA_REPACK")
    if forced in ("0", "1"):
        return forced == "1"
    return not cpu_has_amx()


@contextlib.contextmanager
def model_params_hook(
    extra_buffers: bool, cancel: CancelToken | None, progress: ProgressFn | None = None
) -> Iterator[None]:
    """Adjust the llama_model_params that `Llama()` builds internally.

    Llama() takes no argument for `use_extra_bufts` or a load progress callback, so we wrap
    the defaults function it calls, only for the duration of one load (under a lock).
    """
    llama_cpp = import_llama()
    raw = llama_cpp.llama_cpp
    original = raw.llama_model_default_params

    def on_progress(fraction: float, _data: Any) -> bool:
        if progress is not None:
            progress(Progress(float(fraction), 1.0, "", "Loading the model"))
        return not (cancel is not None and cancel.cancelled)  # False aborts the load

    progress_cb = raw.llama_progress_callback(on_progress)

    def params() -> Any:
        p = original()
        p.use_extra_bufts = extra_buffers
        p.progress_callback = progress_cb
        return p

    with _params_lock:
        raw.llama_model_default_params = params
        try:
            yield
        finally:
            raw.llama_model_default_params = original


class StopMatcher:
    """Holds back text that may be the start of a stop sequence; never emits the stop itself."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = [s for s in stops if s]
        self.pending = ""
        self.hit = False

    def feed(self, text: str) -> str:
        if not self.stops:
            return text
        self.pending += text
        cut = min((i for i in (self.pending.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            self.hit = True
            out, self.pending = self.pending[:cut], ""
            return out
        keep = 0
        for s in self.stops:
            for k in range(min(len(s) - 1, len(self.pending)), keep, -1):
                if self.pending.endswith(s[:k]):
                    keep = k
                    break
        out = self.pending[: len(self.pending) - keep]
        self.pending = self.pending[len(self.pending) - keep :]
        return out

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


class LlamaCppBackend:
    """One GGUF model loaded with llama.cpp. Use from one thread only."""

    name = "llama.cpp"

    def __init__(self) -> None:
        self._llm: Any = None
        self._lib: Any = None
        self.template: ChatTemplate | None = None
        self._pieces: dict[int, bytes] = {}
        self._piece_buf = ctypes.create_string_buffer(256)
        self._prompt_cache: tuple[str, list[int]] | None = None
        self._abort_token: CancelToken | None = None
        self._abort_cb: Any = None
        self.path: Path | None = None
        # Prompt tokens read per second, from the last long prompt (None until one is read).
        self.prompt_speed: float | None = None

    # loading ----------------------------------------------------------------------------
    def load(
        self,
        path: Path,
        plan: LoadPlan,
        cancel: CancelToken | None = None,
        progress: ProgressFn | None = None,
    ) -> None:
        llama_cpp = import_llama()
        self.unload()
        path = Path(path)
        if not path.is_file():
            raise ModelLoadError(_("Model file not found: {path}").format(path=path),
                                 _("Import the model again."))
        threads = plan.threads or None
        _router.recent.clear()
        try:
            with model_params_hook(use_extra_buffers(), cancel, progress):
                llm = llama_cpp.Llama(
                    model_path=str(path),
                    n_ctx=plan.n_ctx,
                    n_gpu_layers=plan.gpu_layers,
                    n_threads=threads,
                    n_threads_batch=threads,
                    verbose=False,
                )
        except (ValueError, RuntimeError, OSError) as e:
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from e
            raise self._load_error(path, plan, e) from e
        if cancel is not None and cancel.cancelled:
            llm.close()
            raise Cancelled()
        self._llm, self._lib, self.path = llm, llama_cpp, path
        self.prompt_speed = None
        self._pieces = {}
        self._prompt_cache = None
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        self.template = self._chat_template(llm, path)
        log.info("loaded %s: n_ctx=%d gpu_layers=%d threads=%s", path.name, llm.n_ctx(),
                 plan.gpu_layers, threads)

    @staticmethod
    def _chat_template(llm: Any, path: Path) -> ChatTemplate:
        bos, eos = llm.token_bos(), llm.token_eos()
        model = llm._model
        tokens = {
            "bos_token": model.token_get_text(bos) if bos >= 0 else "",
            "eos_token": model.token_get_text(eos) if eos >= 0 else "",
        }
        source = llm.metadata.get("tokenizer.chat_template")
        try:
            template = ChatTemplate(source, **tokens)
        except TemplateError as e:
            # Still usable, if less well prompted: better than refusing the model.
            log.warning("%s: broken chat template (%s); using ChatML", path.name, e.message)
            return ChatTemplate(None, **tokens)
        if template.is_default:
            log.warning("%s has no chat template; using ChatML", path.name)
        return template

    @staticmethod
    def _load_error(path: Path, plan: LoadPlan, e: Exception) -> ModelLoadError:
        said = "\n".join(_router.recent)
        low = said.lower()
        if "out of memory" in low or "failed to allocate" in low or "unable to allocate" in low:
            hint = _("Not enough memory: choose a smaller context length or a smaller "
                     "quantization.")
        elif plan.gpu_layers:
            hint = _("The GPU could not take the model; try again on the CPU (Settings: backend "
                     "CPU).")
        elif "context" in str(e).lower():
            hint = _("Choose a smaller context length.")
        else:
            hint = _("The file may be damaged, or made for a newer llama.cpp than this Hearth "
                     "has. Re-download it, or update llama-cpp-python.")
        return ModelLoadError(
            _("llama.cpp could not load {model}: {error}").format(model=path.name, error=e),
            hint, details=said or str(e))

    def unload(self) -> None:
        llm, self._llm = self._llm, None
        self.template = None
        self._pieces = {}
        self._prompt_cache = None
        if llm is not None:
            llm.close()

    def reset(self) -> None:
        """Forget the cached prompt: the next reply evaluates its whole prompt from scratch.

        Reusing a cached prefix evaluates the prompt in other batch splits, which can change
        logits in the last bits; from an empty cache the same prompt, sampling and seed
        give the same reply every time.
        """
        if self._llm is not None:
            self._llm.reset()  # n_tokens = 0: the next eval overwrites the whole KV cache

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    @property
    def n_ctx(self) -> int:
        return int(self._require().n_ctx())

    def _require(self) -> Any:
        if self._llm is None:
            raise GenerationError(_("No model is loaded."), _("Load a model first."))
        return self._llm

    # tokens -----------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        if not text:
            return 0
        return len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def render(self, messages: list[ChatMessage]) -> str:
        self._require()
        assert self.template is not None
        return self.template.render(messages)

    def prompt_tokens(self, messages: list[ChatMessage]) -> list[int]:
        """Token ids of the templated prompt (the last one is cached: fitting, then chat)."""
        llm = self._require()
        text = self.render(messages)
        cached = self._prompt_cache
        if cached is not None and cached[0] == text:
            return cached[1]
        tokens = llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        bos = llm.token_bos()
        if llm._model.add_bos_token() and bos >= 0 and (not tokens or tokens[0] != bos):
            tokens.insert(0, bos)
        self._prompt_cache = (text, tokens)
        return tokens

    def count_prompt_tokens(self, messages: list[ChatMessage]) -> int:
        return len(self.prompt_tokens(messages))

    def _piece(self, token: int) -> bytes:
        piece = self._pieces.get(token)
        if piece is None:
            vocab, buf = self._llm._model.vocab, self._piece_buf
            n = self._lib.llama_token_to_piece(vocab, token, buf, len(buf), 0, False)
            if n < 0:  # longer than the buffer: -n is the size needed
                buf = ctypes.create_string_buffer(-n)
                n = self._lib.llama_token_to_piece(vocab, token, buf, len(buf), 0, False)
            piece = buf.raw[: max(n, 0)]
            self._pieces[token] = piece
        return piece

    # generation -------------------------------------------------------------------------
    def chat(
        self,
        messages: list[ChatMessage],
        sampling: Sampling,
        cancel: CancelToken | None = None,
        reading: ReadingFn | None = None,
    ) -> Reply:
        start = time.perf_counter()
        tokens = self.prompt_tokens(messages)
        n_ctx = self.n_ctx
        if len(tokens) >= n_ctx:
            raise _too_long(len(tokens), n_ctx, _(
                "Shorten the conversation or load the model with a larger context."))
        return Reply(self._generate(tokens, sampling, cancel, start, reading=reading))

    def complete(
        self,
        prompt: str,
        sampling: Sampling,
        cancel: CancelToken | None = None,
    ) -> Reply:
        start = time.perf_counter()
        llm = self._require()
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=llm._model.add_bos_token(),
                              special=False)
        if len(tokens) >= self.n_ctx:
            raise _too_long(len(tokens), self.n_ctx, _(
                "Shorten the prompt or load the model with a larger context."))
        self._prompt_cache = None
        return Reply(self._generate(tokens, sampling, cancel, start, chat=False))

    def _should_abort(self, _data: Any) -> bool:
        token = self._abort_token
        stop = token is not None and token.cancelled
        if stop:
            _router.quiet = True
        return stop

    def _set_abort(self, cancel: CancelToken | None) -> None:
        """Install (or with None remove) the abort callback used during prompt evaluation."""
        self._abort_token = cancel
        cb = self._abort_cb if cancel is not None else self._lib.ggml_abort_callback()
        self._lib.llama_set_abort_callback(self._llm.ctx, cb, None)

    def _read_prompt(self, prompt: list[int], reading: ReadingFn | None) -> None:
        """Evaluate the prompt's uncached tokens now, a batch at a time, telling `reading`
        after each batch and measuring `prompt_speed`; `generate` then finds the whole
        prompt cached and samples at once. The batches are the ones `generate` would use
        (from the cached prefix, n_batch each), so the logits are the same."""
        llm = self._llm
        cached = 0
        for a, b in zip(llm._input_ids.tolist(), prompt, strict=False):
            if a != b:
                break
            cached += 1
        if cached >= len(prompt) - 1:
            return  # nothing (or one token) new: generate handles it as before
        todo = prompt[cached:]
        llm.n_tokens = cached  # eval drops the KV cache after this position
        step = max(1, int(llm.n_batch))
        t0 = time.perf_counter()
        for i in range(0, len(todo), step):
            llm.eval(todo[i : i + step])
            if reading is not None:
                reading(min(i + step, len(todo)), len(todo))
        took = time.perf_counter() - t0
        if MEASURE_MIN_TOKENS <= len(todo) <= MEASURE_MAX_TOKENS and took > 0:
            self.prompt_speed = len(todo) / took

    def _generate(
        self, prompt: list[int], sampling: Sampling, cancel: CancelToken | None, start: float,
        chat: bool = True, reading: ReadingFn | None = None,
    ) -> Generator[str, None, ReplyStats]:
        """Stream the text after `prompt`. A chat reply's leading spaces are dropped; a plain
        completion keeps them (they are part of the continuation)."""
        llm, lib = self._llm, self._lib
        vocab = llm._model.vocab
        is_eog = lib.llama_vocab_is_eog
        n_ctx = llm.n_ctx()
        limit = n_ctx - len(prompt)
        if sampling.max_tokens > 0:
            limit = min(limit, sampling.max_tokens)
        seed = sampling.seed if sampling.seed is not None else random.randrange(2**31)
        llm.set_seed(seed)
        stops = StopMatcher(sampling.stop)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        piece = self._piece
        n = 0
        finish = "length"
        first_at = 0.0
        last_at = 0.0
        started = not chat  # any visible text yet (a reply's leading spaces are dropped)

        tokens = llm.generate(
            prompt,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
            presence_penalty=sampling.presence_penalty,
            frequency_penalty=sampling.frequency_penalty,
        )
        if cancel is not None:
            self._set_abort(cancel)
        armed = cancel is not None
        try:
            self._read_prompt(prompt, reading)
            for token in tokens:
                if armed:
                    self._set_abort(None)
                    armed = False
                if n == 0:
                    first_at = time.perf_counter()
                if is_eog(vocab, token) and not sampling.ignore_eos:
                    finish = "stop"
                    break
                n += 1
                text = decoder.decode(piece(token))
                if text:
                    if not started:
                        text = text.lstrip(" ")
                        started = bool(text)
                    out = stops.feed(text)
                    if out:
                        yield out
                    if stops.hit:
                        finish = "stop"
                        break
                if cancel is not None and cancel.cancelled:
                    finish = "cancelled"
                    break
                if n >= limit:
                    break
        except RuntimeError as e:  # llama_decode failed, or the abort callback stopped it
            if cancel is None or not cancel.cancelled:
                raise GenerationError(
                    _("llama.cpp failed while generating: {error}").format(error=e),
                    _("Try again; if it repeats, reload the model.")) from e
            finish = "cancelled"
        finally:
            if armed:
                self._set_abort(None)
            _router.quiet = False
            tokens.close()
        last_at = time.perf_counter()
        if not stops.hit:
            # A character cut off by the token limit or Stop is dropped, never kept as "�"
            # (a stopped Chinese reply was saved as "新寶�").
            tail = stops.flush()
            if tail:
                yield tail
        if not first_at:
            first_at = last_at
        gen_s = last_at - first_at
        return ReplyStats(
            prompt_tokens=len(prompt),
            completion_tokens=n,
            ttft_ms=(first_at - start) * 1000,
            tokens_per_s=(n - 1) / gen_s if n > 1 and gen_s > 0 else 0.0,
            total_ms=(last_at - start) * 1000,
            finish_reason=finish,  # type: ignore[arg-type]
        )
