"""Sentence embeddings with fastembed (ONNX), loaded lazily and once.

The model comes either from a local folder (HEARTH_EMBEDDING_MODEL_PATH, else the setting
`embedding_model_path`, else the copy a packaged app ships) or by name, downloaded into
paths.cache on a connected machine.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from engine.errors import LibraryError
from engine.i18n import _

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# The sequence length each model was trained for. Config files often say 512 (the position
# table) where the model was trained on 256 and quality drops past it; fastembed documents
# all-MiniLM-L6-v2 as truncating at 256.
KNOWN_MAX_TOKENS = {
    "sentence-transformers/all-MiniLM-L6-v2": 256,
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2": 128,
    "BAAI/bge-small-en-v1.5": 512,
    "BAAI/bge-base-en-v1.5": 512,
}
# Models trained with instructions: (query prefix, passage prefix). fastembed adds none.
PREFIXES = {
    "intfloat/multilingual-e5-large": ("query: ", "passage: "),
}
# Texts are sorted by length before batching, so batches pad little; 64 keeps each ONNX
# call large enough to be efficient and short enough that progress and cancel stay lively.
BATCH_SIZE = 64


class TextEmbedder(Protocol):
    """What indexing and search need from an embedding model (fastembed's or USE)."""

    model_name: str

    @property
    def tokenizer(self) -> Any: ...  # encode / encode_batch with .ids and .offsets

    @property
    def max_tokens(self) -> int: ...

    @property
    def dim(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def resolve_model_path(
    setting_path: str = "", model_name: str = "", default_model: str = ""
) -> Path | None:
    """The local folder for `model_name`: the env variable, else the setting, else the copy
    the packaged app ships (engine.bundle); None means load by name (download on a connected
    machine). The variable and the setting hold one model: the default (`default_model`),
    or the English MiniLM when the default is "auto" or the multilingual USE."""
    from engine.library.embedders import AUTO, ENGLISH, MULTILINGUAL

    env = os.environ.get("HEARTH_EMBEDDING_MODEL_PATH", "").strip()
    chosen = env or setting_path.strip()
    local_for = ENGLISH if default_model in ("", AUTO, MULTILINGUAL) else default_model
    if chosen and model_name in (local_for, ""):
        return Path(chosen).expanduser()
    from engine.bundle import bundled_embedding_model

    return bundled_embedding_model(model_name)


class Embedder:
    """One fastembed TextEmbedding, loaded on first use. Thread-safe."""

    def __init__(
        self,
        model_name: str,
        model_path: Path | None = None,
        cache_dir: Path | None = None,
        threads: int | None = None,
        batch_size: int = BATCH_SIZE,
        offline: bool = False,
    ) -> None:
        self.model_name = model_name
        self.model_path = model_path
        self.cache_dir = cache_dir
        self.threads = threads or None
        self.batch_size = batch_size
        self.offline = offline
        self._model: Any = None
        self._tokenizer: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    # loading ----------------------------------------------------------------------------
    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None:
                self._model = self._create()
        return self._model

    def _create(self) -> Any:
        from fastembed import TextEmbedding

        kwargs: dict[str, Any] = {"threads": self.threads}
        if self.model_path is not None:
            if not (self.model_path / "model.onnx").exists() and not any(
                self.model_path.glob("*.onnx")
            ):
                raise LibraryError(
                    _("No ONNX embedding model in {path}.").format(path=self.model_path),
                    _("Point HEARTH_EMBEDDING_MODEL_PATH (or the embedding model setting) at a "
                      "folder with model.onnx and tokenizer.json."),
                )
            kwargs["specific_model_path"] = str(self.model_path)
        if self.cache_dir is not None:
            kwargs["cache_dir"] = str(self.cache_dir)
        if self.offline:
            kwargs["local_files_only"] = True  # offline mode: never reach the Hub
        supported = {m["model"].lower() for m in TextEmbedding.list_supported_models()}
        if self.model_name.lower() not in supported:
            raise LibraryError(
                _("Unknown embedding model {name}.").format(name=repr(self.model_name)),
                _("Choose a model fastembed supports, e.g. {example}.").format(
                    example="sentence-transformers/all-MiniLM-L6-v2"),
            )
        try:
            model = TextEmbedding(self.model_name, **kwargs)
        except Exception as e:  # download failed, offline, corrupt ONNX, ...
            raise LibraryError(
                _("Could not load the embedding model {name}.").format(name=self.model_name),
                _("Connect to the internet once (offline mode off) so it can be downloaded, "
                  "or set HEARTH_EMBEDDING_MODEL_PATH to a local copy."),
                details=repr(e),
            ) from e
        # Truncate queries and documents where the model was trained to stop.
        tok = getattr(getattr(model, "model", None), "tokenizer", None)
        if tok is not None:
            tok.enable_truncation(max_length=self._max_tokens_for(tok))
        return model

    def _max_tokens_for(self, tok: Any) -> int:
        known = KNOWN_MAX_TOKENS.get(self.model_name)
        trunc = (tok.truncation or {}).get("max_length") or 512
        return min(known, trunc) if known else min(trunc, 512)

    @property
    def tokenizer(self) -> Any:
        """A `tokenizers.Tokenizer` without truncation or padding, for counting and chunking."""
        if self._tokenizer is None:
            model = self._load()
            tok = model.model.tokenizer
            from tokenizers import Tokenizer

            plain = Tokenizer.from_str(tok.to_str())
            plain.no_truncation()
            plain.no_padding()
            self._tokenizer = plain
        return self._tokenizer

    # facts ------------------------------------------------------------------------------
    @property
    def max_tokens(self) -> int:
        """Longest input the model sees, special tokens included."""
        model = self._load()
        return int((model.model.tokenizer.truncation or {}).get("max_length") or 256)

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed_documents(["dimension probe"]).shape[1])
        return self._dim

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes, with the [CLS]/[SEP] the model adds."""
        return len(self.tokenizer.encode(text).ids)

    # embedding --------------------------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalised, in the order given."""
        import numpy as np

        model = self._load()
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        # Sorting by length keeps each batch's padding small (fastembed pads to the longest).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        prefix = PREFIXES.get(self.model_name, ("", ""))[1]
        sorted_texts = [prefix + texts[i] for i in order]
        # No lock: ONNX Runtime sessions and HF tokenizers are safe to call from several
        # threads, so a search's query embedding never waits behind an indexing batch.
        vecs = list(model.embed(sorted_texts, batch_size=self.batch_size))
        out = np.empty((len(texts), len(vecs[0])), dtype=np.float32)
        out[order] = np.asarray(vecs, dtype=np.float32)
        self._dim = out.shape[1]
        return out

    def embed_query(self, text: str) -> np.ndarray:
        import numpy as np

        model = self._load()
        prefix = PREFIXES.get(self.model_name, ("", ""))[0]
        vec = next(iter(model.query_embed(prefix + text)))
        return np.asarray(vec, dtype=np.float32)
