"""Batch jobs with the real SmolLM2 over a real library and a CSV; kill -9 and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.backends.base import Sampling
from engine.errors import LibraryError
from engine.library.batch import BatchOutput, iter_rows, run_batch
from tests.engine.library.docfiles import write

LIB = "three"
SHORT = Sampling(temperature=0.0, max_tokens=24, seed=1)
TEMPLATE = "Summarise this document in one short sentence.\n\n{text}"
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("three")
    write(folder, "garden.md", "# Garden\n\nTomatoes need sunshine and regular watering.")
    write(folder, "router.md", "# Router\n\nHold the reset button for ten seconds to reset it.")
    write(folder, "finance.md", "# Finance\n\nRevenue grew by 12 percent in the third quarter.")
    return folder


@pytest.fixture(scope="module")
def lib(lib_hearth, docs: Path, smollm2: Path):
    service = lib_hearth.libraries
    service.create(LIB, [docs])
    assert service.index(LIB).indexed == 3
    lib_hearth.load_model(str(smollm2))
    return service


def test_batch_over_every_document_writes_one_jsonl_row_each(lib, docs: Path, tmp_path: Path):
    out = tmp_path / "summaries.jsonl"
    reports = []
    report = lib.batch(TEMPLATE, out, library=LIB, sampling=SHORT, progress=reports.append)
    assert (report.total, report.done, report.skipped, report.failed) == (3, 3, 0, 0)
    rows = list(iter_rows(out))
    assert sorted(Path(r["path"]).name for r in rows) == ["finance.md", "garden.md", "router.md"]
    assert all(r["output"].strip() and r["error"] == "" and r["library"] == LIB for r in rows)
    assert reports[-1].done == 3 and reports[-1].total == 3

    again = lib.batch(TEMPLATE, out, library=LIB, sampling=SHORT)
    assert (again.done, again.skipped) == (0, 3)
    assert len(list(iter_rows(out))) == 3


_CHILD = """
import sys
from engine.api import Hearth
from engine.backends.base import Sampling
h = Hearth()
h.load_model(sys.argv[1])
h.libraries.batch(sys.argv[2], sys.argv[3], library=sys.argv[4],
                  sampling=Sampling(temperature=0.0, max_tokens=24, seed=1))
"""


def test_batch_killed_then_resumed_skips_finished_rows(
    lib, lib_home: Path, smollm2: Path, tmp_path: Path
) -> None:
    out = tmp_path / "killed.jsonl"
    env = dict(os.environ, HEARTH_HOME=str(lib_home), PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(smollm2), TEMPLATE, str(out), LIB],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and child.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 1:
                break
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    before = list(iter_rows(out))
    assert 1 <= len(before) <= 3

    report = lib.batch(TEMPLATE, out, library=LIB, sampling=SHORT)
    assert report.skipped == len(before) and report.done == 3 - len(before)
    rows = list(iter_rows(out))
    assert len(rows) == 3 and len({r["path"] for r in rows}) == 3
    assert rows[: len(before)] == before  # finished rows were kept, not redone


def test_batch_over_csv_rows_into_csv(lib, tmp_path: Path) -> None:
    src = tmp_path / "questions.csv"
    src.write_text("id,question\nq1,What colour is the sky?\nq2,Name a fruit.\n", "utf-8")
    out = tmp_path / "answers.csv"
    report = lib.batch("Answer in a few words: {question}", out, csv_path=src, sampling=SHORT)
    assert (report.total, report.done) == (2, 2)
    rows = list(iter_rows(out))
    assert [r["id"] for r in rows] == ["q1", "q2"]
    assert rows[0]["question"] == "What colour is the sky?" and rows[0]["output"].strip()


def test_unknown_template_field_is_a_clear_error(lib, tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as e:
        lib.batch("Summarise {body}", tmp_path / "x.jsonl", library=LIB)
    assert "{text}" in e.value.hint
    with pytest.raises(LibraryError):
        lib.batch("Summarise {text}", tmp_path / "x.txt", library=LIB)


def test_half_written_last_row_is_dropped_and_redone(tmp_path: Path) -> None:
    out = tmp_path / "partial.jsonl"
    good = [{"path": "/a.md", "library": "l", "output": "A", "error": ""},
            {"path": "/b.md", "library": "l", "output": "", "error": "failed"}]
    out.write_text("".join(json.dumps(r) + "\n" for r in good) + '{"path": "/c.md", "out', "utf-8")
    recovered = BatchOutput(out, "path", ["library", "path"])
    assert recovered.done == {"/a.md"}  # the failed row is retried, the cut one redone
    assert [r["path"] for r in iter_rows(out)] == ["/a.md"]

    csv_out = tmp_path / "partial.csv"
    csv_out.write_text('row,q,output,error\n1,x,"done",\n2,y,"multi\nline', "utf-8")
    assert BatchOutput(csv_out, "row", ["row", "q"]).done == {"1"}


def test_run_batch_needs_exactly_one_input(lib, tmp_path: Path) -> None:
    with pytest.raises(LibraryError):
        run_batch(lib, lib.runner, TEMPLATE, tmp_path / "o.jsonl")


def test_cli_batch_over_csv(lib, smollm2: Path, tmp_path: Path, capsys) -> None:
    from engine.cli.main import main

    src = tmp_path / "rows.csv"
    src.write_text("city\nParis\n", "utf-8")
    out = tmp_path / "rows.jsonl"
    args = ["library", "batch", "--csv", str(src), "--prompt", "Which country is {city} in?",
            "--out", str(out), "--model", str(smollm2), "--max-tokens", "16", "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["done"] == 1 and [r["city"] for r in iter_rows(out)] == ["Paris"]
    assert main(["library", "batch", "--prompt", "{text}", "--out", str(out)]) == 1
