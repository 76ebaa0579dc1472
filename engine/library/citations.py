"""Citations: which of the numbered sources an answer cites.

The model writes [n] (or 【n】 in Chinese); `citations()` maps each n back to source n's file
and page. Small models often answer from the sources without writing [n]; then each answer
sentence is attributed to the source closest in meaning, marked "inferred".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.library.embed import TextEmbedder

# [1], [1, 2], [1][2], and the full-width brackets Chinese/Japanese answers use: 【1】［1］.
_CITE = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，;、]\s*\d+)*)\s*[\]】］]")


def cited_numbers(text: str) -> list[int]:
    """Source numbers cited in `text`, in order of first mention."""
    seen: list[int] = []
    for m in _CITE.finditer(text):
        for part in re.split(r"[,，;、]", m.group(1)):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


def citations(
    text: str, sources: list[dict[str, Any]], embedder: TextEmbedder | None = None
) -> list[dict[str, Any]]:
    """The sources that `text` cites (numbers the model made up are dropped).

    Small models often answer from the sources without writing [n]. Then, given the
    embedder, each answer sentence is attributed to the source closest in meaning (if
    close enough); such citations carry "inferred": True.
    """
    by_n = {s["n"]: s for s in sources}
    explicit = [dict(by_n[n], inferred=False) for n in cited_numbers(text) if n in by_n]
    if explicit or embedder is None or not sources or not text.strip():
        return explicit
    return attribute(text, sources, embedder)


# Cosine (MiniLM) above which an answer sentence is taken to restate a source; paraphrases
# of a passage score 0.6-0.9, sentences on other topics below 0.3.
ATTRIBUTION_MIN = 0.5
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def attribute(text: str, sources: list[dict[str, Any]], embedder: TextEmbedder) -> list[dict[str, Any]]:
    """Sources that answer sentences restate, in order of first use (inferred citations)."""
    import numpy as np

    sentences = [x.strip() for x in _SENTENCE.split(text) if len(x.strip()) >= 6]
    if not sentences:
        return []
    vecs = embedder.embed_documents(sentences + [s["text"] for s in sources])
    sent, src = vecs[: len(sentences)], vecs[len(sentences) :]
    sims = (sent @ src.T) / (
        np.linalg.norm(sent, axis=1)[:, None] * np.linalg.norm(src, axis=1)[None, :] + 1e-12
    )
    out: list[dict[str, Any]] = []
    for row in sims:
        best = int(np.argmax(row))
        if row[best] >= ATTRIBUTION_MIN and all(c["n"] != sources[best]["n"] for c in out):
            out.append(dict(sources[best], inferred=True))
    return out
