"""Will a remote model fit this machine? Decided before downloading a byte of weights.

For a GGUF file we fetch only its header with HTTP Range requests (2 MB first, more while
the parser says the header goes on — big vocabularies need several MB), read layers, KV
heads and head size, and ask engine.selection.fit about weights + KV cache at the chosen
context. Files of one repository that differ only in quantization share the architecture,
so one header read serves them all. Results are cached by the file's sha256 on disk.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import HearthError, InvalidModelFile, NetworkError
from engine.fsutil import atomic_write_json
from engine.hub.files import ModelFile, quant_from_name, split_info
from engine.hub.http import is_network_error, open_url
from engine.hub.transfer import http_error
from engine.i18n import _

if TYPE_CHECKING:
    from engine.models.speeds import SpeedBook

log = logging.getLogger(__name__)

FIRST_READ = 2 << 20
MAX_HEADER = 64 << 20
DEFAULT_CTX = 4096


@dataclass
class Facts:
    """What the fit needs from a model's header or config."""

    architecture: str
    n_layers: int
    n_kv_heads: int
    head_dim: int
    context_length: int | None
    parameter_count: int = 0


class FactsCache:
    """sha256 (or repo/path@size) → Facts, in memory and in a small JSON file."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] | None = None

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            try:
                self._data = json.loads(self.file.read_text("utf-8"))
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def get(self, key: str) -> Facts | None:
        with self._lock:
            d = self._load().get(key)
        try:
            return Facts(**d) if d else None
        except TypeError:
            return None

    def put(self, key: str, facts: Facts) -> None:
        with self._lock:
            data = self._load()
            data[key] = asdict(facts)
            atomic_write_json(self.file, data)


def read_remote_header(url: str, token: str | None, auth_host: str | None,
                       label: str = "") -> Facts:
    """Parse a remote GGUF's header from its first bytes (Range requests, growing)."""
    from engine.models.gguf import HeaderTruncated, parse_header

    data = bytearray()
    want = FIRST_READ
    while True:
        _fetch_range(url, len(data), want, data, token, auth_host, label or url)
        try:
            h = parse_header(bytes(data))
        except HeaderTruncated as e:
            if len(data) < want or want >= MAX_HEADER:  # file ended, or absurd header
                raise InvalidModelFile(
                    _("The remote file's header is cut short or too large.")) from e
            needed = e.needed or 0
            want = min(MAX_HEADER, max(want * 2, needed + (1 << 20)))
            continue
        if not (h.n_layers and h.n_kv_heads and h.head_dim):
            raise InvalidModelFile(
                _("The GGUF header ({architecture}) does not say its layers, KV heads and head "
                  "size.").format(architecture=h.architecture or _("unknown architecture"))
            )
        return Facts(h.architecture, int(h.n_layers), int(h.n_kv_heads), int(h.head_dim),
                     h.context_length, int(h.parameter_count or 0))


def _fetch_range(url: str, start: int, end: int, into: bytearray, token: str | None,
                 auth_host: str | None, label: str) -> None:
    """Append bytes [start, end) of `url` to `into` (fewer if the file is shorter)."""
    if end <= start:
        return
    try:
        resp = open_url(url, {"Range": f"bytes={start}-{end - 1}"}, auth_host=auth_host,
                        token=token)
    except Exception as e:
        if is_network_error(e):
            raise NetworkError(_("Cannot read the model's header: {error}.").format(error=e),
                               _("Check your connection and try again.")) from e
        raise
    try:
        if resp.status not in (200, 206):
            raise http_error(resp, label)
        if resp.status == 200 and start:  # no range support: skip to where we are
            resp.response.read(start)
        while len(into) < end:
            chunk = resp.response.read(min(1 << 20, end - len(into)))
            if not chunk:
                break
            into += chunk
    except HearthError:
        raise
    except Exception as e:
        if is_network_error(e):
            raise NetworkError(
                _("Reading the model's header failed: {error}.").format(error=e)) from e
        raise
    finally:
        resp.close()


def mlc_facts(config: dict[str, Any]) -> Facts:
    """Facts from an MLC `mlc-chat-config.json` (its `model_config` holds the HF config)."""
    mc = config.get("model_config") or config
    layers = mc.get("num_hidden_layers") or mc.get("n_layer") or mc.get("num_layers")
    heads = mc.get("num_attention_heads") or mc.get("n_head")
    kv = mc.get("num_key_value_heads") or heads
    head_dim = mc.get("head_dim") or (
        mc["hidden_size"] // heads if mc.get("hidden_size") and heads else None
    )
    if not (layers and kv and head_dim):
        raise InvalidModelFile(_("{file} does not say the model's layers and heads.").format(
            file="mlc-chat-config.json"))
    ctx = config.get("context_window_size") or mc.get("context_window_size")
    return Facts(str(mc.get("model_type", "")), int(layers), int(kv), int(head_dim),
                 int(ctx) if ctx and ctx > 0 else None)


def family_key(name: str) -> str:
    """Files that differ only in quantization share this key (and their architecture)."""
    base = name.rsplit("/", 1)[-1]
    info = split_info(base)
    if info:
        base = info[0]
    q = quant_from_name(base)
    if q:
        base = re.sub(re.escape(q), "", base, flags=re.IGNORECASE)
    return re.sub(r"[-_.]+", "-", base.lower().removesuffix(".gguf")).strip("-")


def context_for(facts: Facts, wanted: int | None) -> int:
    n = wanted or DEFAULT_CTX
    return min(n, facts.context_length) if facts.context_length else n


def apply_fit(models: list[ModelFile], facts_by_name: dict[str, Facts], hw: Any,
              n_ctx: int | None, speeds: SpeedBook | None = None) -> None:
    """Fill `.fit` and `.speed` for each model with facts, and mark the recommended one."""
    from engine import selection
    from engine.models.speed_estimate import estimate

    target = selection.gpu_target(hw)
    fitted = []
    for m in models:
        facts = facts_by_name.get(m.name)
        if facts is None or m.kind != "model":
            continue
        m.fit = selection.fit(hw, m.size, facts.n_layers, facts.n_kv_heads, facts.head_dim,
                              context_for(facts, n_ctx))
        m.speed = estimate(m.fit, m.size, facts.n_layers, m.name, speeds, target)
        fitted.append(m)
    best = selection.recommend(fitted)
    if best is not None:
        best.recommended = True
