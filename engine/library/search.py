"""Hybrid retrieval over one or more libraries: vector search + BM25, fused, optionally reranked.

Pipeline (fusion settings tuned on SciFact's training claims, bench/retrieval_quality.py):
1. the query is embedded once; per library, the `CANDIDATES` nearest chunks by cosine and the
   `CANDIDATES` best by BM25 (LanceDB full-text index over `fts`, the text as
   textnorm.fts_text gives it, so Chinese or Thai queries match by character bigrams);
2. fusion of the two lists: by default 0.75 x z(cosine) + 0.25 x z(BM25), each score turned
   into a z-score over this query's candidates (BM25 per library, since its scale depends
   on the library's size); also a convex combination of min-max normalised scores
   (`fusion="convex"`) and weighted reciprocal rank fusion (`fusion="rrf"`), which needs no
   calibration at all but ranks ~1 nDCG point lower on SciFact;
3. a local cross-encoder rerank of the top `RERANK_TOP`, when one is installed (rerank.py).

Every hit keeps the cosine similarity of its chunk to the query: ask.py decides "nothing
relevant" from it, never from the model's output.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import LibraryError
from engine.i18n import _
from engine.library.pathkey import from_store, to_store

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from engine.library.rerank import Reranker
    from engine.library.service import LibraryService

log = logging.getLogger(__name__)

# Fusion defaults, chosen on SciFact's 809 training claims only (`python
# bench/retrieval_quality.py --tune`; the 300 test claims only report the result). Train
# nDCG@10, best weight per method: z-score 0.726 (alpha 0.75), convex min-max 0.725 (alpha
# 0.75), RRF 0.716 (k 10, equal weights; k 30/60: 0.710/0.705). 40/60/100 candidates per
# list are within 0.001 of each other on train, so the fewest, which search fastest.
CANDIDATES = 40  # per list and library
# RRF constant. The usual 60 flattens ranks (1 vs 10: 15% apart); 10 trusts the top of
# each list more.
RRF_K = 10
DENSE_WEIGHT = 1.0
BM25_WEIGHT = 1.0
# Score fusions beat RRF: RRF throws away how far ahead the best hit is.
FUSION = "zscore"  # or "convex", "rrf"
CONVEX_ALPHA = 0.75  # weight of the cosine in fuse_scores
ZSCORE_ALPHA = 0.75  # weight of the cosine in fuse_zscores
# Per embedding model, chosen on the dev split of bench/multilingual_quality.py (202 man-page
# questions in zh-CN, zh-TW, pl, en) or, for MiniLM on English, SciFact's training claims.
# USE: 0.75. Re-run 2026-12-03 on today's set (618 questions): dev nDCG@10 0.593 at 0.75,
# 0.602 at 0.8, 0.550 at 0.5; 0.75 and 0.8 are within the dev set's noise (~±0.03), so the
# setting stays (test answer@5 0.649 at 0.75, 0.637 at 0.8). Unlisted: ZSCORE_ALPHA.
ZSCORE_ALPHA_BY_MODEL = {
    "sentence-transformers/all-MiniLM-L6-v2": 0.75,
    "google/universal-sentence-encoder-multilingual-3": 0.75,
}
# A query in a language the library's model does not know: BM25 leads. MiniLM on the
# multilingual dev set: best alpha 0.2 (answer@5 0.431, vs 0.411 at 0.75; zh-CN 0.40 vs 0.28).
UNCOVERED_ALPHA = 0.2
RERANK_TOP = 30
# IVF partitions probed (the vector index: ChunkStore.ensure_vector_index): 40 lifts top-10 recall to 0.955 but costs ~10 ms more per query.
ANN_NPROBES = 20

_COLUMNS = ["id", "doc_id", "path", "page", "heading", "seq", "text"]


@dataclass
class SearchHit:
    library: str
    path: str
    page: int  # 1-based page for paged documents (PDF), 0 when the format has none
    chunk_id: str
    score: float  # final ranking score (higher is better); comparable within one search
    text: str
    heading: str = ""
    doc_id: str = ""
    seq: int = 0
    similarity: float = 0.0  # cosine of query and chunk embeddings
    bm25: float | None = None  # None when BM25 did not retrieve this chunk
    rerank_score: float | None = None  # cross-encoder logit when rerank ran

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def search(
    service: LibraryService,
    names: str | Sequence[str],
    query: str,
    k: int = 10,
    files: Sequence[str | Path] | None = None,
    rerank: bool | None = None,
    mode: str = "hybrid",
    fusion: str | None = None,
) -> list[SearchHit]:
    """The `k` best chunks for `query` across libraries `names`.

    `files` keeps only chunks of those files (absolute paths, folders, or bare file names);
    `rerank` None uses the cross-encoder when one is installed, True requires it, False
    skips it; `mode` "dense" or "bm25" runs one retriever alone (for benchmarks).
    """
    query = (query or "").strip()
    if not query:
        raise LibraryError(_("The search query is empty."), _("Type a few words to search for."))
    if k < 1:
        raise LibraryError(_("Cannot return {k} results.").format(k=k),
                           _("Ask for at least 1 result."))
    if mode not in ("hybrid", "dense", "bm25"):
        raise LibraryError(_("Unknown search mode {mode}.").format(mode=repr(mode)),
                           _("Use hybrid, dense or bm25."))
    libs = [names] if isinstance(names, str) else list(names)
    if not libs:
        raise LibraryError(_("No library to search."), _("Name at least one library."))
    # NotFound for unknown names; refuses mixed embeddings. Library name -> its model.
    models = {name: service.check_model(name) for name in libs}
    where = file_filter(files)
    terms = bm25_terms(query) if mode != "dense" else ""
    n = max(CANDIDATES, k)
    # No row count first (~5 ms): an empty table simply returns no candidates.
    tables = [(name, service.store(name).table) for name in libs]
    dense: list[SearchHit] = []
    lexical: list[SearchHit] = []
    # BM25 needs no query vector: its queries run on a thread (LanceDB releases the GIL)
    # while the query is embedded and the vector search runs, ~30% off the latency.
    with ThreadPoolExecutor(max_workers=max(1, len(tables))) as pool:
        fts_jobs = [
            (name, pool.submit(_bm25_rows, table, terms, n, where))
            for name, table in tables
            if terms
        ]
        # Once per model: libraries may use different ones.
        qvecs = {m: service.embedder_for(m).embed_query(dense_query(m, query))
                 for m in set(models.values())}
        if mode != "bm25":
            for name, table in tables:
                dense += vector_candidates(table, name, qvecs[models[name]], n, where)
        for name, job in fts_jobs:
            lexical += _bm25_hits(name, job.result(), qvecs[models[name]])
    if mode == "dense":
        hits = _ranked(dense, [h.similarity for h in dense])
    elif mode == "bm25":
        hits = _ranked(lexical, [h.bm25 or 0.0 for h in lexical])
    else:
        hits = fuse_candidates(dense, lexical, fusion or FUSION, models=models, query=query)
    if mode == "hybrid" and rerank is not False and hits:
        from engine.library.rerank import reranker_for

        reranker = reranker_for(service, required=bool(rerank))
        if reranker is not None:
            hits = rerank_hits(reranker, query, hits)
    return hits[:k]


# candidates ---------------------------------------------------------------------------


def dense_query(model: str, query: str) -> str:
    """What `model` embeds for `query`: USE reads Traditional Chinese in its Simplified
    form (engine.library.hanzi), every other model the query as typed."""
    from engine.library.embedders import MULTILINGUAL
    from engine.library.hanzi import to_simplified

    return to_simplified(query) if model == MULTILINGUAL else query


def bm25_terms(query: str) -> str:
    """The full-text terms of `query`, and of its other Chinese script, if any."""
    from engine.library.hanzi import other_script
    from engine.textnorm import fts_text

    other = other_script(query)
    return fts_text(f"{query}\n{other}" if other else query)


def vector_candidates(
    table: Any, library: str, qvec: np.ndarray, n: int, where: str | None = None
) -> list[SearchHit]:
    """Nearest `n` chunks by cosine, best first, each with its exact cosine.

    LanceDB's `_distance` is not used: its scale depends on the index (a flat scan gives
    1 - cos, IVF_HNSW_SQ about 2 * (1 - cos), and quantised besides), so every hit's
    similarity is computed from its stored vector, the same way for BM25 hits.
    """
    query = table.search(qvec, vector_column_name="vector").distance_type("cosine")
    # Only used when the table has an ANN index (see ChunkStore.ensure_vector_index).
    query = query.nprobes(ANN_NPROBES)
    if where:
        query = query.where(where, prefilter=True)
    # `_distance` is selected only because LanceDB warns when a vector query leaves it out.
    rows = query.select([*_COLUMNS, "vector", "_distance"]).limit(n).to_arrow()
    hits = _with_cosines(library, rows, qvec)
    # The index ranks by its quantised distance; the exact cosine decides.
    hits.sort(key=lambda h: -h.similarity)
    return hits


def bm25_candidates(
    table: Any,
    library: str,
    terms: str,
    qvec: np.ndarray,
    n: int,
    where: str | None = None,
) -> list[SearchHit]:
    """Best `n` chunks by BM25 over the `fts` column, best first, with their cosine too."""
    return _bm25_hits(library, _bm25_rows(table, terms, n, where), qvec)


def _bm25_rows(table: Any, terms: str, n: int, where: str | None) -> pa.Table | None:
    if not terms:
        return None
    query = table.search(terms, query_type="fts", fts_columns="fts")
    if where:
        query = query.where(where, prefilter=True)
    try:
        return query.select([*_COLUMNS, "vector", "_score"]).limit(n).to_arrow()
    except Exception as e:  # noqa: BLE001 - no FTS index yet (first indexing still running): dense only
        log.info("full-text search unavailable (%s)", e)
        return None


def _bm25_hits(library: str, rows: pa.Table | None, qvec: np.ndarray) -> list[SearchHit]:
    if rows is None:
        return []
    hits = _with_cosines(library, rows, qvec)
    for h, score in zip(hits, rows.column("_score").to_pylist(), strict=True):
        h.bm25 = float(score)
    return hits


def _with_cosines(library: str, rows: pa.Table, qvec: np.ndarray) -> list[SearchHit]:
    """Hits for `rows`, each with the exact cosine of its stored vector and the query."""
    import numpy as np

    hits = [_hit(library, r) for r in rows.select(_COLUMNS).to_pylist()]
    if hits:
        # Straight from Arrow's buffer: no Python float per vector component.
        column = rows.column("vector").combine_chunks()
        vecs = column.flatten().to_numpy().reshape(len(hits), -1)
        sims = vecs @ qvec / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(qvec) + 1e-12)
        for h, sim in zip(hits, sims, strict=True):
            h.similarity = float(sim)
    return hits


def _hit(library: str, r: dict[str, Any]) -> SearchHit:
    return SearchHit(
        library=library,
        path=from_store(r["path"]),
        page=int(r["page"] or 0),
        chunk_id=r["id"],
        score=0.0,
        text=r["text"],
        heading=r.get("heading") or "",
        doc_id=r.get("doc_id") or "",
        seq=int(r.get("seq") or 0),
    )


def _ranked(hits: list[SearchHit], scores: list[float]) -> list[SearchHit]:
    for h, s in zip(hits, scores, strict=True):
        h.score = float(s)
    return sorted(hits, key=lambda h: -h.score)


# fusion -------------------------------------------------------------------------------


def fuse(
    dense: list[SearchHit],
    lexical: list[SearchHit],
    rrf_k: float = RRF_K,
    dense_weight: float = DENSE_WEIGHT,
    bm25_weight: float = BM25_WEIGHT,
) -> list[SearchHit]:
    """Weighted reciprocal rank fusion of two candidate lists (chunks, best first).

    A document ranks where its best chunk does (max-fold). Adding a share of its other
    chunks' scores (sum-fold) was measured worse on SciFact (-0.5 to -8 nDCG@10 points):
    it favours long documents, not relevant ones.
    """
    merged: dict[tuple[str, str], SearchHit] = {}
    fused: dict[tuple[str, str], float] = {}
    # Cosines are comparable across libraries (one embedding model), so dense hits are
    # ranked together; BM25 scores are not (IDF depends on each library's size), so each
    # library's BM25 hits are ranked among themselves.
    by_library: dict[str, list[SearchHit]] = {}
    for h in lexical:
        by_library.setdefault(h.library, []).append(h)
    ranked_lists = [(sorted(dense, key=lambda h: -h.similarity), dense_weight)]
    ranked_lists += [
        (sorted(hs, key=lambda h: -(h.bm25 or 0.0)), bm25_weight) for hs in by_library.values()
    ]
    for hits, weight in ranked_lists:
        for rank, h in enumerate(hits, start=1):
            key = (h.library, h.chunk_id)
            kept = merged.setdefault(key, h)
            if h.bm25 is not None:
                kept.bm25 = h.bm25
            fused[key] = fused.get(key, 0.0) + weight / (rrf_k + rank)
    for key, h in merged.items():
        h.score = fused[key]
    return sorted(merged.values(), key=lambda h: (-h.score, h.path, h.seq))


def _merge(dense: list[SearchHit], lexical: list[SearchHit]) -> dict[tuple[str, str], SearchHit]:
    """One hit per (library, chunk), carrying the BM25 score where full-text found it."""
    merged: dict[tuple[str, str], SearchHit] = {}
    for h in [*dense, *lexical]:
        kept = merged.setdefault((h.library, h.chunk_id), h)
        if h.bm25 is not None:
            kept.bm25 = h.bm25
    return merged


def fuse_scores(
    dense: list[SearchHit], lexical: list[SearchHit], alpha: float = CONVEX_ALPHA
) -> list[SearchHit]:
    """Convex combination of normalised scores: alpha * cosine + (1 - alpha) * BM25.

    Unlike RRF it keeps how much better the best candidate is, not just that it is first.
    Cosines are min-max normalised over all candidates (every candidate has one: BM25 hits
    carry their vector's cosine too); BM25 min-max within each library (IDF differs by
    library); a chunk BM25 did not retrieve scores 0 on that side.
    """
    merged = _merge(dense, lexical)
    if not merged:
        return []
    sims = [h.similarity for h in merged.values()]
    lo, span = min(sims), (max(sims) - min(sims)) or 1.0
    bm_range: dict[str, tuple[float, float]] = {}
    for h in lexical:
        low, high = bm_range.get(h.library, (h.bm25 or 0.0, h.bm25 or 0.0))
        bm_range[h.library] = (min(low, h.bm25 or 0.0), max(high, h.bm25 or 0.0))
    for h in merged.values():
        bm = 0.0
        if h.bm25 is not None:
            low, high = bm_range[h.library]
            bm = (h.bm25 - low) / (high - low) if high > low else 1.0
        h.score = alpha * (h.similarity - lo) / span + (1 - alpha) * bm
    return sorted(merged.values(), key=lambda h: (-h.score, h.path, h.seq))


FUSIONS = ("convex", "zscore", "rrf")


def fuse_candidates(
    dense: list[SearchHit],
    lexical: list[SearchHit],
    fusion: str = FUSION,
    weight: float | None = None,
    models: Mapping[str, str] | None = None,
    query: str = "",
) -> list[SearchHit]:
    """Fuse the two candidate lists with the named method.

    `weight` is the method's one knob (cosine weight for convex/zscore, BM25 weight for
    rrf); None takes the tuned default for each library's model (`models`: library ->
    embedding model) and the query's language (dense_weight).
    """
    models = models or {}
    if weight is None and fusion == "zscore" and models:
        alphas = {lib: dense_weight(m, query) for lib, m in models.items()}
        return fuse_zscores(dense, lexical, ZSCORE_ALPHA, models, alphas)
    w = fusion_weight(fusion) if weight is None else weight
    if fusion == "convex":
        return fuse_scores(dense, lexical, w)
    if fusion == "zscore":
        return fuse_zscores(dense, lexical, w, models)
    return fuse(dense, lexical, bm25_weight=w)


def fusion_weight(fusion: str) -> float:
    """The tuned default of `fusion`'s knob (for MiniLM, on SciFact)."""
    weights = {"convex": CONVEX_ALPHA, "zscore": ZSCORE_ALPHA, "rrf": BM25_WEIGHT}
    if fusion not in weights:
        raise LibraryError(_("Unknown fusion {fusion}.").format(fusion=repr(fusion)),
                           _("Use {choices}.").format(choices=", ".join(FUSIONS)))
    return weights[fusion]


