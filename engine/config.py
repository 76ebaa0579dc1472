"""Typed, versioned settings in settings.json, written atomically.

Unknown keys are ignored and missing ones take defaults, so older and newer Hearth versions
can share a data folder. A corrupt file is kept aside as settings.json.bad, never lost.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from engine.backends.base import Sampling
from engine.errors import SettingsError
from engine.fsutil import atomic_write_json

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
DEFAULT_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    theme: Literal["system", "light", "dark"] = "system"
    offline: bool = False
    hf_endpoint: str = ""  # empty: HF_ENDPOINT or the public Hub, as huggingface_hub does
    backend: Literal["auto", "cpu", "gpu"] = "auto"
    gpu_layers: int | None = None  # None: chosen from the hardware
    threads: int = 0  # 0: chosen from the hardware
    context_length: int = 0  # 0: chosen from the model and memory
    default_model: str = ""
    system_prompt: str = "You are a helpful assistant."
    sampling: Sampling = field(default_factory=Sampling)
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    embedding_model_path: str = ""  # a local fastembed model folder; HEARTH_EMBEDDING_MODEL_PATH wins
    max_concurrent_downloads: int = 2
    first_run_done: bool = False

    def validate(self) -> None:
        if self.theme not in ("system", "light", "dark"):
            raise SettingsError(f"Unknown theme {self.theme!r}.", "Use system, light or dark.")
        if self.backend not in ("auto", "cpu", "gpu"):
            raise SettingsError(f"Unknown backend {self.backend!r}.", "Use auto, cpu or gpu.")
        if self.threads < 0 or self.context_length < 0:
            raise SettingsError("Threads and context length cannot be negative.")
        if not 1 <= self.max_concurrent_downloads <= 8:
            raise SettingsError("Concurrent downloads must be between 1 and 8.")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Settings:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in d.items() if k in names}
        values["sampling"] = Sampling.from_dict(values.get("sampling"))
        values["version"] = SETTINGS_VERSION
        s = cls(**values)
        s.validate()
        return s


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        return Settings.from_dict(json.loads(path.read_text("utf-8")))
    except (ValueError, TypeError, SettingsError) as e:
        bad = path.with_suffix(".json.bad")
        path.replace(bad)
        log.warning("settings file unreadable (%s); kept as %s, using defaults", e, bad)
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    settings.validate()
    atomic_write_json(path, settings.to_dict())
