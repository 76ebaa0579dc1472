"""Optional cross-encoder rerank with fastembed's TextCrossEncoder, only from local files.

A cross-encoder reads the query and each candidate together, so it orders the top few
candidates better than any fusion of separate scores. It is never downloaded on the search
path: it is used when a model folder is given (HEARTH_RERANK_MODEL_PATH) or fastembed
already has the model in Hearth's cache; otherwise rerank is simply off.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import LibraryError
from engine.i18n import _

if TYPE_CHECKING:
    from engine.library.service import LibraryService

log = logging.getLogger(__name__)

DEFAULT_RERANK_MODEL = "Xenova/ms-marco-MiniLM-L-6-v2"
ENV_MODEL_PATH = "HEARTH_RERANK_MODEL_PATH"
ENV_MODEL_NAME = "HEARTH_RERANK_MODEL"


class Reranker:
    """One loaded cross-encoder. Thread-safe: calls are serialised by a lock."""

    def __init__(self, model: Any, name: str) -> None:
        self._model = model
        self.name = name
        self._lock = threading.Lock()

    def scores(self, query: str, texts: list[str]) -> list[float]:
        """Relevance logits of each text for `query` (higher is more relevant)."""
        if not texts:
            return []
        with self._lock:
            return [float(s) for s in self._model.rerank(query, texts, batch_size=32)]


def load_reranker(cache_dir: Path | None) -> Reranker | None:
    """The local cross-encoder, or None when none is available here (never downloads)."""
    name = os.environ.get(ENV_MODEL_NAME, "").strip() or DEFAULT_RERANK_MODEL
    path = os.environ.get(ENV_MODEL_PATH, "").strip()
    kwargs: dict[str, Any] = {"local_files_only": True}
    if path:
        folder = Path(path).expanduser()
        if not (folder / "model.onnx").exists() and not any(folder.glob("**/*.onnx")):
            log.warning("%s=%s holds no ONNX model; rerank is off", ENV_MODEL_PATH, folder)
            return None
        kwargs["specific_model_path"] = str(folder)
    elif not _in_cache(cache_dir, name):
        return None
    if cache_dir is not None:
        kwargs["cache_dir"] = str(cache_dir)
    try:
        from fastembed.rerank.cross_encoder import TextCrossEncoder

        model = TextCrossEncoder(name, **kwargs)
    except Exception as e:  # noqa: BLE001 - not in the cache, unknown name, corrupt file: rerank stays off
        log.info("no local cross-encoder %s (%s); rerank is off", name, e)
        return None
    return Reranker(model, name)


def _in_cache(cache_dir: Path | None, name: str) -> bool:
    """Whether fastembed's cache holds the model (its Hub or its archive layout).

    Checked by hand first because fastembed logs an ERROR when local_files_only finds nothing.
    """
    if cache_dir is None or not cache_dir.is_dir():
        return False
    short = name.split("/")[-1]
    hub = "models--" + name.replace("/", "--")
    return any(p.name in (hub, short) for p in cache_dir.iterdir())


# One probe per LibraryService: loading (or failing to find) the model costs ~100 ms, too
# much for every query. Weak keys, so a closed service's model is freed with it.
_cache: weakref.WeakKeyDictionary[Any, Reranker | None] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def reranker_for(service: LibraryService, required: bool = False) -> Reranker | None:
    """The service's reranker (probed once); `required` turns its absence into an error."""
    with _cache_lock:
        if service in _cache:
            found = _cache[service]
        else:
            # The same fastembed cache the embedder downloads into (LibraryService.embedder).
            found = load_reranker(service.cache_dir / "fastembed")
            _cache[service] = found
    if found is None and required:
        raise LibraryError(
            _("No cross-encoder model for reranking is available on this computer."),
            _("Set {variable} to a local fastembed cross-encoder folder (e.g. {example}), or "
              "search without --rerank.").format(variable=ENV_MODEL_PATH,
                                                example=DEFAULT_RERANK_MODEL),
        )
    return found
