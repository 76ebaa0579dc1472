"""Folder watching picks up new, changed and deleted files while Hearth runs."""

from __future__ import annotations

import queue
from pathlib import Path


def _next_change(reports: queue.Queue):
    """The next re-index report that changed something (runs with nothing to do are skipped)."""
    while True:
        report = reports.get(timeout=120)
        if report.embedded_files or report.removed:
            return report


def test_watch_catches_up_then_indexes_changes(lib_hearth, tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / "first.txt").write_text("Penguins huddle together for warmth.", "utf-8")
    libs = lib_hearth.libraries
    libs.create("Watched", [folder])
    reports: queue.Queue = queue.Queue()
    changed: list[str] = []

    def on_change(library_id: str) -> None:  # the caller decides where the index runs
        changed.append(library_id)
        reports.put(libs.index(library_id))

    libs.watch("Watched", on=True, on_change=on_change)
    try:
        assert libs.get("Watched").watching
        # Turning watching on indexes what changed while nobody watched.
        assert _next_change(reports).embedded_files == [str(folder / "first.txt")]

        new = folder / "second.txt"
        new.write_text("Giraffes sleep only a few minutes a day.", "utf-8")
        assert _next_change(reports).embedded_files == [str(new)]
        assert "second.txt" in {Path(p).name for p in libs.store("Watched").column("path")}

        new.unlink()
        report = _next_change(reports)
        assert report.removed == 1
        assert {Path(p).name for p in libs.store("Watched").column("path")} == {"first.txt"}
    finally:
        libs.watch("Watched", on=False)
    assert not libs.get("Watched").watching
    assert set(changed) == {libs.get("Watched").id}


def test_watch_without_a_callback_indexes_by_itself(lib_hearth, tmp_path):
    import time

    folder = tmp_path / "self-indexed"
    folder.mkdir()
    libs = lib_hearth.libraries
    libs.create("Self", [folder])
    libs.watch("Self", on=True)
    try:
        (folder / "note.txt").write_text("Otters hold hands while they sleep.", "utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and libs.get("Self").chunks == 0:
            time.sleep(0.2)
        assert libs.get("Self").chunks >= 1
    finally:
        libs.watch("Self", on=False)
