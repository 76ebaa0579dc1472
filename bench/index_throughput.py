"""Indexing throughput: Hearth indexing SciFact vs raw fastembed on the same chunk texts.

Each SciFact abstract (title + abstract) is written as one .txt file into a temp folder and
indexed into a library (parse processes, chunking, embedding, LanceDB writes, compaction,
FTS index). The exact chunk texts Hearth embeds are also embedded with a plain fastembed
`TextEmbedding.embed` call (its default batching) in the same process. On a shared machine
the speed drifts, so the corpus goes in slices and the two sides take turns per slice.

Last line: {"hearth_chunks_s", "raw_chunks_s", "ratio", ...}; target ratio >= 0.9.

    python bench/index_throughput.py [--limit N] [--rounds R] [--data PATH/scifact.zip]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.retrieval_quality import DEFAULT_DATA  # noqa: E402


def load_corpus(zip_path: Path, limit: int | None) -> list[tuple[str, str]]:
    """[(doc_id, "title\n\nabstract")] from corpus_train.csv, as the retrieval bench reads it."""
    from bench.retrieval_quality import load_scifact

    corpus = load_scifact(zip_path)[0]
    docs = list(corpus.items())
    return docs[:limit] if limit else docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rounds", type=int, default=6, help="turns Hearth and raw take")
    args = ap.parse_args()

    from tests.model_files import minilm_path

    model_dir = minilm_path()
    if model_dir is None:
        sys.exit("all-MiniLM-L6-v2 ONNX not found: set HEARTH_EMBEDDING_MODEL_PATH")
    os.environ["HEARTH_EMBEDDING_MODEL_PATH"] = str(model_dir)

    docs = load_corpus(args.data, args.limit)
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        folder = Path(tmp) / "scifact"
        folder.mkdir()

        from fastembed import TextEmbedding

        from engine.api import Hearth
        from engine.library.chunking import Chunker
        from engine.library.documents import read_and_parse

        hearth = Hearth(Path(tmp) / "home")
        libs = hearth.libraries
        libs.create("scifact", [folder])
        embedder = libs.embedder
        assert embedder.dim == 384  # loads the model before timing, as the raw side does
        chunker = Chunker(embedder.tokenizer, embedder.max_tokens)
        raw = TextEmbedding(
            "sentence-transformers/all-MiniLM-L6-v2", specific_model_path=str(model_dir)
        )
        list(raw.embed(["warm up"]))

        # The machine is shared and its speed drifts, so the two sides take turns: each
        # round adds a slice of the documents to the folder, Hearth indexes them (an
        # incremental run: scan, parse, chunk, embed, write, compaction, FTS index) and raw
        # fastembed embeds the same slice's chunk texts, in alternating order.
        rounds = max(1, min(args.rounds, len(docs)))
        size = -(-len(docs) // rounds)
        hearth_s = raw_s = 0.0
        chunks = 0
        texts: list[str] = []
        stages: dict[str, float] = {}
        for r in range(rounds):
            part = docs[r * size : (r + 1) * size]
            paths = []
            for doc_id, text in part:
                path = folder / f"{doc_id}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(str(path))
            # The texts Hearth will embed, from its own parser and chunker (checked below).
            part_texts = [
                c.embed_text for p in paths for c in chunker.chunk(p, read_and_parse(p)["sections"])
            ]
            texts += part_texts
            for side in ("hearth", "raw") if r % 2 == 0 else ("raw", "hearth"):
                t0 = time.perf_counter()
                if side == "hearth":
                    report = libs.index("scifact")
                    hearth_s += time.perf_counter() - t0
                    chunks += report.chunks_added
                    for k, v in report.stages.items():
                        stages[k] = stages.get(k, 0.0) + v
                else:
                    vectors = list(raw.embed(part_texts))
                    raw_s += time.perf_counter() - t0
                    assert len(vectors) == len(part_texts)

        table = libs.store("scifact").table
        rows = table.search().select(["heading", "text"]).limit(None).to_list()
        stored = [f"{r['heading']}\n{r['text']}" if r["heading"] else r["text"] for r in rows]
        assert sorted(stored) == sorted(texts), "Hearth embedded other texts than measured raw"
        assert chunks == len(texts)
        hearth.close()

    hearth_cps = chunks / hearth_s
    raw_cps = len(texts) / raw_s
    print(
        f"{len(docs)} documents, {chunks} chunks: Hearth {hearth_s:.1f} s ({hearth_cps:.1f} chunks/s, "
        f"parse + chunk + embed + write + FTS index), raw fastembed {raw_s:.1f} s "
        f"({raw_cps:.1f} chunks/s)",
        file=sys.stderr,
    )
    print(
        json.dumps(
            {
                "docs": len(docs),
                "chunks": chunks,
                "hearth_s": round(hearth_s, 2),
                "raw_s": round(raw_s, 2),
                "hearth_chunks_s": round(hearth_cps, 1),
                "raw_chunks_s": round(raw_cps, 1),
                "ratio": round(hearth_cps / raw_cps, 3),
                "rounds": rounds,
                "stages_s": {k: round(v, 2) for k, v in stages.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
