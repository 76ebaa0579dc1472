"""Fetch all-MiniLM-L6-v2 (ONNX, the fastembed layout) for a build on a connected machine.

    python packaging/fetch-minilm.py DIR     # then: packaging/build.py --model DIR

Used by the hosted macOS / Windows workflows; the files are those fastembed itself
downloads for sentence-transformers/all-MiniLM-L6-v2 (Hugging Face repo Qdrant/all-MiniLM-L6-v2-onnx).
"""

from __future__ import annotations

import sys

from huggingface_hub import snapshot_download

FILES = ["model.onnx", "tokenizer.json", "tokenizer_config.json", "config.json",
         "special_tokens_map.json"]

if __name__ == "__main__":
    print(snapshot_download("Qdrant/all-MiniLM-L6-v2-onnx", local_dir=sys.argv[1],
                            allow_patterns=FILES))
