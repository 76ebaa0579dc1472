"""Parser processes: a file that overruns its time or memory fails alone; the pool goes on."""

from __future__ import annotations

import sys

import pytest

from engine.library.parsepool import ParsePool


@pytest.fixture
def pool():
    p = ParsePool(workers=2)
    yield p
    p.close()


def test_results_for_every_file_and_workers_are_reused(pool, tmp_path):
    paths = []
    for i in range(20):
        path = tmp_path / f"f{i}.md"
        path.write_text(f"# Note {i}\n\nBody {i}.", encoding="utf-8")
        paths.append(str(path))
    results = dict(pool.parse(paths))
    pids = {w.proc.pid for w in pool._workers}
    assert set(results) == set(paths)
    assert all(r["state"] == "indexed" for r in results.values())
    assert results[paths[3]]["sections"] == [(0, "Note 3", "Note 3\n\nBody 3.")]
    again = dict(pool.parse(paths[:4]))
    assert len(again) == 4
    assert {w.proc.pid for w in pool._workers} == pids and len(pids) == 2  # same processes


def test_a_parse_over_the_time_limit_is_stopped(tmp_path):
    path = tmp_path / "slow.txt"
    path.write_text("a few words", encoding="utf-8")
    pool = ParsePool(workers=1, timeout_s=0.001)  # less than a process needs to answer
    try:
        ((_, result),) = list(pool.parse([str(path)]))
        assert result["state"] == "failed" and "longer than" in result["reason"]
        pool.timeout_s = 60
        ((_, result),) = list(pool.parse([str(path)]))  # a fresh worker took over
        assert result["state"] == "indexed"
    finally:
        pool.close()


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_AS on Windows")
def test_a_parse_over_the_memory_limit_fails_alone(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "w") as f:
        for _ in range(100):
            f.write("word " * 200_000)  # 100 MB: reading + decoding + sending needs > 300 MB
    small = tmp_path / "small.txt"
    small.write_text("still fine", encoding="utf-8")
    pool = ParsePool(workers=1, memory_mb=250)
    try:
        results = dict(pool.parse([str(big), str(small)]))
    finally:
        pool.close()
    assert results[str(big)]["state"] == "failed"
    assert "memory" in results[str(big)]["reason"]
    assert results[str(small)]["state"] == "indexed"