def dense_weight(model: str, query: str) -> float:
    """The z-score fusion's cosine weight for a library embedded with `model`: tuned per
    model on a dev set, and lowered when the model was not trained on the query's language,
    so a list it can only guess at does not drown BM25."""
    from engine.library.embedders import covers_query

    if query and not covers_query(model, query):
        return UNCOVERED_ALPHA
    return ZSCORE_ALPHA_BY_MODEL.get(model, ZSCORE_ALPHA)


def fuse_zscores(
    dense: list[SearchHit],
    lexical: list[SearchHit],
    alpha: float = ZSCORE_ALPHA,
    models: Mapping[str, str] | None = None,
    alphas: Mapping[str, float] | None = None,
) -> list[SearchHit]:
    """alpha * z(cosine) + (1 - alpha) * z(BM25), z-scores taken per query.

    Min-max (fuse_scores) hangs on the two extreme candidates; a z-score uses the whole
    list, so one outlier does not squash the rest. With libraries of several embedding
    models (`models`: library -> model) each cosine is first taken relative to its model's
    threshold of relevance. BM25 z-scores are per library (IDF differs by library); a chunk BM25 did not retrieve gets its library's
    lowest z. `alphas` gives a library its own alpha.
    """
    merged = _merge(dense, lexical)
    if not merged:
        return []
    models = models or {}
    alphas = alphas or {}
    # Cosines of two models are not comparable: each is taken relative to its model's
    # "unrelated" threshold first, then z-scored together (one model: unchanged).
    shift = {lib: _min_similarity(m) for lib, m in models.items()} \
        if len(set(models.values())) > 1 else {}
    sim_z = _zscorer([h.similarity - shift.get(h.library, 0.0) for h in merged.values()])
    by_library: dict[str, list[float]] = {}
    for h in lexical:
        by_library.setdefault(h.library, []).append(h.bm25 or 0.0)
    bm_z = {lib: _zscorer(v) for lib, v in by_library.items()}
    # Missed by BM25: as low as the lowest chunk it found (in any library, when it found
    # nothing in this one); nowhere any BM25 hit: the cosine alone decides.
    floor = {lib: bm_z[lib](min(v)) for lib, v in by_library.items()}
    lowest = min(floor.values(), default=0.0)
    for h in merged.values():
        if h.bm25 is not None:
            bm = bm_z[h.library](h.bm25)
        else:
            bm = floor.get(h.library, lowest)
        a = alphas.get(h.library, alpha)
        h.score = a * sim_z(h.similarity - shift.get(h.library, 0.0)) + (1 - a) * bm
    return sorted(merged.values(), key=lambda h: (-h.score, h.path, h.seq))


