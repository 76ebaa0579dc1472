"""What this computer has: CPU, RAM, GPUs, and what the installed engines can use.

`detect()` must be fast and must never fail: every probe is best effort, and a probe that
fails (no driver, no tool, an odd OS) just leaves its part empty and notes why in
`profile.notes` (shown by `hearth doctor --json`). Subprocess probes run only when the tool
exists and have short timeouts.
"""

from __future__ import annotations

import logging
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, TypeVar

from engine.i18n import _, ngettext
from engine.jobs import format_bytes

log = logging.getLogger(__name__)

GpuApi = Literal["cuda", "metal", "vulkan", "rocm"]
T = TypeVar("T")

_VENDOR_IDS = {
    0x10DE: "nvidia",
    0x1002: "amd",
    0x8086: "intel",
    0x106B: "apple",
    0x5143: "qualcomm",
}
# ggml backend registry name -> our API name (backends that are not GPUs are left out).
_GGML_APIS: dict[str, GpuApi] = {
    "cuda": "cuda",
    "metal": "metal",
    "mtl": "metal",
    "vulkan": "vulkan",
    "rocm": "rocm",
    "hip": "rocm",
}


@dataclass
class CpuInfo:
    name: str = ""
    arch: str = ""
    physical_cores: int = 0
    logical_cores: int = 0
    performance_cores: int = 0  # Apple Silicon P-cores (0: not reported)
    features: list[str] = field(default_factory=list)  # AVX2, AVX512, NEON, ...


@dataclass
class GpuInfo:
    name: str
    vendor: str  # "nvidia", "amd", "intel", "apple", ...
    api: GpuApi
    memory_total: int | None = None  # bytes; for unified memory, the share a GPU may use
    memory_free: int | None = None
    unified: bool = False  # shares system RAM (Apple Silicon, integrated GPUs)
    index: int = 0
    driver: str = ""


@dataclass
class LlamaDevice:
    """A device the installed llama-cpp-python build can run on (ggml's device list)."""

    name: str  # "CUDA0", "Metal", "Vulkan0", "CPU"
    description: str
    backend: str  # ggml backend registry name: "CUDA", "Metal", "Vulkan", "CPU", ...
    memory_total: int | None = None
    memory_free: int | None = None

    @property
    def api(self) -> GpuApi | None:
        return _GGML_APIS.get(self.backend.lower())


@dataclass
class LlamaInfo:
    installed: bool = False
    version: str = ""
    gpu_offload: bool = False
    devices: list[LlamaDevice] = field(default_factory=list)
    system_info: str = ""
    error: str = ""


@dataclass
class MlcInfo:
    installed: bool = False
    version: str = ""
    devices: list[str] = field(default_factory=list)  # "cuda:0", "metal:0", "vulkan:0"
    hint: str = ""


