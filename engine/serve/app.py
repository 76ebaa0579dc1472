"""The OpenAI-compatible API over Hearth's engine, as a Starlette app.

Starlette (with uvicorn) because it is the small, well-kept ASGI core that FastAPI itself
is built on: streaming responses and client-disconnect handling without FastAPI's
pydantic layer, which would duplicate protocol.py's field-by-field checks.

Generation runs on the model lane (lane.py), one request at a time, and hands its chunks to
the event loop through an asyncio queue; a client that goes away cancels its generation
within a token. Everything else (listing models, embeddings) runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.errors import (
    BackendUnavailable,
    Cancelled,
    GenerationError,
    HearthError,
    LibraryError,
    ModelLoadError,
    NotFound,
)
from engine.jobs import CancelToken
from engine.serve import protocol
from engine.serve.lane import ModelLane, Traffic
from engine.serve.protocol import ApiError, GenerationRequest

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from engine.api import Hearth

log = logging.getLogger("hearth.serve")

DEFAULT_PORT = 8642
MAX_BODY = 8 * 1024 * 1024
RETRY_AFTER_S = 5


@dataclass
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    api_key: str = ""
    cors_origins: list[str] = field(default_factory=list)
    max_waiting: int = 8  # requests queued for the model beyond this get 503
    idle_unload_s: float = 0.0  # unload a model the server loaded after this idle time; 0: never
    max_body: int = MAX_BODY


# Events for the UI: ("loading", model), ("loaded", model), ("unloaded", model).
EventFn = Callable[[str, str], None]


class Api:
    """The handlers, with what they share: the engine facade, the lane, the counters."""

    def __init__(self, hearth: Hearth, lane: ModelLane, config: ServeConfig,
                 traffic: Traffic | None = None, events: EventFn | None = None) -> None:
        self.hearth = hearth
        self.lane = lane
        self.config = config
        self.traffic = traffic or Traffic(config.max_waiting)
        self.events = events or (lambda _kind, _model: None)
        self.last_used = time.monotonic()
        self.loaded_here = ""  # the model the server loaded itself (idle unload is for it)

    # listing ----------------------------------------------------------------------------
    def _models(self) -> list[dict[str, Any]]:
        h = self.hearth
        created = int(time.time())
        out = [{"id": m.name, "object": "model", "created": created, "owned_by": "hearth",
                "hearth": {"kind": "chat", "format": m.format}} for m in h.models.list()]
        out += [{"id": protocol.LIBRARY_PREFIX + lib.name, "object": "model", "created": created,
                 "owned_by": "hearth", "hearth": {"kind": "library", "files": lib.files}}
                for lib in h.libraries.list() if lib.readable]
        out.append({"id": h.libraries.embedding_model, "object": "model", "created": created,
                    "owned_by": "hearth", "hearth": {"kind": "embedding"}})
        return out

    async def models(self, request: Request) -> Response:
        data = await _in_thread(self._models)
        self.traffic.counted()
        return _json({"object": "list", "data": data})

    async def health(self, request: Request) -> Response:
        t = self.traffic.snapshot()
        return _json({"status": "ok", "requests": t.requests, "active": t.active,
                      "waiting": t.waiting, "rejected": t.rejected,
                      "queue_wait_p95_ms": round(t.queue_wait_p95_ms, 1)})

    # embeddings -------------------------------------------------------------------------
    def _embed(self, model: str, texts: list[str], fmt: str) -> dict[str, Any]:
        libs = self.hearth.libraries
        if model != libs.embedding_model:
            raise ApiError(404, f"No embedding model {model!r}; this server embeds with "
                                f"{libs.embedding_model!r} (see GET /v1/models).",
                           code="model_not_found")
        embedder = libs.embedder
        vectors = embedder.embed_documents(texts)
        tokens = sum(embedder.count_tokens(t) for t in texts)
        data = [{"object": "embedding", "index": i, "embedding": _vector(v, fmt)}
                for i, v in enumerate(vectors)]
        return {"object": "list", "data": data, "model": model,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}

    async def embeddings(self, request: Request) -> Response:
        model, texts, fmt = protocol.parse_embeddings(await _body(request))
        out = await _in_thread(lambda: self._embed(model, texts, fmt))
        self.traffic.counted()
        return _json(out)

    # generation -------------------------------------------------------------------------
    async def chat_completions(self, request: Request) -> Response:
        return await self._generate(request, chat=True)

    async def completions(self, request: Request) -> Response:
        return await self._generate(request, chat=False)

    async def _generate(self, request: Request, chat: bool) -> Response:
        body = await _body(request)
        req = protocol.parse_generation(body, self.hearth.settings.sampling, chat)
        if not chat and req.library:
            raise protocol.bad("Library models answer chat completions only.", "model")
        if not self.traffic.enter():
            raise ApiError(503, "The model is busy and the queue is full; retry shortly.",
                           type="server_error", code="queue_full",
                           headers={"Retry-After": str(RETRY_AFTER_S)})
        run = _Run(self, req, chat)
        run.start()
        try:
            first = await _next(run, request)
            if first[0] == "error":
                raise first[1]
            if req.stream:
                return _stream(run, chat)
            return await _collect(run, request, chat)
        except BaseException:
            run.close()
            raise

    # the model lane ---------------------------------------------------------------------
    def ensure_model(self, name: str, cancel: CancelToken) -> None:
        runner = self.hearth.runner
        loaded = runner.loaded
        if loaded is not None and name in (loaded.name, loaded.path):
            return
        model = self.hearth.models.get(name)
        self.events("loading", model.name)
        runner.ensure(model.name, cancel=cancel)
        self.loaded_here = model.name
        self.events("loaded", model.name)

    def unload_if_idle(self) -> None:
        """On the lane: unload the model the server loaded, if it is still the loaded one."""
        runner = self.hearth.runner
        idle = time.monotonic() - self.last_used
        if (self.loaded_here and runner.loaded is not None
                and runner.loaded.name == self.loaded_here and idle >= self.config.idle_unload_s):
            name, self.loaded_here = self.loaded_here, ""
            runner.unload()
            log.info("unloaded %s after %.0f s idle", name, idle)
            self.events("unloaded", name)


class _Run:
    """One generation: its job on the model lane and the queue of what it produced.
    Events: ("ready",), ("text", str), ("done", stats, extra), ("error", exception)."""

    def __init__(self, api: Api, req: GenerationRequest, chat: bool) -> None:
        self.api = api
        self.req = req
        self.chat = chat
        self.cancel = CancelToken()
        self.queue: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
        self.loop = asyncio.get_running_loop()
        self.queued_at = time.monotonic()
        self.started = False
        self.closed = False

    def start(self) -> None:
        self.api.lane.submit(self._job)

    def _emit(self, *event: Any) -> None:
        self.loop.call_soon_threadsafe(self.queue.put_nowait, event)

    async def next(self) -> tuple[Any, ...]:
        return await self.queue.get()

    def close(self) -> None:
        """The answer is over (or its client left): stop generating, count it once."""
        self.cancel.cancel()
        if not self.closed:
            self.closed = True
            self.api.last_used = time.monotonic()
            self.api.traffic.left(self.started)

    def _job(self) -> None:
        api, req = self.api, self.req
        self.started = True
        api.traffic.started(self.queued_at)
        try:
            self.cancel.raise_if_cancelled()
            if req.library:
                reply = api.hearth.libraries.ask(
                    req.library, _question(req), cancel=self.cancel,
                    sampling=req.sampling if req.sampling_given else None)
            else:
                reply = self._reply()
            self._emit("ready")
            for chunk in reply:
                self._emit("text", chunk)
            stats = reply.stats
            if stats is not None:
                log.info("%s: %d prompt + %d tokens, %s", req.model, stats.prompt_tokens,
                         stats.completion_tokens, stats.finish_reason)
            extra = None
            if req.library:
                extra = {"sources": [_source(s) for s in reply.sources],  # type: ignore[attr-defined]
                         "citations": [s["n"] for s in reply.citations]}  # type: ignore[attr-defined]
            self._emit("done", reply.stats, extra)
        except BaseException as e:  # noqa: BLE001 - every failure goes back to its request
            self._emit("error", e)

    def _reply(self) -> Any:
        api, req = self.api, self.req
        api.ensure_model(req.model, self.cancel)
        runner = api.hearth.runner
        if self.chat:
            n = runner.count_prompt_tokens(req.messages)
        else:
            n = runner.count_tokens(req.prompt) + 1  # and the BOS token
        if n >= runner.n_ctx:
            raise protocol.context_error(n, runner.n_ctx)
        backend = runner.backend
        if not req.cache_prompt:
            backend.reset()
        if self.chat:
            return backend.chat(req.messages, req.sampling, self.cancel)
        return backend.complete(req.prompt, req.sampling, self.cancel)


def _vector(v: Any, fmt: str) -> Any:
    import base64

    import numpy as np

    if fmt == "base64":
        return base64.b64encode(np.asarray(v, dtype="<f4").tobytes()).decode()
    return [float(x) for x in v]


def _question(req: GenerationRequest) -> str:
    users = [m.content for m in req.messages if m.role == "user"]
    if not users:
        raise protocol.bad("A library model needs a user message: the question.", "messages")
    return users[-1]


def _source(src: dict[str, Any]) -> dict[str, Any]:
    keys = ("n", "library", "path", "page", "text")
    return {k: src[k] for k in keys if k in src}


def _sse(obj: Any) -> bytes:
    return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n".encode()


def _stream(run: _Run, chat: bool) -> Response:
    from starlette.responses import StreamingResponse

    chunks = protocol.Chunks(run.req.model, chat, run.req.include_usage)

    async def events() -> AsyncIterator[bytes]:
        try:
            first = chunks.first()
            if first is not None:
                yield _sse(first)
            while True:
                event = await run.next()
                if event[0] == "text":
                    yield _sse(chunks.text(event[1]))
                elif event[0] == "done":
                    yield _sse(chunks.finish(event[1], event[2]))
                    if chunks.include_usage:
                        yield _sse(chunks.usage(event[1]))
                    break
                else:  # an error after the answer began: told in the stream
                    yield _sse(error_for(event[1]).body())
                    break
            yield b"data: [DONE]\n\n"
        finally:
            run.close()  # also when the client went away: the generation stops

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _next(run: _Run, request: Request) -> tuple[Any, ...]:
    """The run's next event; a client that went away meanwhile cancels the run."""
    while True:
        try:
            return await asyncio.wait_for(run.next(), 0.5)
        except TimeoutError:
            if await request.is_disconnected():
                raise Cancelled() from None


