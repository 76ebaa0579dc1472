"""Library test fixtures: a Hearth per module with the real MiniLM and LanceDB in a temp home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def lib_home(tmp_path_factory: pytest.TempPathFactory, minilm: Path) -> Iterator[Path]:
    """A temp HEARTH_HOME whose embedding model is the local MiniLM (shared by one module)."""
    home = tmp_path_factory.mktemp("hearth-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("HEARTH_HOME", str(home))
    mp.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
    yield home
    mp.undo()


@pytest.fixture(scope="module")
def lib_hearth(lib_home: Path):
    from engine.api import Hearth

    h = Hearth(lib_home)
    yield h
    h.close()


def search_vector(hearth, name: str, query: str, k: int = 3) -> list[dict]:
    """Nearest chunks by embedding, straight from the LanceDB table."""
    vec = hearth.libraries.embedder_of(name).embed_query(query)
    table = hearth.libraries.store(name).table
    return table.search(vec).limit(k).select(["path", "page", "heading", "text"]).to_list()


def search_fts(hearth, name: str, query: str, k: int = 3) -> list[dict]:
    """BM25 hits on the normalised `fts` column."""
    from engine.textnorm import fts_text

    table = hearth.libraries.store(name).table
    return (
        table.search(fts_text(query), query_type="fts")
        .limit(k)
        .select(["path", "page", "heading", "text"])
        .to_list()
    )
