"""Hearth's engine: everything except the Qt app. Never imports PySide6."""

import os

__version__ = "0.1.0"

# llama.cpp's OpenMP threads spin while waiting by default; on a laptop doing other work
# that costs up to 10x in tokens/s (measured: 2 vs 19 tok/s on 2 busy cores). It must be set
# before llama_cpp is first imported, so it lives here; the user's own value wins.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

# Private by default: every dependency's telemetry is off before it can load. onnxruntime
# (fastembed's runtime) otherwise sends 1DS events to Microsoft about 10 s after import,
# offline mode or not; only this variable, read when its library loads, stops it
# (ort.disable_telemetry_events() does not). Set here, so child processes inherit it too.
# These are forced, not defaults: Hearth never phones home, whatever the shell says.
TELEMETRY_OFF = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub
    "DO_NOT_TRACK": "1",  # the common convention others honour
}
os.environ.update(TELEMETRY_OFF)
