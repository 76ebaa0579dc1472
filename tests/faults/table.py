"""The summary table: flow x fault point -> outcome, written to tests/faults/last-run.md and
printed at the end of the run."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from tests.faults.harness import BAD, FULL, SEED, Row

LAST_RUN = Path(__file__).with_name("last-run.md")


class FaultTable:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.started = time.time()

    def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)

    def markdown(self, only_bad: bool = False) -> str:
        minutes = (time.time() - self.started) / 60
        lines = [
            "# Fault suite: last run",
            "",
            f"{time.strftime('%Y-%m-%d %H:%M')}, {'full sweep' if FULL else 'default sweep'}, "
            f"seed {SEED}, {minutes:.1f} min. Outcomes: ok, not reached (the run ended before "
            "the fault), " + ", ".join(BAD) + ". A bug id refers to tests/faults/known_bugs.py.",
            "",
            "| Flow | Fault | Points | Outcomes |",
            "|---|---|---|---|",
        ]
        rows = sorted(self.rows, key=_order)
        groups: dict[tuple[str, str], Counter[str]] = {}
        for r in rows:
            groups.setdefault((r.flow, _kind(r)), Counter())[_outcome(r)] += 1
        for (flow, kind), counts in groups.items():
            text = ", ".join(f"{n} {o}" for o, n in counts.most_common())
            lines.append(f"| {flow} | {kind} | {sum(counts.values())} | {_cell(text)} |")
        lines += ["", "| Flow | Fault point | Outcome | Detail |", "|---|---|---|---|"]
        for r in rows:
            if only_bad and not r.bad:
                continue
            lines.append(f"| {r.flow} | {_cell(r.point)} | {_outcome(r)} | {_cell(r.detail)} |")
        return "\n".join(lines) + "\n"

    def write(self) -> Path:
        LAST_RUN.write_text(self.markdown(), "utf-8")
        return LAST_RUN


FLOWS = ["settings", "download", "library", "chat"]
KINDS = ["none", "kill", "ENOSPC", "EIO"]


def _kind(r: Row) -> str:
    return "hypothesis" if r.flow.startswith("fuzz") else r.point.split(" ", 1)[0]


def _order(r: Row) -> tuple[int, int, str]:
    """Sweep flows in a fixed order, each clean run, kills, ENOSPC, EIO; then the fuzzers."""
    flow = FLOWS.index(r.flow) if r.flow in FLOWS else len(FLOWS)
    kind = KINDS.index(_kind(r)) if _kind(r) in KINDS else len(KINDS)
    return flow, kind, r.flow if flow == len(FLOWS) else ""


def _outcome(r: Row) -> str:
    return f"{r.outcome} ({r.known})" if r.known else r.outcome


def _cell(text: str, limit: int = 400) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"
