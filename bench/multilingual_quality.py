"""Multilingual retrieval quality per embedding model, on Debian's man pages (zh_CN, zh_TW, pl, en).

The set (bench/multilingual_set.py): each command's page in one language is the corpus; its
NAME description in all four languages are the questions, so most are cross-language. The
corpus is indexed through Hearth's real library pipeline once per model (own HEARTH_HOME,
setting `embedding_model`, cached in the temp folder like the SciFact bench). Per question
the dense and BM25 candidate lists are fetched once; every retriever and fusion weight is
scored on them: dense, BM25, z-score fusion and RRF over a grid. Metrics: answer@5 (the
page among the top 5 distinct documents) and nDCG@10, overall, per kind (same-language,
cross-language, other-script) and per question language, on dev and test.

Chosen on DEV only, per model: the z-score alpha (and RRF weight) with the best nDCG@10, and
the "nothing relevant" cosine threshold that best separates answered dev questions from the
unrelated ones (everyday questions in the four languages). Test only reports.

--tokenizers: BM25 alone with Hearth's character-bigram `fts` column against LanceDB's own
FTS tokenizers on the raw `text` column, each on a copy of the table.
--scifact: SciFact's 300 test claims, nDCG@10 per model with its chosen fusion.

    python bench/multilingual_quality.py [--models minilm,use] [--limit N] [--tokenizers] [--scifact]

Tables go to stdout; the last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import sys
import tempfile
import time
from copy import copy
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import multilingual_set  # noqa: E402 - after the path is set
from bench.retrieval_quality import (  # noqa: E402
    DEFAULT_DATA,
    K_CHUNKS,
    MINILM,
    build_index,
    collect_candidates,
    fold_to_docs,
    library_embedder,
    load_scifact,
)

USE = "google/universal-sentence-encoder-multilingual-3"
MODELS = {"minilm": MINILM, "use": USE}
LIBRARY = "manpages"
CANDIDATES = 40  # per list, as search() fetches
ZSCORE_ALPHAS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9)
RRF_WEIGHTS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
SETTINGS = ([("dense", None), ("bm25", None)] + [("zscore", a) for a in ZSCORE_ALPHAS]
            + [("rrf", w) for w in RRF_WEIGHTS])
REFUSAL_K = 5  # hits ask.py looks at (search k=5, as the SciFact calibration)


def label(fusion: str, weight: float | None) -> str:
    return fusion if weight is None else f"{fusion}@{weight:g}"


# ranking and metrics --------------------------------------------------------------------


def ranking(cands: tuple[list, list], fusion: str, weight: float | None) -> list:
    """The hits search() would return for this setting, best first."""
    from engine.library.search import fuse_candidates

    dense, lexical = ([copy(h) for h in hits[:CANDIDATES]] for hits in cands)
    if fusion == "dense":
        hits = sorted(dense, key=lambda h: -h.similarity)
    elif fusion == "bm25":
        hits = sorted(lexical, key=lambda h: -(h.bm25 or 0.0))
    else:
        hits = fuse_candidates(dense, lexical, fusion, weight)
    return hits[:K_CHUNKS]


def rank_of(doc: str, paths: list[str]) -> int | None:
    """0-based rank of `doc` among the distinct documents, None when absent."""
    docs = fold_to_docs(paths)
    return docs.index(doc) if doc in docs else None


def metrics(ranks: list[int | None]) -> dict:
    if not ranks:
        return {"n": 0}
    a5 = sum(r is not None and r < 5 for r in ranks) / len(ranks)
    nd = sum(1 / math.log2(r + 2) for r in ranks if r is not None and r < 10) / len(ranks)
    return {"n": len(ranks), "answer5": round(a5, 4), "ndcg10": round(nd, 4)}


def breakdown(questions: list[dict], ranks: dict[str, int | None]) -> dict:
    """Metrics per split, overall and per kind and question language."""
    out: dict[str, dict] = {}
    for split in ("dev", "test"):
        qs = [q for q in questions if q["split"] == split]
        groups = {"all": qs}
        for key in ("kind", "lang"):
            for value in sorted({q[key] for q in qs}):
                groups[value] = [q for q in qs if q[key] == value]
        out[split] = {g: metrics([ranks[q["id"]] for q in members]) for g, members in groups.items()}
    return out


def choose(grid: dict, fusion: str) -> float:
    """The weight of `fusion` best on dev: nDCG@10, then answer@5."""
    rows = [(v["dev"]["all"]["ndcg10"], v["dev"]["all"]["answer5"], w)
            for (f, w), v in grid.items() if f == fusion]
    return max(rows)[2]


# refusal threshold --------------------------------------------------------------------


def best_similarity(hits: list) -> float:
    return max((h.similarity for h in hits[:REFUSAL_K]), default=0.0)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(p * len(s)))], 3) if s else float("nan")


def separating_threshold(relevant: list[float], unrelated: list[float]) -> tuple[float, float]:
    """(threshold, balanced accuracy): keep >= t, refuse below; the middle of the best range."""
    cuts = sorted(set(relevant) | set(unrelated))
    mids = [(a + b) / 2 for a, b in zip(cuts, cuts[1:], strict=False)] or cuts

    def acc(t: float) -> float:
        kept = sum(s >= t for s in relevant) / len(relevant)
        refused = sum(s < t for s in unrelated) / len(unrelated)
        return (kept + refused) / 2

    best = max(acc(t) for t in mids)
    good = [t for t in mids if acc(t) >= best - 1e-9]
    return round((min(good) + max(good)) / 2, 3), round(best, 4)


def refusal(questions, cands, unrel, unrel_cands, fusion, weight) -> dict:
    from engine.library.search import lexical_match

    def sims(qs, split):
        out = []
        for q in qs:
            if split and q["split"] != split:
                continue
            hits = ranking(cands[q["id"]], fusion, weight)
            r = rank_of(q["doc"], [h.path for h in hits])
            if r is not None and r < 5:
                out.append(best_similarity(hits))
        return out

    dev, test = sims(questions, "dev"), sims(questions, "test")
    off_hits = {q["id"]: ranking(unrel_cands[q["id"]], fusion, weight) for q in unrel}
    off = [best_similarity(h) for h in off_hits.values()]
    off_by_lang = {}
    for q in unrel:
        off_by_lang.setdefault(q["lang"], []).append(best_similarity(off_hits[q["id"]]))
    t, bal = separating_threshold(dev, off)
    # relevant_hits() also keeps a hit sharing an identifier or most CJK bigrams of the
    # question: unrelated questions that pass that way are refused by nothing.
    lexical = sum(any(lexical_match(q["text"], h.text + " " + h.heading)
                      for h in off_hits[q["id"]][:REFUSAL_K]) for q in unrel)
    return {
        "setting": label(fusion, weight),
        "relevant_dev": {"n": len(dev), "min": pct(dev, 0), "p05": pct(dev, 0.05),
                         "median": round(statistics.median(dev), 3) if dev else None},
        "unrelated": {"n": len(off), "max": pct(off, 1.0), "p95": pct(off, 0.95),
                      "median": round(statistics.median(off), 3) if off else None},
        "threshold": t,
        "balanced_accuracy_dev": bal,
        "kept_test": round(sum(s >= t for s in test) / len(test), 4) if test else None,
        "unrelated_refused": round(sum(s < t for s in off) / len(off), 4),
        "unrelated_passing_lexical_match": lexical,
        "unrelated_by_lang": {lang: {"max": pct(v, 1.0), "median": round(statistics.median(v), 3)}
                              for lang, v in off_by_lang.items()},
    }


# tokenizers ---------------------------------------------------------------------------

TOKENIZERS = {
    "ngram2": {"base_tokenizer": "ngram", "ngram_min_length": 2, "ngram_max_length": 2},
    "ngram1-2": {"base_tokenizer": "ngram", "ngram_min_length": 1, "ngram_max_length": 2},
    "ngram3": {"base_tokenizer": "ngram", "ngram_min_length": 3, "ngram_max_length": 3},
    "simple": {"base_tokenizer": "simple", "stem": False, "remove_stop_words": False},
    "simple+en-stem": {"base_tokenizer": "simple"},  # LanceDB's defaults: English stemming
    "whitespace": {"base_tokenizer": "whitespace", "stem": False, "remove_stop_words": False},
    "icu": {"base_tokenizer": "icu", "stem": False, "remove_stop_words": False},
    # Need model files in LANCE_LANGUAGE_MODEL_HOME (jieba: a folder holding jieba's dict.txt).
    "jieba": {"base_tokenizer": "jieba/default", "stem": False, "remove_stop_words": False},
    "lindera": {"base_tokenizer": "lindera/ipadic", "stem": False, "remove_stop_words": False},
}
# As Hearth's own index treats terms: lower-cased, accents kept (Polish ą/a differ), no length cap.
_PLAIN = {"lower_case": True, "ascii_folding": False, "max_token_length": None}


def compare_tokenizers(service, questions: list[dict]) -> dict:
    """BM25 alone per tokenizer, on a copy of the library's table (Hearth's is not touched)."""
    import lancedb
    from lancedb.index import FTS

    from engine.textnorm import fts_text

    src = service.folder(LIBRARY) / "lancedb"
    tmp = Path(tempfile.mkdtemp(prefix="hearth-bench-fts-"))
    try:
        shutil.copytree(src, tmp / "lancedb")
        table = lancedb.connect(str(tmp / "lancedb")).open_table("chunks")
        out = {}

        def score(column: str, text_of) -> dict:
            ranks, errors, t0 = {}, 0, time.perf_counter()
            for q in questions:
                try:
                    rows = (table.search(text_of(q["text"]), query_type="fts", fts_columns=column)
                            .select(["path", "_score"]).limit(K_CHUNKS).to_list())
                except Exception:  # noqa: BLE001 - a query the tokenizer cannot parse: no hits
                    rows, errors = [], errors + 1
                ranks[q["id"]] = rank_of(q["doc"], [r["path"] for r in rows])
            res = breakdown(questions, ranks)
            res["query_errors"] = errors
            res["ms_per_query"] = round((time.perf_counter() - t0) * 1000 / len(questions), 1)
            return res

        out["hearth-bigram (fts)"] = score("fts", fts_text)
        for name, cfg in TOKENIZERS.items():
            try:
                t0 = time.perf_counter()
                table.create_index("text", replace=True, config=FTS(**{**_PLAIN, **cfg}))
                built = time.perf_counter() - t0
            except Exception as e:  # noqa: BLE001 - tokenizer unavailable (model files missing)
                out[name] = {"error": f"{type(e).__name__}: {str(e)[:200]}"}
                continue
            out[name] = score("text", lambda s: s)
            out[name]["index_s"] = round(built, 1)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# SciFact ------------------------------------------------------------------------------


def scifact(model: str, model_dir: Path, data: Path, fusions: list[tuple[str, float | None]],
            limit: int | None) -> dict:
    from engine.api import Hearth

    docs, queries, qrels = load_scifact(data)
    if limit:
        queries = dict(list(queries.items())[:limit])
    t0 = time.perf_counter()
    home = build_index(docs, model_dir, model)
    built = time.perf_counter() - t0
    hearth = Hearth(home)
    try:
        t0 = time.perf_counter()
        cands = collect_candidates(hearth.libraries, queries, CANDIDATES, "scifact")
        searched = time.perf_counter() - t0
    finally:
        hearth.close()
    out = {"claims": len(queries), "index_s": round(built), "candidates_s": round(searched)}
    for fusion, weight in fusions:
        nd = []
        for qid, c in cands.items():
            docs_ranked = fold_to_docs([h.path for h in ranking(c, fusion, weight)])
            dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(docs_ranked[:10]) if d in qrels[qid])
            ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(qrels[qid]))))
            nd.append(dcg / ideal)
        out[label(fusion, weight)] = round(statistics.mean(nd), 4)
    return out


# main ---------------------------------------------------------------------------------


def evaluate_model(model: str, model_dir: Path, s: dict, questions: list[dict], args) -> dict:
    from engine.api import Hearth

    t0 = time.perf_counter()
    home = build_index(s["docs"], model_dir, model, library=LIBRARY, suffix=".txt")
    res: dict = {"index_s": round(time.perf_counter() - t0)}
    hearth = Hearth(home)
    try:
        service = hearth.libraries
        embedder = library_embedder(service, LIBRARY)
        if embedder.model_name != model:
            sys.exit(f"{LIBRARY} is searched with {embedder.model_name}, not {model}")
        res["chunks"] = service.store(LIBRARY).count()
        t0 = time.perf_counter()
        cands = collect_candidates(service, {q["id"]: q["text"] for q in questions}, CANDIDATES,
                                   LIBRARY)
        unrel_cands = collect_candidates(service, {q["id"]: q["text"] for q in s["unrelated"]},
                                         CANDIDATES, LIBRARY)
        res["candidates_s"] = round(time.perf_counter() - t0)
        grid = {}
        for fusion, weight in SETTINGS:
            ranks = {q["id"]: rank_of(q["doc"], [h.path for h in ranking(cands[q["id"]], fusion, weight)])
                     for q in questions}
            grid[(fusion, weight)] = breakdown(questions, ranks)
        alpha, rrf_w = choose(grid, "zscore"), choose(grid, "rrf")
        res["chosen_zscore_alpha"], res["chosen_rrf_weight"] = alpha, rrf_w
        res["grid"] = {label(*k): v for k, v in grid.items()}
        res["refusal"] = refusal(questions, cands, s["unrelated"], unrel_cands, "zscore", alpha)
        if args.tokenizers:
            t0 = time.perf_counter()
            res["tokenizers"] = compare_tokenizers(service, questions)
            res["tokenizers_s"] = round(time.perf_counter() - t0)
    finally:
        hearth.close()
    if args.scifact:
        fusions = [("dense", None), ("bm25", None), ("zscore", alpha), ("zscore", 0.75),
                   ("rrf", rrf_w), ("rrf", 1.0)]
        res["scifact"] = scifact(model, model_dir, args.data, list(dict.fromkeys(fusions)),
                                 args.limit)
    return res


def print_tables(model: str, res: dict) -> None:
    print(f"\n== {model}: {res['chunks']} chunks, indexed in {res['index_s']} s; chosen on dev: "
          f"zscore alpha {res['chosen_zscore_alpha']:g}, rrf weight {res['chosen_rrf_weight']:g}")
    print(f"{'setting':<12} {'dev a@5':>8} {'dev nDCG':>9} {'test a@5':>9} {'test nDCG':>10}")
    for name, v in res["grid"].items():
        d, t = v["dev"]["all"], v["test"]["all"]
        print(f"{name:<12} {d['answer5']:>8.3f} {d['ndcg10']:>9.3f} {t['answer5']:>9.3f} "
              f"{t['ndcg10']:>10.3f}")
    keys = ["zscore@0.75", f"zscore@{res['chosen_zscore_alpha']:g}",
            f"rrf@{res['chosen_rrf_weight']:g}", "dense", "bm25"]
    groups = list(next(iter(res["grid"].values()))["test"])
    for split in ("dev", "test"):
        print(f"answer@5 on {split} by group (n):")
        print(f"{'setting':<12} " + " ".join(f"{g[:14]:>14}" for g in groups))
        print(f"{'':<12} " + " ".join(
            f"{next(iter(res['grid'].values()))[split][g]['n']:>14}" for g in groups))
        for k in dict.fromkeys(keys):
            row = res["grid"][k][split]
            print(f"{k:<12} " + " ".join(f"{row[g].get('answer5', float('nan')):>14.3f}" for g in groups))
    r = res["refusal"]
    print(f"refusal ({r['setting']}, best cosine of the top {REFUSAL_K}): answered dev questions "
          f"min {r['relevant_dev']['min']} p05 {r['relevant_dev']['p05']} median "
          f"{r['relevant_dev']['median']} (n {r['relevant_dev']['n']}); unrelated max "
          f"{r['unrelated']['max']} p95 {r['unrelated']['p95']} median {r['unrelated']['median']}"
          f" (n {r['unrelated']['n']}); threshold {r['threshold']} (balanced accuracy "
          f"{r['balanced_accuracy_dev']}), keeps {r['kept_test']} of answered test questions, "
          f"refuses {r['unrelated_refused']} of unrelated; {r['unrelated_passing_lexical_match']}"
          f" unrelated pass by lexical_match; unrelated by language: "
          + ", ".join(f"{k} max {v['max']} median {v['median']}"
                      for k, v in r["unrelated_by_lang"].items()))
    if "tokenizers" in res:
        print(f"BM25 alone by tokenizer ({res['tokenizers_s']} s):")
        print(f"{'tokenizer':<20} {'dev a@5':>8} {'dev nDCG':>9} {'test a@5':>9} {'test nDCG':>10}"
              f" {'test same-lang a@5':>19} {'ms/q':>6}")
        for name, v in res["tokenizers"].items():
            if "error" in v:
                print(f"{name:<20} unavailable: {v['error']}")
                continue
            d, t = v["dev"]["all"], v["test"]["all"]
            same = v["test"].get("same-language", {}).get("answer5", float("nan"))
            print(f"{name:<20} {d['answer5']:>8.3f} {d['ndcg10']:>9.3f} {t['answer5']:>9.3f} "
                  f"{t['ndcg10']:>10.3f} {same:>19.3f} {v['ms_per_query']:>6}")
    if "scifact" in res:
        sf = res["scifact"]
        print(f"SciFact nDCG@10 ({sf['claims']} claims, index {sf['index_s']} s): " + ", ".join(
            f"{k} {v:.4f}" for k, v in sf.items() if isinstance(v, float)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(MODELS),
                    help="comma-separated: minilm, use, or full model names")
    ap.add_argument("--limit", type=int, default=None, help="questions (and SciFact claims)")
    ap.add_argument("--tokenizers", action="store_true", help="compare FTS tokenizers (BM25 alone)")
    ap.add_argument("--scifact", action="store_true", help="SciFact nDCG@10 per model")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scifact.zip")
    args = ap.parse_args()

    from tests.model_files import minilm_path

    model_dir = minilm_path()
    if model_dir is None:
        sys.exit("all-MiniLM-L6-v2 ONNX not found: set HEARTH_EMBEDDING_MODEL_PATH")
    models = [MODELS.get(m.strip(), m.strip()) for m in args.models.split(",") if m.strip()]
    t0 = time.perf_counter()
    s = multilingual_set.build(Path(tempfile.gettempdir()) / "hearth-bench-manpages-corpus")
    questions = s["questions"][: args.limit] if args.limit else s["questions"]
    summary = multilingual_set.summary(s)
    summary["questions_used"] = len(questions)
    print(f"set: {json.dumps(summary, ensure_ascii=False)} ({time.perf_counter() - t0:.0f} s)",
          file=sys.stderr)
    out: dict = {"set": summary, "models": {}}
    for model in models:
        t0 = time.perf_counter()
        res = evaluate_model(model, model_dir, s, questions, args)
        res["total_s"] = round(time.perf_counter() - t0)
        print_tables(model, res)
        out["models"][model] = res
        sys.stdout.flush()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
