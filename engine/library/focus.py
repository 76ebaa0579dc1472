"""Sources cut to the sentences nearest the question, when the model would read them slowly.

Every source is read before the first token. Passages from the best 5 documents are
~1,100 tokens; SmolLM2-135M reads them in ~5 s on a 2-core laptop, but a 3B model on a
laptop CPU (~60 tokens/s) needs ~18 s. Past SLOW_READ_S of reading, each source keeps
its sentences nearest the question (by the library's own embedder, plus the question's
words), in reading order with "…" where text was left out, down to the tokens read in
SLOW_READ_S but never below FLOOR_TOKENS. The same documents are sent, so answer@5 does
not move. What the trim costs (bench/grounded_latency.py, SciFact claims with annotated
evidence): the evidence sentence reached the model for 0.894 of claims whole (1,117
tokens), 0.878 cut to ~750, 0.851 at 60 tokens/s (581). "More context" never trims.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

SLOW_READ_S = 8.0
FLOOR_TOKENS = 600
LEXICAL_WEIGHT = 0.5  # cosine + this × the share of the question's words in the sentence
GAP = "…"

# A sentence ends after . ! ? followed by a space, after CJK full stops, or at a line end.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")

EmbedFn = Callable[[str, list[str]], tuple[np.ndarray, np.ndarray]]  # library -> (q, sentences)


def reading_limit(tokens_per_read_target: int) -> int:
    """Source tokens read in SLOW_READ_S, from sources_budget's READ_TARGET_S tokens."""
    from engine.library.grounding import READ_TARGET_S

    return int(tokens_per_read_target * SLOW_READ_S / READ_TARGET_S)


def focus_sources(
    sources: list[dict[str, Any]], question: str, limit: int,
    count_tokens: Callable[[str], int], embed: EmbedFn,
) -> list[dict[str, Any]]:
    """`sources` as they are when their texts take at most `limit` tokens; otherwise each
    cut to its best sentences so that all of them fit max(limit, FLOOR_TOKENS). Each keeps
    at least its one best sentence. `embed(library, sentences)` gives the question's and
    the sentences' vectors in that library's model."""
    total = sum(count_tokens(s["text"]) for s in sources)
    if total <= limit:
        return sources
    budget = max(limit, FLOOR_TOKENS)
    if total <= budget:
        return sources
    pieces = [sentences(s["text"]) for s in sources]
    scores = [_scores(question, s.get("library", ""), p, embed) for s, p in zip(sources, pieces, strict=True)]
    # A sentence's cost includes one "…" it may open (a source's first, two), so the
    # texts as joined stay within the budget.
    gap = count_tokens(GAP)
    costs = [[count_tokens(x) + gap for x in p] for p in pieces]
    keep: list[set[int]] = [set() for _ in sources]
    used = 0
    # Each source's best sentence first (a source with nothing left would still be cited).
    for i in sorted(range(len(sources)), key=lambda i: -max(scores[i], default=0.0)):
        if pieces[i]:
            best = int(np.argmax(scores[i]))
            keep[i].add(best)
            used += costs[i][best] + gap
    ranked = sorted(((scores[i][j], i, j) for i in range(len(sources))
                     for j in range(len(pieces[i]))), reverse=True)
    for _score, i, j in ranked:
        if j not in keep[i] and used + costs[i][j] <= budget:
            keep[i].add(j)
            used += costs[i][j]
    return [dict(src, text=_joined(p, k)) if len(k) < len(p) else src
            for src, p, k in zip(sources, pieces, keep, strict=True)]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its end mark, blanks dropped."""
    return [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]


def _scores(question: str, library: str, pieces: Sequence[str], embed: EmbedFn) -> list[float]:
    if not pieces:
        return []
    q, vecs = embed(library, list(pieces))
    q = q / (np.linalg.norm(q) or 1.0)
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    cos = vecs @ q
    wanted = _telling_terms(question)
    return [float(c) + LEXICAL_WEIGHT * _overlap(wanted, p) for c, p in zip(cos, pieces, strict=True)]


def _telling_terms(question: str) -> set[str]:
    """The question's index terms that say what it is about: words of 1-2 letters ("of",
    "w", "na") say little in any language; CJK terms are character bigrams, kept."""
    from engine.textnorm import fts_terms

    return {t for t in fts_terms(question) if len(t) >= 3 or not t.isascii() and len(t) == 2}


def _overlap(wanted: set[str], sentence: str) -> float:
    """The share of `wanted` terms found in `sentence`."""
    from engine.textnorm import fts_terms

    return len(wanted & set(fts_terms(sentence))) / len(wanted) if wanted else 0.0


def _joined(pieces: list[str], keep: set[int]) -> str:
    out: list[str] = []
    last = -1
    for j in sorted(keep):
        if j != last + 1:
            out.append(GAP)
        out.append(pieces[j])
        last = j
    if last < len(pieces) - 1:
        out.append(GAP)
    return " ".join(out)