@dataclass
class HardwareProfile:
    os: str = ""
    cpu: CpuInfo = field(default_factory=CpuInfo)
    ram_total: int = 0
    ram_available: int = 0
    gpus: list[GpuInfo] = field(default_factory=list)
    llama: LlamaInfo = field(default_factory=LlamaInfo)
    mlc: MlcInfo = field(default_factory=MlcInfo)
    notes: list[str] = field(default_factory=list)  # probes that failed, for diagnosis

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for dev, raw in zip(self.llama.devices, d["llama"]["devices"], strict=True):
            raw["api"] = dev.api
        return d

    def llama_gpus(self) -> list[LlamaDevice]:
        """GPU devices the llama.cpp build can offload to."""
        if not self.llama.gpu_offload:
            return []
        return [d for d in self.llama.devices if d.api]

    def summary(self) -> str:
        """A few lines for people: `hearth doctor` prints this."""
        return "\n".join(f"{label + ':':<7} {value}" for label, value in self.summary_rows())

    def summary_rows(self) -> list[tuple[str, str]]:
        """The report as (label, value) rows, in the language in use (engine.i18n): the
        Settings page shows them as a table."""
        c = self.cpu
        feats = ", ".join(c.features) or _("no SIMD features detected")
        cores = " / ".join((
            ngettext("{n} core", "{n} cores", c.physical_cores).format(n=c.physical_cores),
            ngettext("{n} thread", "{n} threads", c.logical_cores).format(n=c.logical_cores)))
        if c.performance_cores:
            cores += " " + ngettext("({n} performance core)", "({n} performance cores)",
                                    c.performance_cores).format(n=c.performance_cores)
        ram = _("{total} total, {free} free").format(
            total=format_bytes(self.ram_total), free=format_bytes(self.ram_available))
        rows = [
            (_("OS"), self.os),
            ("CPU", _("{cpu}, {cores}; {features}").format(
                cpu=c.name or c.arch or _("unknown"), cores=cores, features=feats)),
            (_("RAM"), ram),
        ]
        if not self.gpus:
            rows.append(("GPU", _("none found")))
        for g in self.gpus:
            mem = format_bytes(g.memory_total) if g.memory_total else _("memory unknown")
            if g.memory_free is not None and g.memory_total:
                mem = _("{memory} ({free} free)").format(memory=mem,
                                                         free=format_bytes(g.memory_free))
            gpu = f"{g.name} [{g.api}] {mem}"
            rows.append(("GPU", _("{gpu}, shared with the CPU").format(gpu=gpu)
                         if g.unified else gpu))
        rows.append(("llama.cpp", self._llama_words()))
        m = self.mlc
        if m.installed:
            rows.append(("MLC", _("mlc_llm {version}; devices: {devices}").format(
                version=m.version, devices=", ".join(m.devices) or _("none"))))
        else:
            rows.append(("MLC", _("not installed. {hint}").format(hint=_mlc_hint(m.hint))))
        return rows

    def _llama_words(self) -> str:
        ll = self.llama
        if not ll.installed:
            return _("not installed ({why})").format(why=ll.error or "pip install llama-cpp-python")
        devs = ", ".join(
            f"{d.name} ({d.description}, {format_bytes(d.memory_total)})"
            if d.memory_total and d.api
            else d.name
            for d in ll.devices
        )
        offload = _("can offload to GPU") if ll.gpu_offload else _("CPU-only build")
        return _("llama-cpp-python {version}, {offload}; devices: {devices}").format(
            version=ll.version, offload=offload, devices=devs)


def _mlc_hint(hint: str) -> str:
    """MLC's install hint in the language in use (mlc_status gives it in English)."""
    from engine.backends.mlc import INSTALL_HINT, install_hint

    return install_hint() if hint == INSTALL_HINT else hint


def detect() -> HardwareProfile:
    """Probe this machine. Never raises; a failed probe leaves its part empty."""
    hw = HardwareProfile(os=f"{platform.system()} {platform.release()} ({platform.machine()})")
    hw.cpu = _probe(hw, "cpu", _cpu, CpuInfo())
    total, avail = _probe(hw, "ram", _ram, (0, 0))
    hw.ram_total, hw.ram_available = total, avail
    hw.gpus.extend(_gpus(hw, "apple", lambda: _apple_gpu(hw)))
    hw.gpus.extend(_gpus(hw, "nvml", _nvml_gpus) or _gpus(hw, "nvidia-smi", _nvidia_smi_gpus))
    hw.gpus.extend(_gpus(hw, "rocm-smi", _rocm_gpus))
    # Vulkan also lists the GPUs found above; keep only vendors not already covered.
    known = {g.vendor for g in hw.gpus}
    hw.gpus.extend(g for g in _gpus(hw, "vulkan", _vulkan_gpus) if g.vendor not in known)
    hw.llama = _probe(hw, "llama.cpp", _llama_info, LlamaInfo())
    hw.mlc = _probe(hw, "mlc", _mlc_info, MlcInfo())
    return hw


