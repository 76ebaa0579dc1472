"""Running one flow under one fault, and what the run and the checks found.

A fault point is a kill -9 (at the shim's Nth file-system call, or from outside at a time
into the run) or a disk error (ENOSPC or EIO at the Nth call). `Outcome` names what the
summary table shows for it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.shim import FAIL_GROUPS, KILL_GROUPS, Call, Shim, read_log

REPO = Path(__file__).resolve().parents[2]
FULL = os.environ.get("HEARTH_FAULTS_FULL", "") not in ("", "0")
SEED = int(os.environ.get("HEARTH_FAULTS_SEED", "20240611"))

# Worst first: a row shows the worst thing found at its fault point.
BAD = ("hang", "traceback", "lost", "duplicated", "corrupt", "inconsistent", "stuck",
       "unclear")
GOOD = ("ok", "not reached")


@dataclass(frozen=True)
class Point:
    """Where a fault strikes: `kind` kill | ENOSPC | EIO; at call `nth` (1-based, counted
    over the shim groups of the kind) or, for a kill, at `at_s` seconds into the run."""

    kind: str
    nth: int = 0
    at_s: float | None = None

    @property
    def groups(self) -> tuple[str, ...]:
        return KILL_GROUPS if self.kind == "kill" else FAIL_GROUPS

    def label(self) -> str:
        where = f"t={self.at_s:.2f}s" if self.at_s is not None else f"call {self.nth}"
        return f"{self.kind} @ {where}"


@dataclass
class Problem:
    outcome: str  # one of BAD
    detail: str

    def __str__(self) -> str:
        return f"{self.outcome}: {self.detail}"


@dataclass
class RunResult:
    argv: list[str]
    rc: int | None
    stdout: str
    stderr: str
    started: float  # time.monotonic() at the start
    seconds: float
    hung: bool
    calls: list[Call]

    @property
    def killed(self) -> bool:
        return self.rc == -signal.SIGKILL

    @property
    def fired(self) -> Call | None:
        return next((c for c in self.calls if c.tag == "FIRED"), None)

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr

    def tail(self, n: int = 600) -> str:
        text = self.stderr.strip()
        return text if len(text) <= n else "…" + text[-n:]


@dataclass
class Row:
    """One line of the summary table."""

    flow: str
    point: str
    outcome: str
    detail: str = ""
    known: str = ""  # known engine bugs (tests/faults/known_bugs.py) that explain it
    problems: list[Problem] = field(default_factory=list)
    unexplained: list[Problem] = field(default_factory=list)  # problems no known bug explains

    @property
    def bad(self) -> bool:
        return self.outcome in BAD


def worst(problems: list[Problem]) -> str:
    if not problems:
        return "ok"
    return min((p.outcome for p in problems), key=BAD.index)


def cli_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a `hearth` subprocess: this checkout first on the path."""
    env = dict(os.environ)
    env.update(
        HEARTH_HOME=str(home),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for k in [k for k in env if k.startswith("FAULTSHIM_") or k == "LD_PRELOAD"]:
        del env[k]
    env.update(extra or {})
    return env


def run_process(
    argv: list[str],
    env: dict[str, str],
    workdir: Path,
    timeout: float,
    kill_at: float | None = None,
    log: Path | None = None,
) -> RunResult:
    """Run `argv` (python -m ... from the repository root) in its own process group; kill -9
    the whole group at `kill_at` seconds, and after `timeout` (a hang)."""
    workdir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = workdir / "stdout.txt", workdir / "stderr.txt"
    started = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, *argv], cwd=REPO, env=env, stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        hung = False
        try:
            if kill_at is not None:
                try:
                    proc.wait(kill_at)
                except subprocess.TimeoutExpired:
                    _kill_group(proc.pid)
            try:
                proc.wait(max(1.0, timeout - (time.monotonic() - started)))
            except subprocess.TimeoutExpired:
                hung = True
                _kill_group(proc.pid)
                proc.wait(30)
        finally:
            if proc.poll() is None:
                _kill_group(proc.pid)
                proc.wait(30)
            _kill_group(proc.pid)  # children (parser processes) left by a killed parent
    return RunResult(
        argv=argv, rc=proc.returncode,
        stdout=out_path.read_text("utf-8", errors="replace"),
        stderr=err_path.read_text("utf-8", errors="replace"),
        started=started, seconds=time.monotonic() - started, hung=hung,
        calls=read_log(log) if log else [],
    )


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def inspect_copy(home: Path, dest: Path) -> Path:
    """A copy of the data folder to check, so that the checks (opening SQLite replays its
    WAL) never change what the next run finds. Big files (models) are hard-linked."""
    if dest.exists():
        shutil.rmtree(dest)

    def copy(src: str, dst: str) -> str:
        if os.path.getsize(src) > 4 << 20:
            os.link(src, dst)
            return dst
        return shutil.copy2(src, dst)

    shutil.copytree(home, dest, symlinks=True, copy_function=copy)
    return dest


# choosing the points -------------------------------------------------------------------
def kill_points(calls: list[Call], started: float, n: int, rng: random.Random) -> list[Point]:
    """`n` kill points: half at a random call (distinct ones while there are enough), half
    from outside at a random time between the first and the last call of the counted run
    (so between calls too). A flow busy for under half a second gets, instead of times,
    random calls among its writes (where a crash tears a file)."""
    if not calls:
        return []
    if len(calls) <= n:  # a small flow: every call once
        return [Point("kill", nth=i) for i in range(1, len(calls) + 1)]
    first, last = calls[0].t - started, calls[-1].t - started
    nths = rng.sample(range(1, len(calls) + 1), n - n // 2)
    points = [Point("kill", nth=i) for i in nths]
    if last - first >= 0.5:
        others = [Point("kill", at_s=round(rng.uniform(first, last), 2)) for _ in range(n // 2)]
    else:
        writes = [c.n for c in calls if c.group == "write" and c.n not in nths]
        others = [Point("kill", nth=i) for i in rng.sample(writes, min(n // 2, len(writes)))]
    for i, p in enumerate(others):  # interleaved, so a short sweep has both kinds
        points.insert(2 * i + 1, p)
    return points


def fail_points(calls: list[Call], kind: str, limit: int) -> list[Point]:
    """Every call that can fail when there are at most `limit`, else `limit` evenly spaced
    ones from the first to near the last (a run makes a few calls more or fewer than the
    counted one: flushes that depend on time)."""
    total = sum(1 for c in calls if c.group in FAIL_GROUPS)
    if total <= limit:
        chosen = list(range(1, total + 1))
    elif limit <= 1:
        chosen = [1]
    else:
        end = total - total // 20
        chosen = sorted({1 + round(i * (end - 1) / (limit - 1)) for i in range(limit)})
    return [Point(kind, nth=k) for k in chosen]


def fail_call(calls: list[Call], nth: int) -> Call | None:
    """The counted run's call that a fail run's NTH corresponds to."""
    matching = [c for c in calls if c.group in FAIL_GROUPS]
    return matching[nth - 1] if 0 < nth <= len(matching) else None


__all__ = ["Point", "Problem", "RunResult", "Row", "Shim", "run_process", "inspect_copy"]
