"""Engine selection: which backend and device, how many GPU layers, which context length.

Pure functions of (hardware profile, model facts, settings), so they are unit-tested with
injected profiles. The memory model is deliberately simple and errs on the safe side:
- weights: the file size, spread evenly over the layers plus one (the output head);
- KV cache: f16 keys and values, 2 * layers * kv_heads * head_dim * context * 2 bytes;
- compute buffers: a fixed amount plus a little per context token;
- a reserve on every GPU for the driver, the desktop and other programs.
On unified memory (Apple Silicon, integrated GPUs) the GPU budget is a share of RAM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from engine.backends.base import LoadPlan
from engine.errors import BackendUnavailable, ModelLoadError
from engine.hardware import HardwareProfile, apple_gpu_share
from engine.i18n import _, decimal, ngettext, number

if TYPE_CHECKING:
    from engine.config import Settings
    from engine.models.registry import ModelInfo

GIB = 1 << 30
MIB = 1 << 20
MIN_CTX = 512
FALLBACK_TRAINED_CTX = 4096  # a model whose header does not say
GPU_RESERVE = 512 * MIB
_API_NAMES = {"cuda": "CUDA", "metal": "Metal", "vulkan": "Vulkan", "rocm": "ROCm"}

FitLabel = Literal["gpu", "partial", "cpu", "no"]
T = TypeVar("T")


def gb(n: int | float | None) -> str:
    """Memory in the one unit Hearth shows every byte count in: SI gigabytes (10^9 bytes)
    with one decimal, as the Hub and the app write file sizes, so what a model needs, its
    file and this computer's RAM compare at a glance ("25.3 GB" for 23.6 GiB of RAM)."""
    if not n:
        return "? GB"
    return f"{decimal(n / 1e9)} GB"


def kv_cache_bytes(n_layers: int, n_kv_heads: int, head_dim: int, n_ctx: int) -> int:
    """Bytes of an f16 KV cache (keys + values) for `n_ctx` tokens."""
    return 2 * n_layers * n_kv_heads * head_dim * n_ctx * 2


def compute_overhead(n_ctx: int) -> int:
    """llama.cpp's compute buffers: a base plus attention scratch growing with context."""
    return 256 * MIB + n_ctx * 32 * 1024


def default_threads(hw: HardwareProfile) -> int:
    """Physical (on Apple Silicon: performance) cores; hyper-threads do not help decoding."""
    c = hw.cpu
    return max(1, c.performance_cores or c.physical_cores or c.logical_cores or 4)


def default_context(hw: HardwareProfile) -> int:
    """The context to aim for when neither the user nor the caller asks for one."""
    if hw.ram_total >= 12 * GIB:
        return 8192
    if hw.ram_total >= 6 * GIB:
        return 4096
    return 2048


@dataclass
class GpuTarget:
    """The GPU llama.cpp would use, with the bytes it may fill."""

    api: str  # "cuda", "metal", "vulkan", "rocm"
    index: int
    name: str
    total: int
    budget: int  # usable for weights + KV + compute buffers, reserve already taken off
    unified: bool
    shown_total: int = 0  # what to call its memory (Apple: the RAM, not the GPU's share)

    @property
    def device(self) -> str:
        return "metal" if self.api == "metal" else f"{self.api}:{self.index}"

    @property
    def api_name(self) -> str:
        return _API_NAMES.get(self.api, self.api)

    @property
    def memory_words(self) -> str:
        size = gb(self.shown_total or self.total)
        if self.api == "metal":
            return _("{size} unified memory").format(size=size)
        if self.unified:
            return _("{size} shared memory").format(size=size)
        return _("{size} VRAM").format(size=size)


