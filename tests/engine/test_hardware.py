"""Hardware detection: the real machine, failing probes, and the tool-output parsers."""

from __future__ import annotations

import json
import os

import pytest

from engine import hardware
from engine.hardware import detect, parse_vulkan_summary

VULKANINFO = """\
==========
VULKANINFO
==========

Vulkan Instance Version: 1.3.275

Devices:
========
GPU0:
	apiVersion         = 1.3.274
	driverVersion      = 24.0.5
	vendorID           = 0x8086
	deviceID           = 0xa7a0
	deviceType         = PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU
	deviceName         = Intel(R) Graphics (RPL-P)
	driverID           = DRIVER_ID_INTEL_OPEN_SOURCE_MESA
GPU1:
	apiVersion         = 1.3.274
	vendorID           = 0x10de
	deviceType         = PHYSICAL_DEVICE_TYPE_DISCRETE_GPU
	deviceName         = NVIDIA GeForce RTX 4060 Laptop GPU
GPU2:
	apiVersion         = 1.3.274
	vendorID           = 0x10005
	deviceType         = PHYSICAL_DEVICE_TYPE_CPU
	deviceName         = llvmpipe (LLVM 17.0.6, 256 bits)
"""


def test_detect_real_machine_facts() -> None:
    import psutil

    hw = detect()
    assert hw.cpu.logical_cores == os.cpu_count()
    assert hw.cpu.physical_cores == (psutil.cpu_count(logical=False) or os.cpu_count())
    assert hw.ram_total == psutil.virtual_memory().total
    assert hw.os and hw.cpu.arch
    d = hw.to_dict()
    assert json.loads(json.dumps(d))["cpu"]["logical_cores"] == os.cpu_count()
    text = hw.summary()
    assert f"{hw.cpu.physical_cores} cores" in text and "RAM:" in text


def test_failing_probes_leave_parts_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list:  # type: ignore[type-arg]
        raise RuntimeError("driver exploded")

    monkeypatch.setattr(hardware, "_nvml_gpus", broken)
    monkeypatch.setattr(hardware, "_nvidia_smi_gpus", broken)
    monkeypatch.setattr(hardware, "_cpu", broken)
    hw = detect()
    assert hw.cpu.logical_cores == 0 and hw.cpu.features == []
    assert hw.ram_total > 0  # other probes still ran
    assert any("nvml: RuntimeError: driver exploded" in n for n in hw.notes)
    assert any(n.startswith("cpu:") for n in hw.notes)
    assert "CPU:" in hw.summary()


def test_vulkan_summary_parser() -> None:
    gpus = parse_vulkan_summary(VULKANINFO)
    assert [(g.name, g.vendor, g.unified, g.index) for g in gpus] == [
        ("Intel(R) Graphics (RPL-P)", "intel", True, 0),
        ("NVIDIA GeForce RTX 4060 Laptop GPU", "nvidia", False, 1),
    ]  # llvmpipe (a CPU renderer) is left out
    assert parse_vulkan_summary("") == []
    assert parse_vulkan_summary("garbage\nGPU0:\n nothing here")[0].vendor == "other"


def test_nvidia_smi_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    out = "0, NVIDIA GeForce RTX 4060, 8188, 7601, 560.35.03\n1, Tesla T4, [N/A], [N/A], 535.1\n"
    monkeypatch.setattr(hardware, "_run", lambda *a, **k: out)
    gpus = hardware._nvidia_smi_gpus()
    assert gpus[0].name == "NVIDIA GeForce RTX 4060" and gpus[0].api == "cuda"
    assert gpus[0].memory_total == 8188 << 20 and gpus[0].memory_free == 7601 << 20
    assert gpus[1].memory_total is None and gpus[1].index == 1


def test_missing_tools_are_skipped() -> None:
    assert hardware._run("definitely-not-a-real-tool-xyz", "--version") is None


def test_llama_device_list_failure_keeps_llama_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("llama_cpp")

    def no_devices() -> list:  # type: ignore[type-arg]
        raise AttributeError("module 'llama_cpp._ggml' has no attribute 'libggml'")

    monkeypatch.setattr(hardware, "_ggml_devices", no_devices)
    info = hardware._llama_info()
    assert info.installed and info.devices == [] and "device list" in info.error
