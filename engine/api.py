"""The one facade the GUI and the CLI use.

`Hearth` wires the services together: each receives what it uses (paths, a settings
accessor, the registry, the runner), never the facade itself. Each is built lazily, under a
lock, so that `hearth --help` and the GUI's first paint never import llama_cpp, lancedb or
fastembed, and two worker threads asking at once get the same service. It holds no global
state: tests make one per temporary HEARTH_HOME.

Threading: the loaded model (ModelRunner) must be used from one thread at a time (the GUI's
model lane); libraries have one writer (the GUI's index lane); everything else is
thread-safe or cheap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from engine.config import Settings, read_settings, save_settings
from engine.library.citations import CITE as CITATION  # how answers cite; for renderers
from engine.library.citations import numbers_in as citation_numbers
from engine.library.pathkey import shown as shown_path
from engine.library.reasons import reason_text as shown_reason  # a file's, in the UI language
from engine.paths import Paths

if TYPE_CHECKING:
    from engine.backends.base import LoadPlan
    from engine.chats.service import ChatService
    from engine.hardware import HardwareProfile
    from engine.hub.service import HubService
    from engine.hub.token import TokenStore
    from engine.jobs import CancelToken, ProgressFn
    from engine.library.service import LibraryService
    from engine.models.registry import ModelInfo, ModelRegistry
    from engine.models.speeds import SpeedBook
    from engine.remote.store import RemoteStore
    from engine.runner import ModelRunner

__all__ = [
    "CITATION", "Hearth", "citation_numbers", "document_extensions", "embedding_models",
    "shown_path", "shown_reason",
]

T = TypeVar("T")


def document_extensions() -> set[str]:
    """File name endings the libraries read (for file dialogs); imports no parser."""
    from engine.library import documents as d

    return {".pdf", ".docx", ".epub"} | d.TEXT_EXTS | d.MARKDOWN_EXTS | d.HTML_EXTS | d.CODE_EXTS


def embedding_models() -> list[str]:
    """"auto", then every embedding model a library can be given (the first is the
    multilingual one that needs no download)."""
    from engine.library.embedders import AUTO, CHOICES

    return [AUTO, *(c.name for c in CHOICES)]


class Hearth:
    def __init__(self, home: Path | None = None) -> None:
        self.paths = (Paths(Path(home)) if home else Paths.default()).ensure()
        self._settings, self._settings_notes = read_settings(self.paths.settings_file)
        self._settings_lock = threading.Lock()
        self._hardware_lock = threading.Lock()
        self._hardware: HardwareProfile | None = None
        # Re-entrant: building the runner builds the registry it needs.
        self._build_lock = threading.RLock()
        self._built: dict[str, Any] = {}

    def _lazy(self, name: str, make: Callable[[], T]) -> T:
        with self._build_lock:
            if name not in self._built:
                self._built[name] = make()
            return self._built[name]  # type: ignore[no-any-return]

    # settings -------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def settings_warnings(self) -> list[str]:
        """Shown once by the CLI (stderr) and the app (a notice): fields reset, files kept
        aside. Worded now, in the language the settings just read have set."""
        return [note() for note in self._settings_notes]

    def use_settings(self, settings: Settings) -> None:
        """Validate and apply in memory now; `write_settings` saves them."""
        settings.validate()
        with self._settings_lock:
            self._settings = settings

    def write_settings(self) -> None:
        """Write the settings in use (the newest, whichever call applied them)."""
        with self._settings_lock:
            save_settings(self.paths.settings_file, self._settings)

    def save_settings(self, settings: Settings) -> None:
        """Validate, apply and write atomically (an fsync: call it off the GUI thread)."""
        with self._settings_lock:
            save_settings(self.paths.settings_file, settings)
            self._settings = settings

    def _current_settings(self) -> Settings:
        return self._settings

    # hardware and engine selection ----------------------------------------------------
    def hardware(self, refresh: bool = False, memory: bool = False) -> HardwareProfile:
        """The hardware report (cached; `refresh` re-reads free memory and devices, `memory`
        only the RAM figures, which change from minute to minute)."""
        with self._hardware_lock:
            if self._hardware is None or refresh:
                from engine.hardware import detect

                self._hardware = detect()
            elif memory:
                from engine.hardware import with_current_ram

                self._hardware = with_current_ram(self._hardware)
            return self._hardware

    def plan_load(self, model: ModelInfo, n_ctx: int | None = None) -> LoadPlan:
        """Backend, device, GPU layers and context for `model` here, with the reason."""
        if model.format == "remote":
            from engine.backends.remote import plan_remote

            return plan_remote(model.name, self.remotes)
        from engine.selection import plan_load

        return plan_load(self.hardware(), model, self._settings, n_ctx=n_ctx)

    def models_hint(self) -> bool:
        """Whether a model was installed when the models were last listed (the index file
        alone): lets the app open on the Chats page without waiting for `models.list_all()`,
        which inspects files on a worker thread and has the last word."""
        from engine.models.index_hint import index_lists_models

        return index_lists_models(self.paths.models)

    # services -------------------------------------------------------------------------
    @property
    def models(self) -> ModelRegistry:
        def make() -> ModelRegistry:
            from engine.models.registry import ModelRegistry

            return ModelRegistry(self.paths, self.remotes)

        return self._lazy("models", make)

    @property
    def runner(self) -> ModelRunner:
        """Holds the one loaded model. Use from one thread (the model lane)."""

        def make() -> ModelRunner:
            from engine.runner import ModelRunner

            return ModelRunner(self.models, self.plan_load, self._current_settings, self.remotes,
                               self.speeds)

        return self._lazy("runner", make)

    @property
    def speeds(self) -> SpeedBook:
        """Prompt and generation speeds measured here: the runner writes, the hub reads."""

        def make() -> SpeedBook:
            from engine.models.speeds import SpeedBook

            return SpeedBook(self.paths.cache / "speeds.json")

        return self._lazy("speeds", make)

    @property
    def chats(self) -> ChatService:
        def make() -> ChatService:
            from engine.chats.service import ChatService
            from engine.chats.store import ChatStore

            return ChatService(ChatStore(self.paths.chats_db), self.runner,
                               self._current_settings, lambda: self.libraries)

        return self._lazy("chats", make)

    @property
    def libraries(self) -> LibraryService:
        def make() -> LibraryService:
            from engine.library.service import LibraryService

            return LibraryService(self.paths, self._current_settings, lambda: self.runner)

        return self._lazy("libraries", make)

    @property
    def hub(self) -> HubService:
        def make() -> HubService:
            from engine.hub.service import HubService

            return HubService(self.paths, self._current_settings, self.models, self.hardware,
                              self.speeds)

        return self._lazy("hub", make)

    @property
    def remotes(self) -> RemoteStore:
        """The remote engines the user added (remotes.json)."""

        def make() -> RemoteStore:
            from engine.remote.store import RemoteStore

            return RemoteStore(self.paths.home)

        return self._lazy("remotes", make)

    @property
    def serve_key(self) -> TokenStore:
        """The API server's key (needed to listen beyond loopback), kept like the HF token."""
        from engine.hub.token import TokenStore
        from engine.i18n import N_

        return TokenStore(self.paths.home, "serve_api_key", "hearth-serve-api-key",
                          what=N_("an API key"), hint=N_("Use letters, digits and punctuation, "
                                                         "no spaces; at most 512 characters."))

    # the loaded model -----------------------------------------------------------------
    @property
    def loaded_model(self) -> ModelInfo | None:
        """The loaded model, or None. Cheap: never builds the runner."""
        runner = self._built.get("runner")
        return runner.loaded if runner is not None else None

    @property
    def load_plan(self) -> LoadPlan | None:
        runner = self._built.get("runner")
        return runner.plan if runner is not None else None

    def load_model(
        self,
        name_or_path: str,
        n_ctx: int | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> LoadPlan:
        """Load a registered model (or a .gguf path); returns the plan actually used."""
        return self.runner.load(self.models.get(name_or_path), n_ctx=n_ctx, cancel=cancel,
                                progress=progress)

    def unload_model(self) -> None:
        runner = self._built.get("runner")
        if runner is not None:
            runner.unload()

    def remove_model(self, name: str) -> None:
        """Remove an installed model, unloading it first if it is the loaded one."""
        loaded = self.loaded_model
        if loaded is not None and name in (loaded.name, loaded.path):
            self.unload_model()
        self.models.remove(name)

    def close(self) -> None:
        """Free the model and close databases (the GUI calls this on quit)."""
        with self._build_lock:
            built = dict(self._built)
        for name in ("runner", "libraries", "hub", "chats"):
            service = built.get(name)
            if service is None:
                continue
            if name == "runner":
                service.unload()
            else:
                service.close()
