"""One fault point of one flow, start to finish: a fresh copy of the flow's data folder, the
run under the fault, the checks on what it left, the next run without a fault, the checks
again. Returns the row of the summary table."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.faults import checks
from tests.faults.flows import Flow
from tests.faults.harness import Point, Problem, Row, RunResult, inspect_copy, run_process, worst
from tests.faults.known_bugs import explain
from tests.faults.shim import Call, Shim


@dataclass
class Profile:
    """The flow's clean run, counted by the shim: which calls it makes, and how long."""

    result: RunResult
    calls: list[Call]  # the root process's calls (all groups), in order
    child_calls: list[Call]  # calls of child processes under HEARTH_HOME (should be none)

    @property
    def timeout(self) -> float:
        return max(60.0, 4.0 * self.result.seconds)


def profile(flow: Flow, shim: Shim, workdir: Path) -> tuple[Profile, Row]:
    home = flow.fresh_home(workdir)
    log = workdir / "shim.log"
    env = {**flow.env(home), **shim.env(home, "count", log)}
    result = run_process(flow.argv(), env, workdir / "run", timeout=900, log=log)
    prof = Profile(result, [c for c in result.calls if c.tag == "-"],
                   [c for c in result.calls if c.tag == "child"])
    problems = []
    if result.rc != 0:
        problems.append(Problem("stuck", f"the clean run failed ({result.rc}): {result.tail()}"))
    problems += check_all(flow, inspect_copy(home, workdir / "inspect"), flow.baseline, True)
    detail = f"{len(prof.calls)} calls, {result.seconds:.1f} s"
    if prof.child_calls:
        detail += f"; {len(prof.child_calls)} by child processes"
    detail = "; ".join([detail, *map(str, problems)])
    row = Row(flow.name, "none (clean run)", worst(problems), detail, problems=problems,
              unexplained=problems)
    return prof, row


def message_text(stderr: str) -> str:
    """stderr in lower case without paths: a path could say anything ("test_disk_full")."""
    return re.sub(r"(?<![\w.])(?:/[^\s/:'\"]+)+/?", " ", stderr).lower()  # not Input/output


def check_all(flow: Flow, home: Path, before: object, recovered: bool) -> list[Problem]:
    """PRAGMA integrity_check on every .sqlite3 of the folder, then the flow's checks."""
    problems = checks.check_sqlite(home) + flow.check(home, before, recovered)
    unique: dict[tuple[str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.outcome, p.detail), p)
    return list(unique.values())


def clear_message(stderr: str, kind: str) -> bool:
    """A Hearth error line that names the cause."""
    text = message_text(stderr)
    if "error:" not in text:
        return False
    if kind == "ENOSPC":
        return "disk" in text and ("full" in text or "space" in text)
    return any(w in text for w in ("i/o", "input/output", "disk"))


def error_line(stderr: str) -> str:
    for line in stderr.splitlines():
        if line.startswith("error:"):
            return line[:160]
    return ""


def traceback_summary(stderr: str) -> str:
    """`OSError: [Errno 28] ... (engine/fsutil.py:26 atomic_write_bytes)`."""
    frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', stderr)
    engine = [f for f in frames if "/engine/" in f[0]]
    where = ""
    if engine:
        path, line, func = engine[-1]
        where = f" ({path[path.index('/engine/') + 1:]}:{line} {func})"
    last = [line for line in stderr.strip().splitlines() if line and not line.startswith(" ")]
    return (last[-1][:200] if last else "traceback") + where


def run_point(flow: Flow, point: Point, shim: Shim, prof: Profile, workdir: Path) -> Row:
    if workdir.exists():
        shutil.rmtree(workdir)
    home = flow.fresh_home(workdir)
    log = workdir / "shim.log"
    if point.at_s is not None:  # killed from outside; the shim only counts the calls
        env = {**flow.env(home), **shim.env(home, "count", log)}
    else:
        mode = "kill" if point.kind == "kill" else "fail"
        errno_name = "" if point.kind == "kill" else point.kind
        env = {**flow.env(home), **shim.env(home, mode, log, point.nth, errno_name, point.groups)}
    result = run_process(flow.argv(), env, workdir / "run", prof.timeout, point.at_s, log)
    problems: list[Problem] = []
    fired = result.fired
    where = fired.short(home) if fired else ""
    reached = result.killed if point.kind == "kill" else fired is not None
    notes = []
    if result.hung:
        problems.append(Problem("hang", f"still running after {prof.timeout:.0f} s"))
    elif point.at_s is not None:
        done = [c for c in result.calls if c.tag == "-"]
        where = f"after call {len(done)}" + (f" ({done[-1].short(home)})" if done else "")
    elif point.kind != "kill" and reached:
        if result.traceback:
            problems.append(Problem("traceback", traceback_summary(result.stderr)))
        elif result.rc == 0:
            notes.append("exit 0: absorbed")
        elif not clear_message(result.stderr, point.kind):
            problems.append(Problem("unclear", f"exit {result.rc}: {result.tail(200)!r}"))
        else:
            notes.append(error_line(result.stderr))
    if not reached and not result.hung:
        notes.append("the run ended before the fault")

    after_dir = inspect_copy(home, workdir / "inspect-fault")
    problems += check_all(flow, after_dir, flow.baseline, recovered=False)
    after = flow.snapshot(after_dir)
    litter = checks.temp_litter(after_dir)

    rec = flow.recover(home, workdir / "next-run", prof.timeout)
    if rec.hung:
        problems.append(Problem("hang", "the next run (no fault) hangs"))
    elif rec.rc != 0:
        what = traceback_summary(rec.stderr) if rec.traceback else rec.tail(300)
        problems.append(Problem("stuck", f"the next run fails ({rec.rc}): {what}"))
    else:
        problems += check_all(flow, inspect_copy(home, workdir / "inspect-next"), after, True)
    if litter:
        notes.append(f"left {len(litter)} temp file(s): {litter[0]}")

    outcome = worst(problems) if reached or problems else "not reached"
    detail = "; ".join(filter(None, [where, *map(str, problems), *notes]))
    row = Row(flow.name, point.label(), outcome, detail, problems=problems)
    row.known, row.unexplained = explain(flow.name, point, result, problems)
    return row
