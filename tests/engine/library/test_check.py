"""Damaged library storage is noticed, repaired by re-indexing only what is missing, and never
hides the other libraries. Real LanceDB and SQLite files, damaged as a disk or a person would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.errors import StorageError
from tests.model_files import REPO

TOPICS = [
    "Alpine glaciers retreat every summer as temperatures rise.",
    "The violin concerto was premiered in Leipzig in 1845.",
    "Sourdough bread needs a lively starter and a long proof.",
    "Tidal pools host anemones, crabs and small fish.",
    "绿茶用八十度的水冲泡，味道更清香。",
    "Herbata zielona parzona w temperaturze 80 stopni jest łagodniejsza.",
]


def _library(hearth, tmp_path: Path, name: str, batches: int = 3):
    """A library indexed in `batches` runs (so its table has several versions and files)."""
    folder = tmp_path / name
    folder.mkdir()
    libs = hearth.libraries
    libs.create(name, [folder])
    per = -(-len(TOPICS) // batches)
    for b in range(batches):
        for i, text in enumerate(TOPICS[b * per:(b + 1) * per]):
            (folder / f"doc{b}_{i}.txt").write_text((text + " ") * 30, "utf-8")
        libs.index(name)
    return folder


def _data_files(hearth, name: str) -> list[Path]:
    folder = hearth.libraries.folder(name)
    files = (folder / "lancedb").rglob("data/*.lance")
    return sorted(files, key=lambda p: p.stat().st_mtime_ns)


def _chunk_ids(hearth, name: str) -> list[str]:
    return hearth.libraries.store(name).column("id")


def _reopen(hearth):
    """A fresh service, as after a restart (nothing cached in memory)."""
    from engine.api import Hearth

    hearth.close()
    return Hearth(hearth.paths.home)


@pytest.fixture
def fresh(lib_home: Path):
    from engine.api import Hearth

    h = Hearth(lib_home)
    yield h
    h.close()


def test_a_healthy_library_checks_clean(fresh, tmp_path: Path) -> None:
    _library(fresh, tmp_path, "Healthy")
    report = fresh.libraries.check("Healthy")
    assert report.ok and not report.repaired, report
    assert fresh.libraries.get("Healthy").problem == ""


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_data_file_is_found_and_repaired(fresh, tmp_path: Path, damage: str) -> None:
    name = f"Damaged {damage}"
    _library(fresh, tmp_path, name)
    before = sorted(_chunk_ids(fresh, name))
    victim = _data_files(fresh, name)[-1]
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:100])
    else:
        victim.unlink()
    h = _reopen(fresh)
    with pytest.raises(StorageError) as err:
        h.libraries.search(name, "glaciers")
    assert "check" in err.value.hint  # what to do, not a raw lance error
    assert h.libraries.get(name).problem  # the list marks it
    report = h.libraries.check(name)
    assert not report.ok and report.repaired
    assert sorted(_chunk_ids(h, name)) == before  # everything back, nothing doubled
    assert h.libraries.check(name).ok
    assert h.libraries.search(name, "glaciers retreat")[0].path.endswith(".txt")
    h.close()


def test_lost_newest_versions_are_noticed_and_only_missing_files_reindexed(fresh, tmp_path: Path) -> None:
    name = "Versions"
    _library(fresh, tmp_path, name)
    before = sorted(_chunk_ids(fresh, name))
    versions = fresh.libraries.folder(name) / "lancedb" / "chunks.lance" / "_versions"
    listed = fresh.libraries.store(name).table.list_versions()
    # Lose every version since the last index run added its files (as a bad disk or a
    # restore of an old backup would): the table falls back to fewer chunks.
    target = max(v["version"] for v in listed if int(v["metadata"]["total_rows"]) < len(before))
    for v in listed:
        if v["version"] > target:
            (versions / f"{2**64 - 1 - v['version']}.manifest").unlink()
    (versions / "latest_version_hint.json").unlink(missing_ok=True)
    h = _reopen(fresh)
    assert 0 < len(_chunk_ids(h, name)) < len(before)
    report = h.libraries.index(name)  # index notices; no more "unchanged" forever
    assert report.repaired, report
    assert 0 < report.indexed < len(TOPICS)  # only what was missing
    assert sorted(_chunk_ids(h, name)) == before
    h.close()


def test_a_corrupt_file_list_affects_only_its_library(fresh, tmp_path: Path) -> None:
    _library(fresh, tmp_path, "Neighbour", batches=1)
    _library(fresh, tmp_path, "Broken list", batches=1)
    before = sorted(_chunk_ids(fresh, "Broken list"))
    db = fresh.libraries.folder("Broken list") / "files.sqlite3"
    h = _reopen(fresh)
    data = bytearray(db.read_bytes())
    data[100:4096] = os.urandom(3996)  # garbage over the header's tail and the first page
    db.write_bytes(bytes(data))
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    infos = {i.name: i for i in h.libraries.list()}
    assert infos["Neighbour"].problem == "" and infos["Neighbour"].chunks > 0
    assert "check" in infos["Broken list"].problem
    report = h.libraries.check("Broken list")
    assert report.repaired and any("damaged-" in r for r in report.repaired)
    assert list(db.parent.glob("files.sqlite3.damaged-*"))  # kept, never deleted
    assert sorted(_chunk_ids(h, "Broken list")) == before
    assert all(s.state == "indexed" for s in h.libraries.status("Broken list"))
    h.close()


def test_a_malformed_row_is_reported_not_a_traceback(fresh, tmp_path: Path) -> None:
    import sqlite3

    _library(fresh, tmp_path, "Malformed", batches=1)
    db = fresh.libraries.folder("Malformed") / "files.sqlite3"
    h = _reopen(fresh)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE files SET chunks = 'many' WHERE rowid = (SELECT min(rowid) FROM files)")
    assert "malformed" in h.libraries.check("Malformed", repair=False).problems[0]
    assert h.libraries.check("Malformed").repaired
    assert h.libraries.check("Malformed").ok
    h.close()


def test_an_unreadable_description_is_listed_and_restored(fresh, tmp_path: Path, lib_home: Path) -> None:
    _library(fresh, tmp_path, "Described", batches=1)
    folder = fresh.libraries.folder("Described")
    before = sorted(_chunk_ids(fresh, "Described"))
    h = _reopen(fresh)
    (folder / "meta.json").write_text('{"id": "x", "na', "utf-8")
    env = dict(os.environ, HEARTH_HOME=str(lib_home), PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-m", "engine", "library", "list"], env=env,
                         capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert f"library check {folder.name}" in out.stdout
    report = h.libraries.check(folder.name)
    assert any("backup" in r for r in report.repaired)
    assert h.libraries.get("Described").problem == ""
    assert sorted(_chunk_ids(h, "Described")) == before
    h.close()


def test_cli_check_repairs(fresh, tmp_path: Path, lib_home: Path) -> None:
    _library(fresh, tmp_path, "Cli check")
    victim = _data_files(fresh, "Cli check")[-1]
    fresh.close()
    victim.unlink()
    time.sleep(0.1)
    env = dict(os.environ, HEARTH_HOME=str(lib_home), PYTHONPATH=str(REPO))
    run = [sys.executable, "-m", "engine", "library", "check", "Cli check"]
    dry = subprocess.run([*run, "--dry-run"], env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert dry.returncode == 1 and "cannot be read" in dry.stdout, dry.stdout + dry.stderr
    fix = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert fix.returncode == 0 and "repaired" in fix.stdout, fix.stdout + fix.stderr
    again = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert "nothing to repair" in again.stdout, again.stdout + again.stderr


def test_a_description_without_backup_is_rebuilt_and_everything_reindexed(fresh, tmp_path: Path) -> None:
    _library(fresh, tmp_path, "No backup", batches=1)
    folder = fresh.libraries.folder("No backup")
    before = sorted(_chunk_ids(fresh, "No backup"))
    h = _reopen(fresh)
    (folder / "meta.json.bak").unlink()
    (folder / "meta.json").write_text("[]", "utf-8")
    report = h.libraries.check(folder.name)
    assert any("rebuilt" in r for r in report.repaired), report
    info = h.libraries.get(folder.name)
    assert info.name == f"Recovered {folder.name}" and info.sources == [str(tmp_path / "No backup")]
    assert sorted(_chunk_ids(h, folder.name)) == before and h.libraries.check(folder.name).ok
    h.close()
