"""The chunk table on a real LanceDB: BM25 sees rows added after the index; deletes; dims."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import StorageError
from engine.library.store import ChunkStore
from engine.textnorm import fts_text


def _rows(ids: list[str], texts: list[str], dim: int = 4):
    n = len(ids)
    columns = {
        "id": ids,
        "doc_id": [f"doc-{i}" for i in ids],
        "path": [f"/docs/{i}.txt" for i in ids],
        "page": [0] * n,
        "heading": [""] * n,
        "seq": [0] * n,
        "text": texts,
        "fts": [fts_text(t) for t in texts],
    }
    return columns, np.eye(n, dim, dtype=np.float32) if n <= dim else np.ones((n, dim), np.float32)


def _fts(store: ChunkStore, query: str) -> list[str]:
    hits = store.table.search(fts_text(query), query_type="fts").limit(10).to_list()
    return sorted(h["id"] for h in hits)


def test_fts_index_sees_later_rows_and_deletes(tmp_path):
    store = ChunkStore(tmp_path / "db", 4)
    store.add(*_rows(["a", "b"], ["Alpha beta.", "Gamma delta."]))
    store.ensure_fts_index()
    store.add(*_rows(["c"], ["ALPHA, omega!"]))
    assert _fts(store, "alpha") == ["a", "c"]  # before optimize: scanned
    store.optimize()
    assert _fts(store, "alpha") == ["a", "c"]  # after: in the index
    store.delete_docs(["doc-a"])
    assert _fts(store, "alpha") == ["c"]
    assert store.chunk_ids() == {"b", "c"} and store.count() == 2


def test_cjk_bigrams_match_through_the_whitespace_tokenizer(tmp_path):
    store = ChunkStore(tmp_path / "db", 4)
    store.add(*_rows(["zh", "pl"], ["量子力学是物理学分支", "Zażółć gęślą jaźń"]))
    store.ensure_fts_index()
    assert _fts(store, "力学") == ["zh"]
    assert _fts(store, "GĘŚLĄ") == ["pl"]


def test_wrong_vector_size_is_refused(tmp_path):
    store = ChunkStore(tmp_path / "db", 8)
    with pytest.raises(StorageError) as e:
        store.add(*_rows(["a"], ["text"], dim=4))
    assert "--reindex" in e.value.hint


def test_reopen_keeps_rows_and_quotes_are_safe(tmp_path):
    store = ChunkStore(tmp_path / "db", 4)
    store.add(*_rows(["it's"], ["O'Brien's notes"]))
    store.delete_docs(["doc-nothing'); DROP"])
    again = ChunkStore(tmp_path / "db", 4)
    assert again.chunk_ids() == {"it's"}
    again.delete_docs(["doc-it's"])
    assert again.count() == 0
