"""A library above the vector-index threshold searches like a flat scan of the same rows.

LanceDB's `_distance` changes meaning with the index (a flat scan gives 1 - cos, IVF_HNSW_SQ
about 2 * (1 - cos)); with one scale for dense hits and another for BM25 hits, fusion and the
"nothing relevant" decision read the wrong numbers. Two libraries index the same real
documents (SciFact abstracts): one with an ANN index (threshold lowered so the test stays
small), one scanned flat. Every hit's similarity, the ranking and the relevance decision
must agree.
"""

from __future__ import annotations

import pytest

from engine.library.search import FUSIONS, is_relevant, search

DOCS = 150
INDEXED, FLAT = "indexed", "flat"
OFF_TOPIC = [
    "Who won the football world cup in 1998?",
    "What is the price of a train ticket from Paris to Berlin?",
    "Recipe for chocolate chip cookies",
]


@pytest.fixture(scope="module")
def scifact(tmp_path_factory: pytest.TempPathFactory):
    from bench.retrieval_quality import DEFAULT_DATA, load_claims, load_scifact

    if not DEFAULT_DATA.exists():
        pytest.skip(f"SciFact not found at {DEFAULT_DATA}")
    docs, _, _ = load_scifact(DEFAULT_DATA)
    claims, qrels = load_claims(DEFAULT_DATA, "claims_train.csv")
    chosen = sorted({d for q in qrels.values() for d in q} & set(docs))[:DOCS]
    folder = tmp_path_factory.mktemp("scifact")
    for doc_id in chosen:
        (folder / f"{doc_id}.md").write_text(docs[doc_id], "utf-8")
    questions = [claims[q] for q, rel in qrels.items() if rel & set(chosen)][:12]
    return folder, questions


@pytest.fixture(scope="module")
def libs(lib_hearth, scifact):
    folder, _ = scifact
    service = lib_hearth.libraries
    service.vector_index_min_rows = 100
    service.create(INDEXED, [folder])
    service.index(INDEXED)
    service.vector_index_min_rows = 10**9
    service.create(FLAT, [folder])
    service.index(FLAT)
    assert service.store(INDEXED).count() == service.store(FLAT).count() > 100
    assert service.store(INDEXED).has_vector_index()
    assert not service.store(FLAT).has_vector_index()
    return service


def test_every_hit_has_the_exact_cosine_of_its_chunk(libs, scifact) -> None:
    import numpy as np

    _, questions = scifact
    table = libs.store(INDEXED).table
    vectors = {r["id"]: np.asarray(r["vector"]) for r in
               table.search().select(["id", "vector"]).limit(None).to_list()}
    for q in questions[:4]:
        qvec = libs.embedder_of(INDEXED).embed_query(q)
        for mode in ("dense", "bm25", "hybrid"):
            for h in search(libs, INDEXED, q, k=10, mode=mode):
                v = vectors[h.chunk_id]
                cos = float(v @ qvec / (np.linalg.norm(v) * np.linalg.norm(qvec)))
                assert h.similarity == pytest.approx(cos, abs=1e-5), (mode, q)


@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_ranking_and_similarities_match_a_flat_scan(libs, scifact, mode: str) -> None:
    _, questions = scifact
    for q in questions:
        indexed = search(libs, INDEXED, q, k=10, mode=mode)
        flat = search(libs, FLAT, q, k=10, mode=mode)
        assert [h.chunk_id for h in indexed] == [h.chunk_id for h in flat], q
        for a, b in zip(indexed, flat, strict=True):
            assert a.similarity == pytest.approx(b.similarity, abs=1e-5)


@pytest.mark.parametrize("fusion", FUSIONS)
def test_every_fusion_ranks_as_on_a_flat_scan(libs, scifact, fusion: str) -> None:
    _, questions = scifact
    for q in questions[:6]:
        indexed = [h.chunk_id for h in search(libs, INDEXED, q, k=5, fusion=fusion)]
        assert indexed == [h.chunk_id for h in search(libs, FLAT, q, k=5, fusion=fusion)], q


def test_nothing_relevant_is_decided_as_on_a_flat_scan(libs, scifact) -> None:
    _, questions = scifact
    model = libs.model_of(INDEXED)
    decided = [is_relevant(search(libs, INDEXED, q, k=10), q, model) for q in questions]
    assert decided == [is_relevant(search(libs, FLAT, q, k=10), q, model) for q in questions]
    assert sum(decided) >= len(questions) - 1  # real questions about these abstracts
    for q in OFF_TOPIC:
        assert not is_relevant(search(libs, INDEXED, q, k=10), q, model), q
        assert not is_relevant(search(libs, FLAT, q, k=10), q, model), q