async def _collect(run: _Run, request: Request, chat: bool) -> Response:
    parts: list[str] = []
    try:
        while True:
            event = await _next(run, request)
            if event[0] == "text":
                parts.append(event[1])
            elif event[0] == "done":
                return _json(protocol.whole(run.req.model, chat, "".join(parts), event[1],
                                            event[2]))
            else:
                raise event[1]
    finally:
        run.close()


def error_for(e: BaseException) -> ApiError:
    if isinstance(e, ApiError):
        return e
    if isinstance(e, NotFound):
        return ApiError(404, e.message, code="model_not_found")
    if isinstance(e, LibraryError):
        return ApiError(400, e.message)
    if isinstance(e, BackendUnavailable):
        return ApiError(503, f"{e.message} {e.hint}".strip(), type="server_error",
                        code="backend_unavailable")
    if isinstance(e, Cancelled):
        return ApiError(499, "The request was cancelled.", code="cancelled")
    if isinstance(e, (ModelLoadError, GenerationError, HearthError)):
        return ApiError(500, f"{e.message} {e.hint}".strip(), type="server_error")
    log.error("unexpected error in a request", exc_info=e)
    return ApiError(500, f"Internal error: {type(e).__name__}.", type="server_error")


async def _body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError as e:
        raise protocol.bad(f"The body is not valid JSON: {e}.") from e


