"""The sweeps: each flow run clean, then killed at seeded points, then given ENOSPC and EIO
at its file-system calls; after each fault the data folder is checked, the next run must
complete, and the folder is checked again (tests/faults/sweep.py)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests.faults.conftest import KILLS, SAMPLE, SWEEP_TIMEOUT, only_point
from tests.faults.harness import SEED, Point, Row, fail_points, kill_points
from tests.faults.sweep import run_point

FLOWS = ["settings", "download", "library", "chat"]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(SWEEP_TIMEOUT)]


def points_for(name: str, kind: str, planned: list[Point]) -> list[Point]:
    only = only_point()
    if only is None:
        return planned
    flow, point = only
    if (flow, point.kind) != (name, kind):
        pytest.skip(f"HEARTH_FAULTS_POINT selects {flow}:{point.kind}")
    return [point]


def sweep(flows, fault_table, name: str, points: list[Point], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flow, prof, _ = flows.get(name)
    rows: list[Row] = []
    try:
        for i, point in enumerate(points):
            workdir = tmp_path / f"point{i}"
            row = run_point(flow, point, flows.shim, prof, workdir)
            rows.append(row)
            if not row.unexplained:
                shutil.rmtree(workdir, ignore_errors=True)  # keep only what failed
    finally:
        fault_table.add(rows)
    failed = [r for r in rows if r.unexplained]
    assert not failed, "\n".join(
        f"{r.flow} {r.point}: {r.outcome}: {r.detail}\n"
        f"  rerun: HEARTH_FAULTS_POINT={r.flow}:{r.point.split()[0]}:"
        f"{r.point.split()[-1]}"
        f" (data folders kept under {tmp_path})"
        for r in failed
    )


@pytest.mark.parametrize("name", FLOWS)
def test_clean_run(flows, name: str) -> None:  # type: ignore[no-untyped-def]
    """Without a fault each flow completes and passes every check (and is counted)."""
    _, prof, row = flows.get(name)
    assert not row.problems, row.detail
    assert prof.calls, f"the shim saw no call of {name} under HEARTH_HOME"


@pytest.mark.parametrize("name", FLOWS)
def test_kill9(flows, fault_table, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, prof, _ = flows.get(name)
    rng = random.Random(f"{SEED}:{name}:kill")
    planned = kill_points(prof.calls, prof.result.started, KILLS, rng)
    sweep(flows, fault_table, name, points_for(name, "kill", planned), tmp_path)


@pytest.mark.parametrize("kind", ["ENOSPC", "EIO"])
@pytest.mark.parametrize("name", FLOWS)
def test_disk_fault(flows, fault_table, name: str, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, prof, _ = flows.get(name)
    planned = fail_points(prof.calls, kind, SAMPLE[name])
    sweep(flows, fault_table, name, points_for(name, kind, planned), tmp_path)
