"""Run the API with uvicorn: in the foreground (`hearth serve`) or on a thread (the app)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.errors import HearthError
from engine.i18n import _
from engine.serve.app import Api, ServeConfig, make_app
from engine.serve.guard import is_loopback

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.serve.app import EventFn
    from engine.serve.lane import ModelLane, Traffic

log = logging.getLogger("hearth.serve")
IDLE_CHECK_S = 5.0


def check_config(config: ServeConfig) -> None:
    """Beyond loopback only with a key: anyone on the network could use the models."""
    if not is_loopback(config.host) and not config.api_key:
        raise HearthError(
            _("Listening on {host} needs an API key: anyone who can reach this machine could "
              "use its models otherwise.").format(host=config.host),
            _("Set one with --api-key KEY (or HEARTH_API_KEY), or keep the default 127.0.0.1."),
        )
    if not 0 < config.port < 65536:
        raise HearthError(_("Port {port} is not a port number.").format(port=config.port),
                          _("Use 1-65535."))


def url_of(config: ServeConfig) -> str:
    host = config.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{config.port}/v1"


class ApiServer:
    """One uvicorn server over `Api`; `start()` on a thread, `run()` in the foreground."""

    def __init__(self, hearth: Hearth, lane: ModelLane, config: ServeConfig,
                 traffic: Traffic | None = None, events: EventFn | None = None) -> None:
        import uvicorn

        check_config(config)
        self.config = config
        self.api = Api(hearth, lane, config, traffic, events)
        self.url = url_of(config)
        uv = uvicorn.Config(make_app(self.api), host=config.host, port=config.port,
                            log_config=None, access_log=False, server_header=False,
                            lifespan="off", timeout_graceful_shutdown=3)
        self._server = uvicorn.Server(uv)
        self._thread: threading.Thread | None = None

    @property
    def traffic(self) -> Traffic:
        return self.api.traffic

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.config.host, self.config.port))
        except OSError as e:
            sock.close()
            raise HearthError(
                _("Cannot listen on {address}: {error}.").format(
                    address=f"{self.config.host}:{self.config.port}", error=e.strerror),
                _("Another program may use that port; choose another with --port."),
            ) from e
        sock.listen(64)
        return sock

    async def _serve(self, sock: socket.socket) -> None:
        idle = asyncio.ensure_future(self._idle_unloads())
        try:
            await self._server.serve(sockets=[sock])
        finally:
            idle.cancel()

    async def _idle_unloads(self) -> None:
        ttl = self.config.idle_unload_s
        if ttl <= 0:
            return
        while True:
            await asyncio.sleep(min(IDLE_CHECK_S, ttl))
            if self.api.loaded_here and self.traffic.snapshot().active == 0:
                self.api.lane.submit(self.api.unload_if_idle)

    def run(self) -> None:
        """Serve until Ctrl+C (uvicorn handles the signal)."""
        sock = self._bind()
        asyncio.run(self._serve(sock))

    def start(self) -> None:
        """Serve on a thread; raises here (not on the thread) if the port cannot be bound."""
        sock = self._bind()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve(sock)),
                                        name="hearth-serve", daemon=True)
        self._thread.start()

    def wait_started(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not self._server.started and self.running and time.monotonic() < deadline:
            time.sleep(0.02)
        return bool(self._server.started)

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


def serve_forever(hearth: Hearth, config: ServeConfig,
                  on_ready: Callable[[ApiServer], None] | None = None) -> None:
    """`hearth serve`: the model on its own thread, the API in the foreground."""
    from engine.serve.lane import ThreadLane

    lane = ThreadLane()
    server = ApiServer(hearth, lane, config)
    try:
        if on_ready is not None:
            on_ready(server)
        server.run()
    finally:
        lane.close()
