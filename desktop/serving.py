"""The app's API server: `hearth serve` inside the app, on the app's own model lane.

API requests queue behind the chat the user is running (one model, one thread), and a model
the server loads for a request becomes the app's loaded model (the model picker says so).
The server runs on its own thread; everything it reports reaches the GUI thread through
queued signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from desktop.context import AppContext
    from engine.serve.server import ApiServer

log = logging.getLogger(__name__)


class GuiLane(QObject):
    """engine.serve's ModelLane over the app's "model" lane (TaskRunner must be called on
    the GUI thread: the submit is handed over by a queued signal)."""

    _submit = Signal(object, object)  # (fn, future)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self._submit.connect(self._run)

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        fut: Future[Any] = Future()
        self._submit.emit(fn, fut)
        return fut

    @Slot(object, object)
    def _run(self, fn: Callable[[], Any], fut: Future[Any]) -> None:
        def body(_task: Any) -> None:
            try:
                fut.set_result(fn())
            except BaseException as e:  # noqa: BLE001 - handed back to the request
                fut.set_exception(e)

        self.ctx.tasks.run(body, lane="model", name="API request", failure=lambda _e: None)


class ApiService(QObject):
    """Start, stop and watch the server. Signals arrive on the GUI thread."""

    state_changed = Signal()  # running / url / error changed
    traffic_changed = Signal(object)  # TrafficSnapshot
    _traffic = Signal(object)
    _event = Signal(str, str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.lane = GuiLane(ctx)
        self.server: ApiServer | None = None
        self.error = ""
        self._traffic.connect(self.traffic_changed)
        self._event.connect(self._on_event)

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def start(self) -> None:
        """Build and bind on the io lane (imports uvicorn; binding may fail: port taken)."""
        if self.running:
            return
        s = self.ctx.settings
        hearth = self.ctx.hearth

        def build(_task: Any) -> ApiServer:
            from engine.serve.app import ServeConfig
            from engine.serve.lane import Traffic
            from engine.serve.server import ApiServer

            config = ServeConfig(host=s.serve_host, port=s.serve_port,
                                 api_key=hearth.serve_key.get() or "",
                                 cors_origins=list(s.serve_cors_origins),
                                 max_waiting=s.serve_max_queue,
                                 idle_unload_s=float(s.serve_idle_unload_s))
            traffic = Traffic(config.max_waiting)
            traffic.listener = self._traffic.emit
            server = ApiServer(hearth, self.lane, config, traffic, self._event.emit)
            server.start()
            server.wait_started()
            return server

        def started(server: ApiServer) -> None:
            self.server, self.error = server, ""
            self.state_changed.emit()

        def failed(e: BaseException) -> None:
            self.error = str(getattr(e, "message", e))
            self.state_changed.emit()

        self.ctx.tasks.run(build, lane="io", name="start API server", success=started,
                           failure=failed)

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            self.ctx.tasks.run(lambda _t: server.stop(), lane="io", name="stop API server")
        self.state_changed.emit()

    @Slot(str, str)
    def _on_event(self, kind: str, model: str) -> None:
        if kind == "loading":
            self.ctx.model_loading.emit(model)
        else:
            self.ctx.model_loading.emit("")
            self.ctx.model_state_changed.emit()