def _zscorer(values: list[float]) -> Any:
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1.0
    return lambda v: (v - mean) / std


def rerank_hits(reranker: Reranker, query: str, hits: list[SearchHit]) -> list[SearchHit]:
    """Order the top `RERANK_TOP` by the cross-encoder; the rest keep their fused order."""
    head, tail = hits[:RERANK_TOP], hits[RERANK_TOP:]
    scores = reranker.scores(query, [_passage(h) for h in head])
    for h, s in zip(head, scores, strict=True):
        h.rerank_score = s
    head.sort(key=lambda h: -(h.rerank_score or 0.0))
    # Scores must stay descending across head and tail: rescale the head above the tail.
    top = max((h.score for h in tail), default=0.0)
    for i, h in enumerate(head):
        h.score = top + (len(head) - i) / (len(head) + 1) * (1.0 + top)
    return head + tail


def _passage(h: SearchHit) -> str:
    return f"{h.heading}\n{h.text}" if h.heading and h.heading not in h.text else h.text


# filters ------------------------------------------------------------------------------


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def file_filter(files: Iterable[str | Path] | None) -> str | None:
    """A LanceDB `where` keeping chunks of the given files.

    An existing file matches exactly, an existing folder by prefix, anything else by file
    name (so `--file report.pdf` works without the full path).
    """
    if not files:
        return None
    clauses = []
    for f in files:
        raw = str(f).strip()
        if not raw:
            continue
        p = Path(raw).expanduser()
        if p.is_dir():
            clauses.append(f"starts_with(path, {_quote(str(p.absolute()).rstrip('/') + '/')})")
        elif p.exists() or p.is_absolute():
            clauses.append(f"path = {_quote(to_store(str(p.absolute())))}")
        else:
            name = raw.replace("\\", "/").lstrip("./")
            clauses.append(f"(path = {_quote(name)} OR ends_with(path, {_quote('/' + name)}))")
    if not clauses:
        return None
    return "(" + " OR ".join(clauses) + ")"


