"""Chunking with the real MiniLM tokenizer: never over the limit, overlapping, stable ids."""

from __future__ import annotations

import pytest

from engine.library.chunking import Chunker


@pytest.fixture(scope="module")
def embedder(minilm):
    from engine.library.embed import Embedder

    return Embedder("sentence-transformers/all-MiniLM-L6-v2", model_path=minilm)


@pytest.fixture(scope="module")
def chunker(embedder):
    return Chunker(embedder.tokenizer, embedder.max_tokens)


def _tokens(embedder, chunk) -> int:
    return embedder.count_tokens(chunk.embed_text)


def test_limit_comes_from_the_model(embedder):
    assert embedder.max_tokens == 256 and embedder.dim == 384


def test_long_english_text_is_split_under_the_limit_with_overlap(chunker, embedder):
    text = " ".join(f"Sentence number {i} talks about the weather in Lisbon." for i in range(200))
    chunks = chunker.chunk("/docs/weather.txt", [(4, "Climate > Portugal", text)])
    assert len(chunks) > 5
    assert all(_tokens(embedder, c) <= 256 for c in chunks)
    assert all(c.page == 4 and c.heading == "Climate > Portugal" for c in chunks)
    assert [c.seq for c in chunks] == list(range(len(chunks)))
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a.text.endswith(".")  # cut at a sentence end
        assert b.text[:20] in a.text  # the next chunk starts inside this one: overlap
    # Nothing lost: every sentence is in some chunk.
    joined = " ".join(c.text for c in chunks)
    assert all(f"Sentence number {i} " in joined for i in range(200))


def test_text_without_spaces_is_split_too(chunker, embedder):
    text = "量子力学是描述微观粒子运动规律的物理学分支。" * 60 + "没有标点的长句子" * 80
    chunks = chunker.chunk("/docs/zh.txt", [(0, "", text)])
    assert len(chunks) > 3
    assert all(_tokens(embedder, c) <= 256 for c in chunks)
    assert chunks[0].text.endswith("。")
    assert "没有标点的长句子" in chunks[-1].text


def test_a_giant_word_is_cut_between_tokens(chunker, embedder):
    # WordPiece reads any word over 100 characters as one [UNK]: the character cap splits it.
    chunks = chunker.chunk("/docs/b64.txt", [(0, "", "QUJD" * 3000)])
    assert len(chunks) > 1 and all(_tokens(embedder, c) <= 256 for c in chunks)
    assert all(len(c.text) <= 2540 for c in chunks)
    assert "".join(c.text for c in chunks) == "QUJD" * 3000


def test_ids_are_stable_and_distinct(chunker):
    sections = [(1, "", "First page text. " * 100), (2, "", "Second page text. " * 100)]
    a = chunker.chunk("/docs/a.pdf", sections)
    b = chunker.chunk("/docs/a.pdf", sections)
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)
    assert {c.id for c in chunker.chunk("/docs/other.pdf", sections)}.isdisjoint(c.id for c in a)
    assert {c.page for c in a} == {1, 2}


def test_short_text_is_one_chunk(chunker):
    (chunk,) = chunker.chunk("/docs/x.md", [(0, "Intro", "Just one line.")])
    assert chunk.text == "Just one line." and chunk.embed_text == "Intro\nJust one line."


def test_embeddings_are_normalised_and_ordered(embedder):
    texts = ["a cat sat on the mat", "x" * 500, "quantum chromodynamics"]
    vecs = embedder.embed_documents(texts)
    assert vecs.shape == (3, 384)
    for text, vec in zip(texts, vecs, strict=True):
        single = embedder.embed_documents([text])[0]
        assert abs(float(vec @ single) - 1.0) < 1e-4
    q = embedder.embed_query("feline on a rug")
    assert int((vecs @ q).argmax()) == 0


def test_bad_embedding_model_settings_are_clear_errors(tmp_path):
    from engine.errors import LibraryError
    from engine.library.embed import Embedder

    with pytest.raises(LibraryError, match="Unknown embedding model"):
        _ = Embedder("no-such/model", cache_dir=tmp_path).dim
    with pytest.raises(LibraryError, match="No ONNX embedding model") as e:
        _ = Embedder("sentence-transformers/all-MiniLM-L6-v2", model_path=tmp_path).dim
    assert "HEARTH_EMBEDDING_MODEL_PATH" in e.value.hint
