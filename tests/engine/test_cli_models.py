"""`hearth models …` and `hearth doctor` through the real CLI entry point."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.cli.main import main

SMOL = "SmolLM2-135M-Instruct.Q4_1"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_models_lifecycle(hearth_home: Path, smollm2: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "models", "list")
    assert code == 0 and "No models installed" in out

    code, out, _ = run(capsys, "models", "import", str(smollm2))
    assert code == 0
    assert f"Imported {SMOL}" in out and "Q4_1" in out and "Runs on:" in out
    assert (hearth_home / "models" / smollm2.name).exists()

    code, out, _ = run(capsys, "models", "list")
    header, row = out.strip().splitlines()
    assert header.split() == ["NAME", "SIZE", "PARAMS", "QUANT", "CONTEXT", "ARCH", "RUNS", "ON"]
    assert row.split()[:2] == [SMOL, "98.4"]
    assert "Q4_1" in row and "8,192" in row and "llama" in row

    code, out, _ = run(capsys, "models", "list", "--json")
    [m] = json.loads(out)
    assert m["name"] == SMOL and m["n_layers"] == 30 and m["has_chat_template"] is True
    assert m["plan"]["backend"] == "llama.cpp" and m["plan"]["n_ctx"] <= 8192
    assert m["plan"]["threads"] >= 1 and m["plan"]["reason"]

    code, out, _ = run(capsys, "models", "info", SMOL.lower(), "--json")
    assert json.loads(out)["quantization"] == "Q4_1"
    code, out, _ = run(capsys, "models", "info", SMOL)
    assert "Trained context: 8,192 tokens" in out and "Chat template:   yes" in out

    code, out, _ = run(capsys, "models", "remove", SMOL)
    assert code == 0 and "Removed" in out
    assert not (hearth_home / "models" / smollm2.name).exists()
    assert smollm2.exists()


def test_errors_exit_nonzero_with_hints(hearth_home: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"this is not a model " * 100)
    code, out, err = run(capsys, "models", "import", str(junk))
    assert code == 1 and out == ""
    assert "error: junk.gguf: Not a usable GGUF file" in err and "download it again" in err

    code, _, err = run(capsys, "models", "info", "no-such-model")
    assert code == 1 and "No model named 'no-such-model'" in err and "Installed: none" in err
    code, _, err = run(capsys, "models", "remove", "no-such-model")
    assert code == 1 and "hearth models list" in err


def test_link_and_json(hearth_home: Path, smollm2: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "models", "import", "--link", "--json", str(smollm2))
    info = json.loads(out)
    assert info["linked"] is True and info["path"] == str(smollm2.resolve())
    # Importing the same file again (even without --link) changes nothing, and says so.
    code, out, _ = run(capsys, "models", "import", str(smollm2))
    assert code == 0 and f"{SMOL} is already installed (linked)" in out and "Linked" not in out
    code, out, _ = run(capsys, "models", "remove", SMOL)
    assert "Forgot" in out and smollm2.exists()


def test_doctor(hearth_home: Path, smollm2: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "models", "import", "--link", str(smollm2))
    with open(smollm2, "rb") as f:  # an interrupted copy someone left in the folder
        (hearth_home / "models" / "cut.gguf").write_bytes(f.read(3_000_000))
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    for part in ("CPU:", "RAM:", "GPU:", "llama.cpp:", "MLC:", "Models:", SMOL):
        assert part in out
    assert "Unusable: cut" in out and "truncated" in out

    code, out, _ = run(capsys, "doctor", "--json")
    d = json.loads(out)
    assert d["hardware"]["cpu"]["logical_cores"] == os.cpu_count()
    assert d["hearth"]["home"] == str(hearth_home.resolve())
    [m] = d["models"]
    assert m["name"] == SMOL and m["plan"]["backend"] == "llama.cpp"
    if not d["hardware"]["llama"]["gpu_offload"]:
        assert m["plan"]["device"] == "cpu"
    assert [b["name"] for b in d["broken_models"]] == ["cut"]

    code, out, _ = run(capsys, "models", "remove", "cut")
    assert code == 0 and not (hearth_home / "models" / "cut.gguf").exists()


def test_mlc_folder_listed_with_install_hint(hearth_home: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    from tests.engine.test_registry import mlc_folder

    if importlib.util.find_spec("mlc_llm") is not None:
        pytest.skip("mlc_llm is installed here")
    folder = mlc_folder(tmp_path)
    code, out, _ = run(capsys, "models", "import", "--link", str(folder))
    assert code == 0 and "MLC LLM is not installed" in out
    code, out, _ = run(capsys, "models", "list")
    assert folder.name in out and "needs MLC" in out
    code, out, _ = run(capsys, "models", "info", folder.name)
    assert "pip install --pre -f https://mlc.ai/wheels mlc-llm-nightly-cpu" in out
