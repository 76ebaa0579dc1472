"""One deterministic reproduction per known engine bug (known_bugs.py), each strict-xfail:
it fails today for the reason given, and fails the suite (XPASS) once the engine is fixed,
so the entry and the marker get removed. The faults are chosen by file and kind of call
(FAULTSHIM_MATCH), not by call number, so they do not drift with the engine."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.faults import checks
from tests.faults.flows import ENGINE, SettingsFlow
from tests.faults.harness import RunResult, cli_env, run_process
from tests.faults.shim import FAIL_GROUPS, KILL_GROUPS, read_log

pytestmark = pytest.mark.slow


def bug(bug_id: str):  # type: ignore[no-untyped-def]
    from tests.faults.known_bugs import BUGS

    (b,) = [b for b in BUGS if b.id == bug_id] or [None]
    if b is None:  # fixed: its reproduction stays as a plain regression test
        return lambda test: test
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"{bug_id}: {b.title}")


def faulted(shim, argv: list[str], env: dict[str, str], home: Path, work: Path, *,  # type: ignore[no-untyped-def]
            mode: str = "fail", errno_name: str = "ENOSPC", match: str = "",
            groups: tuple[str, ...] = FAIL_GROUPS, nth: int = 1, call: str = "") -> RunResult:
    log = work / "shim.log"
    fault = shim.env(home, mode, log, nth, "" if mode == "kill" else errno_name, groups, match,
                     call)
    r = run_process(argv, {**env, **fault}, work / "run", timeout=300, log=log)
    assert any(c.tag == "FIRED" for c in read_log(log)), f"the fault did not fire: {r.tail()}"
    return r


def assert_clear_error(r: RunResult, *words: str) -> None:
    from tests.faults.sweep import message_text, traceback_summary

    assert not r.traceback, f"traceback: {traceback_summary(r.stderr)}"
    assert r.rc not in (0, None) and "error:" in r.stderr, r.tail()
    text = message_text(r.stderr)
    for w in words:
        assert w in text, f"{w!r} not in {r.tail()!r}"


# BUG-1 ---------------------------------------------------------------------------------
@bug("BUG-1")
def test_atomic_write_reports_a_full_disk(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flow = SettingsFlow(tmp_path / "flow")
    flow.prepare()
    home = flow.fresh_home(tmp_path)
    r = faulted(shim, flow.argv(), flow.env(home), home, tmp_path, match=".settings.json.",
                groups=("create",))
    assert_clear_error(r, "disk", "full")


def download_faulted(shim, flows, tmp_path: Path, **fault: object) -> tuple[Any, Path, RunResult]:  # type: ignore[no-untyped-def]
    """`hearth hub download` of the download flow with one fault (faulted()'s keywords)."""
    flow, _, _ = flows.get("download")
    home = flow.fresh_home(tmp_path)
    return flow, home, faulted(shim, flow.argv(), flow.env(home), home, tmp_path, **fault)  # type: ignore[arg-type]


# BUG-2, BUG-8 --------------------------------------------------------------------------
@bug("BUG-2")
def test_download_reports_a_full_disk_creating_its_folder(shim, flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, r = download_faulted(shim, flows, tmp_path, match="downloads/faults__tiny-GGUF",
                               groups=("create",))
    assert_clear_error(r, "disk", "full")


@bug("BUG-8")
def test_download_keeps_a_verified_file_on_an_index_error(shim, flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flow, home, r = download_faulted(shim, flows, tmp_path, errno_name="EIO",
                                     match="models/.index.json.", groups=("write",))
    assert_clear_error(r, "disk reported an error")
    assert "not a usable model" not in r.stderr, r.tail()
    assert (home / "models" / flow.file).exists(), "the verified download was moved away"
    assert not (home / "downloads" / "quarantine").exists()


# BUG-3 ---------------------------------------------------------------------------------
@bug("BUG-3")
def test_chat_store_reports_a_failed_commit(shim, flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flow, _, _ = flows.get("chat")
    home = flow.fresh_home(tmp_path)
    r = faulted(shim, flow.argv(), flow.env(home), home, tmp_path, match="chats.sqlite3-wal",
                groups=("write",))
    assert_clear_error(r, "disk", "full")


# BUG-6 ---------------------------------------------------------------------------------
def _chats_home(tmp_path: Path) -> Path:
    from engine.chats.store import ChatStore

    home = tmp_path / "home"
    home.mkdir()
    store = ChatStore(home / "chats.sqlite3")
    chat = store.create_chat(title="Colours")
    store.add_message(chat.id, "user", "Name three colours.")
    store.close()
    return home


@bug("BUG-6")
def test_chat_store_open_names_a_full_disk(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = _chats_home(tmp_path)
    r = faulted(shim, [*ENGINE, "chats", "list"], cli_env(home), home, tmp_path,
                match="chats.sqlite3-wal", groups=("create",))
    # Only this one file fails (the folder takes a probe write, free space is plenty), and
    # SQLite hides the errno: the message may not claim a cause it cannot know, nor damage.
    assert_clear_error(r, "cannot be opened")
    for wrong in ("move it away", "damaged", "read-only"):
        assert wrong not in r.stderr, r.tail()


def test_chat_list_on_a_full_disk_names_it(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by the full sweep (chat ENOSPC @ call 4): SQLite writes its -shm file even to
    read, and reports a full disk there as a plain "disk I/O error"."""
    home = _chats_home(tmp_path)
    r = faulted(shim, [*ENGINE, "chats", "list"], cli_env(home), home, tmp_path,
                groups=("write",))
    fired = [c for c in read_log(tmp_path / "shim.log") if c.tag == "FIRED"]
    assert fired[0].path.endswith("chats.sqlite3-shm"), fired
    assert_clear_error(r, "disk is full")


# BUG-5, BUG-7: the manifest, without embedding anything ---------------------------------
def _library_home(tmp_path: Path, rows: int = 0) -> tuple[Path, Path]:
    """A library over two folders; `rows` files of the second recorded in its manifest."""
    from engine.api import Hearth
    from engine.library.manifest import FileState

    home, docs = tmp_path / "home", tmp_path / "docs"
    (docs / "keep").mkdir(parents=True)
    (docs / "drop").mkdir()
    h = Hearth(home)
    h.libraries.create("Lib", [docs / "keep", docs / "drop"])
    manifest = h.libraries.manifest("Lib")
    manifest.put_many(FileState(str(docs / "drop" / f"f{i}.bin"), "unsupported", "binary",
                                doc_id=f"d{i}") for i in range(rows))
    h.close()
    return home, docs


@bug("BUG-7")
def test_manifest_open_names_a_full_disk(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home, _ = _library_home(tmp_path)
    r = faulted(shim, [*ENGINE, "library", "status", "Lib"], cli_env(home), home, tmp_path,
                match="files.sqlite3-wal", groups=("create",))
    assert_clear_error(r, "cannot be opened")  # see test_chat_store_open_names_a_full_disk
    for wrong in ("unreadable", "damaged", "read-only"):
        assert wrong not in r.stderr, r.tail()


@bug("BUG-5")
def test_manifest_remove_reports_a_full_disk(shim, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home, docs = _library_home(tmp_path, rows=3)
    r = faulted(shim, [*ENGINE, "library", "remove", "Lib", str(docs / "drop")], cli_env(home),
                home, tmp_path, match="files.sqlite3-wal", groups=("write",))
    assert_clear_error(r, "disk", "full")


# BUG-4, BUG-9: indexing with the real embedding model ------------------------------------
def _indexed_library(tmp_path: Path, minilm: Path, files: int) -> tuple[Path, Path, dict[str, str]]:
    """A library of `files` notes, indexed (in this process: the imports are paid once)."""
    from engine.api import Hearth

    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    for i in range(files):
        (docs / f"note{i}.txt").write_text(f"Note {i}: the otters of the valley. " * 8, "utf-8")
    env = cli_env(home, {"HEARTH_EMBEDDING_MODEL_PATH": str(minilm)})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HEARTH_EMBEDDING_MODEL_PATH", str(minilm))
        h = Hearth(home)
        try:
            h.libraries.create("Lib", [docs])
            h.libraries.index("Lib")
        finally:
            h.close()
    return home, docs, env


@bug("BUG-4")
def test_manifest_put_many_reports_a_failed_commit(shim, minilm: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home, docs, env = _indexed_library(tmp_path, minilm, files=0)
    (docs / "new.txt").write_text("A new note about badgers in the orchard. " * 8, "utf-8")
    r = faulted(shim, [*ENGINE, "library", "index", "Lib"], env, home, tmp_path,
                match="files.sqlite3-wal", groups=("write",))
    assert_clear_error(r, "disk", "full")


@bug("BUG-9")
def test_manifest_never_claims_missing_chunks(shim, minilm: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home, docs, env = _indexed_library(tmp_path, minilm, files=2)
    before = checks.library_snapshots(home)
    with open(docs / "note0.txt", "a", encoding="utf-8") as f:
        f.write(" It changed: the otters moved upstream.")
    r = faulted(shim, [*ENGINE, "library", "index", "Lib"], env, home, tmp_path, mode="kill",
                match="chunks.lance/data/", groups=KILL_GROUPS)
    assert r.killed
    problems = checks.check_library(home, before, recovered=False)
    assert not problems, problems


# BUG-10: found by reading the service after BUG-3 (masked by it in the sweeps) ----------
@bug("BUG-10")
def test_a_reply_that_cannot_be_saved_logs_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """ChatService._stream logs a failed final save with log.exception: the CLI's logging
    prints that traceback on stderr. Driven here with a store whose writes fail."""
    import logging

    from engine.backends.base import Reply
    from engine.chats import service
    from engine.errors import NotEnoughSpace

    class FullStore:
        def save_partial(self, *_a: object, **_kw: object) -> None:
            raise NotEnoughSpace("The disk is full.")

        finish_message = save_partial

    def tokens():  # type: ignore[no-untyped-def]
        yield "Once"
        yield " upon"

    svc = service.ChatService.__new__(service.ChatService)
    svc.store = FullStore()  # type: ignore[assignment]
    caplog.set_level(logging.WARNING)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(service, "FLUSH_S", 0.0)
        gen = svc._stream(Reply(tokens()), 7)
        with pytest.raises(NotEnoughSpace):
            list(gen)
    assert not [r for r in caplog.records if r.exc_info], "a traceback goes to the terminal"


# BUG-11: found by the DOCX fuzzer -------------------------------------------------------
@bug("BUG-11")
def test_docx_with_a_mistyped_styles_part_keeps_its_text() -> None:
    import io
    import zipfile

    from engine.library.documents import parse_bytes
    from tests.engine.library.docfiles import make_docx

    src = zipfile.ZipFile(io.BytesIO(make_docx([("h1", "Title"), ("p", "Body text.")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":  # one letter off, as the fuzzer did
                data = data.replace(b"styles+xml", b"styles+xmm")
            dst.writestr(info, data)
    # python-docx raised AttributeError from para.style; the text does not need the styles
    doc = parse_bytes("docx", out.getvalue(), "damaged.docx")
    assert "Body text." in " ".join(s.text for s in doc.sections)


# BUG-12, BUG-13: the transfer's own disk calls -------------------------------------------
@bug("BUG-12")
def test_download_does_not_retry_a_disk_error(shim, flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flow, _, _ = flows.get("download")
    home = flow.fresh_home(tmp_path)
    log = tmp_path / "shim.log"
    fault = shim.env(home, "fail", log, 1, "EIO", ("write",), ".gguf.part", "")
    fault.update(FAULTSHIM_STICKY="1", FAULTSHIM_CALL="ftruncate64")  # a failing disk
    r = run_process(flow.argv(), {**flow.env(home), **fault}, tmp_path / "run", timeout=8,
                    log=log)
    assert r.fired is not None, r.tail()
    assert "retrying in" not in r.stderr, f"a disk error retried as a network error: {r.tail()}"
    assert_clear_error(r, "disk reported an error")


@bug("BUG-13")
def test_download_reports_a_failed_fsync(shim, flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # fsync itself: a big download's sync_file_range calls (best effort) come first
    _, _, r = download_faulted(shim, flows, tmp_path, errno_name="EIO", match=".gguf.part",
                               groups=("sync",), call="fsync")
    assert_clear_error(r, "disk reported an error")


# BUG-14, BUG-15: LanceDB ---------------------------------------------------------------
def _lance_readable(home: Path) -> str:
    """"" if every library table reads back whole, else the error."""
    for snap in checks.library_snapshots(home).values():
        if snap.problems:
            return "; ".join(map(str, snap.problems))
    return ""


@bug("BUG-14")
@pytest.mark.parametrize("which", ["added", "compacted"])
def test_one_failed_lancedb_write_keeps_the_table_readable(shim, minilm: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           which: str) -> None:
    """LanceDB 0.40 commits a data file whose last write() failed: the rows the run adds
    (its first data file) or the fragments optimize() rewrites (its last one)."""
    home, docs, env = _indexed_library(tmp_path, minilm, files=2)
    (docs / "new.txt").write_text("A new note about badgers in the orchard. " * 8, "utf-8")
    (docs / "note0.txt").write_text("Note 0, rewritten: herons. " * 8, "utf-8")  # a deletion
    seed = tmp_path / "seed"
    shutil.copytree(home, seed)
    # Count the writes of the run's data files; fail the last write of one, once.
    log = tmp_path / "count.log"
    counted = run_process([*ENGINE, "library", "index", "Lib"],
                          {**env, **shim.env(home, "count", log, match="chunks.lance/data/",
                                             groups=("write",))}, tmp_path / "count", 300, log=log)
    assert counted.rc == 0, counted.tail()
    files = list(dict.fromkeys(c.path for c in counted.calls))
    assert len(files) >= 2, f"no compaction to break: {files}"
    target = files[0] if which == "added" else files[-1]
    last = max(c.n for c in counted.calls if c.path == target)
    shutil.rmtree(home)
    shutil.copytree(seed, home)
    r = faulted(shim, [*ENGINE, "library", "index", "Lib"], env, home, tmp_path,
                errno_name="EIO", match="chunks.lance/data/", groups=("write",), nth=last)
    broken = _lance_readable(home)
    assert not broken, f"index exit {r.rc}, then: {broken}"


@pytest.fixture
def damaged_library(tmp_path: Path, minilm: Path) -> tuple[Path, dict[str, str]]:
    """An indexed library whose LanceDB data files lost their last bytes (disk damage)."""
    home, _, env = _indexed_library(tmp_path, minilm, files=2)
    for data in home.rglob("chunks.lance/data/*.lance"):
        blob = data.read_bytes()
        data.write_bytes(blob[:-64])
    return home, env


@bug("BUG-15")
def test_a_damaged_table_gives_a_hearth_error(damaged_library: tuple[Path, dict[str, str]],  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    home, env = damaged_library
    r = run_process([*ENGINE, "library", "search", "Lib", "otters"], env, tmp_path / "s", 300)
    assert_clear_error(r)


def test_bug_entries_have_tests() -> None:
    """Every known bug has its strict-xfail reproduction here, and nothing else is marked."""
    import sys

    from tests.faults.known_bugs import BUGS

    module = sys.modules[__name__]
    marked = set()
    for name in dir(module):
        for mark in getattr(getattr(module, name), "pytestmark", []):
            if mark.name == "xfail":
                marked.add(mark.kwargs["reason"].split(":")[0])
    assert {b.id for b in BUGS} == marked
