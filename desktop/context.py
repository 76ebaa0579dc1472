"""AppContext: what every page gets — the engine facade, the task runner, the error
reporter, settings helpers and a few app-wide signals. Built once in desktop/app.py and
passed down explicitly (no globals), so a test can build one per temporary HEARTH_HOME.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.tasks import TaskHandle, TaskRunner
from desktop.widgets.errors import ErrorReporter

if TYPE_CHECKING:
    from engine.api import Hearth
    from engine.backends.base import LoadPlan
    from engine.config import Settings
    from engine.models.registry import ModelInfo

log = logging.getLogger(__name__)


class AppContext(QObject):
    """Shared services for pages. All signals are emitted on the GUI thread."""

    settings_changed = Signal(object)  # Settings
    models_changed = Signal()  # installed models added/removed
    libraries_changed = Signal()  # libraries created/renamed/deleted/indexed
    model_state_changed = Signal()  # a model was loaded or unloaded (see loaded_model)
    model_loading = Signal(str)  # name of the model being loaded ("" when done)
    navigate_requested = Signal(str)  # "chats" | "models" | "libraries" | "settings"
    open_chat_requested = Signal(object)  # chat id
    chat_with_library_requested = Signal(str)  # library name: a new chat that answers from it
    restart_requested = Signal()  # e.g. to show a new interface language (desktop/app.py)

    def __init__(self, hearth: Hearth, tasks: TaskRunner | None = None,
                 errors: ErrorReporter | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hearth = hearth
        self.errors = errors or ErrorReporter(self)
        self.tasks = tasks or TaskRunner(self, on_error=self.errors.report_exception)
        self._loading = ""
        self.ui_language = ""  # the language setting the window was built with (app.py)
        from desktop.serving import ApiService

        self.api = ApiService(self)  # the OpenAI-compatible server (started from Settings)

    # settings -------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.hearth.settings

    def update_settings(self, **changes: Any) -> Settings:
        """Validate, apply at once and announce; the file is written on the store lane
        (an fsync). Raises SettingsError on bad values, before anything changes."""
        new = dataclasses.replace(self.hearth.settings, **changes)
        self.hearth.use_settings(new)
        self.tasks.run(lambda _t: self.hearth.write_settings(), lane="store",
                       name="save settings")
        self.settings_changed.emit(new)
        return new

    def qsettings(self) -> QSettings:
        """Window geometry and other view state, kept inside the data folder."""
        path = self.hearth.paths.home / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    # errors -------------------------------------------------------------------------
    def show_error(self, exc: BaseException | str, hint: str = "") -> None:
        if isinstance(exc, BaseException):
            self.errors.report_exception(exc)
        else:
            self.errors.report(exc, hint)

    # navigation ---------------------------------------------------------------------
    def navigate(self, page: str) -> None:
        self.navigate_requested.emit(page)

    def open_chat(self, chat_id: Any) -> None:
        self.open_chat_requested.emit(chat_id)
        self.navigate_requested.emit("chats")

    # the loaded model (lives on the "model" lane) ----------------------------------
    @property
    def loaded_model(self) -> ModelInfo | None:
        """The loaded model, or None. Cheap: never builds the runner."""
        return self.hearth.loaded_model

    @property
    def load_plan(self) -> LoadPlan | None:
        return self.hearth.load_plan

    @property
    def loading_model(self) -> str:
        return self._loading

    def load_model(self, name: str, n_ctx: int | None = None,
                   success: Callable[[Any], None] | None = None,
                   failure: Callable[[BaseException], None] | None = None) -> TaskHandle:
        """Load `name` on the model lane; announces model_loading / model_state_changed."""
        self._loading = name
        self.model_loading.emit(name)

        def body(task: Any) -> Any:
            return self.hearth.load_model(name, n_ctx=n_ctx, progress=task, cancel=task.cancel)

        def done() -> None:
            self._loading = ""
            self.model_loading.emit("")
            self.model_state_changed.emit()

        return self.tasks.run(body, lane="model", name=f"load {name}", success=success,
                              failure=failure, finished=done)

    def unload_model(self, success: Callable[[Any], None] | None = None) -> TaskHandle:
        def body(task: Any) -> None:
            self.hearth.unload_model()

        return self.tasks.run(body, lane="model", name="unload", success=success,
                              finished=self.model_state_changed.emit)

    def warm_up(self) -> None:
        """Load, on a background worker and without showing it, what the first look at a
        library would otherwise wait for (engine LibraryService.warm_up)."""
        if self.tasks.closed:
            return
        hearth = self.hearth
        self.tasks.run(lambda _t: hearth.libraries.warm_up(), lane="io", name="warm up",
                       failure=lambda e: log.info("warm-up failed: %s", e), quiet=True)

    def close(self) -> None:
        """Stop the API server and the workers, then free the model and databases."""
        server, self.api.server = self.api.server, None
        if server is not None:
            server.stop()
        if not self.tasks.shutdown():
            # A worker still runs: freeing the model under it could crash. Leave it to the
            # process exit; chats (SQLite WAL) and libraries (LanceDB commits) survive that.
            log.warning("a model or index task did not stop in time; not freeing the engine")
            return
        try:
            self.hearth.close()
        except Exception:  # quitting: log it, never hang or crash on the way out
            log.exception("closing the engine failed")
