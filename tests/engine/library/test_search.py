"""Hybrid retrieval on a small real library: real MiniLM embeddings, real LanceDB (vector + BM25)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import LibraryError, NotFound
from engine.library.search import (
    SearchHit,
    file_filter,
    fuse,
    is_relevant,
    merge_overlapping,
    search,
)
from tests.engine.library.docfiles import make_pdf, write

LIB = "docs"

DOCS = {
    "router.md": "# Router manual\n\nTo restore the factory settings of the router, hold the reset "
    "button for ten seconds until the lights blink, then wait while the router restarts.",
    "invoice.md": "# Invoice 2024-118\n\nGarden furniture: four oak chairs and a table, "
    "delivered on Monday and paid in full. Item code QX-7731B.",
    "parts_fan.md": "# Spare parts\n\nCatalogue entry QX-7731C: a ceiling fan spare part, "
    "listed in the appendix.",
    "parts_filter.md": "# Spare parts\n\nCatalogue entry QX-7730A: a ceiling unit spare part, "
    "listed in the appendix.",
    "parts_lamp.md": "# Spare parts\n\nCatalogue entry QX-7713B: a spare part for the ceiling "
    "unit, listed in the appendix.",
    "garden.md": "# Growing tomatoes\n\nTomato plants need plenty of sunshine and regular "
    "watering. Pinch off the side shoots so the plant puts its energy into the fruit.",
    "finance.md": "# Quarterly report\n\nRevenue grew by 12 percent in the third quarter, driven "
    "by strong sales in Europe, while operating costs stayed flat.",
    "great_wall.txt": "长城是中国古代的军事防御工程，全长两万多公里。修建长城是为了抵御北方游牧民族的入侵。",
    "bread.md": "# Baking bread\n\nMix flour, water, salt and yeast, knead the dough for ten "
    "minutes and let it rise for two hours before baking at 230 degrees.",
}
PDF_PAGES = [
    "Observatory annual report. The observatory was founded in 1961 on a mountain ridge.",
    "The Aurora telescope has a main mirror 4.2 metres across and sees first light in 2027.",
]


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        write(folder, name, text)
    write(folder, "observatory.pdf", make_pdf(PDF_PAGES))
    return folder


@pytest.fixture(scope="module")
def lib(lib_hearth, docs_dir: Path):
    service = lib_hearth.libraries
    # MiniLM by choice: these tests pin down how BM25 and MiniLM share the work.
    service.create(LIB, [docs_dir], embedding_model="sentence-transformers/all-MiniLM-L6-v2")
    report = service.index(LIB)
    assert report.failed == 0 and report.indexed == len(DOCS) + 1
    return service


def names(hits: list[SearchHit]) -> list[str]:
    return [Path(h.path).name for h in hits]


def test_hits_carry_library_path_page_chunk_score_text(lib, docs_dir: Path) -> None:
    hits = lib.search(LIB, "How large is the mirror of the Aurora telescope?", k=3)
    top = hits[0]
    assert top.library == LIB
    assert top.path == str(docs_dir / "observatory.pdf")
    assert top.page == 2
    assert "4.2 metres" in top.text
    assert top.chunk_id and isinstance(top.score, float)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    d = top.to_dict()
    assert {"library", "path", "page", "chunk_id", "score", "text"} <= d.keys()


def test_exact_code_found_by_bm25_where_dense_misses_it(lib) -> None:
    query = "QX-7731B"
    dense = names(search(lib, LIB, query, k=3, mode="dense"))
    bm25 = names(search(lib, LIB, query, k=3, mode="bm25"))
    hybrid = names(lib.search(LIB, query, k=3))
    assert bm25[0] == "invoice.md"
    # By meaning the invoice is about furniture; look-alike codes are closer to the query.
    assert "invoice.md" not in dense
    assert "invoice.md" in hybrid


def test_paraphrase_found_by_dense_where_bm25_misses_it(lib) -> None:
    # No content word in common with router.md: only the embedding can connect them.
    query = "How can I bring my network box back to its original configuration?"
    dense = names(search(lib, LIB, query, k=3, mode="dense"))
    bm25 = names(search(lib, LIB, query, k=3, mode="bm25"))
    hybrid = names(lib.search(LIB, query, k=3))
    assert dense[0] == "router.md"
    assert "router.md" not in bm25[:1]
    assert "router.md" in hybrid[:2]


def test_chinese_query_finds_chinese_document_by_bigrams(lib) -> None:
    query = "长城有多长？"
    assert names(search(lib, LIB, query, k=1, mode="bm25")) == ["great_wall.txt"]
    assert names(lib.search(LIB, query, k=1)) == ["great_wall.txt"]


def test_file_filter_by_path_and_by_bare_name(lib, docs_dir: Path) -> None:
    hits = lib.search(LIB, "spare part for the ceiling unit", k=5, files=[docs_dir / "garden.md"])
    assert hits and {h.path for h in hits} == {str(docs_dir / "garden.md")}
    hits = lib.search(LIB, "spare part", k=5, files=["parts_lamp.md", "bread.md"])
    assert {Path(h.path).name for h in hits} == {"parts_lamp.md", "bread.md"}
    assert lib.search(LIB, "spare part", k=5, files=["no-such-file.md"]) == []


def test_rerank_is_off_without_a_local_model(lib, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.library.rerank import ENV_MODEL_PATH, reranker_for

    monkeypatch.delenv(ENV_MODEL_PATH, raising=False)
    assert reranker_for(lib) is None
    hits = lib.search(LIB, "tomato watering", k=2)
    assert names(hits)[0] == "garden.md"
    assert all(h.rerank_score is None for h in hits)
    with pytest.raises(LibraryError) as e:
        lib.search(LIB, "tomato watering", rerank=True)
    assert ENV_MODEL_PATH in e.value.hint


def test_relevance_is_decided_from_scores(lib) -> None:
    model = lib.model_of(LIB)
    for q in ("How long is the Great Wall? 长城有多长", "When does Aurora see first light?",
              "QX-7731B", "How much did revenue grow?"):
        assert is_relevant(lib.search(LIB, q, k=5), q, model), q
    for q in ("Who won the football world cup in 1998?", "What is the capital of Peru?"):
        assert not is_relevant(lib.search(LIB, q, k=5), q, model), q


def test_bad_input_gives_clear_errors(lib) -> None:
    with pytest.raises(LibraryError):
        lib.search(LIB, "   ")
    with pytest.raises(LibraryError):
        lib.search(LIB, "tomato", k=0)
    with pytest.raises(NotFound):
        lib.search("no such library", "tomato")


def test_two_libraries_searched_together(lib, tmp_path: Path) -> None:
    write(tmp_path, "moon.md", "# The Moon\n\nThe Moon orbits the Earth every 27.3 days.")
    lib.create("extra", [tmp_path])
    lib.index("extra")
    hits = lib.search([LIB, "extra"], "How long does the Moon take to orbit the Earth?", k=3)
    print([(h.library, names([h]), h.similarity, h.bm25, h.score) for h in hits])
    assert hits[0].library == "extra" and names(hits)[0] == "moon.md"
    assert {h.library for h in hits} == {LIB, "extra"}


def test_cli_search_queries_jsonl(lib, lib_home: Path, tmp_path: Path, capsys) -> None:
    from engine.cli.main import main

    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "query": "tomato sunshine"}) + "\n"
        + json.dumps({"id": 7, "query": "长城"}) + "\n",
        "utf-8",
    )
    assert main(["library", "search", LIB, "--queries", str(queries), "--json", "-k", "2"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["a", 7]
    first = lines[0]["results"][0]
    assert Path(first["path"]).name == "garden.md"
    assert {"path", "page", "chunk_id", "score", "text"} <= first.keys()
    assert Path(lines[1]["results"][0]["path"]).name == "great_wall.txt"

    assert main(["library", "search", LIB, "bread dough", "--json", "-k", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert Path(out["results"][0]["path"]).name == "bread.md"

    # Options before the query parse too.
    assert main(["library", "search", LIB, "--no-rerank", "-k", "1", "--json", "bread dough"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "bread dough"
    assert Path(out["results"][0]["path"]).name == "bread.md"


# pure functions -------------------------------------------------------------------------


def _h(chunk: str, doc: str, sim: float = 0.0, bm25: float | None = None) -> SearchHit:
    return SearchHit(LIB, f"/d/{doc}", 0, chunk, 0.0, chunk, doc_id=doc, similarity=sim, bm25=bm25)


def test_fusion_rewards_agreement_between_the_two_lists() -> None:
    dense = [_h("a1", "A", 0.9), _h("b1", "B", 0.8), _h("c1", "C", 0.7)]
    lexical = [_h("c1", "C", bm25=9.0), _h("b1", "B", bm25=5.0), _h("d1", "D", bm25=4.0)]
    fused = fuse(dense, lexical)
    # b1 (ranks 2 and 2) and c1 (ranks 3 and 1) are found by both: they lead.
    assert {h.chunk_id for h in fused[:2]} == {"b1", "c1"}
    assert {h.chunk_id for h in fused} == {"a1", "b1", "c1", "d1"}
    c1 = next(h for h in fused if h.chunk_id == "c1")
    assert c1.bm25 == 9.0 and c1.similarity == 0.7
    # Weights shift the balance: without BM25's vote the dense order comes back.
    assert [h.chunk_id for h in fuse(dense, lexical, bm25_weight=0.0)][:3] == ["a1", "b1", "c1"]


def test_bm25_ranks_are_per_library() -> None:
    # A one-document library has tiny IDFs, so its raw BM25 scores are low; it must still
    # count as that library's best lexical match.
    small = SearchHit("small", "/s/moon.md", 0, "m1", 0.0, "m", doc_id="M", similarity=0.7, bm25=0.3)
    big = [_h(f"x{i}", f"X{i}", sim=0.2, bm25=5.0 - i) for i in range(3)]
    fused = fuse([small, *big], [small, *big])
    assert fused[0].chunk_id == "m1"


def test_merge_overlapping_drops_repeated_text() -> None:
    assert merge_overlapping(["one two three four", "three four five six"]) == (
        "one two three four five six"
    )
    assert merge_overlapping(["长城是中国古代的军事防御工程", "防御工程，全长两万多公里"]) == (
        "长城是中国古代的军事防御工程，全长两万多公里"
    )
    assert merge_overlapping(["First part.", "Second part."]) == "First part.\nSecond part."


def test_file_filter_quotes_paths(tmp_path: Path) -> None:
    f = tmp_path / "it's.md"
    f.write_text("x")
    assert file_filter([f]) == f"(path = '{str(f).replace(chr(39), chr(39) * 2)}')"
    assert "starts_with" in (file_filter([tmp_path]) or "")
    assert file_filter(None) is None


def test_convex_fusion_keeps_score_margins() -> None:
    from engine.library.search import fuse_scores

    dense = [_h("a1", "A", 0.9), _h("b1", "B", 0.3), _h("c1", "C", 0.29)]
    lexical = [_h("b1", "B", bm25=2.0), _h("c1", "C", bm25=1.9), _h("d1", "D", bm25=1.0)]
    fused = fuse_scores(dense, lexical, alpha=0.7)
    # a1 is far ahead by meaning; b1 and c1 only slightly apart on both: a1 stays first.
    assert [h.chunk_id for h in fused][:2] == ["a1", "b1"]
    assert fused[0].score == pytest.approx(0.7)


def test_zscore_fusion_balances_both_lists() -> None:
    from engine.library.search import fuse_zscores

    def lists():
        dense = [_h("a1", "A", 0.9), _h("b1", "B", 0.8), _h("c1", "C", 0.7)]
        lexical = [_h("c1", "C", 0.7, 9.0), _h("b1", "B", 0.8, 5.0), _h("d1", "D", 0.2, 4.0)]
        return dense, lexical

    # alpha 1: meaning alone; alpha 0: words alone (a chunk BM25 missed ties with its last).
    assert [h.chunk_id for h in fuse_zscores(*lists(), alpha=1.0)] == ["a1", "b1", "c1", "d1"]
    assert [h.chunk_id for h in fuse_zscores(*lists(), alpha=0.0)][:2] == ["c1", "b1"]
    fused = fuse_zscores(*lists(), alpha=0.5)
    # b1 and c1, found by both, lead; the BM25 score is kept on the merged hit.
    assert {h.chunk_id for h in fused[:2]} == {"b1", "c1"}
    assert next(h for h in fused if h.chunk_id == "c1").bm25 == 9.0
    # No BM25 hit anywhere (e.g. no index yet): the cosine order.
    assert [h.chunk_id for h in fuse_zscores(lists()[0], [])] == ["a1", "b1", "c1"]


def test_unknown_fusion_is_refused(lib) -> None:
    with pytest.raises(LibraryError):
        search(lib, LIB, "telescope mirror", fusion="magic")


@pytest.mark.parametrize("fusion", ["convex", "zscore", "rrf"])
def test_hybrid_search_with_each_fusion(lib, fusion: str) -> None:
    hits = search(lib, LIB, "How large is the mirror of the Aurora telescope?", k=2, fusion=fusion)
    assert names(hits)[0] == "observatory.pdf" and hits[0].page == 2


def test_vector_index_is_built_for_large_tables(tmp_path: Path) -> None:
    import numpy as np

    from engine.library.search import vector_candidates
    from engine.library.store import ChunkStore

    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(600, 16)).astype(np.float32)
    rows = {
        "id": [str(i) for i in range(600)], "doc_id": [str(i) for i in range(600)],
        "path": [f"/d/{i}.txt" for i in range(600)], "page": [0] * 600, "heading": [""] * 600,
        "seq": [0] * 600, "text": [f"t{i}" for i in range(600)], "fts": [""] * 600,
    }
    store = ChunkStore(tmp_path, 16)
    store.add(rows, vecs)
    assert store.ensure_vector_index() is False  # small: a flat scan is exact and fast
    store.vector_index_min_rows = 500
    assert store.ensure_vector_index() is True and store.has_vector_index()
    query = vecs[42] + rng.normal(0, 0.5, 16).astype(np.float32)
    hits = vector_candidates(store.table, "x", query, 5)
    assert hits[0].chunk_id == "42"
    cosines = vecs @ query / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(query))
    for h in hits:  # the exact cosine, whatever scale the index's distances are on
        assert h.similarity == pytest.approx(float(cosines[int(h.chunk_id)]), abs=1e-5)
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