# relevance ----------------------------------------------------------------------------

# Cosine similarity below which a chunk is unrelated to the question, per embedding model.
# all-MiniLM-L6-v2 (bench/retrieval_quality.py prints both): the best chunk of 97% of real
# SciFact queries scores >= 0.40; off-topic questions' best chunks score <= 0.28.
# USE multilingual v3 (bench/multilingual_quality.py, dev): the best of the top 5 scores
# >= 0.231 for 95% of answered questions and <= 0.203 for 95% of unrelated ones (every
# language); 0.21 separates them with balanced accuracy 0.98 (with the query folding of
# engine.library.hanzi the best cut moved to 0.204: 0.21 stays inside the gap). Its
# cosines run lower than MiniLM's: a clear match ("How much did revenue grow?" /
# "Revenue grew by 12 percent") scores 0.36.
MIN_SIMILARITY = {
    "sentence-transformers/all-MiniLM-L6-v2": 0.33,
    "google/universal-sentence-encoder-multilingual-3": 0.21,
}
DEFAULT_MIN_SIMILARITY = 0.4
# (floor, gap): below the threshold, the best document still counts when it scores at least
# `floor` and `gap` more than any other document. Only for USE, whose cross-language matches
# score low; checked on the zh/pl/en fixtures of tests/engine/library/test_multilingual.py.
STANDOUT = {"google/universal-sentence-encoder-multilingual-3": (0.16, 0.12)}
MIN_RERANK_LOGIT = 0.0  # ms-marco cross-encoders: > 0 means "relevant" more likely than not


