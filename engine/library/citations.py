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
CITE = re.compile(r"[\[【［]\s*(\d+(?:\s*[,，;、]\s*\d+)*)\s*[\]】］]")


def numbers_in(group: str) -> list[int]:
    """The numbers of one citation's inside: "1, 2" -> [1, 2]."""
    return [int(part) for part in re.split(r"[,，;、]", group)]


def cited_numbers(text: str) -> list[int]:
    """Source numbers cited in `text`, in order of first mention."""
    seen: list[int] = []
    for m in CITE.finditer(text):
        for n in numbers_in(m.group(1)):
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


def sentence_ends(text: str) -> list[tuple[str, int]]:
    """The answer's sentences (6 characters or more) with the offset where each ends."""
    out: list[tuple[str, int]] = []
    start = 0
    for m in [*_SENTENCE.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if len(piece.strip()) >= 6:
            out.append((piece.strip(), start + len(piece.rstrip())))
        start = m.end() if m else end
    return out


def attributions(
    text: str, sources: list[dict[str, Any]], embedder: TextEmbedder
) -> list[tuple[int, int]]:
    """(offset where a sentence ends, index of the source it restates) for each answer
    sentence close enough in meaning to a source."""
    import numpy as np

    sentences = sentence_ends(text)
    if not sentences or not sources:
        return []
    vecs = embedder.embed_documents([s for s, _ in sentences] + [s["text"] for s in sources])
    sent, src = vecs[: len(sentences)], vecs[len(sentences) :]
    sims = (sent @ src.T) / (
        np.linalg.norm(sent, axis=1)[:, None] * np.linalg.norm(src, axis=1)[None, :] + 1e-12
    )
    out = []
    for (_, end), row in zip(sentences, sims, strict=True):
        best = int(np.argmax(row))
        if row[best] >= ATTRIBUTION_MIN:
            out.append((end, best))
    return out


def attribute(text: str, sources: list[dict[str, Any]], embedder: TextEmbedder) -> list[dict[str, Any]]:
    """Sources that answer sentences restate, in order of first use (inferred citations)."""
    out: list[dict[str, Any]] = []
    for _, best in attributions(text, sources, embedder):
        if all(c["n"] != sources[best]["n"] for c in out):
            out.append(dict(sources[best], inferred=True))
    return out


def mark_sources(
    text: str, sources: list[dict[str, Any]], embedder: TextEmbedder | None = None
) -> list[dict[str, Any]]:
    """`sources` with how the answer uses each, for a chat to show: "cited" is "model" for
    a source the answer cites with [n], "inferred" for one its sentences restate (then
    "marks" holds the offsets in `text` where those sentences end, for an inline marker),
    "" for one it neither cites nor restates."""
    out = [{k: v for k, v in s.items() if k != "marks"} | {"cited": ""} for s in sources]
    numbers = set(cited_numbers(text))
    if any(s["n"] in numbers for s in out):
        for s in out:
            if s["n"] in numbers:
                s["cited"] = "model"
        return out
    if embedder is None or not text.strip():
        return out
    for end, best in attributions(text, out, embedder):
        s = out[best]
        s["cited"] = "inferred"
        s.setdefault("marks", []).append(end)
    return out
