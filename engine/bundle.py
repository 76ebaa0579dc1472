"""Files shipped inside a frozen (PyInstaller) build of Hearth, next to its code.

The packaged app carries an embedding model so a first run indexes with no network; from a
source checkout there is no bundle and these return None.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_dir() -> Path | None:
    """The frozen app's data folder (PyInstaller's sys._MEIPASS), or None from source."""
    root = getattr(sys, "_MEIPASS", None)
    return Path(root) if getattr(sys, "frozen", False) and root else None


def bundled_embedding_model(name: str) -> Path | None:
    """The fastembed model folder shipped for `name` ("org/model" -> models/org--model)."""
    root = bundle_dir()
    if root is None or not name:
        return None
    path = root / "models" / name.replace("/", "--")
    return path if (path / "model.onnx").exists() else None
