"""How fast each model reads prompts and writes replies on this machine, remembered between
runs.

Grounded answers size their sources from the prompt speed (engine.library.grounding), so the
first answer after a restart already uses a measured speed rather than a guess. The
generation speed, with the file size it was measured on, calibrates the tokens/s the hub
estimates for models not yet downloaded (engine.models.speed_estimate). Kept in the cache
folder: losing it costs one answer sized from the default and estimates from defaults.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from engine.errors import HearthError
from engine.fsutil import atomic_write_json

log = logging.getLogger(__name__)

# How much a new measurement moves the remembered figure: one reply slowed by another busy
# program should not halve the sources of the next ten.
WEIGHT_NEW = 0.5
# Generation figures live in the same flat file under these prefixes, so a file written by
# an older Hearth (prompt speeds only) still reads, and an older Hearth reads this one.
GEN = "gen|"  # tokens written per second
BANDWIDTH = "bw|"  # those tokens/s times the file's size: bytes read per second


@dataclass(frozen=True)
class Measured:
    """One model's remembered generation speed on one device."""

    model: str  # the file's name
    tokens_per_s: float
    bandwidth: float  # bytes/s: tokens_per_s x file size


class SpeedBook:
    """Per model file and device ("model.gguf|cpu"): prompt tokens per second, and
    generated tokens per second with the bandwidth they imply."""

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
        """Fold a new prompt-speed measurement in; returns the remembered figure."""
        with self._lock:
            new = self._fold(key, tokens_per_s)
            self._save()
            return new

    def generation_speed(self, key: str) -> float | None:
        with self._lock:
            return self._load().get(GEN + key)

    def record_generation(self, key: str, tokens_per_s: float, model_bytes: int) -> float:
        """Fold in a reply's generation speed for a model of `model_bytes` (0: a model split
        between GPU and CPU, whose speed says nothing about either's bandwidth); returns the
        remembered tokens/s."""
        with self._lock:
            new = self._fold(GEN + key, tokens_per_s)
            if model_bytes > 0:
                self._fold(BANDWIDTH + key, tokens_per_s * model_bytes)
            self._save()
            return new

    def measured_on(self, device: str) -> list[Measured]:
        """Every model whose generation was measured on `device`."""
        with self._lock:
            speeds = self._load()
            out = []
            for k, v in speeds.items():
                if not k.startswith(GEN):
                    continue
                name, _, dev = k[len(GEN):].rpartition("|")
                bw = speeds.get(BANDWIDTH + k[len(GEN):])
                if dev == device and bw:
                    out.append(Measured(name, v, bw))
            return out

    def _fold(self, key: str, value: float) -> float:
        speeds = self._load()
        old = speeds.get(key)
        new = value if old is None else (1 - WEIGHT_NEW) * old + WEIGHT_NEW * value
        speeds[key] = round(new, 2)
        return speeds[key]

    def _save(self) -> None:
        if self._file is not None:
            try:
                atomic_write_json(self._file, self._load())
            except (OSError, HearthError) as e:  # a full disk: the figures stay in memory
                log.info("could not save speeds: %s", e)

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
