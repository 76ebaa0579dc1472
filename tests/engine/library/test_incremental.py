"""Incremental indexing: only new or changed files are embedded; deleted files leave no chunks."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from engine.errors import Cancelled, LibraryError
from engine.jobs import CancelToken
from tests.engine.library.conftest import search_fts

TOPICS = {
    "alpha.txt": "Alpine glaciers retreat every summer as temperatures rise.",
    "beta.txt": "The violin concerto was premiered in Leipzig in 1845.",
    "gamma.txt": "Sourdough bread needs a lively starter and a long proof.",
    "delta.txt": "Tidal pools host anemones, crabs and small fish.",
}


def _by_path(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in store.table.search().select(["id", "path"]).limit(None).to_list():
        out.setdefault(Path(row["path"]).name, set()).add(row["id"])
    return out


@pytest.fixture(scope="module")
def lib(lib_hearth, tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental")
    for name, sentence in TOPICS.items():
        (folder / name).write_text((sentence + " ") * 40, encoding="utf-8")
    lib_hearth.libraries.create("Incr", [folder])
    report = lib_hearth.libraries.index("Incr")
    assert report.indexed == 4
    return lib_hearth, folder


def test_edit_reembeds_only_that_file(lib):
    hearth, folder = lib
    store = hearth.libraries.store("Incr")
    before = _by_path(store)
    path = folder / "beta.txt"
    path.write_text(
        path.read_text() + " Felix Mendelssohn conducted the orchestra.", encoding="utf-8"
    )
    report = hearth.libraries.index("Incr")
    assert report.embedded_files == [str(path)]
    assert report.chunks_added == len(_by_path(store)["beta.txt"])
    after = _by_path(store)
    for name in ("alpha.txt", "gamma.txt", "delta.txt"):
        assert after[name] == before[name]
    assert after["beta.txt"] != before["beta.txt"]
    assert Path(search_fts(hearth, "Incr", "Mendelssohn")[0]["path"]).name == "beta.txt"
    assert store.count() == sum(len(v) for v in after.values())  # old chunks gone


def test_touch_without_change_embeds_nothing(lib):
    hearth, folder = lib
    path = folder / "gamma.txt"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    report = hearth.libraries.index("Incr")
    assert report.embedded_files == [] and report.unchanged == 4
    # The new modification time is recorded: the next run does not even re-read the file.
    state = {Path(s.path).name: s for s in hearth.libraries.status("Incr")}["gamma.txt"]
    assert state.mtime_ns == st.st_mtime_ns + 5_000_000_000


def test_delete_removes_its_chunks(lib):
    hearth, folder = lib
    (folder / "delta.txt").unlink()
    report = hearth.libraries.index("Incr")
    assert report.removed == 1 and report.chunks_removed > 0 and report.embedded_files == []
    assert "delta.txt" not in _by_path(hearth.libraries.store("Incr"))
    assert "delta.txt" not in {Path(s.path).name for s in hearth.libraries.status("Incr")}


def test_new_file_shows_pending_then_only_it_is_embedded(lib):
    hearth, folder = lib
    path = folder / "epsilon.txt"
    path.write_text("Comets grow tails of dust and gas near the sun.", encoding="utf-8")
    pending = {Path(s.path).name: s.state for s in hearth.libraries.status("Incr")}
    assert pending["epsilon.txt"] == "pending"
    report = hearth.libraries.index("Incr")
    assert report.embedded_files == [str(path)]


def test_cancel_then_resume_gives_the_same_chunks(lib_hearth, tmp_path):
    folder = tmp_path / "cancel"
    folder.mkdir()
    for i in range(12):
        (folder / f"doc{i:02d}.txt").write_text(
            f"Document {i} about topic {i}. " * 60, encoding="utf-8"
        )
    libs = lib_hearth.libraries
    libs.create("Cancel", [folder])
    cancel = CancelToken()

    def on_progress(p):
        if p.done >= 1:  # a batch is committed: stop here
            cancel.cancel()

    with pytest.raises(Cancelled):
        libs.index("Cancel", progress=on_progress, cancel=cancel)
    partial = libs.store("Cancel").chunk_ids()
    assert len(partial) > 0
    report = libs.index("Cancel")
    assert report.unchanged > 0  # it continued instead of starting over
    ids = libs.store("Cancel").column("id")
    assert len(ids) == len(set(ids))
    libs.create("CancelClean", [folder])
    libs.index("CancelClean")
    assert set(ids) == libs.store("CancelClean").chunk_ids()


def test_changing_the_embedding_model_asks_for_reindex(lib):
    hearth, _ = lib
    libs = hearth.libraries
    original = hearth.settings
    # The setting is only the default for new libraries: this one keeps its vectors.
    hearth.save_settings(dataclasses.replace(original, embedding_model="BAAI/bge-small-en-v1.5"))
    try:
        assert not libs.get("Incr").needs_reindex
    finally:
        hearth.save_settings(original)
    info = libs.set_model("Incr", "BAAI/bge-small-en-v1.5")
    assert info.needs_reindex and "all-MiniLM-L6-v2" in info.reindex_reason
    with pytest.raises(LibraryError) as e:
        libs.index("Incr")
    assert "--reindex" in e.value.hint
    with pytest.raises(LibraryError, match="Unknown embedding model"):
        libs.set_model("Incr", "no/such-model")
    assert not libs.set_model("Incr", "sentence-transformers/all-MiniLM-L6-v2").needs_reindex


def test_remove_source_drops_its_chunks(lib_hearth, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "one.md").write_text("# One\n\nApples and pears.", encoding="utf-8")
    (b / "two.md").write_text("# Two\n\nKites and gliders.", encoding="utf-8")
    libs = lib_hearth.libraries
    libs.create("Sources", [a, b])
    libs.index("Sources")
    info = libs.remove_source("Sources", b)
    assert info.sources == [str(a)] and info.files == 1
    assert {Path(p).name for p in libs.store("Sources").column("path")} == {"one.md"}


def test_file_removed_between_listing_and_reading(lib_hearth, tmp_path, monkeypatch):
    """The listing names a file that is gone when its parser opens it: no row, no error."""
    from engine.library import indexer
    from engine.library.sources import Entry

    folder = tmp_path / "race"
    folder.mkdir()
    (folder / "kept.txt").write_text("Lighthouses guide ships at night.", "utf-8")
    ghost = folder / "ghost.txt"
    real_scan = indexer.scan
    monkeypatch.setattr(
        indexer, "scan", lambda sources: [*real_scan(sources), Entry(str(ghost), 10, 1)]
    )
    libs = lib_hearth.libraries
    libs.create("Race", [folder])
    report = libs.index("Race")
    assert report.indexed == 1 and report.failed == 0
    monkeypatch.undo()
    assert [Path(s.path).name for s in libs.status("Race")] == ["kept.txt"]


def test_reindex_rebuilds_everything_with_the_same_ids(lib):
    hearth, _ = lib
    libs = hearth.libraries
    before = libs.store("Incr").chunk_ids()
    n_files = sum(1 for s in libs.status("Incr") if s.state == "indexed")
    report = libs.index("Incr", reindex=True)
    assert report.unchanged == 0 and len(report.embedded_files) == n_files
    assert libs.store("Incr").chunk_ids() == before
    assert libs.get("Incr").embedding_model == "sentence-transformers/all-MiniLM-L6-v2"
