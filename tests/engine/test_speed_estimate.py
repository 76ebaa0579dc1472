"""Tokens/s estimates before a download: bandwidth over file size, calibrated by what this
machine measured; the badge class they give; and a real reply recording its speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.backends.base import ChatMessage, Sampling
from engine.models.speed_estimate import DEFAULT_BANDWIDTH, estimate, speed_class
from engine.models.speeds import SpeedBook
from engine.selection import fit, gpu_target
from tests.engine.test_selection import cpu_only_8gb, rtx_4060

GB = 10**9


def cpu_estimate(size: int, speeds: SpeedBook | None = None, name: str = "x.gguf"):
    hw = cpu_only_8gb()
    f = fit(hw, size, 28, 8, 128, 4096)
    return f, estimate(f, size, 28, name, speeds, gpu_target(hw))


def test_estimate_grows_as_the_file_shrinks() -> None:
    speeds = [cpu_estimate(size)[1] for size in (4 * GB, 2 * GB, GB // 2)]
    assert all(s is not None and s.basis == "default" for s in speeds)
    tps = [s.tokens_per_s for s in speeds]  # type: ignore[union-attr]
    assert tps[0] < tps[1] < tps[2]
    # Memory bound: half the bytes per token, twice the tokens.
    assert tps[1] == pytest.approx(2 * tps[0])
    assert tps[0] == pytest.approx(DEFAULT_BANDWIDTH["cpu"] / (4 * GB))


def test_a_measured_model_calibrates_the_others(tmp_path: Path) -> None:
    book = SpeedBook(tmp_path / "speeds.json")
    # A 1 GB model wrote 40 tokens/s here: 40 GB/s effective, faster than the default.
    book.record_generation(SpeedBook.key("/models/small.gguf", "cpu"), 40.0, GB)
    _, other = cpu_estimate(2 * GB, book)
    assert other is not None and other.basis == "calibrated"
    assert other.source == "small.gguf" and other.tokens_per_s == pytest.approx(20.0)
    assert "small.gguf" in other.text and "40" in other.text
    # The measured file itself: its own figure.
    _, same = cpu_estimate(GB, book, "small.gguf")
    assert same is not None and same.basis == "measured" and same.tokens_per_s == 40.0
    # Another device's measurement says nothing about this one.
    hw = rtx_4060()
    f = fit(hw, 2 * GB, 28, 8, 128, 4096)
    on_gpu = estimate(f, 2 * GB, 28, "x.gguf", book, gpu_target(hw))
    assert f.label == "gpu" and on_gpu is not None and on_gpu.basis == "default"
    # Remembered across runs, next to the prompt speeds an older Hearth wrote.
    data = json.loads((tmp_path / "speeds.json").read_text("utf-8"))
    data["old.gguf|cpu"] = 300.0
    (tmp_path / "speeds.json").write_text(json.dumps(data), "utf-8")
    again = SpeedBook(tmp_path / "speeds.json")
    assert again.prompt_speed("old.gguf|cpu") == 300.0
    assert [m.model for m in again.measured_on("cpu")] == ["small.gguf"]


def test_a_split_model_is_between_its_gpu_and_its_cpu() -> None:
    hw = rtx_4060()
    size = 12 * GB  # more than the card's 8 GB: some layers stay on the CPU
    f = fit(hw, size, 48, 8, 128, 4096)
    split = estimate(f, size, 48, "x.gguf", None, gpu_target(hw))
    assert f.label == "partial" and 0 < f.gpu_layers < 48 and split is not None
    assert DEFAULT_BANDWIDTH["cpu"] / size < split.tokens_per_s < DEFAULT_BANDWIDTH["gpu"] / size


def test_a_split_model_stores_no_bandwidth(tmp_path: Path) -> None:
    book = SpeedBook(None)
    book.record_generation("big.gguf|cuda:0", 5.0, 0)  # partly on GPU: speed only
    assert book.generation_speed("big.gguf|cuda:0") == 5.0
    assert book.measured_on("cuda:0") == []


def test_badge_classes_for_a_small_a_middling_and_a_huge_model() -> None:
    small = cpu_estimate(GB // 2)
    middling = cpu_estimate(3 * GB)
    huge = cpu_estimate(40 * GB)
    assert speed_class(*small) == "fast"
    assert speed_class(*middling) == "slow"
    assert huge[0].label == "no" and huge[1] is None and speed_class(*huge) == "no"
    assert speed_class(None, None) == ""


@pytest.mark.slow
def test_a_reply_records_its_generation_speed_for_the_hub(smollm2: Path, tmp_path: Path) -> None:
    from engine.api import Hearth

    h = Hearth(tmp_path / "home")
    try:
        model = h.models.get(str(smollm2))
        h.runner.load(model, n_ctx=512)
        reply = h.runner.chat([ChatMessage("user", "Write a short story about a cat who bakes bread.")],
                              Sampling(temperature=0, seed=1, max_tokens=48))
        assert reply.text and reply.stats is not None and reply.stats.completion_tokens >= 8
        device = h.runner.plan.device  # type: ignore[union-attr]
        measured = h.speeds.generation_speed(SpeedBook.key(model.path, device))
        assert measured == pytest.approx(reply.stats.tokens_per_s, rel=0.01)
        # The starter catalog's estimates now rest on that measurement.
        entries = [e for e in h.hub.catalog(fit=True) if e.speed is not None]
        assert entries and all(e.speed.basis == "calibrated" for e in entries
                               if e.fit.device == device and e.fit.label in ("cpu", "gpu"))
    finally:
        h.close()
