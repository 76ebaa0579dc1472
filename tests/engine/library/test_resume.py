"""kill -9 in the middle of `hearth library index`, run it again: no duplicate, no missing chunk."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _cli(*args: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "engine", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _indexed_files(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        try:
            return conn.execute("SELECT COUNT(*) FROM files WHERE state='indexed'").fetchone()[0]
        except sqlite3.OperationalError:  # table not created yet
            return 0


def test_kill_during_index_then_resume(lib_hearth, lib_home, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    n_files = 30
    for i in range(n_files):
        body = " ".join(
            f"Paragraph {j} of report {i} discusses item {i * 100 + j}." for j in range(40)
        )
        (folder / f"report{i:02d}.txt").write_text(body, encoding="utf-8")
    libs = lib_hearth.libraries
    libs.create("Resume", [folder])
    manifest = Path(libs.get("Resume").folder) / "files.sqlite3"

    proc = _cli("library", "index", "Resume", "--quiet", home=lib_home)
    deadline = time.monotonic() + 300
    while _indexed_files(manifest) == 0:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no file was committed in time"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_at_kill = _indexed_files(manifest)
    assert 0 < done_at_kill < n_files  # it really died in the middle

    proc = _cli("library", "index", "Resume", "--json", home=lib_home)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert f'"unchanged": {done_at_kill}' in out  # committed files were not redone

    ids = libs.store("Resume").column("id")
    assert len(ids) == len(set(ids))  # no duplicate
    libs.create("ResumeClean", [folder])
    libs.index("ResumeClean")
    assert set(ids) == libs.store("ResumeClean").chunk_ids()  # none missing, none extra
    assert all(s.state == "indexed" for s in libs.status("Resume"))
