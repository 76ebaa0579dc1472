"""desktop/ talks to the engine facade only: importing every desktop module (in a fresh
process) pulls in none of the engines' heavy libraries, which also keeps the start fast."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ["llama_cpp", "lancedb", "pyarrow", "fastembed", "huggingface_hub", "mlc_llm",
         "onnxruntime"]

CHILD = """
import importlib, json, pkgutil, sys
import desktop
names = [m.name for m in pkgutil.walk_packages(desktop.__path__, "desktop.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "heavy": [m for m in HEAVY if m in sys.modules]}))
"""


def test_desktop_modules_import_no_engine_library():
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n" + CHILD], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "desktop.views.chat_page" in result["modules"]  # it did walk the package
    assert result["heavy"] == []
