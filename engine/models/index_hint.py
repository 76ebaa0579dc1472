"""Whether the models index names any model: the start-up hint that lets the app open on
the Chats page at once. Its own module so that start-up does not import the registry (and
the GGUF reader, remote engines and jobs behind it) before the first frame."""

from __future__ import annotations

import json
from pathlib import Path

INDEX_FILE = "index.json"


def index_lists_models(folder: Path) -> bool:
    """Whether the models index in `folder` names any model: a hint from one small file,
    with no model file inspected and no lock taken. The listing decides."""
    try:
        data = json.loads((folder / INDEX_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("models"), dict) and bool(data["models"])