def relevant_hits(
    hits: Sequence[SearchHit], query: str, models: Mapping[str, str] | str = ""
) -> list[SearchHit]:
    """The hits that bear on `query`, in their order (decided from scores alone).

    A hit is relevant when it is semantically close enough (a threshold per embedding
    model: `models` maps library -> model, or names one model for all), or contains an
    identifier of the query (a product code, an error number: embeddings blur those, BM25
    does not), or most of the query's CJK bigrams. When the model does not know the
    query's language its cosine means little, so most of the query's words must occur.
    With a cross-encoder, its logit decides instead.
    """
    from engine.library.embedders import covers_query

    if any(h.rerank_score is not None for h in hits):
        return [h for h in hits if (h.rerank_score or 0.0) > MIN_RERANK_LOGIT]
    out = []
    standout = _standout(hits, models)
    for h in hits:
        model = models if isinstance(models, str) else models.get(h.library, "")
        text = h.text + " " + h.heading
        known = not model or covers_query(model, query)
        close = known and (h.similarity >= _min_similarity(model) or h.chunk_id in standout)
        if close or lexical_match(query, text, words=not known):
            out.append(h)
    return out


def _standout(hits: Sequence[SearchHit], models: Mapping[str, str] | str) -> set[str]:
    """The best chunk, when it stands far above every other document although below the
    threshold: a cross-language match scores lower (USE: a Polish question about an
    English passage, 0.18 against 0.02 for the rest), an unrelated question lifts no
    document clear of the others."""
    rule = None
    best: dict[str, SearchHit] = {}
    for h in hits:
        model = models if isinstance(models, str) else models.get(h.library, "")
        rule = rule or STANDOUT.get(model)
        if h.path not in best or h.similarity > best[h.path].similarity:
            best[h.path] = h
    ranked = sorted(best.values(), key=lambda h: -h.similarity)
    if rule is None or len(ranked) < 2:
        return set()
    floor, gap = rule
    top, runner_up = ranked[0], ranked[1]
    if top.similarity >= floor and top.similarity - runner_up.similarity >= gap:
        return {top.chunk_id}
    return set()


