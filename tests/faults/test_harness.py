"""The suite's own machinery must be able to fail: the shim counts, fails and kills where it
says, and each check catches the damage it exists for (a duplicated table, a lost message,
a corrupt file), including end to end through a sweep point against a settings writer that
is not atomic."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults import checks
from tests.faults.flows import SettingsFlow
from tests.faults.harness import Point, cli_env, inspect_copy, run_process
from tests.faults.shim import read_log
from tests.faults.sweep import profile, run_point

WRITER = """
import os, sys
home = sys.argv[1]
os.makedirs(os.path.join(home, "d"), exist_ok=True)
with open(os.path.join(home, "d", "a.txt"), "wb", buffering=0) as f:
    for part in (b"one-", b"two-", b"three"):
        try:
            print("wrote", f.write(part), flush=True)
        except OSError as e:
            print("errno", e.errno, flush=True)
    os.fsync(f.fileno())
with open(os.path.join(sys.argv[2], "outside.txt"), "wb") as f:
    f.write(b"not counted")
os.rename(os.path.join(home, "d", "a.txt"), os.path.join(home, "d", "b.txt"))
"""


def _run(shim, tmp_path: Path, **kw) -> tuple[subprocess.CompletedProcess[str], list]:  # type: ignore[no-untyped-def]
    home, outside = tmp_path / "home", tmp_path / "outside"
    home.mkdir(parents=True, exist_ok=True)
    outside.mkdir(exist_ok=True)
    log = tmp_path / "shim.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, **shim.env(home, log=log, **kw)}
    r = subprocess.run([sys.executable, "-c", WRITER, str(home), str(outside)], env=env,
                       capture_output=True, text=True, timeout=60)
    return r, read_log(log)


def test_shim_counts_calls_under_the_prefix_only(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r, calls = _run(shim, tmp_path, mode="count")
    assert r.returncode == 0, r.stderr
    names = [c.name for c in calls]
    assert names.count("write") == 3 and "fsync" in names and names[-1] == "rename"
    assert [c.n for c in calls] == list(range(1, len(calls) + 1))
    assert not any("outside" in c.path for c in calls)
    assert any(c.name == "mkdir" for c in calls)  # the folder did not exist yet


def test_shim_fails_the_nth_call_with_the_errno(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, calls = _run(shim, tmp_path / "count", mode="count")
    second_write = [c for c in calls if c.name == "write"][1].n
    r, log = _run(shim, tmp_path / "fail", mode="fail", nth=second_write, errno_name="EIO",
                  groups=("write", "sync", "create", "remove"))
    assert r.stdout.split("\n")[:3] == ["wrote 4", "errno 5", "wrote 5"]  # once, then fine
    assert [c.tag for c in log] == ["FIRED"]


def test_shim_enospc_is_a_short_write_then_a_full_disk(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, calls = _run(shim, tmp_path / "count", mode="count")
    first_write = [c for c in calls if c.name == "write"][0].n
    r, _ = _run(shim, tmp_path / "fail", mode="fail", nth=first_write, errno_name="ENOSPC",
                groups=("write", "sync", "create", "remove"))
    assert r.stdout.split("\n")[:3] == ["wrote 2", "errno 28", "errno 28"]
    assert (tmp_path / "fail" / "home" / "d" / "a.txt").read_bytes() == b"on"


def test_shim_kill_leaves_exactly_the_calls_before(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, calls = _run(shim, tmp_path / "count", mode="count")
    third_write = [c for c in calls if c.name == "write"][2].n
    r, _ = _run(shim, tmp_path / "kill", mode="kill", nth=third_write)
    assert r.returncode == -9
    assert (tmp_path / "kill" / "home" / "d" / "a.txt").read_bytes() == b"one-two-"


def test_shim_leaves_child_processes_alone(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    log = tmp_path / "shim.log"
    code = (f"import subprocess, sys; subprocess.run([sys.executable, '-c', "
            f"'open(\"{home}/child.txt\", \"w\").write(\"x\")'], check=True); "
            f"open('{home}/parent.txt', 'w').write('y')")
    env = {**os.environ, **shim.env(home, "fail", log, nth=1, errno_name="EIO")}
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert (home / "child.txt").read_text() == "x"  # the child's create was not failed
    assert r.returncode != 0 and "Errno 5" in r.stderr  # the parent's was


# the checks catch damage ---------------------------------------------------------------
@pytest.fixture(scope="module")
def small_library(tmp_path_factory: pytest.TempPathFactory, minilm: Path) -> Path:
    """A data folder with one indexed library of three text files."""
    from engine.api import Hearth

    root = tmp_path_factory.mktemp("small-library")
    docs = root / "docs"
    docs.mkdir()
    for name, text in [("a.txt", "Otters swim in the river."), ("b.txt", "Bees make honey."),
                       ("c.txt", "Comets have tails.")]:
        (docs / name).write_text(text * 20, "utf-8")
    home = root / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
        h = Hearth(home)
        h.libraries.create("Small", [docs])
        h.libraries.index("Small")
        h.close()
    return home


def _table(home: Path):  # type: ignore[no-untyped-def]
    import lancedb

    (lib,) = (home / "libraries").iterdir()
    return lancedb.connect(str(lib / "lancedb")).open_table("chunks")


def _outcomes(problems: list) -> set[str]:  # type: ignore[type-arg]
    return {p.outcome for p in problems}


def test_library_checks_pass_on_a_sound_library(small_library: Path, tmp_path: Path) -> None:
    home = inspect_copy(small_library, tmp_path / "copy")
    before = checks.library_snapshots(home)
    assert checks.check_library(home, before, recovered=True) == []


def test_library_checks_catch_a_duplicated_table(small_library: Path, tmp_path: Path) -> None:
    home = inspect_copy(small_library, tmp_path / "copy")
    before = checks.library_snapshots(home)
    table = _table(home)
    table.add(table.to_arrow())  # every chunk twice
    assert "duplicated" in _outcomes(checks.check_library(home, before, recovered=True))


def test_library_checks_catch_lost_and_orphan_chunks(small_library: Path, tmp_path: Path) -> None:
    home = inspect_copy(small_library, tmp_path / "copy")
    before = checks.library_snapshots(home)
    table = _table(home)
    rows = table.to_arrow()
    a = rows.column("doc_id")[0].as_py()
    table.delete(f"doc_id = '{a}'")
    assert "lost" in _outcomes(checks.check_library(home, before, recovered=False))
    import pyarrow as pa

    orphan = rows.slice(0, 1).set_column(1, "doc_id", pa.array(["no-such-doc"]))
    orphan = orphan.set_column(0, "id", pa.array(["orphan-chunk"]))
    table.add(orphan)
    assert "inconsistent" in _outcomes(checks.check_library(home, before, recovered=False))


def test_library_checks_catch_a_corrupt_manifest(small_library: Path, tmp_path: Path) -> None:
    home = inspect_copy(small_library, tmp_path / "copy")
    before = checks.library_snapshots(home)
    (db,) = home.rglob("files.sqlite3")
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    db.write_bytes(bytes(data))
    assert "corrupt" in _outcomes(checks.check_library(home, before, recovered=False))


def _chat_home(tmp_path: Path) -> Path:
    from engine.chats.store import ChatStore

    home = tmp_path / "chat-home"
    home.mkdir()
    store = ChatStore(home / "chats.sqlite3")
    chat = store.create_chat(title="Colours")
    store.add_message(chat.id, "user", "Name three colours.")
    store.add_message(chat.id, "assistant", "Red, green and blue.")
    store.close()
    return home


def test_chat_checks_catch_lost_duplicated_and_unindexed(tmp_path: Path) -> None:
    home = _chat_home(tmp_path)
    before = checks.chat_snapshot(home)
    assert checks.check_chats(home, before, recovered=True) == []
    db = home / "chats.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO messages (chat_id, role, content, created) "
                     "SELECT chat_id, role, content, created FROM messages WHERE id = 2")
    assert "duplicated" in _outcomes(checks.check_chats(home, before, recovered=True))
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM messages WHERE id = 1")
    assert "lost" in _outcomes(checks.check_chats(home, before, recovered=True))
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM message_search WHERE rowid = 2")
    assert "inconsistent" in _outcomes(checks.check_chats(home, before, recovered=True))


def test_download_checks_catch_wrong_bytes(tmp_path: Path) -> None:
    source = tmp_path / "m.gguf"
    source.write_bytes(os.urandom(5000))
    expected = {"m.gguf": (5000, checks.sha256(source), source)}
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "downloads" / "r").mkdir(parents=True)
    part = home / "downloads" / "r" / "m.gguf.part"
    part.write_bytes(source.read_bytes()[:3000])
    empty = checks.ModelsSnapshot()
    assert checks.check_downloads(home, expected, empty, recovered=False) == []
    part.write_bytes(b"x" + source.read_bytes()[1:3000])
    assert "corrupt" in _outcomes(checks.check_downloads(home, expected, empty, recovered=False))
    part.unlink()
    bad = bytearray(source.read_bytes())
    bad[4000] ^= 1
    (home / "models" / "m.gguf").write_bytes(bytes(bad))
    assert "corrupt" in _outcomes(checks.check_downloads(home, expected, empty, recovered=False))


def test_settings_checks_catch_a_torn_file(tmp_path: Path) -> None:
    from engine.config import Settings

    old, new = Settings().to_dict(), {**Settings().to_dict(), "theme": "light"}
    (tmp_path / "settings.json").write_text(json.dumps(old), "utf-8")
    assert checks.check_settings(tmp_path, old, new, recovered=False) == []
    (tmp_path / "settings.json").write_text(json.dumps(new)[:40], "utf-8")
    assert "corrupt" in _outcomes(checks.check_settings(tmp_path, old, new, recovered=False))
    (tmp_path / "settings.json").unlink()
    assert "lost" in _outcomes(checks.check_settings(tmp_path, old, new, recovered=False))


class UnsafeSettingsFlow(SettingsFlow):
    """The settings flow against a writer that overwrites settings.json in place."""

    name = "settings (unsafe writer)"

    def argv(self) -> list[str]:
        return ["-m", "tests.faults.drive_settings", "--unsafe"]


def test_a_sweep_point_catches_a_non_atomic_writer(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """End to end: kill -9 between the two writes of a non-atomic save tears settings.json,
    and the sweep reports it; the real (atomic) writer passes the same point."""
    flow = UnsafeSettingsFlow(tmp_path / "unsafe")
    flow.prepare()
    prof, clean = profile(flow, shim, tmp_path / "unsafe" / "clean")
    assert clean.outcome == "ok", clean.detail
    second_write = [c for c in prof.calls if c.name == "write"][1].n
    row = run_point(flow, Point("kill", nth=second_write), shim, prof, tmp_path / "unsafe" / "p")
    assert row.outcome in ("corrupt", "lost"), row.detail

    safe = SettingsFlow(tmp_path / "safe")
    safe.prepare()
    prof, _ = profile(safe, shim, tmp_path / "safe" / "clean")
    write = next(c.n for c in prof.calls if c.name == "write")
    row = run_point(safe, Point("kill", nth=write), shim, prof, tmp_path / "safe" / "p")
    assert row.outcome == "ok", row.detail


def test_run_process_kills_a_hang(tmp_path: Path) -> None:
    r = run_process(["-c", "import time; time.sleep(60)"], cli_env(tmp_path / "home"),
                    tmp_path / "run", timeout=2)
    assert r.hung and r.killed and r.seconds < 30
    shutil.rmtree(tmp_path / "run")


def test_fuzz_sandbox_tells_each_ending_apart() -> None:
    from tests.faults.fuzzing import Sandbox

    box = Sandbox("selftest", timeout=5)
    try:
        assert box.run(b"x").kind == "ok"
        assert box.run(b"refuse").kind == "allowed"
        bad = box.run(b"raise")
        assert bad.kind == "bad" and "KeyError" in bad.what and "Traceback" in bad.traceback
        assert box.run(b"hang").kind == "hang"
        assert box.run(b"die").kind == "crash"
        assert box.run(b"x").kind == "ok"  # a fresh process took over
    finally:
        box.close()
