"""How many tokens per second a model would write here, known before it is downloaded.

Writing one token reads every weight once, so on CPUs and GPUs alike generation is bound by
memory bandwidth: tokens/s ≈ effective bandwidth / bytes read per token, and for a dense
model the bytes per token are about its file size. (The KV cache adds a little at long
contexts; a mixture-of-experts model reads only its active experts and runs faster than
this says.) The effective bandwidth comes from what this machine measured — a reply's
tokens/s times its model's file size (engine.models.speeds) — and before the first reply
from a conservative default for the kind of device.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from engine.models.speeds import Measured, SpeedBook

if TYPE_CHECKING:
    from engine.selection import Fit, GpuTarget

# About reading speed: below it a reply is noticeably slower than one reads.
FAST_TOKENS_PER_S = 10.0

# What llama.cpp reaches, about 60% of the spec sheet, on the modest end of each kind, so
# the first estimate disappoints less often than it flatters.
DEFAULT_BANDWIDTH = {
    "cpu": 15e9,  # a dual-channel DDR4 laptop (~40 GB/s spec); DDR5 desktops do better
    "shared": 15e9,  # an integrated GPU reads the same RAM as the CPU
    "metal": 60e9,  # a base M1/M2 (68-100 GB/s); Pro and Max chips are 2-4x faster
    "gpu": 150e9,  # an entry discrete GPU (RTX 3050/4060: 220-270 GB/s)
}

Basis = Literal["measured", "calibrated", "default"]


@dataclass
class SpeedEstimate:
    """Generation tokens/s for one model here, and what the figure rests on."""

    tokens_per_s: float
    basis: Basis  # this file measured / another model measured / a default bandwidth
    device: str  # "cpu", "cuda:0", "metal", ... (partial offload: the GPU's)
    kind: str = "cpu"  # a DEFAULT_BANDWIDTH key: what kind of memory the default is for
    source: str = ""  # the measured model the bandwidth came from
    source_speed: float = 0.0  # its tokens/s here
    bandwidth: float = 0.0  # bytes/s the estimate used (the GPU's, when split)

    @property
    def fast(self) -> bool:
        return self.tokens_per_s >= FAST_TOKENS_PER_S

    @property
    def text(self) -> str:
        """Why this figure, in English (the CLI; the desktop words its own)."""
        if self.basis == "measured":
            return f"measured here: {self.tokens_per_s:.0f} tokens/s with this file"
        bw = f"{self.bandwidth / 1e9:.0f} GB/s"
        if self.basis == "calibrated":
            return (f"estimated from {self.source}, measured at {self.source_speed:.0f} "
                    f"tokens/s here ({bw} effective)")
        return f"estimated from a typical {self.kind} memory speed ({bw}); not measured yet"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def speed_class(fit: Fit | None, speed: SpeedEstimate | None) -> str:
    """"fast", "slow", "no" (won't fit), or "" (fit unknown): what the badge's colour says."""
    if fit is None:
        return ""
    if fit.label == "no":
        return "no"
    return "fast" if speed is not None and speed.fast else "slow"


def estimate(fit: Fit | None, size: int, n_layers: int | None, file_name: str,
             speeds: SpeedBook | None, target: GpuTarget | None) -> SpeedEstimate | None:
    """Tokens/s for a model file of `size` bytes placed as `fit` says; None if it won't run."""
    if fit is None or fit.label == "no" or size <= 0:
        return None
    if speeds is not None and file_name:
        known = speeds.generation_speed(SpeedBook.key(file_name, fit.device))
        if known:
            return SpeedEstimate(known, "measured", fit.device, source=file_name,
                                 source_speed=known, bandwidth=known * size)
    cpu = _bandwidth("cpu", "cpu", size, speeds)
    if fit.label == "cpu":
        return _make(cpu[0] / size, cpu, "cpu", "cpu")
    kind = "metal" if target and target.api == "metal" else \
        "shared" if target and target.unified else "gpu"
    gpu = _bandwidth(fit.device, kind, size, speeds)
    if fit.label == "gpu":
        return _make(gpu[0] / size, gpu, fit.device, kind)
    # Split: the GPU's layers and the CPU's are read one after the other for each token.
    share = max(0, fit.gpu_layers) / ((n_layers or fit.gpu_layers) + 1)
    seconds = size * share / gpu[0] + size * (1 - share) / cpu[0]
    # The slower side dominates a split model: its bandwidth is the one to name.
    return _make(1 / seconds, cpu if share < 0.5 else gpu, fit.device, "cpu" if share < 0.5
                 else kind)


def _make(tps: float, bw: tuple[float, Measured | None], device: str, kind: str
          ) -> SpeedEstimate:
    source = bw[1]
    if source is None:
        return SpeedEstimate(tps, "default", device, kind, bandwidth=bw[0])
    return SpeedEstimate(tps, "calibrated", device, kind, source.model, source.tokens_per_s,
                         bw[0])


def _bandwidth(device: str, kind: str, size: int, speeds: SpeedBook | None
               ) -> tuple[float, Measured | None]:
    """The effective bandwidth of `device`: from the measured model nearest in size (small
    models reach less of it, so the nearest predicts best), else the kind's default."""
    measured = speeds.measured_on(device) if speeds is not None else []
    if not measured:
        return DEFAULT_BANDWIDTH[kind], None

    def distance(m: Measured) -> float:
        return abs(math.log(max(m.bandwidth / m.tokens_per_s, 1) / size))

    best = min(measured, key=distance)
    return best.bandwidth, best
