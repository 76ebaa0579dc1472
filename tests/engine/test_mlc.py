"""The MLC backend where mlc_llm is not installed (it cannot be installed here).

Nothing here claims MLC runs: these tests check that Hearth says clearly that it is
missing, how to install it, and that selection never picks it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from engine.backends.base import LoadPlan, Sampling
from engine.backends.mlc import INSTALL_HINT, MlcBackend, mlc_status, read_mlc_config
from engine.errors import BackendUnavailable, GenerationError, InvalidModelFile

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mlc_llm") is not None, reason="mlc_llm is installed here"
)


def test_status_says_missing_and_how_to_install() -> None:
    installed, hint = mlc_status()
    assert not installed
    assert "pip install --pre -f https://mlc.ai/wheels mlc-llm-nightly-cpu" in hint
    assert "llm.mlc.ai" in hint


def test_load_refuses_with_hint(tmp_path: Path) -> None:
    backend = MlcBackend()
    plan = LoadPlan("mlc", "auto", -1, 4096, 4, "test")
    with pytest.raises(BackendUnavailable) as e:
        backend.load(tmp_path, plan)
    assert e.value.hint == INSTALL_HINT
    assert backend.n_ctx == 0
    with pytest.raises(GenerationError):
        backend.chat([], Sampling())
    backend.unload()  # harmless when nothing is loaded


def test_hardware_and_doctor_report_it() -> None:
    from engine.hardware import detect

    hw = detect()
    assert not hw.mlc.installed and hw.mlc.devices == []
    assert "mlc.ai" in hw.mlc.hint
    assert "MLC:    not installed" in hw.summary()


def test_selection_never_picks_mlc_for_gguf(smollm2: Path) -> None:
    from engine.config import Settings
    from engine.hardware import detect
    from engine.models.registry import inspect
    from engine.selection import plan_load

    plan = plan_load(detect(), inspect(smollm2), Settings())
    assert plan.backend == "llama.cpp"


def test_mlc_config_must_be_valid(tmp_path: Path) -> None:
    with pytest.raises(InvalidModelFile, match="mlc-chat-config.json"):
        read_mlc_config(tmp_path)
    (tmp_path / "mlc-chat-config.json").write_text("[1, 2]", "utf-8")
    with pytest.raises(InvalidModelFile):
        read_mlc_config(tmp_path)
    (tmp_path / "mlc-chat-config.json").write_text(json.dumps({"model_type": "llama"}), "utf-8")
    assert read_mlc_config(tmp_path)["model_type"] == "llama"
