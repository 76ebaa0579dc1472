"""Search latency at 100k chunks: Hearth's default search path vs raw LanceDB queries.

A library of 100,000 chunks is synthesised from SciFact sentences (windows of 1-3 consecutive
sentences, so BM25 sees a real term distribution). Vectors: real MiniLM embeddings for the
first 1,000 chunks; the rest are those vectors plus small noise, re-normalised (clustered
like real embeddings, which matters for an IVF index). The chunks are written with the
library's own ChunkStore, then its FTS index and our vector index are built
(ChunkStore.ensure_vector_index: IVF_HNSW_SQ from VECTOR_INDEX_MIN_ROWS rows on). Cached in
the temp folder between runs.

Timed per query (100 SciFact claims, after 5 warm-up queries):
- search_*: LibraryService.search, the default hybrid path (query embedding, vector + BM25
  candidates, fusion), i.e. what `hearth library search` and `ask` run;
- raw_vector_* / raw_fts_*: LanceDB alone, one vector query (pre-embedded) / one FTS query,
  top 10, on the same table;
- ann_recall10: overlap of the top 10 of our indexed vector search (search.CANDIDATES
  candidates, search.ANN_NPROBES partitions) with an exact flat scan;
- the similarity of a dense hit, two ways: exact_cosine_* is search.vector_candidates (the
  stored vectors come back with the hits, the cosine is computed from them), distance_only_*
  the same query returning only LanceDB's `_distance`, converted by the index's metric. The
  index's distance is quantised and on its own scale (about 2 * (1 - cos) for IVF_HNSW_SQ,
  1 - cos for a flat scan): distance_error_max is how far its best conversion, 1 - d / 2, is
  from the exact cosine.

Last line: {"search_p50_ms", "search_p95_ms", "raw_vector_p50_ms", ...}; target p50 < 50 ms.

    python bench/search_latency.py [--rows N] [--data PATH/scifact.zip]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.retrieval_quality import DEFAULT_DATA, _sentences  # noqa: E402

LIBRARY = "latency"
REAL_VECTORS = 1000


def sentences(zip_path: Path) -> list[str]:
    import csv
    import io
    import zipfile

    csv.field_size_limit(10**8)
    out: list[str] = []
    with zipfile.ZipFile(zip_path) as zf, zf.open("corpus_train.csv") as f:
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
            out.append(row["title"].strip())
            out.extend(s for s in _sentences(row["abstract"]) if s)
    return out


def claims(zip_path: Path, n: int) -> list[str]:
    import csv
    import io
    import zipfile

    with zipfile.ZipFile(zip_path) as zf, zf.open("claims_validation.csv") as f:
        seen: list[str] = []
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
            if row["claim"] not in seen:
                seen.append(row["claim"])
    return seen[:n]


def build(hearth, rows: int, zip_path: Path) -> None:
    import numpy as np

    from engine.library.chunking import chunk_id_for, doc_id_for
    from engine.textnorm import fts_text

    service = hearth.libraries
    if not any(i.name == LIBRARY for i in service.list()):
        service.create(LIBRARY)
    store = service.store(LIBRARY)
    if store.count() >= rows:
        return
    store.drop()
    sents = sentences(zip_path)
    texts: list[str] = []
    width = 1
    while len(texts) < rows:
        for i in range(0, len(sents) - width, width):
            texts.append(" ".join(sents[i : i + width]))
            if len(texts) >= rows:
                break
        width += 1
    rng = np.random.default_rng(0)
    real = service.embedder.embed_documents(texts[:REAL_VECTORS])
    batch = 10_000
    for start in range(0, rows, batch):
        part = texts[start : start + batch]
        base = real[rng.integers(0, len(real), len(part))]
        vecs = base + rng.normal(0, 0.03, base.shape).astype(np.float32)
        if start == 0:
            vecs[: min(len(part), REAL_VECTORS)] = real[: len(part)]
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        paths = [f"/synthetic/doc{(start + i) // 4:06d}.txt" for i in range(len(part))]
        seqs = [(start + i) % 4 for i in range(len(part))]
        store.add(
            {
                "id": [chunk_id_for(p, 0, s, t) for p, s, t in zip(paths, seqs, part, strict=True)],
                "doc_id": [doc_id_for(p) for p in paths],
                "path": paths,
                "page": [0] * len(part),
                "heading": [""] * len(part),
                "seq": seqs,
                "text": part,
                "fts": [fts_text(t) for t in part],
            },
            vecs.astype(np.float32),
        )
        print(f"wrote {start + len(part)} chunks", file=sys.stderr, flush=True)
    store.optimize()
    store.ensure_fts_index()
    t0 = time.perf_counter()
    store.ensure_vector_index()
    print(f"vector index built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(q * len(s)))], 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()

    from tests.model_files import minilm_path

    model_dir = minilm_path()
    if model_dir is None:
        sys.exit("all-MiniLM-L6-v2 ONNX not found: set HEARTH_EMBEDDING_MODEL_PATH")
    os.environ["HEARTH_EMBEDDING_MODEL_PATH"] = str(model_dir)

    import numpy as np

    from engine.api import Hearth
    from engine.library.search import ANN_NPROBES, CANDIDATES, vector_candidates
    from engine.textnorm import fts_text

    home = Path(tempfile.gettempdir()) / f"hearth-bench-latency-{args.rows}"
    hearth = Hearth(home)
    try:
        build(hearth, args.rows, args.data)
        service = hearth.libraries
        table = service.store(LIBRARY).table
        queries = claims(args.data, args.queries + 5)
        warm, timed = queries[:5], queries[5:]
        for q in warm:
            service.search(LIBRARY, q, k=10)

        ours = []
        for q in timed:
            t0 = time.perf_counter()
            service.search(LIBRARY, q, k=10)
            ours.append((time.perf_counter() - t0) * 1000)

        vecs = [service.embedder.embed_query(q) for q in timed]
        exact_ms, distance_ms, errors = [], [], []
        for v in vecs:
            t0 = time.perf_counter()
            hits = vector_candidates(table, LIBRARY, v, CANDIDATES)
            exact_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            rows = (
                table.search(v).distance_type("cosine").nprobes(ANN_NPROBES)
                .select(["id", "_distance"]).limit(CANDIDATES).to_list()
            )
            converted = {r["id"]: 1.0 - r["_distance"] / 2 for r in rows}
            distance_ms.append((time.perf_counter() - t0) * 1000)
            errors += [abs(converted[h.chunk_id] - h.similarity) for h in hits
                       if h.chunk_id in converted]
        raw_vec, raw_fts, overlap = [], [], []
        for q, v in zip(timed, vecs, strict=True):
            t0 = time.perf_counter()
            table.search(v).distance_type("cosine").select(["id", "_distance"]).limit(10).to_list()
            raw_vec.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            table.search(fts_text(q), query_type="fts", fts_columns="fts").select(
                ["id", "_score"]
            ).limit(10).to_list()
            raw_fts.append((time.perf_counter() - t0) * 1000)
            ann_ours = [{"id": h.chunk_id} for h in vector_candidates(table, LIBRARY, v, CANDIDATES)[:10]]
            exact = (
                table.search(v).distance_type("cosine").bypass_vector_index()
                .select(["id", "_distance"]).limit(10).to_list()
            )
            overlap.append(len({r["id"] for r in ann_ours} & {r["id"] for r in exact}) / 10)
        indexed = any(ix.columns == ["vector"] for ix in table.list_indices())
        out = {
            "rows": table.count_rows(),
            "vector_index": indexed,
            "search_p50_ms": pct(ours, 0.5),
            "search_p95_ms": pct(ours, 0.95),
            "raw_vector_p50_ms": pct(raw_vec, 0.5),
            "raw_fts_p50_ms": pct(raw_fts, 0.5),
            "ann_recall10": round(statistics.mean(overlap), 3),
            "exact_cosine_p50_ms": pct(exact_ms, 0.5),
            "distance_only_p50_ms": pct(distance_ms, 0.5),
            "exact_over_distance_ratio": round(pct(exact_ms, 0.5) / pct(distance_ms, 0.5), 2),
            "distance_error_max": round(float(np.max(errors)), 4) if errors else None,
        }
    finally:
        hearth.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
