"""Hypothesis fuzzing of the GGUF header reader (engine/models/gguf.py): parse_header on
bytes (what the Hub's range requests give it) and read_header on a file. On any input they
may only return a header or raise InvalidModelFile (a HearthError), within the time limit.

Inputs: mutated real GGUFs (the tests' hand-built ones and the real SmolLM2 header) and
headers generated from scratch with every metadata type."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402

from tests.engine.test_gguf_builder import build, tiny_llama  # noqa: E402
from tests.faults.fuzzing import Sandbox, fuzz_settings, gguf_headers, mutated, run_fuzz  # noqa: E402

TIMEOUT_S = 20.0


def gguf_seeds() -> dict[str, bytes]:
    return {
        "tiny-llama": tiny_llama(),
        "aligned-64": tiny_llama(**{"general.alignment": 64}),
        "vocab": build({"general.architecture": "llama",
                        "tokenizer.ggml.tokens": [f"tok{i}" for i in range(40)],
                        "split.count": 2}, [("token_embd.weight", (32, 8), 1)]),
        "header-only": tiny_llama()[:400],
    }


@pytest.fixture(scope="module")
def parse_box():  # type: ignore[no-untyped-def]
    box = Sandbox("gguf.parse_header", TIMEOUT_S)
    yield box
    box.close()


@pytest.fixture(scope="module")
def read_box():  # type: ignore[no-untyped-def]
    box = Sandbox("gguf.read_header", TIMEOUT_S)
    yield box
    box.close()


def test_parse_header_mutated(parse_box, fault_table) -> None:  # type: ignore[no-untyped-def]
    stats: Counter[str] = Counter()

    @fuzz_settings(400, 2)
    @given(mutated(gguf_seeds(), max_ops=8))
    def prop(case: tuple[str, bytes]) -> None:
        run_fuzz.check(parse_box, case[1], stats)

    run_fuzz(prop, "gguf.parse_header", "mutated hand-built GGUFs", stats, fault_table)


def test_parse_header_generated(parse_box, fault_table) -> None:  # type: ignore[no-untyped-def]
    stats: Counter[str] = Counter()

    @fuzz_settings(300, 2)
    @given(gguf_headers())
    def prop(data: bytes) -> None:
        run_fuzz.check(parse_box, data, stats)

    run_fuzz(prop, "gguf.parse_header", "generated headers, all value types", stats, fault_table)


def test_parse_header_real_model(parse_box, fault_table, smollm2: Path) -> None:  # type: ignore[no-untyped-def]
    """The real SmolLM2 header (49k-token vocabulary, chat template) mutated."""
    from engine.models.gguf import read_header

    size = read_header(smollm2).data_offset
    with open(smollm2, "rb") as f:
        header = f.read(size + 256)
    stats: Counter[str] = Counter()

    @fuzz_settings(30, 10)
    @given(mutated({"smollm2": header}, max_ops=4))
    def prop(case: tuple[str, bytes]) -> None:
        run_fuzz.check(parse_box, case[1], stats)

    run_fuzz(prop, "gguf.parse_header", "mutated real SmolLM2 header", stats, fault_table)


def test_read_header_files(read_box, fault_table) -> None:  # type: ignore[no-untyped-def]
    stats: Counter[str] = Counter()

    @fuzz_settings(120, 2)
    @given(mutated(gguf_seeds(), max_ops=6))
    def prop(case: tuple[str, bytes]) -> None:
        run_fuzz.check(read_box, case[1], stats)

    run_fuzz(prop, "gguf.read_header", "mutated GGUF files on disk", stats, fault_table)


def test_inspect_and_plan(fault_table) -> None:  # type: ignore[no-untyped-def]
    """Downstream of the reader: `hearth models import` turns the header into a ModelInfo
    and a load plan; hostile numbers (0 layers, 2^40 heads, ...) must not break that."""
    box = Sandbox("gguf.inspect_and_plan", TIMEOUT_S)
    stats: Counter[str] = Counter()
    try:

        @fuzz_settings(100, 5)
        @given(mutated(gguf_seeds(), max_ops=6) | gguf_headers().map(lambda b: ("generated", b)))
        def prop(case: tuple[str, bytes]) -> None:
            run_fuzz.check(box, case[1], stats)

        run_fuzz(prop, "models inspect + plan_load", "mutated and generated GGUF files", stats,
                 fault_table)
    finally:
        box.close()