def _probe(hw: HardwareProfile, what: str, fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception as e:  # a probe must never break detect(); note it and move on
        log.debug("hardware probe %s failed", what, exc_info=True)
        hw.notes.append(f"{what}: {type(e).__name__}: {e}")
        return default


def _gpus(hw: HardwareProfile, what: str, fn: Callable[[], list[GpuInfo]]) -> list[GpuInfo]:
    none: list[GpuInfo] = []
    return _probe(hw, what, fn, none)


def _run(*cmd: str, timeout: float = 3.0) -> str | None:
    """Output of a tool if it exists and succeeds quickly, else None."""
    if not shutil.which(cmd[0]):
        return None
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flash on Windows
    r = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, check=False, creationflags=flags
    )
    return r.stdout if r.returncode == 0 else None


# CPU -------------------------------------------------------------------------------------

# /proc/cpuinfo flag (x86 "flags", ARM "Features") -> the name llama.cpp users know.
_LINUX_FLAGS = {
    "avx": "AVX", "avx2": "AVX2", "fma": "FMA", "f16c": "F16C", "avx512f": "AVX512",
    "avx512_vnni": "AVX512_VNNI", "avx512_bf16": "AVX512_BF16", "avx_vnni": "AVX_VNNI",
    "amx_int8": "AMX_INT8", "asimd": "NEON", "asimddp": "DOTPROD", "sve": "SVE", "i8mm": "I8MM",
}  # fmt: skip
_ORDER = list(dict.fromkeys(_LINUX_FLAGS.values()))


def _cpu() -> CpuInfo:
    import psutil

    cpu = CpuInfo(arch=platform.machine(), logical_cores=os.cpu_count() or 0)
    cpu.physical_cores = psutil.cpu_count(logical=False) or cpu.logical_cores
    found: set[str] = set()
    system = platform.system()
    if system == "Linux":
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                if key in ("model name", "hardware", "cpu model") and not cpu.name:
                    cpu.name = value.strip()
                elif key in ("flags", "features"):
                    found.update(_LINUX_FLAGS[w] for w in value.split() if w in _LINUX_FLAGS)
        if cpu.arch in ("aarch64", "arm64"):
            found.add("NEON")  # mandatory in ARMv8-A
    elif system == "Darwin":
        cpu.name = (_run("sysctl", "-n", "machdep.cpu.brand_string") or "").strip()
        if cpu.arch == "arm64":
            found.add("NEON")
            if (_run("sysctl", "-n", "hw.optional.arm.FEAT_DotProd") or "").strip() == "1":
                found.add("DOTPROD")
            perf = (_run("sysctl", "-n", "hw.perflevel0.physicalcpu") or "").strip()
            cpu.performance_cores = int(perf) if perf.isdigit() else 0
        else:
            words = " ".join(
                _run("sysctl", "-n", k) or ""
                for k in ("machdep.cpu.features", "machdep.cpu.leaf7_features")
            ).lower()
            mac = {
                "avx1.0": "AVX",
                "avx2": "AVX2",
                "fma": "FMA",
                "f16c": "F16C",
                "avx512f": "AVX512",
            }
            found.update(v for k, v in mac.items() if k in words.split())
    elif system == "Windows":
        cpu.name = platform.processor()
        found.update(_windows_cpu_features())
    cpu.features = [f for f in _ORDER if f in found]
    return cpu


