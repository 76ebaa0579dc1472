"""A huge one-line file: chunked in bounded memory, or refused with the reason; never GBs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from engine.library.chunking import SEGMENT_CHARS, segments
from tests.model_files import REPO

MEASURE = """
import os, random, resource, sys
from pathlib import Path
from engine.library.chunking import Chunker
from engine.library.embed import Embedder
e = Embedder("sentence-transformers/all-MiniLM-L6-v2", model_path=Path(sys.argv[1]))
chunker = Chunker(e.tokenizer, e.max_tokens)
random.seed(1)
words = "alpha beta gamma delta epsilon zeta theta kappa lambda sigma".split()
text = " ".join(random.choice(words) for _ in range(1_300_000))  # ~8 MB, one line
chunker.chunk("/warm.txt", [(0, "", "warm up the tokenizer " * 50)])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
chunks = chunker.chunk("/huge.txt", [(0, "", text)])
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
assert all(len(c.text) < 3000 for c in chunks)
print(len(chunks), len(text), grown)
"""


def test_segments_cover_the_text_at_breaks() -> None:
    text = ("Zdanie pierwsze. 第二句话。" * 3000) + ("x" * 50_000)
    parts = list(segments(text))
    assert "".join(parts) == text
    assert all(len(p) <= SEGMENT_CHARS for p in parts)
    assert all(p.endswith(("。", ". ", ".")) for p in parts[:2])  # cut at sentence ends


def test_one_line_of_8_mb_chunks_in_bounded_memory(minilm: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(minilm)],
        capture_output=True, text=True, timeout=600, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    chunks, chars, grown_mb = map(int, out.stdout.split())
    assert chunks > chars // 2000  # all of it was chunked
    # The whole-text tokenization this replaced grew by about 1 GB here.
    assert grown_mb < 400, f"chunking 8 MB grew the process by {grown_mb} MB"


def test_a_file_over_the_text_limit_is_refused_with_the_reason(lib_hearth, tmp_path, monkeypatch):
    from engine.library import indexer

    monkeypatch.setattr(indexer, "MAX_TEXT_CHARS", 100_000)
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "log.txt").write_text("event ok " * 20_000, "utf-8")  # 180k chars, one line
    (folder / "note.txt").write_text("A short note about tea.", "utf-8")
    lib_hearth.libraries.create("Big", [folder])
    report = lib_hearth.libraries.index("Big")
    states = {Path(s.path).name: s for s in lib_hearth.libraries.status("Big")}
    assert states["note.txt"].state == "indexed"
    assert states["log.txt"].state == "failed"
    assert "too much text" in states["log.txt"].reason and "split" in states["log.txt"].reason
    assert report.indexed == 1
