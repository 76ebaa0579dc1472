"""The packaged app's shipped embedding model is found only when frozen, and only by name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from engine.bundle import bundle_dir, bundled_embedding_model
from engine.library.embed import resolve_model_path

MINILM = "sentence-transformers/all-MiniLM-L6-v2"


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("HEARTH_EMBEDDING_MODEL_PATH", raising=False)
    model = tmp_path / "models" / "sentence-transformers--all-MiniLM-L6-v2"
    model.mkdir(parents=True)
    (model / "model.onnx").write_bytes(b"onnx")
    return model


def test_from_source_there_is_no_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delenv("HEARTH_EMBEDDING_MODEL_PATH", raising=False)
    assert bundle_dir() is None
    assert bundled_embedding_model(MINILM) is None
    assert resolve_model_path("", MINILM) is None


def test_frozen_app_uses_its_shipped_model(frozen: Path) -> None:
    assert resolve_model_path("", MINILM) == frozen


def test_shipped_model_only_for_its_own_name(frozen: Path) -> None:
    assert resolve_model_path("", "BAAI/bge-small-en-v1.5") is None


def test_setting_and_env_win_over_shipped(frozen: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_model_path(str(tmp_path / "mine"), MINILM) == tmp_path / "mine"
    monkeypatch.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(tmp_path / "env"))
    assert resolve_model_path(str(tmp_path / "mine"), MINILM) == tmp_path / "env"
