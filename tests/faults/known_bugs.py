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


# Found by this suite and fixed since (their reproductions in test_known_bugs.py are now
# plain regression tests): BUG-1 temp-file creation outside the error handling, BUG-2
# unguarded download folders, BUG-3/BUG-4 ROLLBACK after SQLite's own rollback, BUG-5
# manifest remove/clear unhandled, BUG-6/BUG-7 a full disk on open reported as damage or
# read-only, BUG-8 a registry disk error quarantining a verified download, BUG-9 rows
# claiming chunks being replaced, BUG-10 a failed final save logged with a traceback.
BUGS: list[KnownBug] = [
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
