"""Hearth's engine: everything except the Qt app. Never imports PySide6."""

import os

__version__ = "0.1.0"

# llama.cpp's OpenMP threads spin while waiting by default; on a laptop doing other work
# that costs up to 10x in tokens/s (measured: 2 vs 19 tok/s on 2 busy cores). It must be set
# before llama_cpp is first imported, so it lives here; the user's own value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