def _min_similarity(model_name: str) -> float:
    return MIN_SIMILARITY.get(model_name, DEFAULT_MIN_SIMILARITY)


def is_relevant(hits: Sequence[SearchHit], query: str, models: Mapping[str, str] | str = "") -> bool:
    """Whether retrieval found anything that bears on `query` (see relevant_hits)."""
    return bool(relevant_hits(hits, query, models))


def lexical_match(query: str, text: str, words: bool = False) -> bool:
    """Whether `text` holds an identifier of `query`, or most of its CJK bigrams, or (with
    `words`) most of its words of 4+ letters."""
    from engine.textnorm import fts_terms

    q_terms = fts_terms(query)
    t_terms = set(fts_terms(text))
    # Identifiers: a term mixing letters and digits, or a number of 3+ digits.
    ids = [t for t in q_terms if any(c.isdigit() for c in t) and len(t) >= 3]
    if any(t in t_terms for t in ids):
        return True
    cjk = [t for t in q_terms if len(t) == 2 and all(_is_cjk(c) for c in t)]
    if len(cjk) >= 2 and sum(t in t_terms for t in cjk) / len(cjk) >= 0.5:
        return True
    long_words = [t for t in q_terms if len(t) >= 4 and not _is_cjk(t[0])]
    return words and len(long_words) >= 2 and sum(t in t_terms for t in long_words) / len(long_words) >= 0.5


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF


