"""Hypothesis fuzzing of the document parsers (engine/library/documents/): each per-format
parser (through parse_bytes) on mutated real PDF, DOCX, EPUB, HTML, text and Markdown files
may only return a ParsedDoc or raise a documents outcome (ParseFailed, NoText, Unsupported:
the file states the user sees) or a HearthError; read_and_parse, what the parser processes
run, may not raise at all and must return a well-formed result. Each input runs in a
sandbox process with a hard time limit: a hang fails the test."""

from __future__ import annotations

from collections import Counter

import pytest

pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.faults.corpus import fuzz_seeds  # noqa: E402
from tests.faults.fuzzing import Sandbox, fuzz_settings, mutated, mutated_zip, run_fuzz  # noqa: E402

TIMEOUT_S = 30.0
SEEDS = fuzz_seeds()
EXT = {"pdf": ".pdf", "docx": ".docx", "epub": ".epub", "html": ".html", "text": ".txt",
       "markdown": ".md"}
EXAMPLES = {"pdf": 80, "docx": 60, "epub": 40, "html": 60, "text": 60, "markdown": 40}


@pytest.mark.parametrize("kind", list(EXT))
def test_parser(kind: str, fault_table) -> None:  # type: ignore[no-untyped-def]
    seeds = SEEDS[kind]
    strategy = mutated(seeds)
    if kind in ("docx", "epub"):
        strategy = st.one_of(strategy, mutated_zip(seeds))
    stats: Counter[str] = Counter()
    box = Sandbox(kind, TIMEOUT_S)
    try:

        @fuzz_settings(EXAMPLES[kind], 15)
        @given(strategy)
        def prop(case: tuple[str, bytes]) -> None:
            run_fuzz.check(box, case[1], stats)

        run_fuzz(prop, f"{kind} parser", f"mutated {', '.join(sorted(seeds))}", stats, fault_table)
    finally:
        box.close()


def test_read_and_parse(fault_table) -> None:  # type: ignore[no-untyped-def]
    """What a parser process does with a file: never an exception, always a valid state."""
    boxes = {kind: Sandbox(f"read_and_parse{ext}", TIMEOUT_S) for kind, ext in EXT.items()}
    stats: Counter[str] = Counter()
    every = {f"{kind}/{name}": data
             for kind, files in SEEDS.items() for name, data in files.items()}
    try:

        @fuzz_settings(100, 15)
        @given(mutated(every))
        def prop(case: tuple[str, bytes]) -> None:
            run_fuzz.check(boxes[case[0].split("/")[0]], case[1], stats)

        run_fuzz(prop, "read_and_parse", "mutated files of every kind", stats, fault_table)
    finally:
        for box in boxes.values():
            box.close()