async def _in_thread(fn: Callable[[], Any]) -> Any:
    import anyio.to_thread

    return await anyio.to_thread.run_sync(fn)


def _json(obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse(obj, status_code=status, headers=headers)


def make_app(api: Api) -> Starlette:
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    from engine.serve.guard import Guard

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return _json(ApiError(status, str(getattr(exc, "detail", exc))).body(), status)

    routes = [
        Route("/health", _handled(api.health), methods=["GET"]),
        Route("/v1/models", _handled(api.models), methods=["GET"]),
        Route("/v1/chat/completions", _handled(api.chat_completions), methods=["POST"]),
        Route("/v1/completions", _handled(api.completions), methods=["POST"]),
        Route("/v1/embeddings", _handled(api.embeddings), methods=["POST"]),
    ]
    cfg = api.config
    middleware = [Middleware(Guard, bound_host=cfg.host, api_key=cfg.api_key,  # type: ignore[arg-type]
                             origins=cfg.cors_origins, max_body=cfg.max_body)]
    if cfg.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=cfg.cors_origins,  # type: ignore[arg-type]
                                     allow_methods=["GET", "POST"],
                                     allow_headers=["authorization", "content-type"]))
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HTTPException: http_error})


Handler = Callable[["Request"], Awaitable["Response"]]


def _handled(handler: Handler) -> Handler:
    """Errors as OpenAI's JSON bodies with their status (Starlette's own handler for
    Exception would also re-raise them into the server's log as tracebacks)."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as e:  # noqa: BLE001 - every error becomes a JSON answer
            err = error_for(e)
            return _json(err.body(), err.status, err.headers)

    return wrapped
