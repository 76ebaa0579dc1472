"""Download throughput: Hearth's downloader vs `curl -o`, same file, same loopback server.

A large file (default 1 GiB of random bytes) is served by the fake Hub (tests/fakehub.py,
sendfile) on 127.0.0.1. Each round downloads it with Hearth's Transfer (Range-capable,
sha256 verified while it streams, fsync before it counts as done) and with curl, into the
same folder, in alternating order. `ratio` is the median over rounds of Hearth's speed over
curl's in the same round (neighbouring runs see about the same machine load; on a shared
machine single runs swing by 2x, so one lucky run of either must not decide it);
hearth_mb_s and curl_mb_s are medians, the best runs are reported too. Target: ratio >= 0.9.

Fairness: the source file is written and fsynced before the first round, so it is in the
page cache for every round and its write-back does not land in one tool's timing; each
output is deleted as soon as its round is timed, so its dirty pages are not written back
during the next tool's round. curl does not fsync and does not verify: `ratio` is against
plain `curl -o` as the issue asks; the JSON also gives curl followed by an fsync (the same
end state as Hearth: the bytes are on disk) and curl followed by sha256sum (what verifying
by hand costs), and the CPU seconds each side used (Hearth's include the in-process
server's, ~0.1 s). When the machine has no idle core, wall time follows CPU time, and
sha256 (~0.6 s per GB with SHA-NI) cannot be hidden behind the transfer.

    python bench/download_throughput.py [--size-mb 1024] [--rounds 5]

Last line: {"hearth_mb_s": ..., "curl_mb_s": ..., "ratio": ..., ...}
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.hub.transfer import Target, Transfer  # noqa: E402
from tests.fakehub import FakeHub  # noqa: E402

REPO = "bench/big-file"
NAME = "big.bin"


def make_file(path: Path, size: int) -> str:
    """Random (incompressible) bytes, fsynced; returns the sha256."""
    block = os.urandom(8 << 20)
    h = hashlib.sha256()
    with open(path, "wb") as f:
        left = size
        while left:
            chunk = block[: min(len(block), left)]
            f.write(chunk)
            h.update(chunk)
            left -= len(chunk)
        f.flush()
        os.fsync(f.fileno())
    return h.hexdigest()


def timed(fn: Callable[[], None]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process and its children) of fn()."""
    c0, t0 = os.times(), time.perf_counter()
    fn()
    dt, c1 = time.perf_counter() - t0, os.times()
    return dt, sum(c1[:4]) - sum(c0[:4])


def run_hearth(url: str, size: int, sha: str, out: Path) -> tuple[float, float]:
    for p in (out, out.with_name(out.name + ".json")):
        p.unlink(missing_ok=True)
    wall, cpu = timed(lambda: Transfer(Target(url, size, sha, label=NAME), out).run())
    assert out.stat().st_size == size
    out.unlink()
    return wall, cpu


def _curl(url: str, out: Path) -> None:
    subprocess.run(["curl", "-sS", "--fail", "-L", "-o", str(out), url], check=True)


def run_curl(url: str, size: int, out: Path, then: str = "") -> tuple[float, float]:
    """`curl -o`; then="fsync": and make the bytes durable; "sha256sum": and verify."""
    out.unlink(missing_ok=True)

    def go() -> None:
        _curl(url, out)
        if then == "fsync":
            fd = os.open(out, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        elif then == "sha256sum":
            subprocess.run(["sha256sum", str(out)], check=True, capture_output=True)

    wall, cpu = timed(go)
    assert out.stat().st_size == size
    out.unlink()
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("curl"):
        print(json.dumps({"error": "curl not found"}))
        return 1
    size = args.size_mb << 20
    runs: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        tmpd = Path(tmp)
        src = tmpd / "source.bin"
        sha = make_file(src, size)
        hub = FakeHub(redirect=False, hash_files=False).start()
        try:
            f = hub.add_repo(REPO, {NAME: src}).files[NAME]
            f.sha256 = sha
            url = f"{hub.url}/{REPO}/resolve/main/{NAME}"
            sides: dict[str, Callable[[], tuple[float, float]]] = {
                "hearth": lambda: run_hearth(url, size, sha, tmpd / "hearth.part"),
                "curl": lambda: run_curl(url, size, tmpd / "curl.bin"),
                "curl_fsync": lambda: run_curl(url, size, tmpd / "curl.bin", "fsync"),
            }
            if shutil.which("sha256sum"):
                sides["curl_sha256sum"] = lambda: run_curl(url, size, tmpd / "curl.bin",
                                                           "sha256sum")
            for i in range(args.rounds):
                order = list(sides) if i % 2 == 0 else list(sides)[::-1]
                for name in order:
                    runs.setdefault(name, []).append(sides[name]())
                print(f"round {i + 1}: " + ", ".join(
                    f"{k} {size / v[-1][0] / 1e6:.0f} MB/s" for k, v in runs.items()),
                    file=sys.stderr)
        finally:
            hub.close()

    def best(name: str) -> float:
        return size / min(w for w, _c in runs[name]) / 1e6

    def median(name: str) -> float:
        return size / statistics.median(w for w, _c in runs[name]) / 1e6

    def cpu(name: str) -> float:
        return round(statistics.median(c for _w, c in runs[name]), 2)

    def paired(other: str) -> float:
        """Median over rounds of (Hearth's speed / other's speed) in the same round."""
        return statistics.median(o[0] / h[0] for h, o in zip(runs["hearth"], runs[other], strict=True))

    result = {
        "hearth_mb_s": round(median("hearth"), 1),
        "curl_mb_s": round(median("curl"), 1),
        "ratio": round(paired("curl"), 3),
        "ratio_vs_curl_fsync": round(paired("curl_fsync"), 3),
        "ratio_best_of": round(best("hearth") / best("curl"), 3),
        "hearth_best_mb_s": round(best("hearth"), 1),
        "curl_best_mb_s": round(best("curl"), 1),
        "curl_fsync_mb_s": round(median("curl_fsync"), 1),
        "curl_sha256sum_mb_s": round(median("curl_sha256sum"), 1) if "curl_sha256sum" in runs
        else None,
        "round_ratios": [round(c[0] / h[0], 2)
                         for h, c in zip(runs["hearth"], runs["curl"], strict=True)],
        "hearth_cpu_s": cpu("hearth"),
        "curl_cpu_s": cpu("curl"),
        "hearth_verifies_sha256": True,
        "size_mb": args.size_mb,
        "rounds": args.rounds,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
