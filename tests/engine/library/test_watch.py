"""Folder watching picks up new, changed and deleted files while Hearth runs."""

from __future__ import annotations

import queue
from pathlib import Path


def test_watch_indexes_changes(lib_hearth, tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / "first.txt").write_text("Penguins huddle together for warmth.", "utf-8")
    libs = lib_hearth.libraries
    libs.create("Watched", [folder])
    libs.index("Watched")
    reports: queue.Queue = queue.Queue()
    libs.watch("Watched", on=True, on_indexed=reports.put)
    try:
        assert libs.get("Watched").watching
        new = folder / "second.txt"
        new.write_text("Giraffes sleep only a few minutes a day.", "utf-8")
        report = reports.get(timeout=120)
        assert report.embedded_files == [str(new)]
        assert "second.txt" in {Path(p).name for p in libs.store("Watched").column("path")}

        new.unlink()
        report = reports.get(timeout=120)
        assert report.removed == 1
        assert {Path(p).name for p in libs.store("Watched").column("path")} == {"first.txt"}
    finally:
        libs.watch("Watched", on=False)
    assert not libs.get("Watched").watching