def gpu_target(hw: HardwareProfile) -> GpuTarget | None:
    """The best GPU the installed llama.cpp build can offload to, or None."""
    if not hw.llama.gpu_offload:
        return None
    candidates: list[GpuTarget] = []
    devices = hw.llama_gpus()
    for i, d in enumerate(devices):
        match = next(
            (g for g in hw.gpus if g.name in d.description or d.description in g.name), None
        )
        unified = d.api == "metal" or bool(match and match.unified)
        total = d.memory_total or (match.memory_total if match else None)
        free = d.memory_free or (match.memory_free if match else None)
        idx = sum(1 for e in devices[:i] if e.api == d.api)
        candidates.append(
            _target(hw, d.api or "", idx, d.description or d.name, total, free, unified)
        )
    if not devices:  # bindings that cannot list devices: trust the OS's GPU list
        for g in hw.gpus:
            candidates.append(
                _target(hw, g.api, g.index, g.name, g.memory_total, g.memory_free, g.unified)
            )
    usable = [c for c in candidates if c.budget > 0]
    return max(usable, key=lambda c: c.budget, default=None)


def _target(
    hw: HardwareProfile,
    api: str,
    index: int,
    name: str,
    total: int | None,
    free: int | None,
    unified: bool,
) -> GpuTarget:
    if unified:
        # Shares RAM with everything else: cap by the OS's GPU share and what is free.
        share = apple_gpu_share(hw.ram_total) if api == "metal" else hw.ram_total // 2
        total = min(total or share, share)
        free = min(free or total, total, max(0, hw.ram_available - GIB) or total)
    total = total or 0
    free = free if free is not None else int(total * 0.9)
    reserve = max(GPU_RESERVE, total // 20)
    shown = hw.ram_total if api == "metal" else total
    return GpuTarget(api, index, name, total, max(0, free - reserve), unified, shown)


def _cpu_budget(hw: HardwareProfile) -> int:
    """RAM a model may use without pushing the system into swap."""
    if hw.ram_available:
        return max(0, hw.ram_available - 512 * MIB)
    return int(hw.ram_total * 0.7)


def _ram_limit(hw: HardwareProfile) -> int:
    """The most RAM a model could ever get here (other programs closed)."""
    return int(hw.ram_total * 0.9)


def _gpu_layers_that_fit(
    budget: int, weights: int, n_layers: int, kv_per_layer: int, overhead: int
) -> int:
    """-1 (all, output head included), a count of layers, or 0."""
    if weights + kv_per_layer * n_layers + overhead <= budget:
        return -1
    if n_layers <= 0:
        return 0
    per_layer = weights // (n_layers + 1) + kv_per_layer
    k = (budget - overhead) // per_layer if budget > overhead else 0
    return int(max(0, min(n_layers, k)))


def _gpu_share(weights: int, n_layers: int, kv_per_layer: int, gpu_layers: int) -> int:
    """Bytes of weights + KV that `gpu_layers` layers move off the CPU."""
    if gpu_layers == -1:
        return weights + kv_per_layer * n_layers
    return gpu_layers * (weights // (max(n_layers, 1) + 1) + kv_per_layer)


@dataclass
class Fit:
    """Whether a model of a given size runs here, and how (the hub shows one per file)."""

    label: FitLabel
    text: str
    needed_bytes: int
    gpu_layers: int  # -1 all, 0 none
    device: str = "cpu"

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "needed_bytes": self.needed_bytes,
            "gpu_layers": self.gpu_layers,
            "device": self.device,
        }


def fit(
    hw: HardwareProfile,
    weights_bytes: int,
    n_layers: int | None,
    n_kv_heads: int | None,
    head_dim: int | None,
    n_ctx: int = 4096,
) -> Fit:
    """Will a model with these facts run here at `n_ctx` tokens: on GPU, split, CPU, no?"""
    layers = n_layers or 0
    kv_layer = kv_cache_bytes(1, n_kv_heads or 0, head_dim or 0, n_ctx)
    overhead = compute_overhead(n_ctx)
    needed = weights_bytes + kv_layer * layers + overhead
    ram_limit = _ram_limit(hw)
    target = gpu_target(hw)
    if target:
        k = _gpu_layers_that_fit(target.budget, weights_bytes, layers, kv_layer, overhead)
        on_gpu = _gpu_share(weights_bytes, layers, kv_layer, k)
        if k == -1:
            text = _("Fits in {memory} on {api} (needs {needed})").format(
                memory=target.memory_words, api=target.api_name, needed=gb(needed))
            return Fit("gpu", text, needed, -1, target.device)
        rest = needed - on_gpu
        if k > 0 and (rest <= ram_limit or target.unified):
            text = _("{memory}: {k} of {layers} layers on {api}, the rest on CPU "
                     "(needs {needed})").format(memory=target.memory_words, k=k, layers=layers,
                                                api=target.api_name, needed=gb(needed))
            if target.unified and needed > ram_limit:
                return _no(hw, needed, target)
            return Fit("partial", text, needed, k, target.device)
    if needed <= ram_limit:
        text = _("Runs on CPU: needs {needed} of {ram} RAM").format(
            needed=gb(needed), ram=gb(hw.ram_total))
        return Fit("cpu", text, needed, 0, "cpu")
    return _no(hw, needed, target)


def _no(hw: HardwareProfile, needed: int, target: GpuTarget | None) -> Fit:
    text = _("Too big: needs {needed}, this computer has {memory}").format(
        needed=gb(needed), memory=_memory(hw, target))
    return Fit("no", text, needed, 0, "none")


def _memory(hw: HardwareProfile, target: GpuTarget | None) -> str:
    if target and not target.unified:
        return _("{ram} RAM and {gpu}").format(ram=gb(hw.ram_total), gpu=target.memory_words)
    return _("{ram} RAM").format(ram=gb(hw.ram_total))


# Rough bits per weight, to rank quantizations by quality when recommending.
_BITS = {
    "IQ1_S": 1.6, "IQ1_M": 1.8, "TQ1_0": 1.7, "IQ2_XXS": 2.1, "IQ2_XS": 2.3, "IQ2_S": 2.5,
    "IQ2_M": 2.7, "Q2_K_S": 2.9, "Q2_K": 3.0, "TQ2_0": 2.1, "IQ3_XXS": 3.1, "IQ3_XS": 3.3,
    "IQ3_S": 3.4, "Q3_K_S": 3.5, "IQ3_M": 3.7, "Q3_K_M": 3.9, "Q3_K_L": 4.3, "IQ4_XS": 4.3,
    "IQ4_NL": 4.5, "Q4_0": 4.5, "Q4_K_S": 4.6, "Q4_K_M": 4.9, "Q4_1": 5.0, "Q5_0": 5.5,
    "Q5_K_S": 5.5, "Q5_K_M": 5.7, "Q5_1": 6.0, "Q6_K": 6.6, "Q8_0": 8.5, "MXFP4": 4.3,
    "BF16": 16, "F16": 16, "FP16": 16, "F32": 32,
}  # fmt: skip
_BEST_BITS = {"gpu": 8.5, "partial": 6.6, "cpu": 6.6}  # beyond these, quality gains are slight


def recommend(fits: Sequence[T]) -> T | None:
    """The file to suggest: the best-fitting tier (gpu > partial > cpu), and in it the
    highest-quality quantization up to Q8_0 (Q6_K when any part runs on the CPU, where
    bigger files are slower). Items are objects with `.fit` and `.quant` (the hub's
    ModelFile) or `(quant, Fit)` pairs; returns the chosen item or None if none fits."""

    def parts(item: T) -> tuple[str, Fit | None, float]:
        if isinstance(item, tuple):
            quant, f = item[0], item[1]
        else:
            quant, f = getattr(item, "quant", None), getattr(item, "fit", None)
        size = float(getattr(item, "size", 0) or (f.needed_bytes if f else 0))
        return (quant or "").upper(), f, size

    for tier in ("gpu", "partial", "cpu"):
        cands = [(i, *parts(i)) for i in fits]
        cands = [c for c in cands if c[2] is not None and c[2].label == tier]
        if not cands:
            continue

        def key(c: tuple[T, str, Fit | None, float], tier: str = tier) -> tuple[int, float, float]:
            bits = _BITS.get(c[1])
            if bits is None:  # unknown name (MLC "q4f16_1"...): rank by size
                return (1, 0.0, c[3])
            within = bits <= _BEST_BITS[tier]
            return (int(within), bits if within else -bits, c[3] if within else -c[3])

        return max(cands, key=key)[0]
    return None


# Load plans --------------------------------------------------------------------------------


def plan_load(
    hw: HardwareProfile, model: ModelInfo, settings: Settings, n_ctx: int | None = None
) -> LoadPlan:
    """How to load `model` here: backend, device, GPU layers, context, threads, and why.

    Raises BackendUnavailable for an MLC model without mlc_llm, and ModelLoadError when the
    model cannot fit in this computer's memory at all.
    """
    threads = settings.threads or default_threads(hw)
    trained = model.context_length or FALLBACK_TRAINED_CTX
    wanted = n_ctx or settings.context_length or 0
    explicit = bool(wanted)
    ctx = min(wanted or default_context(hw), trained)
    ctx = max(ctx, min(MIN_CTX, trained))
    notes = []
    if wanted > trained:
        notes.append(ngettext("context capped at the model's trained {n} token",
                              "context capped at the model's trained {n} tokens",
                              trained).format(n=number(trained)))

    if model.format == "mlc":
        return _plan_mlc(hw, model, ctx, threads)

    layers = model.n_layers or 0
    kv_layer = kv_cache_bytes(1, model.n_kv_heads or 0, model.head_dim or 0, 1)
    weights = model.size_bytes
    _check_fits_at_all(hw, model)

    target = None if settings.backend == "cpu" or settings.gpu_layers == 0 else gpu_target(hw)
    if target is None:
        why = _why_cpu(hw, settings)
        ctx = _cap_ctx_for_ram(hw, weights, layers, kv_layer, ctx, explicit, notes)
        return LoadPlan("llama.cpp", "cpu", 0, ctx, threads,
                        _join(_on_cpu(why, threads, ctx), notes))

    if settings.gpu_layers is not None:  # the user chose; respect it (clamped)
        k = -1 if settings.gpu_layers < 0 or settings.gpu_layers > layers else settings.gpu_layers
        if k == -1:
            reason = _("all layers on {api} (set in settings), {context}")
        else:
            reason = _("{k} of {layers} layers on {api} (set in settings), {context}")
        reason = reason.format(k=k, layers=layers, api=target.api_name, context=_context(ctx))
        return LoadPlan("llama.cpp", target.device, k, ctx, threads, _join(reason, notes))

    # Prefer everything on the GPU, giving up context down to 4096 tokens for it.
    k = 0
    for c in _ctx_steps(ctx, explicit):
        k = _gpu_layers_that_fit(target.budget, weights, layers, kv_layer * c, compute_overhead(c))
        if k == -1:
            if c < ctx:
                notes.append(_("context lowered from {old} to fit in GPU memory").format(
                    old=number(ctx)))
            ctx = c
            break
    if k == -1:
        if layers:
            reason = ngettext("{memory}: all {n} layer on {api}, {context}",
                              "{memory}: all {n} layers on {api}, {context}", layers)
        else:
            reason = _("{memory}: all layers on {api}, {context}")
        reason = reason.format(memory=target.memory_words, n=layers, api=target.api_name,
                               context=_context(ctx))
        return LoadPlan("llama.cpp", target.device, -1, ctx, threads, _join(reason, notes))
    k = _gpu_layers_that_fit(target.budget, weights, layers, kv_layer * ctx, compute_overhead(ctx))
    if k == 0:
        why = _("{free} free on {gpu} is too little for one layer").format(
            free=gb(target.budget), gpu=target.name)
        ctx = _cap_ctx_for_ram(hw, weights, layers, kv_layer, ctx, explicit, notes)
        return LoadPlan("llama.cpp", "cpu", 0, ctx, threads,
                        _join(_on_cpu(why, threads, ctx), notes))
    reason = _("{memory}: {k} of {layers} layers on {api}, the rest on CPU ({threads}), "
               "{context}").format(
        memory=target.memory_words, k=k, layers=layers, api=target.api_name,
        threads=ngettext("{n} thread", "{n} threads", threads).format(n=threads),
        context=_context(ctx))
    return LoadPlan("llama.cpp", target.device, k, ctx, threads, _join(reason, notes))


def _context(ctx: int) -> str:
    """"8,192-token context"."""
    return ngettext("{n}-token context", "{n}-token context", ctx).format(n=number(ctx))


def _on_cpu(why: str, threads: int, ctx: int) -> str:
    """"No GPU found: CPU with 4 threads, 8,192-token context"."""
    return _("{why}: {cpu}, {context}").format(
        why=why, context=_context(ctx),
        cpu=ngettext("CPU with {n} thread", "CPU with {n} threads", threads).format(n=threads))


def _ctx_steps(ctx: int, explicit: bool) -> list[int]:
    steps = [ctx]
    while not explicit and steps[-1] // 2 >= 4096:
        steps.append(steps[-1] // 2)
    return steps


def _cap_ctx_for_ram(
    hw: HardwareProfile,
    weights: int,
    layers: int,
    kv_layer: int,
    ctx: int,
    explicit: bool,
    notes: list[str],
) -> int:
    """Halve the context until weights + KV fit in free RAM (not below MIN_CTX)."""
    budget = _cpu_budget(hw)
    start = ctx
    while ctx > MIN_CTX and weights + kv_layer * layers * ctx + compute_overhead(ctx) > budget:
        ctx = max(MIN_CTX, ctx // 2)
    if ctx < start:
        note = (_("context lowered from {old} to fit in {free} of free RAM (asked for more)")
                if explicit else _("context lowered from {old} to fit in {free} of free RAM"))
        notes.append(note.format(old=number(start), free=gb(hw.ram_available)))
    return ctx


def _check_fits_at_all(hw: HardwareProfile, model: ModelInfo) -> None:
    f = fit(hw, model.size_bytes, model.n_layers, model.n_kv_heads, model.head_dim, MIN_CTX)
    if f.label == "no":
        raise ModelLoadError(
            _("{model} is too big for this computer: it needs about {needed} of memory; it has "
              "{memory}.").format(model=model.name, needed=gb(f.needed_bytes),
                                  memory=_memory(hw, gpu_target(hw))),
            _("Choose a smaller quantization (such as Q4_K_M) or a smaller model."),
        )


def _why_cpu(hw: HardwareProfile, settings: Settings) -> str:
    if settings.backend == "cpu" or settings.gpu_layers == 0:
        return _("CPU chosen in settings")
    chosen = settings.backend == "gpu"
    if hw.gpus and hw.llama.installed and not hw.llama.gpu_offload:
        why = _("{gpu} found, but this llama-cpp-python build is CPU-only")
    elif hw.gpus:
        why = _("no usable GPU memory on {gpu}")
    else:
        why = _("no GPU found") if chosen else _("No GPU found")
    why = why.format(gpu=hw.gpus[0].name if hw.gpus else "")
    return _("GPU chosen in settings, but {why}").format(why=why) if chosen else why


def _join(reason: str, notes: list[str]) -> str:
    return reason + (f" ({'; '.join(notes)})" if notes else "")


def _plan_mlc(hw: HardwareProfile, model: ModelInfo, ctx: int, threads: int) -> LoadPlan:
    if not hw.mlc.installed:
        from engine.backends.mlc import install_hint

        raise BackendUnavailable(
            _("{model} is an MLC model and MLC LLM is not installed.").format(model=model.name),
            install_hint(),
        )
    device = hw.mlc.devices[0] if hw.mlc.devices else "auto"
    reason = _("MLC on {device}, {context}").format(device=device, context=_context(ctx))
    return LoadPlan("mlc", device, -1, ctx, threads, reason)
