"""Indexing throughput: Hearth indexing SciFact vs raw fastembed on the same chunk texts.

Each SciFact abstract (title + abstract) is written as one .txt file into a temp folder and
indexed into a fresh library (parse processes, chunking, embedding, LanceDB writes, FTS
index). The exact chunk texts Hearth embeds are also embedded with a plain fastembed
`TextEmbedding.embed` call (its default batching) in the same process: half right before
Hearth's run and half right after, so drifting load on a shared machine hits both sides.

Last line: {"hearth_chunks_s", "raw_chunks_s", "ratio", ...}; target ratio >= 0.9.

    python bench/index_throughput.py [--limit N] [--data PATH/scifact.zip]
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "scifact" / "scifact.zip"


def load_corpus(zip_path: Path, limit: int | None) -> list[tuple[str, str]]:
    """[(doc_id, "title\\n\\nabstract")] from corpus_train.csv."""
    csv.field_size_limit(10**8)
    with zipfile.ZipFile(zip_path) as zf, zf.open("corpus_train.csv") as f:
        rows = csv.DictReader(io.TextIOWrapper(f, encoding="utf-8"))
        docs = []
        for row in rows:
            try:
                sentences = ast.literal_eval(row["abstract"])
                abstract = " ".join(s.strip() for s in sentences)
            except (ValueError, SyntaxError):
                abstract = row["abstract"]
            docs.append((row["doc_id"], f"{row['title'].strip()}\n\n{abstract}"))
            if limit and len(docs) >= limit:
                break
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
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
        for doc_id, text in docs:
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")

        from fastembed import TextEmbedding

        from engine.api import Hearth
        from engine.library.chunking import Chunker
        from engine.library.documents import read_and_parse

        hearth = Hearth(Path(tmp) / "home")
        libs = hearth.libraries
        libs.create("scifact", [folder])
        embedder = libs.embedder
        assert embedder.dim == 384  # loads the model before timing, as the raw side does

        # The chunk texts Hearth will embed, computed with its own parser and chunker (and
        # checked against what it stored below).
        chunker = Chunker(embedder.tokenizer, embedder.max_tokens)
        texts = []
        for path in sorted(str(p) for p in folder.iterdir()):
            sections = read_and_parse(path)["sections"]
            texts.extend(c.embed_text for c in chunker.chunk(path, sections))

        raw = TextEmbedding(
            "sentence-transformers/all-MiniLM-L6-v2", specific_model_path=str(model_dir)
        )
        list(raw.embed(["warm up"]))

        # The machine is shared, so its speed drifts: raw fastembed embeds half of the texts
        # right before Hearth's run and the other half right after, bracketing it in time.
        t0 = time.perf_counter()
        vectors = list(raw.embed(texts[0::2]))
        raw_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        report = libs.index("scifact")
        hearth_s = time.perf_counter() - t0
        chunks = report.chunks_added

        t0 = time.perf_counter()
        vectors += list(raw.embed(texts[1::2]))
        raw_s += time.perf_counter() - t0

        table = libs.store("scifact").table
        rows = table.search().select(["heading", "text"]).limit(None).to_list()
        stored = [f"{r['heading']}\n{r['text']}" if r["heading"] else r["text"] for r in rows]
        assert sorted(stored) == sorted(texts), "Hearth embedded other texts than measured raw"
        assert len(vectors) == len(texts) == chunks
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
                "stages_s": {k: round(v, 2) for k, v in report.stages.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
