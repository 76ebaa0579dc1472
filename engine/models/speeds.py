"""How fast each model reads prompts on this machine, remembered between runs.

Grounded answers size their sources from this figure (engine.library.grounding), so the
first answer after a restart already uses a measured speed rather than a guess. Kept in the
cache folder: losing it costs one answer sized from the default.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from engine.errors import HearthError
from engine.fsutil import atomic_write_json

log = logging.getLogger(__name__)

# How much a new measurement moves the remembered figure: one reply slowed by another busy
# program should not halve the sources of the next ten.
WEIGHT_NEW = 0.5


class SpeedBook:
    """Prompt tokens per second, per model file and device ("model.gguf|cpu")."""

    def __init__(self, file: Path | None) -> None:
        self._file = file
        self._lock = threading.Lock()
        self._speeds: dict[str, float] | None = None

    @staticmethod
    def key(model_path: str | Path, device: str) -> str:
        return f"{Path(model_path).name}|{device}"

    def prompt_speed(self, key: str) -> float | None:
        with self._lock:
            return self._load().get(key)

    def record(self, key: str, tokens_per_s: float) -> float:
        """Fold a new measurement in; returns the remembered figure."""
        with self._lock:
            speeds = self._load()
            old = speeds.get(key)
            new = tokens_per_s if old is None else (1 - WEIGHT_NEW) * old + WEIGHT_NEW * tokens_per_s
            speeds[key] = round(new, 2)
            if self._file is not None:
                try:
                    atomic_write_json(self._file, speeds)
                except (OSError, HearthError) as e:  # a full disk: the figure stays in memory
                    log.info("could not save prompt speeds: %s", e)
            return speeds[key]

    def _load(self) -> dict[str, float]:
        if self._speeds is None:
            self._speeds = {}
            if self._file is not None and self._file.exists():
                try:
                    data = json.loads(self._file.read_text("utf-8"))
                    self._speeds = {str(k): float(v) for k, v in data.items()
                                    if isinstance(v, (int, float)) and v > 0}
                except (OSError, ValueError, AttributeError) as e:
                    log.info("ignoring unreadable %s: %s", self._file, e)
        return self._speeds
