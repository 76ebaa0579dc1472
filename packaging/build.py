"""Build a self-contained Hearth app folder with PyInstaller (Linux, macOS, Windows).

    .venv/bin/pip install pyinstaller
    .venv/bin/python packaging/build.py            # -> dist/Hearth/ (dist/Hearth.app on macOS)

llama-cpp-python is bundled as built on the build machine: build on each target OS with the
accelerator flags you want (e.g. CMAKE_ARGS="-DGGML_METAL=on" on macOS, "-DGGML_CUDA=on" or
"-DGGML_VULKAN=on" elsewhere) before running this.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sep = ";" if platform.system() == "Windows" else ":"
    args = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--windowed", "--name", "Hearth",
        "--add-data", f"{ROOT / 'resources'}{sep}resources",
        # Native libraries and data files these packages load at run time.
        "--collect-all", "llama_cpp",
        "--collect-all", "lancedb",
        "--collect-all", "fastembed",
        "--collect-all", "onnxruntime",
        "--collect-submodules", "engine",
        "--collect-submodules", "desktop",
        str(ROOT / "packaging" / "launcher.py"),
    ]
    icon = ROOT / "resources" / "icons" / ("hearth.icns" if platform.system() == "Darwin" else "hearth.ico")
    if icon.exists():
        args[4:4] = ["--icon", str(icon)]
    return subprocess.call(args, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
