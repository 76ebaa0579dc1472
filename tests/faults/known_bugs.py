"""Engine bugs this suite found and that are not fixed yet.

Each entry says which problems of a sweep it explains (so that a sweep still fails on
anything new) and how to reproduce it; test_known_bugs.py holds a strict-xfail test per
entry, which starts passing (and so fails, being strict) once the engine is fixed: then
delete the entry here and the test's xfail marker.

Reproductions use the shim directly: build it once with
    gcc -shared -fPIC -O2 -o /tmp/faultshim.so tests/faults/faultshim.c -ldl
and run a command with, e.g.,
    LD_PRELOAD=/tmp/faultshim.so FAULTSHIM_PREFIX=$HEARTH_HOME FAULTSHIM_MODE=fail \\
    FAULTSHIM_ERRNO=28 FAULTSHIM_STICKY=1 FAULTSHIM_MATCH=.settings.json. FAULTSHIM_NTH=1 \\
    FAULTSHIM_GROUPS=create python -m tests.faults.drive_settings
(FAULTSHIM_MATCH picks the file, FAULTSHIM_GROUPS the kind of call, FAULTSHIM_NTH which one.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.faults.harness import Point, Problem, RunResult


@dataclass(frozen=True)
class KnownBug:
    id: str
    title: str
    flows: tuple[str, ...]
    explains: Callable[[Point, RunResult, Problem], bool]  # does it explain this problem?
    reproduction: str


Explains = Callable[[Point, RunResult, Problem], bool]


def _tb(*parts: str) -> Explains:
    """A traceback problem whose summary holds every part."""
    return lambda _pt, _r, p: p.outcome == "traceback" and all(s in p.detail for s in parts)


def _has(outcome: str, *parts: str) -> Explains:
    return lambda _pt, _r, p: p.outcome == outcome and all(s in p.detail for s in parts)


def _any(*tests: Explains) -> Explains:
    return lambda pt, r, p: any(t(pt, r, p) for t in tests)


BUGS: list[KnownBug] = [
    KnownBug(
        "BUG-1",
        "fsutil.atomic_write_bytes creates its temp file outside the try: ENOSPC/EIO from "
        "mkstemp (or the folder's mkdir) escapes as a raw OSError with a traceback",
        ("settings", "download", "library"),
        _tb("OSError", "engine/fsutil.py", "atomic_write_bytes"),
        "HEARTH_HOME=$H: fail the first create of .settings.json.* with ENOSPC while "
        "saving settings (test_atomic_write_reports_a_full_disk); the same for "
        "models/index.json, a library's meta.json, download job files, chat exports",
    ),
    KnownBug(
        "BUG-2",
        "hub/download.py creates folders unguarded (check_space: downloads/<repo>/, "
        "quarantine_installed: downloads/quarantine/...): ENOSPC/EIO escapes as a traceback",
        ("download",),
        _any(_tb("OSError", "engine/hub/download.py", "check_space"),
             _tb("OSError", "engine/hub/download.py", "quarantine_installed")),
        "hearth hub download REPO FILE with ENOSPC at the first mkdir of "
        "downloads/<owner>__<repo> (test_download_reports_a_full_disk_creating_its_folder)",
    ),
    KnownBug(
        "BUG-3",
        "chats/store.py ChatStore._tx: when COMMIT fails (disk full, I/O error) SQLite has "
        "already rolled back; the handler's ROLLBACK raises 'cannot rollback - no "
        "transaction is active', which escapes with a traceback instead of the StorageError",
        ("chat",),
        _tb("cannot rollback - no transaction is active", "engine/chats/store.py"),
        "hearth chat --chat 1 ... with ENOSPC (or EIO) at the first write to "
        "chats.sqlite3-wal (test_chat_store_reports_a_failed_commit)",
    ),
    KnownBug(
        "BUG-4",
        "library/manifest.py Manifest.put_many: the same ROLLBACK after a failed COMMIT "
        "raises 'cannot rollback - no transaction is active' (traceback)",
        ("library",),
        _tb("cannot rollback - no transaction is active", "engine/library/manifest.py"),
        "hearth library index NAME (new files) with ENOSPC at the first write to "
        "files.sqlite3-wal (test_manifest_put_many_reports_a_failed_commit)",
    ),
    KnownBug(
        "BUG-5",
        "library/manifest.py Manifest.remove (and clear) has no error handling: "
        "'database or disk is full' / 'disk I/O error' escape as sqlite3.OperationalError "
        "with a traceback, and the connection is left inside its BEGIN",
        ("library",),
        _tb("sqlite3.OperationalError", "engine/library/manifest.py", " remove)"),
        "hearth library remove NAME FOLDER (or index after deleting a file) with ENOSPC at "
        "the first write to files.sqlite3-wal (test_manifest_remove_reports_a_full_disk)",
    ),
    KnownBug(
        "BUG-6",
        "chats/store.py ChatStore.__init__ turns every sqlite3.DatabaseError, a full disk "
        "too, into 'The chat database ... cannot be opened: unable to open database file' "
        "with the hint to move the (healthy) file away",
        ("chat",),
        _has("unclear", "cannot be opened"),
        "hearth chats list with ENOSPC at the creation of chats.sqlite3-wal "
        "(test_chat_store_open_names_a_full_disk)",
    ),
    KnownBug(
        "BUG-7",
        "library/manifest.py Manifest.__init__ reports a full disk (or I/O error) while "
        "opening as 'The library's file list ... is unreadable'",
        ("library",),
        _has("unclear", "is unreadable"),
        "hearth library status NAME with ENOSPC at the creation of files.sqlite3-wal "
        "(test_manifest_open_names_a_full_disk)",
    ),
    KnownBug(
        "BUG-8",
        "hub/service.py HubService._download catches every HearthError from "
        "registry.register: a disk error writing models/index.json is reported as "
        "'downloaded correctly but is not a usable model', the verified file is moved to "
        "downloads/quarantine/ and the next run downloads it all again",
        ("download",),
        _any(_has("inconsistent", "quarantine"), _has("unclear", "not a usable model"),
             _tb("engine/hub/download.py", "quarantine_installed")),
        "hearth hub download REPO FILE with EIO at the first write of "
        "models/.index.json.* (test_download_keeps_a_verified_file_on_an_index_error)",
    ),
    KnownBug(
        "BUG-9",
        "library/indexer.py Indexer._write/_remove delete a changed or deleted file's old "
        "chunks while its manifest row still says indexed with N chunks: a kill -9 or a "
        "failed add in between leaves the manifest claiming chunks the table lacks "
        "(contradicting manifest.py's docstring) until the next index run",
        ("library",),
        _has("inconsistent", "manifest says", "(file changed since)"),
        "index a library, change one file, run hearth library index NAME and kill -9 it at "
        "its first write under chunks.lance/data/ (test_manifest_never_claims_missing_chunks)",
    ),
    KnownBug(
        "BUG-10",
        "chats/service.py ChatService._stream logs a final save that failed with "
        "log.exception: the CLI prints that Python traceback on stderr next to its error "
        "(masked by BUG-3 in the sweeps today; it shows once BUG-3 is fixed)",
        (),
        lambda _pt, _r, _p: False,
        "test_a_reply_that_cannot_be_saved_logs_no_traceback: _stream with a store whose "
        "save_partial and finish_message raise NotEnoughSpace",
    ),
]


def explain(flow: str, point: Point, result: RunResult,
            problems: list[Problem]) -> tuple[str, list[Problem]]:
    """(ids of the known bugs behind `problems`, the problems none of them explains)."""
    ids: list[str] = []
    unexplained = []
    for problem in problems:
        hits = [b.id for b in BUGS if flow in b.flows and b.explains(point, result, problem)]
        if hits:
            ids += [i for i in hits if i not in ids]
        else:
            unexplained.append(problem)
    return ", ".join(ids), unexplained
