"""Engine selection with injected hardware profiles, and on this machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.config import Settings
from engine.errors import BackendUnavailable, ModelLoadError
from engine.hardware import (
    CpuInfo,
    GpuInfo,
    HardwareProfile,
    LlamaDevice,
    LlamaInfo,
    MlcInfo,
    apple_gpu_share,
)
from engine.models.registry import ModelInfo
from engine.selection import fit, kv_cache_bytes, plan_load, recommend

GIB = 1 << 30


def llama(*devices: LlamaDevice, gpu: bool = True) -> LlamaInfo:
    cpu = LlamaDevice("CPU", "CPU", "CPU")
    return LlamaInfo(True, "0.3.16", gpu, [*devices, cpu])


def apple_m2_16gb() -> HardwareProfile:
    share = apple_gpu_share(16 * GIB)
    return HardwareProfile(
        os="Darwin 24.1 (arm64)",
        cpu=CpuInfo("Apple M2", "arm64", 8, 8, 4, ["NEON", "DOTPROD"]),
        ram_total=16 * GIB,
        ram_available=11 * GIB,
        gpus=[GpuInfo("Apple M2 GPU", "apple", "metal", share, share, unified=True)],
        llama=llama(LlamaDevice("MTL0", "Apple M2", "Metal", share, share)),
    )


def rtx_4060(gpu_build: bool = True) -> HardwareProfile:
    name = "NVIDIA GeForce RTX 4060"
    return HardwareProfile(
        os="Windows 11 (AMD64)",
        cpu=CpuInfo("13th Gen Intel Core i5-13400F", "AMD64", 10, 16, 0, ["AVX", "AVX2"]),
        ram_total=32 * GIB,
        ram_available=24 * GIB,
        gpus=[GpuInfo(name, "nvidia", "cuda", 8 * GIB, int(7.6 * GIB))],
        llama=llama(LlamaDevice("CUDA0", name, "CUDA", 8 * GIB, int(7.6 * GIB)), gpu=gpu_build),
    )


def intel_igpu_vulkan() -> HardwareProfile:
    return HardwareProfile(
        os="Linux 6.8 (x86_64)",
        cpu=CpuInfo("Intel Core i7-1260P", "x86_64", 12, 16, 0, ["AVX", "AVX2", "FMA"]),
        ram_total=16 * GIB,
        ram_available=12 * GIB,
        gpus=[GpuInfo("Intel(R) Iris(R) Xe Graphics", "intel", "vulkan", unified=True)],
        llama=llama(
            LlamaDevice(
                "Vulkan0", "Intel(R) Iris(R) Xe Graphics (ADL GT2)", "Vulkan", 8 * GIB, 8 * GIB
            )
        ),
    )


def cpu_only_8gb(available: int = 6 * GIB) -> HardwareProfile:
    return HardwareProfile(
        os="Linux 6.1 (x86_64)",
        cpu=CpuInfo("Intel Core i5-8250U", "x86_64", 4, 8, 0, ["AVX", "AVX2", "FMA"]),
        ram_total=8 * GIB,
        ram_available=available,
        llama=llama(gpu=False),
    )


def model(
    name: str, size_gb: float, layers: int, ctx: int = 131072, kv: int = 8, fmt: str = "gguf"
) -> ModelInfo:
    return ModelInfo(
        name=name,
        path=f"/models/{name}.gguf",
        format=fmt,  # type: ignore[arg-type]
        size_bytes=int(size_gb * 1e9),
        architecture="llama",
        quantization=name.rsplit("-", 1)[-1],
        context_length=ctx,
        n_layers=layers,
        n_kv_heads=kv,
        head_dim=128,
        has_chat_template=True,
    )


LLAMA_8B_Q4 = model("Llama-3.1-8B-Q4_K_M", 4.92, 32)
LLAMA_8B_Q8 = model("Llama-3.1-8B-Q8_0", 8.54, 32)
LLAMA_3B_Q4 = model("Llama-3.2-3B-Q4_K_M", 2.02, 28)
LLAMA_70B_Q4 = model("Llama-3.1-70B-Q4_K_M", 42.5, 80)


def test_kv_cache_bytes() -> None:
    # Llama 3.1 8B: 32 layers x 8 KV heads x 128 dims x 2 (K and V) x 2 bytes = 128 KiB/token.
    assert kv_cache_bytes(32, 8, 128, 1) == 128 * 1024
    assert kv_cache_bytes(32, 8, 128, 8192) == GIB


def test_apple_m2_runs_all_layers_on_metal() -> None:
    plan = plan_load(apple_m2_16gb(), LLAMA_8B_Q4, Settings())
    assert (plan.backend, plan.device, plan.gpu_layers) == ("llama.cpp", "metal", -1)
    assert plan.n_ctx == 8192
    assert plan.threads == 4  # the performance cores
    assert "unified memory" in plan.reason and "all 32 layers on Metal" in plan.reason


def test_rtx_4060_fits_8b_q4_fully() -> None:
    plan = plan_load(rtx_4060(), LLAMA_8B_Q4, Settings())
    assert (plan.device, plan.gpu_layers, plan.n_ctx) == ("cuda:0", -1, 8192)
    assert plan.threads == 10
    assert "VRAM" in plan.reason and "all 32 layers on CUDA" in plan.reason


def test_rtx_4060_splits_8b_q8() -> None:
    plan = plan_load(rtx_4060(), LLAMA_8B_Q8, Settings())
    assert plan.device == "cuda:0"
    assert 16 <= plan.gpu_layers < 32
    assert f"{plan.gpu_layers} of 32 layers on CUDA" in plan.reason
    assert "the rest on CPU" in plan.reason
    f = fit(rtx_4060(), LLAMA_8B_Q8.size_bytes, 32, 8, 128, 8192)
    assert f.label == "partial" and f.gpu_layers == plan.gpu_layers
    assert "of 32 layers" in f.text


def test_more_context_means_fewer_gpu_layers() -> None:
    hw = rtx_4060()
    short = plan_load(hw, LLAMA_8B_Q8, Settings(), n_ctx=4096)
    long = plan_load(hw, LLAMA_8B_Q8, Settings(), n_ctx=32768)
    assert long.n_ctx == 32768 and short.n_ctx == 4096
    assert 0 < long.gpu_layers < short.gpu_layers


def test_gpu_gives_up_context_to_stay_fully_on_gpu() -> None:
    # 8B Q4 at 32k context needs ~4 GB of KV: too much for 8 GB with the weights, so the
    # default (not user-chosen) context is lowered to keep all layers on the GPU.
    s = Settings(context_length=0)
    hw = rtx_4060()
    hw.llama.devices[0].memory_free = int(6.4 * GIB)
    plan = plan_load(hw, LLAMA_8B_Q4, s)
    assert plan.gpu_layers == -1
    assert 4096 <= plan.n_ctx <= 8192


def test_intel_igpu_via_vulkan_uses_shared_memory() -> None:
    plan = plan_load(intel_igpu_vulkan(), LLAMA_3B_Q4, Settings())
    assert (plan.device, plan.gpu_layers) == ("vulkan:0", -1)
    assert "shared memory" in plan.reason and "Vulkan" in plan.reason
    f = fit(intel_igpu_vulkan(), LLAMA_3B_Q4.size_bytes, 28, 8, 128, 4096)
    assert f.label == "gpu" and f.device == "vulkan:0"


def test_cpu_only_8gb() -> None:
    plan = plan_load(cpu_only_8gb(), LLAMA_3B_Q4, Settings())
    assert (plan.device, plan.gpu_layers, plan.threads) == ("cpu", 0, 4)
    assert plan.n_ctx == 4096  # small-RAM default
    assert "No GPU found" in plan.reason and "4 threads" in plan.reason
    assert fit(cpu_only_8gb(), LLAMA_3B_Q4.size_bytes, 28, 8, 128).label == "cpu"


def test_cpu_only_low_free_ram_lowers_context() -> None:
    plan = plan_load(cpu_only_8gb(available=int(5.6 * GIB)), LLAMA_8B_Q4, Settings())
    assert plan.device == "cpu"
    assert 512 <= plan.n_ctx < 4096
    assert "context lowered" in plan.reason


def test_nothing_fits() -> None:
    hw = cpu_only_8gb()
    with pytest.raises(ModelLoadError, match="too big") as e:
        plan_load(hw, LLAMA_70B_Q4, Settings())
    assert "smaller" in e.value.hint
    f = fit(hw, LLAMA_70B_Q4.size_bytes, 80, 8, 128, 4096)
    assert f.label == "no" and f.needed_bytes > 42e9 and "Too big" in f.text
    # Even a GPU does not save a model bigger than VRAM + RAM.
    assert fit(rtx_4060(), int(200e9), 126, 8, 128, 4096).label == "no"


def test_cpu_only_build_with_a_gpu_says_why() -> None:
    plan = plan_load(rtx_4060(gpu_build=False), LLAMA_8B_Q4, Settings())
    assert plan.device == "cpu" and plan.gpu_layers == 0
    assert "RTX 4060" in plan.reason and "CPU-only" in plan.reason


def test_settings_overrides() -> None:
    hw = rtx_4060()
    cpu = plan_load(hw, LLAMA_8B_Q4, Settings(backend="cpu", threads=3))
    assert (cpu.device, cpu.gpu_layers, cpu.threads) == ("cpu", 0, 3)
    assert "settings" in cpu.reason
    some = plan_load(hw, LLAMA_8B_Q4, Settings(gpu_layers=10))
    assert (some.device, some.gpu_layers) == ("cuda:0", 10)
    assert "10 of 32 layers" in some.reason
    too_many = plan_load(hw, LLAMA_8B_Q4, Settings(gpu_layers=99))
    assert too_many.gpu_layers == -1
    ctx = plan_load(hw, LLAMA_8B_Q4, Settings(context_length=2048))
    assert ctx.n_ctx == 2048


def test_context_never_exceeds_training() -> None:
    small = model("Tiny-Q8_0", 0.15, 30, ctx=2048, kv=3)
    plan = plan_load(rtx_4060(), small, Settings(), n_ctx=32768)
    assert plan.n_ctx == 2048
    assert "trained" in plan.reason


def test_mlc_model_without_mlc_is_refused_with_install_hint() -> None:
    mlc_model = model("Llama-3-8B-q4f16_1-MLC", 4.5, 32, fmt="mlc")
    hw = rtx_4060()
    hw.mlc = MlcInfo(installed=False, hint="pip install ...")
    with pytest.raises(BackendUnavailable) as e:
        plan_load(hw, mlc_model, Settings())
    assert "pip install" in e.value.hint and "mlc.ai" in e.value.hint


def test_gguf_never_goes_to_mlc_even_when_installed() -> None:
    hw = rtx_4060()
    hw.mlc = MlcInfo(installed=True, version="0.20", devices=["cuda:0"])
    assert plan_load(hw, LLAMA_8B_Q4, Settings()).backend == "llama.cpp"


def test_recommend_picks_best_quant_that_fits() -> None:
    hw = rtx_4060()
    sizes = {"Q2_K": 3.2, "Q4_K_M": 4.92, "Q6_K": 6.6, "Q8_0": 8.54, "F16": 16.1}
    fits = [(q, fit(hw, int(gb * 1e9), 32, 8, 128, 4096)) for q, gb in sizes.items()]
    labels = {q: f.label for q, f in fits}
    assert labels["Q4_K_M"] == "gpu" and labels["F16"] == "partial"
    best = recommend(fits)
    assert best is not None and best[0] == "Q6_K"
    # CPU-only: Q8_0 is slow on a CPU, Q6_K and below are preferred; nothing if none fits.
    cpu = cpu_only_8gb()
    cpu_fits = [(q, fit(cpu, int(gb * 1e9), 32, 8, 128, 4096)) for q, gb in sizes.items()]
    assert recommend(cpu_fits)[0] == "Q6_K"  # type: ignore[index]
    assert recommend([("Q4_K_M", fit(cpu, int(60e9), 80, 8, 128))]) is None


def test_profile_to_dict_is_json() -> None:
    d = rtx_4060().to_dict()
    assert d["llama"]["devices"][0]["api"] == "cuda"
    json.dumps(d)
    assert "RTX 4060" in rtx_4060().summary()


def test_real_machine(smollm2: Path) -> None:
    """detect() on this computer, and a plan for the real SmolLM2 file."""
    import os

    import psutil

    from engine.hardware import detect
    from engine.models.registry import inspect

    hw = detect()
    assert hw.cpu.logical_cores == os.cpu_count()
    assert 1 <= hw.cpu.physical_cores <= hw.cpu.logical_cores
    assert hw.ram_total == psutil.virtual_memory().total
    assert 0 < hw.ram_available <= hw.ram_total
    if Path("/proc/cpuinfo").exists():
        flags = Path("/proc/cpuinfo").read_text().split()
        assert ("AVX2" in hw.cpu.features) == ("avx2" in flags)
    try:
        import llama_cpp
    except ImportError:
        assert not hw.llama.installed
    else:
        assert hw.llama.installed and hw.llama.version == llama_cpp.__version__
        assert hw.llama.gpu_offload == bool(llama_cpp.llama_supports_gpu_offload())
        assert any(d.backend == "CPU" for d in hw.llama.devices)
    assert hw.mlc.installed == (__import__("importlib").util.find_spec("mlc_llm") is not None)
    json.dumps(hw.to_dict())

    info = inspect(smollm2)
    plan = plan_load(hw, info, Settings())
    assert plan.backend == "llama.cpp"
    assert plan.n_ctx <= 8192 and plan.threads == hw.cpu.physical_cores
    if not hw.llama.gpu_offload:
        assert (plan.device, plan.gpu_layers) == ("cpu", 0)
    assert plan.reason


def test_gpu_forced_without_gpu_says_so() -> None:
    plan = plan_load(cpu_only_8gb(), LLAMA_3B_Q4, Settings(backend="gpu"))
    assert plan.device == "cpu"
    assert plan.reason.startswith("GPU chosen in settings, but no GPU found")


def test_unknown_layer_count_still_plans() -> None:
    odd = model("odd-Q4_0", 1.0, 0)
    odd.n_layers = odd.n_kv_heads = odd.head_dim = None
    plan = plan_load(rtx_4060(), odd, Settings())
    assert plan.gpu_layers == -1 and "all layers on CUDA" in plan.reason
    assert plan_load(cpu_only_8gb(), odd, Settings()).device == "cpu"
