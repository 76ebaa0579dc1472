"""The one facade the GUI and the CLI use.

`Hearth` wires the services together and creates each lazily, so that `hearth --help` and
the GUI's first paint never import llama_cpp, lancedb or fastembed. It holds no global
state: tests make one per temporary HEARTH_HOME.

Threading: the loaded model (ModelRunner) must be used from one thread at a time (the GUI's
model lane); libraries have one writer (the GUI's index lane); everything else is
thread-safe or cheap.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from engine.config import Settings, load_settings, save_settings
from engine.paths import Paths

if TYPE_CHECKING:
    from engine.backends.base import LoadPlan
    from engine.chats.service import ChatService
    from engine.chats.store import ChatStore
    from engine.hardware import HardwareProfile
    from engine.hub.service import HubService
    from engine.jobs import CancelToken, ProgressFn
    from engine.library.service import LibraryService
    from engine.models.registry import ModelInfo, ModelRegistry
    from engine.runner import ModelRunner


class Hearth:
    def __init__(self, home: Path | None = None) -> None:
        self.paths = (Paths(Path(home)) if home else Paths.default()).ensure()
        self._settings = load_settings(self.paths.settings_file)
        self._lock = threading.Lock()
        self._hardware: HardwareProfile | None = None

    # settings -------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    def save_settings(self, settings: Settings) -> None:
        save_settings(self.paths.settings_file, settings)
        self._settings = settings

    # hardware and engine selection ----------------------------------------------------
    def hardware(self, refresh: bool = False) -> HardwareProfile:
        """The hardware report (cached; `refresh` re-reads free memory and devices)."""
        with self._lock:
            if self._hardware is None or refresh:
                from engine.hardware import detect

                self._hardware = detect()
            return self._hardware

    def plan_load(self, model: ModelInfo, n_ctx: int | None = None) -> LoadPlan:
        """Backend, device, GPU layers and context for `model` here, with the reason."""
        from engine.selection import plan_load

        return plan_load(self.hardware(), model, self._settings, n_ctx=n_ctx)

    # services -------------------------------------------------------------------------
    @cached_property
    def models(self) -> ModelRegistry:
        from engine.models.registry import ModelRegistry

        return ModelRegistry(self.paths)

    @cached_property
    def runner(self) -> ModelRunner:
        """Holds the one loaded model. Use from one thread (the model lane)."""
        from engine.runner import ModelRunner

        return ModelRunner(self)

    @cached_property
    def chat_store(self) -> ChatStore:
        from engine.chats.store import ChatStore

        return ChatStore(self.paths.chats_db)

    @cached_property
    def chats(self) -> ChatService:
        from engine.chats.service import ChatService

        return ChatService(self)

    @cached_property
    def libraries(self) -> LibraryService:
        from engine.library.service import LibraryService

        return LibraryService(self)

    @cached_property
    def hub(self) -> HubService:
        from engine.hub.service import HubService

        return HubService(self)

    # convenience ----------------------------------------------------------------------
    def load_model(
        self,
        name_or_path: str,
        n_ctx: int | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> LoadPlan:
        """Load a registered model (or a .gguf path); returns the plan actually used."""
        return self.runner.load(self.models.get(name_or_path), n_ctx=n_ctx, cancel=cancel)

    def close(self) -> None:
        """Free the model and close databases (the GUI calls this on quit)."""
        if "runner" in self.__dict__:
            self.runner.unload()
        if "libraries" in self.__dict__:
            self.libraries.close()
        if "hub" in self.__dict__:
            self.hub.close()
        if "chat_store" in self.__dict__:
            self.chat_store.close()
