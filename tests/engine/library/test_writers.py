"""Every library writer (index, prune, delete) holds the library's lock, in this process
and across processes: a CLI delete cannot run under a GUI index, nor the other way round."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from engine.errors import LibraryError

HOLD = textwrap.dedent(
    """
    import fcntl, sys, time
    f = open(sys.argv[1], "w")
    fcntl.flock(f, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="flock: POSIX only")
def test_delete_index_and_prune_wait_for_another_process(lib_hearth, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Kestrels hover before they dive.", "utf-8")
    libs = lib_hearth.libraries
    libs.create("Locked", [docs])
    libs.index("Locked")
    folder = libs.folder("Locked")
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(folder / "write.lock")],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        for action in (lambda: libs.delete("Locked"), lambda: libs.index("Locked"),
                       lambda: libs.remove_source("Locked", docs)):
            with pytest.raises(LibraryError) as err:
                action()
            assert "another Hearth process" in err.value.message
        assert libs.get("Locked").chunks >= 1 and folder.exists()  # nothing happened
    finally:
        other.kill()
        other.wait()
    time.sleep(0.1)
    libs.delete("Locked")
    assert not folder.exists() and all(i.name != "Locked" for i in libs.list())


def test_two_writers_in_one_process_are_refused(lib_hearth, tmp_path: Path) -> None:
    libs = lib_hearth.libraries
    libs.create("Busy", [])
    with libs.writing("Busy"), pytest.raises(LibraryError):
        libs.delete("Busy")
    libs.delete("Busy")