def _windows_cpu_features() -> set[str]:
    """IsProcessorFeaturePresent: no extra package and no subprocess needed."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    ids = {39: "AVX", 40: "AVX2", 41: "AVX512", 19: "NEON", 43: "DOTPROD"}
    return {name for pf, name in ids.items() if kernel32.IsProcessorFeaturePresent(pf)}


def _ram() -> tuple[int, int]:
    import psutil

    vm = psutil.virtual_memory()
    return int(vm.total), int(vm.available)


def with_current_ram(hw: HardwareProfile) -> HardwareProfile:
    """A copy of `hw` with RAM read now (a millisecond; the GPUs are not probed again)."""
    try:
        total, avail = _ram()
    except (ImportError, OSError) as e:  # keep the older figures
        log.info("could not read RAM: %s", e)
        return hw
    return replace(hw, ram_total=total, ram_available=avail)


# GPUs ------------------------------------------------------------------------------------


def apple_gpu_share(ram_total: int) -> int:
    """How much unified memory Metal lets one process use (macOS's recommended working
    set is about 2/3 of RAM on smaller Macs and 3/4 from 36 GB up)."""
    return int(ram_total * (0.75 if ram_total >= 36 * 2**30 else 0.66))


def _apple_gpu(hw: HardwareProfile) -> list[GpuInfo]:
    if platform.system() != "Darwin" or platform.machine() != "arm64":
        return []
    share = apple_gpu_share(hw.ram_total)
    name = hw.cpu.name or "Apple Silicon"
    free = min(share, hw.ram_available) if hw.ram_available else None
    return [GpuInfo(f"{name} GPU", "apple", "metal", share, free, unified=True)]


def _nvml_gpus() -> list[GpuInfo]:
    import pynvml

    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return []  # no NVIDIA driver: the common case, not worth a note
    try:
        driver = pynvml.nvmlSystemGetDriverVersion()
        out = []
        for i in range(pynvml.nvmlDeviceGetCount()):
            h = pynvml.nvmlDeviceGetHandleByIndex(i)
            name = pynvml.nvmlDeviceGetName(h)
            mem = pynvml.nvmlDeviceGetMemoryInfo(h)
            out.append(
                GpuInfo(
                    name.decode() if isinstance(name, bytes) else str(name),
                    "nvidia",
                    "cuda",
                    int(mem.total),
                    int(mem.free),
                    index=i,
                    driver=driver.decode() if isinstance(driver, bytes) else str(driver),
                )
            )
        return out
    finally:
        pynvml.nvmlShutdown()


def _nvidia_smi_gpus() -> list[GpuInfo]:
    text = _run(
        "nvidia-smi",
        "--query-gpu=index,name,memory.total,memory.free,driver_version",
        "--format=csv,noheader,nounits",
    )
    out = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 5 and parts[0].isdigit():
            mib = 1 << 20
            total = int(parts[2]) * mib if parts[2].isdigit() else None
            free = int(parts[3]) * mib if parts[3].isdigit() else None
            out.append(
                GpuInfo(parts[1], "nvidia", "cuda", total, free, False, int(parts[0]), parts[4])
            )
    return out


def _rocm_gpus() -> list[GpuInfo]:
    import json

    text = _run("rocm-smi", "--showproductname", "--showmeminfo", "vram", "--json")
    if not text:
        return []
    out = []
    for i, (card, info) in enumerate(sorted(json.loads(text).items())):
        if not card.startswith("card") or not isinstance(info, dict):
            continue
        total = _first_int(info, "VRAM Total Memory (B)")
        used = _first_int(info, "VRAM Total Used Memory (B)")
        name = str(
            info.get("Card Series") or info.get("Card series") or info.get("Card SKU") or card
        )
        free = total - used if total is not None and used is not None else None
        out.append(GpuInfo(name, "amd", "rocm", total, free, index=i))
    return out


def _first_int(d: dict[str, Any], key: str) -> int | None:
    v = d.get(key)
    return int(v) if isinstance(v, str | int) and str(v).isdigit() else None


def _vulkan_gpus() -> list[GpuInfo]:
    text = _run("vulkaninfo", "--summary", timeout=5.0)
    return parse_vulkan_summary(text or "")


def parse_vulkan_summary(text: str) -> list[GpuInfo]:
    """GPUs from `vulkaninfo --summary` (software renderers such as llvmpipe left out)."""
    blocks = re.split(r"^GPU(\d+):\s*$", text, flags=re.MULTILINE)
    out = []
    for idx, body in zip(blocks[1::2], blocks[2::2], strict=False):
        fields = dict(re.findall(r"^\s*(\w+)\s*=\s*(.+?)\s*$", body, flags=re.MULTILINE))
        kind = fields.get("deviceType", "")
        if "CPU" in kind or "VIRTUAL" in kind:
            continue
        try:
            vendor = _VENDOR_IDS.get(int(fields.get("vendorID", "0"), 16), "other")
        except ValueError:
            vendor = "other"
        name = fields.get("deviceName", f"Vulkan GPU {idx}")
        out.append(GpuInfo(name, vendor, "vulkan", unified="INTEGRATED" in kind, index=int(idx)))
    return out


# Engines ---------------------------------------------------------------------------------


def _llama_info() -> LlamaInfo:
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        return LlamaInfo(error="pip install llama-cpp-python")
    try:
        import llama_cpp
    except Exception as e:  # noqa: BLE001 - a broken native build: say so instead of crashing doctor
        return LlamaInfo(error=f"llama_cpp fails to import: {e}")
    info = LlamaInfo(installed=True, version=getattr(llama_cpp, "__version__", ""))
    info.gpu_offload = bool(llama_cpp.llama_supports_gpu_offload())
    raw = llama_cpp.llama_print_system_info()
    info.system_info = (
        raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
    ).strip()
    try:
        info.devices = _ggml_devices()
    except Exception as e:  # older/newer bindings without libggml: offload flag still holds
        log.debug("ggml device list unavailable", exc_info=True)
        info.error = f"device list unavailable: {e}"
    return info


def _ggml_devices() -> list[LlamaDevice]:
    """ggml's device list with memory, via ctypes: llama-cpp-python binds llama.h but not
    these ggml-backend.h calls; it does expose the loaded libggml handle."""
    import ctypes

    from llama_cpp import _ggml

    lib = _ggml.libggml
    p = ctypes.c_void_p
    lib.ggml_backend_dev_count.restype = ctypes.c_size_t
    lib.ggml_backend_dev_get.restype, lib.ggml_backend_dev_get.argtypes = p, [ctypes.c_size_t]
    for fn in ("ggml_backend_dev_name", "ggml_backend_dev_description"):
        getattr(lib, fn).restype, getattr(lib, fn).argtypes = ctypes.c_char_p, [p]
    lib.ggml_backend_dev_backend_reg.restype = p
    lib.ggml_backend_dev_backend_reg.argtypes = [p]
    lib.ggml_backend_reg_name.restype, lib.ggml_backend_reg_name.argtypes = ctypes.c_char_p, [p]
    size_p = ctypes.POINTER(ctypes.c_size_t)
    lib.ggml_backend_dev_memory.restype = None
    lib.ggml_backend_dev_memory.argtypes = [p, size_p, size_p]
    out = []
    for i in range(int(lib.ggml_backend_dev_count())):
        dev = lib.ggml_backend_dev_get(i)
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
        reg = lib.ggml_backend_reg_name(lib.ggml_backend_dev_backend_reg(dev)) or b""
        out.append(
            LlamaDevice(
                name=(lib.ggml_backend_dev_name(dev) or b"").decode(errors="replace"),
                description=(lib.ggml_backend_dev_description(dev) or b"").decode(errors="replace"),
                backend=reg.decode(errors="replace"),
                memory_total=total.value or None,
                memory_free=free.value or None,
            )
        )
    return out


def _mlc_info() -> MlcInfo:
    from engine.backends.mlc import mlc_devices, mlc_status, mlc_version

    installed, hint = mlc_status()
    if not installed:
        return MlcInfo(hint=hint)
    return MlcInfo(True, mlc_version(), mlc_devices(), hint)