# whole documents ----------------------------------------------------------------------


def document_chunks(service: LibraryService, library: str, path: str) -> list[SearchHit]:
    """Every chunk of one file of `library`, in reading order (page, then sequence)."""
    store = service.store(library)
    if store.count() == 0:
        return []
    rows = (
        store.table.search()
        .where(f"path = {_quote(to_store(path))}")
        .select(_COLUMNS)
        .limit(None)
        .to_arrow()
        .to_pylist()
    )
    hits = [_hit(library, r) for r in rows]
    hits.sort(key=lambda h: (h.page, h.seq))
    return hits


def merge_overlapping(texts: Sequence[str], max_overlap: int = 2000) -> str:
    """Join consecutive chunk texts, dropping the overlap the chunker repeats between them."""
    out = ""
    for text in texts:
        if not out:
            out = text
            continue
        tail = out[-max_overlap:]
        cut = 0
        # The longest suffix of `out` that is a prefix of `text`: try each place where the
        # next text's first characters occur (works without spaces, e.g. in Chinese).
        probe = text[:4]
        pos = tail.find(probe)
        while pos != -1:
            if text.startswith(tail[pos:]):
                cut = len(tail) - pos
                break
            pos = tail.find(probe, pos + 1)
        sep = "" if cut else ("\n" if out.endswith((".", "。")) else " ")
        out = out + sep + text[cut:]
    return out
