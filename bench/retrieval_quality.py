"""Retrieval quality on SciFact: nDCG@10 and recall@10 of Hearth's search, per retriever.

The corpus (5,183 abstracts, each one Markdown document "# title" + abstract) is indexed
through the real library pipeline (LibraryService.index: parsing, token-limited chunking,
MiniLM embeddings, LanceDB + BM25 index). The index is cached in the temp folder under the
corpus hash, so only the first run pays for embedding. The 300 test queries are the unique
claims of claims_validation.csv; their cited_doc_ids are the relevant documents.

Measured per query, chunks folded to documents (a document ranks where its best chunk does):
dense-only, BM25-only, Hearth's default pipeline (and both of its fusion functions: weighted
RRF and the convex score combination), and, side by side in the same run, the raw library:
LanceDB's own hybrid query (vector + FTS with its RRFReranker) on the same table.

Last line: {"ndcg10_dense", "ndcg10_bm25", "ndcg10_default", "recall10_*", ...}.

    python bench/retrieval_quality.py [--data PATH/scifact.zip] [--limit-queries N]
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
    """(docs: id -> markdown, queries: id -> claim, qrels: id -> relevant doc ids)."""
    csv.field_size_limit(10**8)
    docs: dict[str, str] = {}
    queries: dict[str, str] = {}
    qrels: dict[str, set[str]] = {}
    with zipfile.ZipFile(zip_path) as zf:
        with zf.open("corpus_train.csv") as f:
            for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
                abstract = " ".join(_sentences(row["abstract"]))
                docs[row["doc_id"]] = f"# {row['title'].strip()}\n\n{abstract}\n"
        with zf.open("claims_validation.csv") as f:
            for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
                queries[row["id"]] = row["claim"]
                cited = row["cited_doc_ids"].strip("[]").replace(",", " ").split()
                qrels.setdefault(row["id"], set()).update(cited)
    return docs, queries, qrels


def corpus_key(docs: dict[str, str], model: str) -> str:
    h = hashlib.sha256(f"{CACHE_VERSION}\0{model}\0".encode())
    for doc_id in sorted(docs):
        h.update(doc_id.encode() + b"\0" + docs[doc_id].encode() + b"\0")
    return h.hexdigest()[:16]


def build_index(docs: dict[str, str], model_dir: Path) -> Path:
    """HEARTH_HOME holding the indexed "scifact" library (built once, then reused).

    The library pipeline is resumable, so an interrupted build continues on the next run.
    """
    from engine.api import Hearth
    from engine.config import DEFAULT_EMBEDDING_MODEL

    root = Path(tempfile.gettempdir()) / f"hearth-bench-scifact-{corpus_key(docs, DEFAULT_EMBEDDING_MODEL)}"
    home, folder, done = root / "home", root / "docs", root / "built.ok"
    os.environ["HEARTH_EMBEDDING_MODEL_PATH"] = str(model_dir)
    if done.exists():
        return home
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in docs.items():
        path = folder / f"{doc_id}.md"
        if not path.exists():
            path.write_text(text, "utf-8")
    hearth = Hearth(home)
    try:
        if not any(info.name == LIBRARY for info in hearth.libraries.list()):
            hearth.libraries.create(LIBRARY, [folder])
        t0 = time.perf_counter()

        def progress(p: object) -> None:
            done_n = getattr(p, "done", 0)
            if int(done_n) % 500 == 0:
                print(f"indexing {int(done_n)}/{len(docs)} documents", file=sys.stderr, flush=True)

        report = hearth.libraries.index(LIBRARY, progress=progress)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit-queries", type=int, default=None)
    ap.add_argument("--build-only", action="store_true", help="build the cached index and stop")
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
    k_chunks = 40  # enough chunks to fill 10 distinct documents

    def ours(mode: str, fusion: str | None = None):
        return lambda q: [
            h.path for h in search(service, LIBRARY, q, k=k_chunks, mode=mode, fusion=fusion)
        ]

    table = service.store(LIBRARY).table
    embedder = service.embedder

    def raw_hybrid(q: str) -> list[str]:
        # The raw library: LanceDB's built-in hybrid query (vector + FTS, RRFReranker).
        from lancedb.rerankers import RRFReranker

        from engine.library.textnorm import fts_text

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

    out: dict[str, float | int] = {"queries": len(queries), "chunks": service.store(LIBRARY).count()}
    for name, fn in (
        ("dense", ours("dense")),
        ("bm25", ours("bm25")),
        ("default", ours("hybrid")),
        ("rrf", ours("hybrid", "rrf")),
        ("convex", ours("hybrid", "convex")),
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
