"""Indexing apart (engine.library.index_process): a child process with the real MiniLM and
LanceDB indexes the library; the app's own service reads the result, hears the progress,
stops it on cancel and gets the child's errors as the same HearthErrors."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine.errors import Cancelled, LibraryError, NotFound
from engine.jobs import CancelToken, Progress


def _docs(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"note_{i:03d}.md").write_text(
            f"# Notatka {i}\n\nPierogi numer {i} gotuje się {i % 5 + 2} minuty. "
            f"第{i}号饺子要煮三分钟。 Note {i} is about bread and ovens.\n", "utf-8")
    return folder


def test_index_apart_builds_what_the_app_then_searches(lib_hearth, tmp_path: Path) -> None:
    lib = lib_hearth.libraries
    lib.create("apart", [_docs(tmp_path / "docs", 12)])
    seen: list[Progress] = []
    report = lib.index_apart("apart", progress=seen.append)
    assert report.indexed == 12 and report.failed == 0 and report.chunks_added >= 12
    assert seen and seen[-1].done == seen[-1].total  # progress relayed to the end
    hits = lib.search("apart", "Pierogi numer 7")
    assert any(h.path.endswith("note_007.md") for h in hits)
    # Nothing changed: the next run (apart again) finds every file up to date.
    assert lib.index_apart("apart").unchanged == 12


def test_index_apart_stops_on_cancel_and_keeps_what_was_done(lib_hearth, tmp_path: Path) -> None:
    lib = lib_hearth.libraries
    lib.create("stopped", [_docs(tmp_path / "many", 300)])
    token = CancelToken()

    def cancel_once_started(p: Progress) -> None:
        if p.done >= 30:  # files' worth of progress: some are written by then
            token.cancel()

    with pytest.raises(Cancelled):
        lib.index_apart("stopped", progress=cancel_once_started, cancel=token)
    # The library is not left locked and the next run finishes the rest.
    report = lib.index("stopped")
    assert report.failed == 0 and report.indexed + report.unchanged == 300
    assert report.unchanged > 0, "what the child indexed before it stopped is kept"


def test_errors_of_the_child_arrive_as_the_same_errors(lib_hearth) -> None:
    with pytest.raises(NotFound) as here:
        lib_hearth.libraries.index("nope")
    with pytest.raises(NotFound) as apart:
        lib_hearth.libraries.index_apart("nope")
    assert (apart.value.message, apart.value.hint) == (here.value.message, here.value.hint)


def test_a_library_busy_elsewhere_is_refused_not_waited_for(lib_hearth, tmp_path: Path) -> None:
    lib = lib_hearth.libraries
    lib.create("busy", [_docs(tmp_path / "busy", 3)])
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lib.writing("busy"):  # this process writes (the CLI, say); the child must not
            inside.set()
            release.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert inside.wait(10)
        with pytest.raises(LibraryError, match="being indexed"):
            lib.index_apart("busy")
    finally:
        release.set()
        t.join()
